"""Retention runs on a timer while the app runs, with or without questions (second review,
finding 8: it ran only after questions were counted)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexer.settings import Settings
from tests.web.conftest import ready_app
from web.records.pruning import prune_periodically
from web.records.store import FeedbackStore, Passage, utc_now


def old_comment(store: FeedbackStore, days: int) -> int:
    return store.add_feedback(
        rating="down",
        question="Bel me: jan@example.org",
        in_scope=True,
        passages=[Passage("p1", "Aanbeveling 1")],
        index_version="v1",
        language="nl",
        view="chat",
        comment="Te kort",
        at=utc_now() - timedelta(days=days),
    )


async def rounds(store: Callable[[], FeedbackStore], count: int) -> None:
    """Run the timer for ``count`` rounds: its wait returns at once until then, and the
    task is cancelled while it waits for the next."""
    waited = 0
    done = asyncio.Event()

    async def wait(_seconds: float) -> None:
        nonlocal waited
        waited += 1
        if waited > count:
            done.set()
            await asyncio.Event().wait()  # until cancelled

    task = asyncio.create_task(prune_periodically(store, wait=wait))
    await done.wait()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def test_free_text_is_erased_on_the_timer_without_any_question(tmp_path: Path) -> None:
    store = FeedbackStore(f"sqlite:///{tmp_path / 'f.sqlite3'}", free_text_days=30)
    old_comment(store, days=40)  # written after the store's own prune at opening
    old_comment(store, days=5)
    assert [r.comment for r in store.feedback()] == ["Te kort", "Te kort"]
    asyncio.run(rounds(lambda: store, 1))
    assert [(r.question, r.comment) for r in store.feedback()] == [
        ("Bel me: [e-mailadres]", "Te kort"),
        ("", None),
    ]


def test_a_failed_round_is_logged_and_the_next_one_runs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = FeedbackStore(f"sqlite:///{tmp_path / 'f.sqlite3'}", retention_days=30)
    old_comment(store, days=40)
    opened = 0

    def flaky() -> FeedbackStore:
        nonlocal opened
        opened += 1
        if opened == 1:
            raise ConnectionError("database away")
        return store

    with caplog.at_level(logging.ERROR):
        asyncio.run(rounds(flaky, 2))
    assert "Could not prune the feedback database: ConnectionError" in caplog.text
    assert store.feedback() == []


def test_the_app_runs_the_timer_and_stops_it_on_shutdown(web_settings: Settings) -> None:
    app = ready_app(web_settings)
    with TestClient(app):
        pruning = app.state.pruning
        assert not pruning.done()
    assert pruning.cancelled()
