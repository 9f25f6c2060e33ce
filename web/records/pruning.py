"""Retention on a timer: the feedback database is pruned every ``PRUNE_SECONDS`` while the app
runs, whether or not questions arrive (the question writer's own pruning runs only after a
batch of questions, so a quiet replica kept free text past its retention)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import anyio.to_thread

from web.records.store import PRUNE_SECONDS, FeedbackStore

log = logging.getLogger(__name__)

Wait = Callable[[float], Awaitable[object]]


async def prune_periodically(
    store: Callable[[], FeedbackStore],
    *,
    every: float = PRUNE_SECONDS,
    wait: Wait = asyncio.sleep,
) -> None:
    """Every ``every`` seconds, delete what is past its retention and erase free text past
    its own; runs until cancelled. A failure is logged and the next round tries again.
    ``store`` is called each round, so the database is opened only when first needed."""
    while True:
        await wait(every)
        try:
            await anyio.to_thread.run_sync(lambda: store().prune())
        except Exception as error:  # the database may be away for a while
            log.error("Could not prune the feedback database: %s", type(error).__name__)
