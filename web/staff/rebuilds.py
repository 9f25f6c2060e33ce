"""Rebuild and reload from the staff page: one build at a time, in the background.

A build started here runs in a thread of the server (``Chatbot.build``; the app's passages
are embedded by sentence-transformers in a child process that ends with the build),
publishes like ``python -m indexer build``, and then has the live index load the new version
at once rather than at the next check. The chat keeps answering from the old version
meanwhile.
``Rebuilds.state()`` says what the last build did, for the page and for scripts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from indexer.build import BuildReport
from indexer.lock import BuildLockedError

if TYPE_CHECKING:
    from chatbot.service import Chatbot

Build = Callable[..., BuildReport]
"""``Chatbot.build`` or a stand-in: ``build(force=...)``."""

log = logging.getLogger(__name__)


class BuildRunningError(RuntimeError):
    """A build started from the staff page is still running."""


@dataclass(frozen=True, slots=True)
class BuildState:
    """The last build started from the staff page (``idle`` before the first)."""

    state: Literal["idle", "running", "published", "unchanged", "failed"] = "idle"
    force: bool = False
    started_at: str | None = None
    finished_at: str | None = None
    seconds: float | None = None
    version: str | None = None
    """The live version after the build."""
    summary: str | None = None
    """The build's summary, or why it failed."""

    @property
    def running(self) -> bool:
        return self.state == "running"

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``GET /staff/rebuild``."""
        return asdict(self)


class Rebuilds:
    """Starts builds in a background thread, one at a time, and remembers the last one."""

    def __init__(self, bot: Chatbot, *, build: Build | None = None) -> None:
        self._bot = bot
        self._build = build or bot.build
        self._lock = threading.Lock()
        self._state = BuildState()
        self._thread: threading.Thread | None = None

    def state(self) -> BuildState:
        """What the last build did, or that one is running."""
        with self._lock:
            return self._state

    def start(self, *, force: bool = False) -> BuildState:
        """Start a build (``force``: embed everything again); ``BuildRunningError`` if one
        started here is still running. A build from the command line is only noticed by
        the build itself, which then fails with the lock's message."""
        with self._lock:
            if self._state.running:
                raise BuildRunningError(
                    f"a build started at {self._state.started_at} is still running; "
                    "wait for it to finish"
                )
            self._state = BuildState("running", force=force, started_at=_now())
            self._thread = threading.Thread(
                target=self._run, args=(force,), name="staff-rebuild", daemon=True
            )
            self._thread.start()
            return self._state

    def wait(self, timeout: float | None = None) -> BuildState:
        """Wait for the running build (for tests and scripts in process)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.state()

    def _run(self, force: bool) -> None:
        started = time.monotonic()
        try:
            report = self._build(force=force)
        except BuildLockedError as error:
            self._finish("failed", started, summary=str(error))
            return
        except Exception as error:  # a thread has no caller: record it for the page
            log.exception("A build started from the staff page failed")
            self._finish(
                "failed",
                started,
                summary=f"{error} (nothing was published; the live version keeps serving)",
            )
            return
        status = self._bot.live.reload(wait=True)  # swap now rather than at the next check
        if status.error is not None and status.error.version == report.version:
            summary = f"{report.summary()}\nThe chat could not load it: {status.error.message}"
        else:
            summary = report.summary()
        outcome: Literal["published", "unchanged"] = "published" if report.changed else "unchanged"
        self._finish(outcome, started, version=report.version, summary=summary)

    def _finish(
        self,
        state: Literal["published", "unchanged", "failed"],
        started: float,
        *,
        summary: str,
        version: str | None = None,
    ) -> None:
        with self._lock:
            self._state = replace(
                self._state,
                state=state,
                finished_at=_now(),
                seconds=round(time.monotonic() - started, 2),
                version=version,
                summary=summary,
            )
        log.info("Staff build %s in %.1f s", state, self._state.seconds or 0.0)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
