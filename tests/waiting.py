"""Waiting in tests for a condition, never for a fixed time."""

from __future__ import annotations

import time
from collections.abc import Callable

FIRST_LOOK, LONGEST_GAP = 0.005, 0.1
"""Seconds before the second look at the condition, doubling up to the longest gap."""


def wait_for(condition: Callable[[], bool], seconds: float = 10.0, what: str = "") -> None:
    """Return as soon as ``condition()`` holds; fail the test if it does not within
    ``seconds`` (a bound against hanging, not a speed target)."""
    deadline = time.monotonic() + seconds
    gap = FIRST_LOOK
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what or 'the condition'}"
        time.sleep(gap)
        gap = min(gap * 2, LONGEST_GAP)
