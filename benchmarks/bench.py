"""Speed and memory figures of this machine: ``python benchmarks/bench.py [options]``.

Prints, each measured now in fresh processes where it matters:
  * full index build (empty data folder, the model already materialized) and a no-change rebuild
  * cold start to first answer in process (a new process: load model and index, answer one)
  * median and p95 time per question in process (answer cache off), over the evaluation set
  * peak memory (max RSS) of that process, and how many texts a question has embedded
  * the question model's embedding rate, one at a time and in batches of 8, 16 and 32, in a
    process of the server's kind (ONNX Runtime in process), every text new
  * over HTTP, against ``app.py`` on a loopback port (rate limit off): process start to first
    answer (with the scope calibration cached, then without), median and p95 per question
    (one client, each question once, so not cached: right after the first answer, while the
    chat page is still being built, and again once it is up), questions answered per second with 8
    concurrent clients (the evaluation questions over and over, so mostly cached, and every
    question different, so never cached), and the server's peak memory
  * issue 13's targets next to this run's figures: answered per second at 8 clients, all
    questions new, at least 0.7 x the batched embedding rate; one client's median over HTTP
    at most 20 ms; process start to first API answer at most 4 s; server memory at most 1.2 GB
Uses a temporary data folder; the project's own index is not touched. The figures and the
machine's load go in docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FIRST_QUESTION = "Wat is een onthardingsmakelaar?"

_CHILD = """
import json, resource, sys, time
started = time.perf_counter()
from indexer.settings import get_settings
from chatbot.service import Chatbot
bot = Chatbot(get_settings())
answer = bot.ask(sys.argv[1])
first = time.perf_counter() - started
questions = json.loads(sys.argv[2])
embed, embedded = bot.embedder.embed_queries, []
def counted(texts):
    embedded.append(len(texts))
    return embed(texts)
bot.embedder.embed_queries = counted
times = []
for question in questions:
    t = time.perf_counter()
    bot.answerer.answer(question)
    times.append((time.perf_counter() - t) * 1000)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"first_answer_s": first, "times_ms": times, "max_rss_mb": rss,
                  "in_scope": answer.in_scope, "texts": sum(embedded), "calls": len(embedded)}))
"""

_EMBEDDING_RATE = """
import json, statistics, sys, time
from chatbot.embedders import question_embedder
from indexer.settings import get_settings
embedder = question_embedder(get_settings())  # the server's: ONNX Runtime in process
texts = json.loads(sys.argv[1])
embedder.embed_queries(texts[:8])  # loads the model
rates = {}
for size in (1, 8, 16, 32):
    batches = [texts[i : i + size] for i in range(0, len(texts) - size + 1, size)]
    started = time.perf_counter()
    for batch in batches:
        embedder.embed_queries(batch)
    rates[size] = sum(map(len, batches)) / (time.perf_counter() - started)
print(json.dumps(rates))
"""


def _run(args: Sequence[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        list(args), cwd=PROJECT, env=env, capture_output=True, text=True, check=True
    )
    return time.perf_counter() - started, done.stdout


def _p95(times: Sequence[float]) -> float:
    ordered = sorted(times)
    return ordered[int(0.95 * (len(ordered) - 1))]


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages, as ``uptime`` shows them."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def http_figures(
    data: Path, questions: list[str], *, seconds: float, clients: int, extra: dict[str, str]
) -> dict[str, Any]:
    """The server's figures over HTTP (see the module's docstring)."""
    sys.path.insert(0, str(PROJECT))
    from benchmarks.load import (
        chat_page_up,
        first_answer,
        mixed_questions,
        run_load,
        serve,
        time_questions,
    )

    figures: dict[str, Any] = {}
    with serve(data, extra) as server:
        ready = first_answer(server.url, FIRST_QUESTION)
        figures["server start to first answer over HTTP (s)"] = round(ready - server.started, 1)
    shutil.rmtree(data / "cache" / "scope", ignore_errors=True)
    with serve(data, extra) as server:
        ready = first_answer(server.url, FIRST_QUESTION)
        figures["the same, scope calibration not cached (s)"] = round(ready - server.started, 1)
        # right after the first answer the chat page is still being built (Gradio imported
        # and set up in a worker thread): the same questions are timed then and once it is up
        times = time_questions(server.url, questions)
        figures["median (p95) per question over HTTP while the chat page is built (ms)"] = (
            f"{statistics.median(times):.1f} ({_p95(times):.1f})"
        )
        up = chat_page_up(server.url)
        figures["server start to the chat page (s)"] = round(up - server.started, 1)
        times = time_questions(server.url, [f"{question} (1)" for question in questions])
        figures["median per question over HTTP (ms)"] = round(statistics.median(times), 1)
        figures["p95 per question over HTTP (ms)"] = round(_p95(times), 1)
        for label, unique in (("repeated questions", False), ("all different", True)):
            result = run_load(
                server.url, mixed_questions(unique=unique), clients=clients, seconds=seconds
            ).figures()
            key = f"{clients} clients, {label}"
            figures[f"{key}: answered/s"] = result["answered_per_second"]
            figures[f"{key}: p50 / p95 / p99 (ms)"] = (
                f"{result['p50_ms']} / {result['p95_ms']} / {result['p99_ms']}"
            )
            figures[f"{key}: errors"] = result["errors"]
        figures["peak memory of the server (MB)"] = round(server.peak_rss_mb())
    return figures


def embedding_rates(env: dict[str, str], questions: Sequence[str]) -> dict[int, float]:
    """Questions per second the server's question model embeds in batches of 1, 8, 16 and
    32, in a process of the server's kind (ONNX Runtime in process), every text new."""
    texts = [f"{questions[i % len(questions)]} ({i})" for i in range(384)]
    _, out = _run([PYTHON, "-c", _EMBEDDING_RATE, json.dumps(texts)], env)
    return {int(size): rate for size, rate in json.loads(out.strip().splitlines()[-1]).items()}


