"""The live index of a running app: a new version is noticed, loaded, verified and swapped in
between requests, without a restart and without a failed request.

Each request calls ``LiveIndex.current()`` once and keeps what it got until it answers; a
swap replaces the reference for later requests only, so requests in flight finish on the old
version. ``prepare`` builds what a request needs from an index (say, a retriever and its
answerer) in the background before the swap, so the swap itself is one assignment.

Noticing is cheap (one ``readlink`` of ``current`` per call, or every few seconds from
``start()``'s thread); loading, verifying and preparing run in a background thread. A version
that fails any of them is not swapped in: the old one keeps serving and the failure is logged
and reported by ``status()`` (for ``/readyz``) until a later version loads.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar, cast, overload

from indexer.embedding import Embedder
from indexer.settings import Settings
from indexer.store import StoredIndex, check_model, load_index, verify_answers
from indexer.versions import (
    VERSIONS,
    list_versions,
    live_index_dir,
    pointer_target,
    target_dir,
)

T = TypeVar("T")
OnSwap = Callable[[T | None, T], None]
"""Called with (old or None, new) after each swap, in the loading thread."""

_logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LoadFailure:
    """A version that could not be loaded, and why."""

    version: str
    message: str
    at: str


@dataclass(frozen=True, slots=True)
class LiveStatus:
    """What the app serves, for logs and the ``/readyz`` detail."""

    ready: bool
    """Whether there is an index to answer from."""
    version: str | None
    loaded_at: str | None
    published: str | None
    """The version ``current`` points at now."""
    up_to_date: bool
    """Whether the served version is the published one."""
    loading: str | None
    """A version being loaded in the background."""
    swaps: int
    error: LoadFailure | None
    """The last failed load, until a newer version loads."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON detail of ``/readyz``."""
        return {
            "ready": self.ready,
            "version": self.version,
            "loaded_at": self.loaded_at,
            "published": self.published,
            "up_to_date": self.up_to_date,
            "loading": self.loading,
            "swaps": self.swaps,
            "error": None
            if self.error is None
            else {
                "version": self.error.version,
                "message": self.error.message,
                "at": self.error.at,
            },
        }


