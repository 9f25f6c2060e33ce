"""Benchmarks and the load test of this machine (see docs/BENCHMARKS.md)."""
