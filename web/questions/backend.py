"""The chatbot as the web app uses it: warm-up, readiness, and answers in worker threads."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import anyio
import anyio.to_thread

from indexer.store import IndexStoreError
from web.questions.limits import Limits

if TYPE_CHECKING:
    from chatbot.answer import Answer
    from chatbot.service import Chatbot
    from indexer.settings import Settings
    from indexer.store import Manifest

log = logging.getLogger(__name__)

WARM_UP_QUESTION = "Wat is een onthardingsmakelaar?"


STARTING = "The index is still loading."
UNAVAILABLE = (
    "No index could be loaded. Staff see why with GET /staff/rebuild and in the server log."
)


class NotReadyError(Exception):
    """No index is loaded yet (still starting, or it could not be loaded).

    Its text may hold server paths: show it to staff only; others get ``public_reason``.
    """


def public_live(status: dict[str, Any]) -> dict[str, Any]:
    """The live index's status without the text of a failed load (it may hold paths)."""
    error = status.get("error")
    if not error:
        return status
    return {**status, "error": {**error, "message": "This version could not be loaded."}}


class Service:
    """Wraps a ``Chatbot`` for concurrent use by the chat and the API.

    The index loads in a background thread (``start_warm_up``) so the process answers
    ``/healthz`` at once; questions are answered in worker threads, at most
    ``settings.concurrency_limit`` at a time across the chat and the API.
    """

    def __init__(self, bot: Chatbot, settings: Settings) -> None:
        self.bot = bot
        self.settings = settings
        self.problem: str | None = None
        """Why the index is not available, when it is not."""
        self._ready = threading.Event()
        self._loading = threading.Event()
        self._settled = threading.Event()
        self.limits = Limits.from_settings(settings)
        """Questions per client and in flight (see ``web.questions.gate``)."""

    @property
    def ready(self) -> bool:
        """Whether an index is loaded and has answered a question."""
        return self._ready.is_set()

    @property
    def loading(self) -> bool:
        """Whether the warm-up is still running."""
        return self._loading.is_set()

    def wait_ready(self, timeout: float) -> bool:
        """Wait until the warm-up is over (or the timeout passes); whether it is ready."""
        self._settled.wait(timeout)
        return self.ready

    @property
    def settled(self) -> bool:
        """Whether no warm-up is running (it is over, whether it succeeded or not)."""
        return self._settled.is_set()

    def warm_up(self, *, build_if_missing: bool = False) -> None:
        """Load the index (building it if asked and there is none) and answer one question;
        with ``build_if_missing``, then build what changed in the corpus meanwhile (the new
        version is swapped in when published). Never raises."""
        self._starting()
        ok = False
        try:
            self.bot.load(build_if_missing=build_if_missing)
            self.bot.ask(WARM_UP_QUESTION)
            ok = True
        except Exception as error:
            self.problem = f"{type(error).__name__}: {error}"
            log.exception("The index could not be loaded")
        finally:
            self._loading.clear()  # first: questions are answered from here on
            if ok:
                self.problem = None
                self._ready.set()
            self._settled.set()
        if ok:
            log.info("Ready: index %s", self.bot.load().manifest.version)
            if build_if_missing:
                self._build_changes()

    def _build_changes(self) -> None:
        """Bring the index up to date with the corpus (nothing happens if nothing changed)."""
        try:
            self.bot.build(wait_seconds=self.settings.build_wait_seconds)
        except Exception:
            log.exception("Building the corpus's changes failed; the served index stays")

    def start_warm_up(self, *, build_if_missing: bool = False) -> threading.Thread:
        """Run ``warm_up`` in a daemon thread and return it."""
        self._starting()  # from now on questions get "not ready" until it is done
        thread = threading.Thread(
            target=self.warm_up,
            kwargs={"build_if_missing": build_if_missing},
            name="vraagbaak-warm-up",
            daemon=True,
        )
        thread.start()
        return thread

    def _starting(self) -> None:
        self._settled.clear()
        self._loading.set()

    async def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        """Answer in a worker thread within the concurrency limit.

        ``history`` holds the conversation's earlier questions, oldest first. Raises
        ``NotReadyError`` while the index is loading or when it cannot be loaded.
        """
        if self.loading:
            raise NotReadyError("The index is still loading.")
        try:
            answer = await anyio.to_thread.run_sync(
                self.bot.ask, question, history, limiter=self.limits.in_flight.slots
            )
        except Exception as error:
            if self.ready and not isinstance(error, IndexStoreError):
                raise  # a bug, not a missing index
            self.problem = f"{type(error).__name__}: {error}"
            raise NotReadyError(self.problem) from error
        self.problem = None
        self._ready.set()
        return answer

    def public_reason(self) -> str:
        """Why no question can be answered now, without server details."""
        return STARTING if self.loading or self.problem is None else UNAVAILABLE

    def manifest(self) -> Manifest:
        """The manifest of the index being served; ``NotReadyError`` if there is none yet."""
        if not self.ready:
            raise NotReadyError(self.problem or "The index is still loading.")
        return self.bot.load().manifest
