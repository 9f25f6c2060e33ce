"""The sentence-transformers model in a process of its own, for builds started by the server.

The server embeds questions in process with ONNX Runtime (``indexer.onnx_embedding``) and
never imports PyTorch itself; when it builds the index (at the first start, or from the
staff page), the passages are embedded by sentence-transformers in this child, which the
``Chatbot`` closes after the build so that its memory (about 1 GB) is given back. Profiled
earlier, PyTorch beside the web server's own Python work was also slow: its forward pass is
a long chain of small operations, each giving up Python's global lock and waiting to get it
back; in a child it has a lock of its own. Passages go in slices, and questions that queue
up while the child is busy are embedded together in one pass.

``ProcessEmbedder`` is an ``Embedder``: the chatbot and the builds use it like the model
itself. The child starts on first use (or ``start()``) and loads the model in the
background; if it dies, the requests in flight fail and the next one starts a new child. The
child is spawned (not forked), so a script that uses it needs the usual
``if __name__ == "__main__":`` guard, as ``app.py`` has.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

import numpy as np

from indexer.cache import FingerprintCache

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from indexer.embedding import Embedder, Vectors
    from indexer.settings import Settings

MAX_BATCH = 16
"""Questions embedded in one pass at most."""
STOP = -2
"""The request that ends the child."""

Factory = Callable[[], "Embedder"]
"""Makes the embedder in the child; must be picklable (a module-level function, a partial)."""


class EmbeddingProcessError(RuntimeError):
    """The embedding process died, or an error in it could not be passed back as it was."""


def sentence_transformer(settings: Settings) -> Embedder:
    """The configured model (the factory ``ProcessEmbedder.from_settings`` uses)."""
    from indexer.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder.from_settings(settings)


class _Partial:
    """A picklable ``factory(settings)``."""

    def __init__(self, factory: Callable[[Settings], Embedder], settings: Settings) -> None:
        self.factory, self.settings = factory, settings

    def __call__(self) -> Embedder:
        return self.factory(self.settings)


class ProcessEmbedder:
    """An ``Embedder`` whose model runs in a child process; safe across threads."""

    def __init__(
        self,
        factory: Factory,
        *,
        model_id: str,
        fingerprints: FingerprintCache | None = None,
        max_batch: int = MAX_BATCH,
        stamp: Callable[[], str | None] | None = None,
    ) -> None:
        self._factory = factory
        self._stamp = stamp
        self._model_id = model_id
        self._fingerprints = fingerprints
        self._max_batch = max_batch
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded process
        self._lock = threading.Lock()
        self._ids = itertools.count()
        self._pending: dict[int, Future[Any]] = {}
        self._connection: Connection | None = None
        self._process: BaseProcess | None = None
        self._cached: dict[str, Any] = {}
        self.starts = 0
        """Child processes started so far."""

    @classmethod
    def from_settings(cls, settings: Settings) -> ProcessEmbedder:
        """The configured model in a child process, with the build's fingerprint cache."""
        from indexer.embedding import SentenceTransformerEmbedder

        return cls(
            _Partial(sentence_transformer, settings),
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
        if "fingerprint" not in self._cached:
            if self._fingerprints is not None:
                self._cached["fingerprint"] = self._fingerprints.fingerprint(_Remote(self))
            else:
                self._cached["fingerprint"] = self._call("fingerprint")
        value: str = self._cached["fingerprint"]
        return value

    def weights_stamp(self) -> str | None:
        """The model's, so that builds find their cached fingerprint; read from the files
        here when ``stamp`` was given, so that a build with nothing to embed starts no child."""
        if self._stamp is not None:
            return self._stamp()
        stamp: str | None = self._call("weights_stamp")
        return stamp

    def dimension(self) -> int:
        if "dimension" not in self._cached:
            self._cached["dimension"] = int(self._call("dimension"))
        value: int = self._cached["dimension"]
        return value

    def count_tokens(self, text: str) -> int:
        return int(self._call("count_tokens", text))

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        """In slices of ``max_batch``, so that questions asked meanwhile (a build started
        from the staff page) wait for one slice, not for the whole corpus."""
        del progress  # the child has no terminal to draw on
        slices = [
            _vectors(self._call("embed_passages", list(texts[start : start + self._max_batch])))
            for start in range(0, len(texts), self._max_batch)
        ]
        return np.vstack(slices) if slices else np.zeros((0, self.dimension()), np.float32)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return _vectors(self._call("embed_queries", list(texts)))

    # -- the child ------------------------------------------------------------------------

    def start(self) -> ProcessEmbedder:
        """Start the child if it is not running, and have it load the model meanwhile."""
        self._connect()
        return self

    def close(self, timeout: float = 10.0) -> None:
        """Stop the child (a new one starts on the next request)."""
        with self._lock:
            connection, process = self._connection, self._process
            self._connection = self._process = None
        if connection is not None:
            with contextlib.suppress(OSError, ValueError):
                connection.send((STOP, "stop", ()))  # closing alone would not wake the reader
        if process is not None:
            process.join(timeout)
            if process.is_alive():
                process.kill()
                process.join(timeout)
        if connection is not None:
            connection.close()

    @property
    def pid(self) -> int | None:
        """The child's process id, while it runs."""
        return self._process.pid if self._process is not None else None

    def _call(self, operation: str, *args: Any) -> Any:
        done: Future[Any] = Future()
        with self._lock:
            connection = self._connect_locked()
            request = next(self._ids)
            self._pending[request] = done
            try:
                connection.send((request, operation, args))
            except (OSError, ValueError) as error:
                del self._pending[request]
                self._lost_locked(connection)
                raise EmbeddingProcessError(f"the embedding process is gone ({error})") from None
        return done.result()

    def _connect(self) -> Connection:
        with self._lock:
            return self._connect_locked()

    def _connect_locked(self) -> Connection:
        if self._connection is not None:
            return self._connection
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_serve,
            args=(theirs, self._factory, self._max_batch),
            name="vraagbaak-embedder",
            daemon=True,
        )
        process.start()
        theirs.close()
        self._connection, self._process = ours, process
        self.starts += 1
        threading.Thread(
            target=self._read, args=(ours,), name="vraagbaak-embedder-replies", daemon=True
        ).start()
        ours.send((-1, "load", ()))  # the model loads while the server starts
        return ours

    def _read(self, connection: Connection) -> None:
        """Hand each reply to its caller; when the child is gone, fail what was asked."""
        while True:
            try:
                request, ok, value = connection.recv()
            except (EOFError, OSError):
                break
            with self._lock:
                done = self._pending.pop(request, None)
            if done is None:
                continue
            if ok:
                done.set_result(value)
            else:
                done.set_exception(value)
        with self._lock:
            self._lost_locked(connection)

    def _lost_locked(self, connection: Connection) -> None:
        if self._connection is connection:
            if self._process is not None:
                self._process.join(0)  # reap it if it has exited
            self._connection = None
            self._process = None
        for done in self._pending.values():
            done.set_exception(EmbeddingProcessError("the embedding process stopped"))
        self._pending.clear()


