"""Waiting in tests for a condition, never for a fixed time."""

from __future__ import annotations

import time
from collections.abc import Callable

POLL = 0.01
"""Seconds between two looks at the condition."""


def wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Return as soon as ``condition()`` holds; fail the test if it does not within
    ``seconds`` (a bound against hanging, not a speed target)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(POLL)
