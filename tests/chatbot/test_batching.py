"""Concurrent questions share model calls, and each caller still gets its own vectors."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

import numpy as np
import pytest

from chatbot.batching import BatchingEmbedder
from chatbot.embedders import passage_embedder
from chatbot.scope import ScopeModel
from chatbot.service import Chatbot
from indexer.build import BuildReport
from indexer.embedding import Vectors
from indexer.settings import Settings
from tests.fakes import HashingEmbedder

ALWAYS_IN_SCOPE = ScopeModel(weights=(0.0, 0.0, 0.0), bias=1.0)
HANG_GUARD = 30.0
"""Seconds after which a test gives up on a thread: only reached when the code is broken."""


class GatedEmbedder(HashingEmbedder):
    """Records each model call; the first ``hold`` calls block until ``release`` is set, so
    callers pile up behind them (``entered`` is set when all of them are in the model). A
    batch holding a text that starts with "boom" fails."""

    def __init__(self, hold: int = 1) -> None:
        super().__init__()
        self.hold = hold
        self.calls: list[list[str]] = []
        self.entered = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        with self._lock:
            self.calls.append(list(texts))
            held = len(self.calls) <= self.hold
            if len(self.calls) == self.hold:
                self.entered.set()
        if held:
            assert self.release.wait(HANG_GUARD)
        if any(text.startswith("boom") for text in texts):
            raise ValueError("the model failed")
        return super().embed_queries(texts)


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + HANG_GUARD
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.001)


def _ask_in_threads(
    embedder: BatchingEmbedder, questions: Sequence[str]
) -> tuple[dict[str, Vectors | BaseException], list[threading.Thread]]:
    results: dict[str, Vectors | BaseException] = {}

    def ask(question: str) -> None:
        try:
            results[question] = embedder.embed_queries([question])
        except Exception as error:
            results[question] = error

    threads = [threading.Thread(target=ask, args=(q,)) for q in questions]
    for thread in threads:
        thread.start()
    return results, threads


def _join(threads: Sequence[threading.Thread]) -> None:
    for thread in threads:
        thread.join(HANG_GUARD)
        assert not thread.is_alive()


def _busy_with_first(embedder: BatchingEmbedder, model: GatedEmbedder) -> threading.Thread:
    """Start a first question that holds the model until ``model.release`` is set."""
    first = threading.Thread(target=embedder.embed_queries, args=(["eerste vraag"],))
    first.start()
    assert model.entered.wait(HANG_GUARD)
    return first


def test_callers_arriving_together_share_one_call_and_get_their_own_vectors() -> None:
    model = GatedEmbedder()
    questions = [f"vraag {n} over water en ontharding" for n in range(10)]
    # a full batch starts at once, however long the wait allowed for filling it
    embedder = BatchingEmbedder(model, max_batch=len(questions), max_wait=3600, max_calls=1)
    first = _busy_with_first(embedder, model)
    results, threads = _ask_in_threads(embedder, questions)
    _until(lambda: embedder.waiting == len(questions))
    model.release.set()
    _join([first, *threads])

    assert len(model.calls) == 2
    assert sorted(model.calls[1]) == sorted(questions)
    reference = HashingEmbedder()
    for question in questions:
        vectors = results[question]
        assert isinstance(vectors, np.ndarray)
        assert vectors.shape == (1, reference.dimension())
        np.testing.assert_array_equal(vectors, reference.embed_queries([question]))


def test_batches_are_bounded_by_the_cap() -> None:
    model = GatedEmbedder()
    embedder = BatchingEmbedder(model, max_batch=4, max_wait=0, max_calls=1)
    first = _busy_with_first(embedder, model)
    two = threading.Thread(target=embedder.embed_queries, args=(["a", "b"],))
    two.start()
    _until(lambda: embedder.waiting == 1)
    results, threads = _ask_in_threads(embedder, [f"vraag {n}" for n in range(9)])
    _until(lambda: embedder.waiting == 10)
    model.release.set()
    _join([first, two, *threads])

    batches = model.calls[1:]
    assert all(len(batch) <= 4 for batch in batches)
    assert sorted(len(batch) for batch in batches) == [3, 4, 4]  # 11 texts: a, b first
    assert batches[0][:2] == ["a", "b"]
    assert all(isinstance(vectors, np.ndarray) for vectors in results.values())


def test_an_error_reaches_every_caller_of_its_batch_and_the_next_batch_works() -> None:
    model = GatedEmbedder()
    embedder = BatchingEmbedder(model, max_batch=2, max_wait=0, max_calls=1)
    first = _busy_with_first(embedder, model)
    results, threads = _ask_in_threads(embedder, ["boom", "een gewone vraag"])
    _until(lambda: embedder.waiting == 2)
    model.release.set()
    _join([first, *threads])

    assert len(model.calls) == 2
    assert sorted(model.calls[1]) == ["boom", "een gewone vraag"]
    assert all(isinstance(results[q], ValueError) for q in ("boom", "een gewone vraag"))
    after = embedder.embed_queries(["daarna"])
    np.testing.assert_array_equal(after, HashingEmbedder().embed_queries(["daarna"]))


def test_two_model_calls_run_at_once_and_a_third_caller_joins_the_next_batch() -> None:
    model = GatedEmbedder(hold=2)
    embedder = BatchingEmbedder(model, max_batch=8, max_wait=0, max_calls=2)
    results, threads = _ask_in_threads(embedder, ["een", "twee"])
    assert model.entered.wait(HANG_GUARD)  # both are in the model, neither waited
    assert embedder.waiting == 0
    later, more = _ask_in_threads(embedder, ["drie", "vier"])
    _until(lambda: embedder.waiting == 2)
    model.release.set()
    _join([*threads, *more])

    assert sorted(map(tuple, model.calls[:2])) == [("een",), ("twee",)]
    assert sorted(text for call in model.calls[2:] for text in call) == ["drie", "vier"]
    reference = HashingEmbedder()
    for question, vectors in {**results, **later}.items():
        assert isinstance(vectors, np.ndarray)
        np.testing.assert_array_equal(vectors, reference.embed_queries([question]))
    assert embedder.calls == len(model.calls)


def test_a_lone_question_is_embedded_at_once_without_waiting_for_company() -> None:
    model = GatedEmbedder()
    model.release.set()
    # an hour to fill a batch: a lone question that waited for company would hang here
    embedder = BatchingEmbedder(model, max_batch=32, max_wait=3600)
    done = threading.Event()

    def ask_three_times() -> None:
        for question in ("een", "twee", "drie"):
            embedder.embed_queries([question])
        done.set()

    threading.Thread(target=ask_three_times, daemon=True).start()
    assert done.wait(HANG_GUARD)
    assert model.calls == [["een"], ["twee"], ["drie"]]
    assert (embedder.calls, embedder.batched) == (3, 3)


def test_identity_and_passages_are_the_wrapped_embedders() -> None:
    model = HashingEmbedder()
    embedder = BatchingEmbedder(model)
    assert embedder.model_id == model.model_id
    assert embedder.fingerprint() == model.fingerprint()
    assert embedder.dimension() == model.dimension()
    np.testing.assert_array_equal(
        embedder.embed_passages(["tekst"]), model.embed_passages(["tekst"])
    )
    assert embedder.embed_queries([]).shape[0] == 0


def test_passages_of_a_batched_question_embedder_are_embedded_by_the_wrapped_one() -> None:
    model = HashingEmbedder()
    assert passage_embedder(BatchingEmbedder(model)) is model


def test_max_batch_and_max_calls_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_batch"):
        BatchingEmbedder(HashingEmbedder(), max_batch=0)
    with pytest.raises(ValueError, match="max_calls"):
        BatchingEmbedder(HashingEmbedder(), max_calls=0)


class RecordingEmbedder(HashingEmbedder):
    """Records the texts of each call for questions."""

    def __init__(self) -> None:
        super().__init__()
        self.query_calls: list[list[str]] = []

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self.query_calls.append(list(texts))
        return super().embed_queries(texts)


def test_one_message_costs_one_model_call(built: BuildReport, settings: Settings) -> None:
    model = RecordingEmbedder()
    bot = Chatbot(settings, model, ALWAYS_IN_SCOPE)
    bot.ask("Wat is een onthardingsmakelaar?")  # loads and warms up
    model.query_calls.clear()
    asked = "Komt er een onthardingsmakelaar voor pleinen in Mechelen?"
    assert bot.ask(asked).hits  # its words are searched without the place too
    assert model.query_calls == [[asked]]
    model.query_calls.clear()
    story = (
        "Wij wonen al twintig jaar in een rijhuis met een koer vol tegels en een oprit in "
        "beton, en bij elke zware bui loopt het water zo de straat op en de kelder in. "
        "Komt er een onthardingsmakelaar die ons helpt?"
    )
    assert bot.ask(story).hits  # and by the words of its question sentence alone
    assert model.query_calls == [[story]]
    model.query_calls.clear()
    listed = "Welke aanbevelingen gaan over water?"
    assert bot.ask(listed).hits  # its subject's words are embedded in the same call
    assert model.query_calls == [[listed, "water"]]