def targets(figures: dict[str, Any], clients: int) -> dict[str, str]:
    """Issue 13's targets next to what this run measured."""
    rows: dict[str, str] = {}

    def row(name: str, value: float | None, target: float, *, at_most: bool) -> None:
        if value is None:
            return
        met = value <= target if at_most else value >= target
        sign = "<=" if at_most else ">="
        rows[f"target: {name}"] = (
            f"{value:g} (target {sign} {target:g}: {'met' if met else 'NOT met'})"
        )

    answered = figures.get(f"{clients} clients, all different: answered/s")
    batched = figures.get("batched embedding rate, batches of 8-32 (questions/s)")
    if answered is not None and batched:
        row("answered/s / batched embedding rate", round(answered / batched, 2), 0.7, at_most=False)
        per_question = float(figures["texts embedded per question (model calls)"].split()[0])
        rows["  texts embedded/s by the server / batched embedding rate"] = (
            f"{answered * per_question / batched:.2f} (a question here embeds {per_question:.2f} "
            f"texts: the model alone allows {1 / per_question:.2f})"
        )
    row("one client p50 over HTTP (ms)", figures.get("median per question over HTTP (ms)"), 20,
        at_most=True)  # fmt: skip
    row("process start to first API answer (s)",
        figures.get("server start to first answer over HTTP (s)"), 4, at_most=True)  # fmt: skip
    row("server memory (MB)", figures.get("peak memory of the server (MB)"), 1200, at_most=True)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=200, help="questions to time")
    parser.add_argument("--seconds", type=float, default=20.0, help="per throughput run")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--no-http", action="store_true", help="skip the server figures")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="server setting"
    )
    args = parser.parse_args(argv)

    from chatbot.evaluation import load_questions

    questions = [q.question for q in load_questions()][: args.questions]
    figures: dict[str, Any] = {"load average at start (1, 5, 15 min)": load_average()}
    data = Path(tempfile.mkdtemp(prefix="vraagbaak-bench-"))
    models = PROJECT / "var" / "models"
    if models.is_dir():  # reuse the materialized model: materializing is a one-off
        (data / "models").symlink_to(models)
    env = {**os.environ, "VRAAGBAAK_DATA_DIR": str(data)}
    try:
        build_s, _ = _run([PYTHON, "-m", "indexer", "build", "--quiet"], env)
        rebuild_s, _ = _run([PYTHON, "-m", "indexer", "build", "--quiet"], env)
        _, out = _run([PYTHON, "-c", _CHILD, FIRST_QUESTION, json.dumps(questions)], env)
        child = json.loads(out.strip().splitlines()[-1])
        times = child["times_ms"]
        rates = embedding_rates(env, questions)
        figures |= {
            "full build (s)": round(build_s, 1),
            "no-change rebuild (s)": round(rebuild_s, 2),
            "cold start to first answer in process (s)": round(child["first_answer_s"], 2),
            "questions timed": len(times),
            "median per question in process (ms)": round(statistics.median(times), 1),
            "p95 per question in process (ms)": round(_p95(times), 1),
            "peak memory of the answering process (MB)": round(child["max_rss_mb"]),
            "texts embedded per question (model calls)": (
                f"{child['texts'] / len(times):.2f} ({child['calls'] / len(times):.2f})"
            ),
            "embedding rate one at a time (questions/s)": round(rates[1], 1),
            "batched embedding rate, batches of 8-32 (questions/s)": round(
                statistics.median(rates[size] for size in (8, 16, 32)), 1
            ),
            "batched embedding rate, batches of 8 / 16 / 32": " / ".join(
                f"{rates[size]:.1f}" for size in (8, 16, 32)
            ),
        }
        if not args.no_http:
            extra = dict(item.split("=", 1) for item in args.env)
            figures |= http_figures(
                data, questions, seconds=args.seconds, clients=args.clients, extra=extra
            )
    finally:
        shutil.rmtree(data, ignore_errors=True)
    figures["load average at end (1, 5, 15 min)"] = load_average()
    figures |= targets(figures, args.clients)
    if args.json:
        print(json.dumps(figures))
        return 0
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
