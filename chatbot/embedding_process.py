"""The sentence-transformers model in a process of its own, for builds started by the server.

The server embeds questions in process with ONNX Runtime (``indexer.onnx_embedding``) and
never imports PyTorch itself; when it builds the index (at the first start, or from the
staff page), the passages are embedded by sentence-transformers in a child process, which
the ``Chatbot`` closes after the build so that its memory (about 1 GB) is given back.
Profiled earlier, PyTorch beside the web server's own Python work was also slow: its forward
pass is a long chain of small operations, each giving up Python's global lock and waiting to
get it back; in a child it has a lock of its own.

``ProcessEmbedder`` is an ``Embedder`` over a standard-library process pool of one worker
(``concurrent.futures.ProcessPoolExecutor``) whose initializer loads the model. The pool
starts on first use (or ``start()``); passages go in slices, so that a question asked
meanwhile waits for one slice, not for the whole corpus. If the child dies, the requests in
flight fail with ``EmbeddingProcessError`` and the next one starts a new pool. The child is
spawned (not forked), so a script that uses it needs the usual
``if __name__ == "__main__":`` guard, as ``app.py`` has.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from indexer.cache import FingerprintCache

if TYPE_CHECKING:
    from indexer.embedding import Embedder, Vectors
    from indexer.settings import Settings

SLICE = 16
"""Passages embedded in one request to the child."""

Factory = Callable[[], "Embedder"]
"""Makes the embedder in the child; must be picklable (a module-level function, a partial)."""


class EmbeddingProcessError(RuntimeError):
    """The embedding process died while it had a request, or could not start."""


class ProcessEmbedder:
    """An ``Embedder`` whose model runs in a child process; safe across threads."""

    def __init__(
        self,
        factory: Factory,
        *,
        model_id: str,
        fingerprints: FingerprintCache | None = None,
        slice_size: int = SLICE,
        stamp: Callable[[], str | None] | None = None,
    ) -> None:
        self._factory = factory
        self._stamp = stamp
        self._model_id = model_id
        self._fingerprints = fingerprints
        self._slice_size = slice_size
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._fingerprint: str | None = None
        self._dimension: int | None = None
        self.starts = 0
        """Child processes started so far."""

    @classmethod
    def from_settings(cls, settings: Settings) -> ProcessEmbedder:
        """The configured model in a child process, with the build's fingerprint cache."""
        from indexer.embedding import SentenceTransformerEmbedder

        return cls(
            partial(SentenceTransformerEmbedder.from_settings, settings),
            model_id=settings.model,
            fingerprints=FingerprintCache(settings.cache_dir / "models"),
            stamp=SentenceTransformerEmbedder.from_settings(settings).weights_stamp,
        )

    # -- the Embedder protocol ------------------------------------------------------------

    @property
    def model_id(self) -> str:
        return self._model_id

    def fingerprint(self) -> str:
        """From the build's cache when the weight files did not change (hashing 470 MB of
        weights took a second of every start), else computed in the child."""
        if self._fingerprint is None:
            if self._fingerprints is not None:
                self._fingerprint = self._fingerprints.fingerprint(_ChildFingerprint(self))
            else:
                self._fingerprint = str(self._call("fingerprint"))
        return self._fingerprint

    def weights_stamp(self) -> str | None:
        """The model's, so that builds find their cached fingerprint; read from the files
        here when ``stamp`` was given, so that a build with nothing to embed starts no child."""
        if self._stamp is not None:
            return self._stamp()
        stamp: str | None = self._call("weights_stamp")
        return stamp

    def dimension(self) -> int:
        if self._dimension is None:
            self._dimension = int(self._call("dimension"))
        return self._dimension

    def count_tokens(self, text: str) -> int:
        return int(self._call("count_tokens", text))

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        """In slices, so that questions asked meanwhile (a build started from the staff
        page, with ``query_runtime`` ``torch``) wait for one slice, not for the whole corpus."""
        del progress  # the child has no terminal to draw on
        size = self._slice_size
        slices = [
            _vectors(self._call("embed_passages", list(texts[start : start + size])))
            for start in range(0, len(texts), size)
        ]
        return np.vstack(slices) if slices else np.zeros((0, self.dimension()), np.float32)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return _vectors(self._call("embed_queries", list(texts)))

    # -- the child ------------------------------------------------------------------------

    def start(self) -> ProcessEmbedder:
        """Start the child if it is not running; it loads the model meanwhile."""
        self._submit(os.getpid)
        return self

    def close(self) -> None:
        """Stop the child once its current request is done (a new one starts on the next)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def child_pid(self) -> int | None:
        """The child's process id, or None when none runs (asks the child, so it waits for
        the model to be loaded)."""
        if self._pool is None:
            return None
        pid: int = self._result(*self._submit(os.getpid))
        return pid

    def _call(self, operation: str, *args: Any) -> Any:
        return self._result(*self._submit(_in_child, operation, args))

    def _submit(
        self, function: Callable[..., Any], *args: Any
    ) -> tuple[ProcessPoolExecutor, Future[Any]]:
        """Hand a request to the pool, starting one if there is none or the last one broke
        before this request reached it."""
        with self._lock:
            for _ in range(2):
                pool = self._pool
                if pool is None:
                    pool = self._pool = ProcessPoolExecutor(
                        max_workers=1,
                        mp_context=multiprocessing.get_context("spawn"),  # no fork of threads
                        initializer=_load,
                        initargs=(self._factory,),
                    )
                    self.starts += 1
                try:
                    return pool, pool.submit(function, *args)
                except BrokenProcessPool:
                    self._drop_locked(pool)
            raise EmbeddingProcessError("the embedding process could not be started")

    def _result(self, pool: ProcessPoolExecutor, future: Future[Any]) -> Any:
        try:
            return future.result()
        except BrokenProcessPool as error:
            with self._lock:
                self._drop_locked(pool)
            raise EmbeddingProcessError(f"the embedding process stopped ({error})") from None
        except CancelledError:
            raise EmbeddingProcessError("the embedding process was closed") from None

    def _drop_locked(self, pool: ProcessPoolExecutor) -> None:
        """Forget a broken pool (unless another request already replaced it)."""
        if self._pool is pool:
            self._pool = None
        pool.shutdown(wait=False)


class _ChildFingerprint:
    """The model as ``FingerprintCache`` sees it, with the fingerprint computed in the child
    (``ProcessEmbedder.fingerprint`` would ask the cache again)."""

    def __init__(self, owner: ProcessEmbedder) -> None:
        self.model_id = owner.model_id
        self.weights_stamp = owner.weights_stamp
        self._owner = owner

    def fingerprint(self) -> str:
        return str(self._owner._call("fingerprint"))


def _vectors(value: Any) -> Vectors:
    vectors: Vectors = np.asarray(value, dtype=np.float32)
    return vectors


# -- in the child ---------------------------------------------------------------------------

_model: dict[str, Embedder] = {}
"""The child's embedder, made by the pool's initializer."""


def _load(factory: Factory) -> None:
    """The pool's initializer: make the embedder and load its model."""
    _model["embedder"] = factory()
    _model["embedder"].dimension()


def _in_child(operation: str, args: tuple[Any, ...]) -> Any:
    embedder = _model["embedder"]
    if operation == "weights_stamp":
        stamp = getattr(embedder, "weights_stamp", None)
        return stamp() if callable(stamp) else None
    if operation in ("fingerprint", "dimension", "count_tokens", "embed_passages", "embed_queries"):
        return getattr(embedder, operation)(*args)
    raise ValueError(f"unknown operation {operation!r}")