class _Remote:
    """The child's embedder as ``FingerprintCache`` sees it: id, stamp and fingerprint."""

    def __init__(self, owner: ProcessEmbedder) -> None:
        self._owner = owner

    @property
    def model_id(self) -> str:
        return self._owner.model_id

    def weights_stamp(self) -> str | None:
        return self._owner.weights_stamp()

    def fingerprint(self) -> str:
        value: str = self._owner._call("fingerprint")
        return value

    def dimension(self) -> int:
        return self._owner.dimension()

    def count_tokens(self, text: str) -> int:
        return self._owner.count_tokens(text)

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        return self._owner.embed_passages(texts, progress=progress)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._owner.embed_queries(texts)


def _vectors(value: Any) -> Vectors:
    vectors: Vectors = np.asarray(value, dtype=np.float32)
    return vectors


def _serve(connection: Connection, factory: Factory, max_batch: int) -> None:
    """The child: answer requests until the parent goes away; queries in batches."""
    embedder: Embedder | None = None

    def model() -> Embedder:
        nonlocal embedder
        if embedder is None:
            embedder = factory()
        return embedder

    while True:
        try:
            requests = [connection.recv()]
            while len(requests) < max_batch and connection.poll():
                requests.append(connection.recv())
        except (EOFError, OSError):
            return
        if any(operation == "stop" for _, operation, _ in requests):
            return
        queries = [r for r in requests if r[1] == "embed_queries"]
        if queries:
            _answer_queries(connection, model, queries)
        for request, operation, args in requests:
            if operation != "embed_queries":
                _answer(connection, request, model, operation, args)


def _run(embedder: Embedder, operation: str, args: tuple[Any, ...]) -> Any:
    if operation == "load":
        return embedder.dimension()  # loads the model
    if operation == "weights_stamp":
        stamp = getattr(embedder, "weights_stamp", None)
        return stamp() if callable(stamp) else None
    if operation in ("fingerprint", "dimension", "count_tokens", "embed_passages"):
        return getattr(embedder, operation)(*args)
    raise ValueError(f"unknown operation {operation!r}")


def _answer_queries(
    connection: Connection,
    model: Callable[[], Embedder],
    queries: list[tuple[int, str, tuple[Any, ...]]],
) -> None:
    """Embed every queued question in one pass, then reply to each request."""
    texts = [text for _, _, (request_texts,) in queries for text in request_texts]
    try:
        vectors = np.asarray(model().embed_queries(texts), dtype=np.float32)
    except Exception as error:
        for request, _, _ in queries:
            _reply(connection, request, False, error)
        return
    start = 0
    for request, _, (request_texts,) in queries:
        _reply(connection, request, True, vectors[start : start + len(request_texts)])
        start += len(request_texts)


def _answer(
    connection: Connection,
    request: int,
    model: Callable[[], Embedder],
    operation: str,
    args: tuple[Any, ...],
) -> None:
    try:
        value = _run(model(), operation, args)
    except Exception as error:
        _reply(connection, request, False, error)
        return
    _reply(connection, request, True, value)


def _reply(connection: Connection, request: int, ok: bool, value: Any) -> None:
    try:
        connection.send((request, ok, value))
    except (OSError, ValueError):
        return  # the parent is gone
    except Exception as error:  # an exception that does not pickle
        connection.send((request, False, EmbeddingProcessError(f"{type(value).__name__}: {error}")))
