"""Questions that arrive together are embedded in shared model calls.

A model call on several questions costs less per question than one call each, and two calls
at once use two cores better than one call with two threads (ONNX Runtime on the reference
machine, questions sorted by length: about 90 a second one at a time, 112 in batches of 8 one
call after another, 120 in single questions two calls at a time). ``BatchingEmbedder`` wraps
any ``Embedder`` and gathers concurrent ``embed_queries`` calls without a thread of its own:

- a caller that finds a model call free (at most ``max_calls`` run at once) embeds its
  question at once: a lone question never waits;
- callers arriving while every call is taken queue up; when a batch ends, the first of
  them is woken to lead the next one, which takes the queue up to ``max_batch`` texts. Only
  that leader, who knows others are asking, may wait up to ``max_wait`` seconds for the
  batch to fill (the wait ends at once when it is full);
- an error of the model reaches every caller of that batch; the next batch is unaffected.

Every other method is the wrapped embedder's.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from indexer.embedding import Embedder, Vectors

MAX_BATCH = 32
"""Texts in one model call at most: beyond 32 the gain per question is gone on 2 cores."""
MAX_WAIT = 0.002
"""Seconds a batch that follows another may wait to fill up."""
MAX_CALLS = 2
"""Model calls running at once. On two cores a second call overlaps the first's Python work
and its threads' waits: 8 clients asking new questions over HTTP, 57.3 -> 75.2 answers a
second in one pair of ``bench.py`` runs, 45-48 -> 50-58 in alternating ``load.py`` runs
(docs/BENCHMARKS.md); a lone question keeps both of the model's threads."""


class _Request:
    """One caller's texts, and what it is woken for: its vectors, its error, or to lead."""

    __slots__ = ("error", "lead", "texts", "vectors", "woken")

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.vectors: Vectors | None = None
        self.error: BaseException | None = None
        self.lead = False
        self.woken = threading.Event()


class BatchingEmbedder:
    """An ``Embedder`` that embeds concurrent questions in shared model calls."""

    def __init__(
        self,
        inner: Embedder,
        *,
        max_batch: int = MAX_BATCH,
        max_wait: float = MAX_WAIT,
        max_calls: int = MAX_CALLS,
    ) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        if max_calls < 1:
            raise ValueError("max_calls must be at least 1")
        self.inner = inner
        self.max_batch = max_batch
        self.max_wait = max_wait
        self.max_calls = max_calls
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._queue: deque[_Request] = deque()
        self._leaders = 0
        """Batches running or about to (a leader woken). Below ``max_calls`` only with an
        empty queue: a batch that ends hands its place to the first caller queued."""
        self.calls = 0
        """Model calls made for questions so far."""
        self.batched = 0
        """Texts embedded by those calls."""

    # -- the Embedder protocol: identity and passages are the wrapped embedder's ---------

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    def fingerprint(self) -> str:
        return self.inner.fingerprint()

    def dimension(self) -> int:
        return self.inner.dimension()

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        return self.inner.embed_passages(texts, progress=progress)

    def weights_stamp(self) -> str | None:
        stamp = getattr(self.inner, "weights_stamp", None)
        value: str | None = stamp() if callable(stamp) else None
        return value

    # -- questions, batched -----------------------------------------------------------------

    @property
    def waiting(self) -> int:
        """Callers queued for a batch that has not started."""
        with self._lock:
            return len(self._queue)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        mine = _Request(list(texts))
        if not mine.texts:
            return self.inner.embed_queries([])
        with self._lock:
            lead = self._leaders < self.max_calls
            if lead:
                self._leaders += 1
            else:
                self._queue.append(mine)
                self._arrived.notify_all()
        if not lead:
            mine.woken.wait()
            if not mine.lead:
                return _outcome(mine)
            self._gather(len(mine.texts))
        self._run_batch(mine)
        return _outcome(mine)

    def _gather(self, own: int) -> None:
        """Wait up to ``max_wait`` for the queue to fill a batch beside the leader's texts."""
        with self._lock:
            self._arrived.wait_for(
                lambda: own + self._queued_texts() >= self.max_batch, self.max_wait
            )

    def _queued_texts(self) -> int:
        return sum(len(request.texts) for request in self._queue)

    def _run_batch(self, leader: _Request) -> None:
        """Embed the leader's texts and the front of the queue in one call, hand out the
        vectors, and wake the next leader if others are queued."""
        with self._lock:
            batch = [leader]
            size = len(leader.texts)
            while self._queue and size + len(self._queue[0].texts) <= self.max_batch:
                size += len(self._queue[0].texts)
                batch.append(self._queue.popleft())
        try:
            texts = [text for request in batch for text in request.texts]
            vectors = np.asarray(self.inner.embed_queries(texts), dtype=np.float32)
            if vectors.shape[0] != len(texts):
                raise RuntimeError(f"{len(texts)} questions embedded as {vectors.shape[0]}")
        except BaseException as error:  # every caller of the batch gets it, as its own call would
            for request in batch:
                request.error = error
        else:
            start = 0
            for request in batch:
                request.vectors = vectors[start : start + len(request.texts)]
                start += len(request.texts)
        with self._lock:
            self.calls += 1
            self.batched += size
            # the place stays taken: it passes to the first caller queued, out of the queue
            # so that no other batch takes its texts
            following = self._queue.popleft() if self._queue else None
            if following is None:
                self._leaders -= 1
            else:
                following.lead = True
        for request in batch:
            if request is not leader:
                request.woken.set()
        if following is not None:
            following.woken.set()


def _outcome(request: _Request) -> Vectors:
    if request.error is not None:
        raise request.error
    assert request.vectors is not None
    return request.vectors