class LiveIndex(Generic[T]):
    """A thread-safe holder of the live index that follows ``current``.

    ``current()`` returns the loaded ``StoredIndex``, or with ``prepare``, what ``prepare``
    made of it. ``embedder``, if given, is checked against each version (weights fingerprint
    and dimension) before it is swapped in; ``prepare`` runs after the checks and may refuse
    a version by raising. ``on_swap`` runs after each swap, the first load included.
    """

    @overload
    def __init__(
        self: LiveIndex[StoredIndex],
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        on_swap: OnSwap[StoredIndex] | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        settings: Settings,
        *,
        prepare: Callable[[StoredIndex], T],
        embedder: Embedder | None = None,
        on_swap: OnSwap[T] | None = None,
    ) -> None: ...

    def __init__(
        self,
        settings: Settings,
        *,
        prepare: Callable[[StoredIndex], Any] | None = None,
        embedder: Embedder | None = None,
        on_swap: OnSwap[Any] | None = None,
    ) -> None:
        self._root = settings.index_root
        self._interval = settings.reload_check_seconds
        self._embedder = embedder
        self._prepare = cast(Callable[[StoredIndex], T], prepare or _same)
        self._on_swap: OnSwap[T] | None = on_swap
        self._lock = threading.Lock()
        self._first_load = threading.Lock()
        self._index: StoredIndex | None = None
        self._served: T | None = None
        self._target: str | None = None
        self._loaded_at: str | None = None
        self._failed: str | None = None
        self._error: LoadFailure | None = None
        self._loader: threading.Thread | None = None
        self._loading: str | None = None
        self._swaps = 0
        self._stop = threading.Event()
        self._poller: threading.Thread | None = None

    # -- serving --------------------------------------------------------------------------

    def current(self) -> T:
        """What to answer one request from; keep it for the whole request.

        The first call loads the published version (IndexStoreError if there is none that
        loads); later calls never block: they notice a new version and return the old one
        until the new one is loaded.
        """
        served = self._served
        if served is None:
            return self._load_first()
        self.check()
        latest = self._served
        return served if latest is None else latest

    def index(self) -> StoredIndex:
        """The index behind ``current()`` (loading it on first use)."""
        self.current()
        assert self._index is not None
        return self._index

    def check(self) -> None:
        """Start loading the published version in the background if it is not the served
        one (and did not already fail); cheap, for every request."""
        target = pointer_target(self._root)
        with self._lock:
            if (
                target is None
                or self._index is None
                or target in (self._target, self._failed, self._loading)
                or self._loader is not None
            ):
                return
            self._loading = target
            self._loader = threading.Thread(
                target=self._load_in_background, args=(target,), name="live-index-load", daemon=True
            )
            self._loader.start()

    def reload(self, *, wait: bool = True, timeout: float | None = 60.0) -> LiveStatus:
        """Check now, retrying a version that failed before; with ``wait``, until the load is
        over. For the staff reload route."""
        with self._lock:
            self._failed = None
        if self._index is None:
            try:
                self._load_first()
            except Exception:  # recorded in the status
                _logger.exception("loading the live index failed")
            return self.status()
        for _ in range(2):  # a load of an older version may be running: then one more
            self.check()
            loader = self._loader
            if not wait or loader is None:
                break
            loader.join(timeout)
        return self.status()

    def status(self) -> LiveStatus:
        """What is served and what happened last."""
        published = pointer_target(self._root)
        with self._lock:
            index = self._index
            return LiveStatus(
                ready=index is not None,
                version=index.manifest.version if index else None,
                loaded_at=self._loaded_at,
                published=Path(published.split("@", 1)[0]).name if published else None,
                up_to_date=index is not None and published == self._target,
                loading=Path(self._loading).name if self._loading else None,
                swaps=self._swaps,
                error=self._error,
            )

    # -- background checks ----------------------------------------------------------------

    def start(self) -> LiveIndex[T]:
        """Also check every ``reload_check_seconds`` from a background thread (if > 0), so a
        new version is loaded before the next question rather than on it."""
        if self._interval > 0 and self._poller is None:
            self._stop.clear()
            self._poller = threading.Thread(target=self._poll, name="live-index-poll", daemon=True)
            self._poller.start()
        return self

    def close(self, timeout: float = 10.0) -> None:
        """Stop the background thread and wait for a load in progress."""
        self._stop.set()
        for thread in (self._poller, self._loader):
            if thread is not None:
                thread.join(timeout)
        self._poller = None

    def __enter__(self) -> LiveIndex[T]:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _poll(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                if self._index is not None:
                    self.check()
            except Exception:  # the poller must survive anything
                _logger.exception("checking for a new index version failed")

    # -- loading --------------------------------------------------------------------------

    def _load(self, directory: Path) -> tuple[StoredIndex, T]:
        """Load, verify and prepare one version: checksums, counts, answers, model."""
        index = load_index(directory)
        verify_answers(index)
        if self._embedder is not None:
            embedder = self._embedder
            fingerprint, dimension = embedder.fingerprint(), embedder.dimension()
            check_model(index.manifest, embedder.model_id, fingerprint, dimension)
        return index, self._prepare(index)

    def _load_first(self) -> T:
        """Load the published version now; if it is broken, the newest version that loads
        (reported as an error); if none loads, raise the published version's error."""
        with self._first_load:
            if self._served is not None:
                return self._served
            live_index_dir(self._root)  # IndexMissingError with its how-to if none
            target = pointer_target(self._root)
            assert target is not None
            try:
                loaded = self._load(target_dir(self._root, target))
            except Exception as exc:
                self._record_failure(target, exc)
                fallback = self._fallback(target)
                if fallback is None:
                    raise
                target, loaded = fallback
                _logger.error("serving %s instead of the broken live version", target)
            self._swap(target, loaded)
            return loaded[1]

    def _fallback(self, broken: str) -> tuple[str, tuple[StoredIndex, T]] | None:
        name = Path(broken.split("@", 1)[0]).name
        for version in reversed(list_versions(self._root)):
            if version == name:
                continue
            target = f"{VERSIONS}/{version}"
            try:
                return target, self._load(self._root / target)
            except Exception:  # try the next older one
                continue
        return None

    def _load_in_background(self, target: str) -> None:
        started = time.perf_counter()
        try:
            loaded = self._load(target_dir(self._root, target))
        except Exception as exc:
            self._record_failure(target, exc, finished_loading=True)
            return
        self._swap(target, loaded, finished_loading=True)
        _logger.info(
            "now serving index %s (loaded in %.1f s)",
            loaded[0].manifest.version,
            time.perf_counter() - started,
        )

    def _swap(
        self, target: str, loaded: tuple[StoredIndex, T], *, finished_loading: bool = False
    ) -> None:
        published = pointer_target(self._root)
        with self._lock:
            if finished_loading:
                self._loader, self._loading = None, None
            old = self._served
            self._index, self._served = loaded
            self._target = target
            self._loaded_at = datetime.now(UTC).isoformat(timespec="seconds")
            self._swaps += 1 if old is not None else 0
            if self._failed != published:  # else: serving a fallback, the published one is broken
                self._failed, self._error = None, None
        if self._on_swap is not None:
            try:
                self._on_swap(old, loaded[1])
            except Exception:
                _logger.exception("the on_swap callback failed")

    def _record_failure(
        self, target: str, exc: Exception, *, finished_loading: bool = False
    ) -> None:
        version = Path(target.split("@", 1)[0]).name
        message = f"{type(exc).__name__}: {exc}"
        with self._lock:
            if finished_loading:
                self._loader, self._loading = None, None
            self._failed = target
            self._error = LoadFailure(
                version=version, message=message, at=datetime.now(UTC).isoformat(timespec="seconds")
            )
        _logger.error(
            "index version %s was not loaded, still serving the old one: %s", version, message
        )


def _same(index: StoredIndex) -> StoredIndex:
    return index
