"""The embedding model in a child process: same vectors, batches, errors, restarts."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from chatbot.embedding_process import EmbeddingProcessError, ProcessEmbedder
from chatbot.service import Chatbot
from indexer.build import BuildReport
from indexer.cache import FingerprintCache
from indexer.embedding import Vectors
from indexer.settings import Settings
from tests.chatbot.process_fakes import FailingEmbedder, SlowPassagesEmbedder
from tests.fakes import HashingEmbedder
from tests.web.conftest import ALWAYS_IN_SCOPE

QUESTIONS = [f"Wat zegt de nota over fietspaden in gemeente {i}?" for i in range(40)]


@pytest.fixture
def embedder() -> Iterator[ProcessEmbedder]:
    process = ProcessEmbedder(FailingEmbedder, model_id="fake-trigram").start()
    yield process
    process.close()


def test_the_child_gives_the_same_vectors_and_answers(embedder: ProcessEmbedder) -> None:
    local = HashingEmbedder()
    assert np.array_equal(embedder.embed_queries(QUESTIONS[:3]), local.embed_queries(QUESTIONS[:3]))
    assert np.array_equal(embedder.embed_passages(["a b c"]), local.embed_passages(["a b c"]))
    assert embedder.embed_queries([]).shape[0] == 0
    assert embedder.dimension() == local.dimension()
    assert embedder.count_tokens("een twee drie") == local.count_tokens("een twee drie")
    assert embedder.fingerprint() == local.fingerprint()
    assert embedder.weights_stamp() == "stamp-1"
    assert embedder.model_id == "fake-trigram"


def test_passages_go_in_slices_so_a_question_meanwhile_does_not_wait_for_all() -> None:
    """A build started in the app embeds through the same child as the questions."""
    passages = [f"passage {i}" for i in range(20)]  # 1 s in the slow fake, 0.1 s a slice
    process = ProcessEmbedder(SlowPassagesEmbedder, model_id="fake-trigram", max_batch=2)
    with contextlib.closing(process.start()):
        process.dimension()  # loaded
        done: dict[str, float] = {}

        def build() -> None:
            vectors = process.embed_passages(passages)
            done["passages"] = time.monotonic()
            assert np.array_equal(vectors, HashingEmbedder().embed_passages(passages))

        thread = threading.Thread(target=build)
        thread.start()
        time.sleep(0.2)
        process.embed_queries([QUESTIONS[0]])
        done["question"] = time.monotonic()
        thread.join()
    assert done["question"] < done["passages"] - 0.3
    assert process.embed_passages([]).shape == (0, HashingEmbedder().dimension())


def test_questions_from_many_threads_each_get_their_own_vector(embedder: ProcessEmbedder) -> None:
    expected = HashingEmbedder().embed_queries(QUESTIONS)
    results: dict[int, Vectors] = {}

    def ask(i: int) -> None:
        results[i] = embedder.embed_queries([QUESTIONS[i]])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(QUESTIONS))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for i, vectors in results.items():
        assert np.array_equal(vectors[0], expected[i])
    assert len(results) == len(QUESTIONS)


def test_an_error_in_the_child_is_raised_in_the_caller_and_the_child_goes_on(
    embedder: ProcessEmbedder,
) -> None:
    with pytest.raises(ValueError, match="cannot embed boom"):
        embedder.embed_queries(["boom"])
    assert embedder.embed_queries(["fiets"]).shape == (1, 256)
    assert embedder.starts == 1


def test_a_killed_child_fails_what_was_asked_and_a_new_one_takes_over(
    embedder: ProcessEmbedder,
) -> None:
    embedder.dimension()
    pid = embedder.pid
    assert pid is not None and pid != os.getpid()
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while True:  # the first request after the kill may still meet the dying child
        try:
            vectors = embedder.embed_queries(["fiets"])
            break
        except EmbeddingProcessError:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    assert vectors.shape == (1, 256)
    assert embedder.starts == 2
    assert embedder.pid not in (None, pid)


def test_the_fingerprint_comes_from_the_builds_cache(tmp_path: Path) -> None:
    cache = FingerprintCache(tmp_path)
    process = ProcessEmbedder(FailingEmbedder, model_id="fake-trigram", fingerprints=cache)
    try:
        assert process.fingerprint() == HashingEmbedder().fingerprint()
    finally:
        process.close()
    assert len(list(tmp_path.glob("*.json"))) == 1, "computed once, then cached by stamp"


def test_the_chatbot_answers_the_same_through_the_child(
    settings: Settings, built: BuildReport
) -> None:
    process = ProcessEmbedder(HashingEmbedder, model_id="fake-trigram")
    try:
        through_child = Chatbot(settings, process, ALWAYS_IN_SCOPE)
        in_process = Chatbot(settings, HashingEmbedder(), ALWAYS_IN_SCOPE)
        question = "Wat is een onthardingsmakelaar?"
        assert through_child.ask(question).to_dict() == in_process.ask(question).to_dict()
    finally:
        process.close()


def test_a_build_with_nothing_to_embed_starts_no_child(
    settings: Settings, built: BuildReport
) -> None:
    """The chatbot's build embedder reads the weights stamp here; only a model whose stamp
    only the child knows has to start it (and the chatbot closes it after the build)."""
    fingerprints = FingerprintCache(settings.cache_dir / "models")
    for stamp, starts in [(None, 1), (lambda: "stamp-1", 0)]:
        process = ProcessEmbedder(
            FailingEmbedder, model_id="fake-trigram", fingerprints=fingerprints, stamp=stamp
        )
        bot = Chatbot(settings, HashingEmbedder(), ALWAYS_IN_SCOPE, build_embedder=process)
        report = bot.build()
        assert not report.changed and report.version == built.version
        assert (process.starts, process.pid) == (starts, None)


@pytest.mark.usefixtures("built")
def test_a_child_that_also_embeds_the_questions_stays_up_after_a_build(
    settings: Settings,
) -> None:
    process = ProcessEmbedder(FailingEmbedder, model_id="fake-trigram").start()
    try:
        bot = Chatbot(settings, process, ALWAYS_IN_SCOPE, build_embedder=process)
        bot.build()
        assert process.pid is not None and process.starts == 1
        assert bot.ask("Wat is een onthardingsmakelaar?").in_scope
        assert process.starts == 1
    finally:
        process.close()
