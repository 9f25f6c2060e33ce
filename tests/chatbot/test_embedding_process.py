"""The embedding model in a child process: same vectors, slices, errors, restarts."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from chatbot.embedding_process import EmbeddingProcessError, ProcessEmbedder
from chatbot.service import Chatbot
from indexer.build import BuildReport
from indexer.cache import FingerprintCache
from indexer.settings import Settings
from tests.chatbot.process_fakes import (
    FailingEmbedder,
    HangingEmbedder,
    LoggingSlowEmbedder,
    broken_model,
)
from tests.fakes import HashingEmbedder
from tests.waiting import wait_for
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
    assert embedder.child_pid() not in (None, os.getpid())


def test_passages_go_in_slices_so_a_question_meanwhile_does_not_wait_for_all(
    tmp_path: Path,
) -> None:
    """A build started in the app embeds through the same child as the questions."""
    log = tmp_path / "requests.log"
    passages = [f"passage {i}" for i in range(20)]  # ten slices of two, 0.1 s each

    def served() -> list[str]:
        return log.read_text(encoding="utf-8").split() if log.exists() else []

    process = ProcessEmbedder(partial(LoggingSlowEmbedder, log), model_id="m", slice_size=2)
    with closing(process.start()), ThreadPoolExecutor(1) as builder:
        build = builder.submit(process.embed_passages, passages)
        wait_for(lambda: "passages" in served())
        process.embed_queries([QUESTIONS[0]])
        vectors = build.result()
    assert np.array_equal(vectors, HashingEmbedder().embed_passages(passages))
    order = served()
    assert order.count("passages") == 10
    assert 0 < order.index("question") < 10, "answered between two slices"
    assert process.embed_passages([]).shape == (0, HashingEmbedder().dimension())


def test_questions_from_many_threads_each_get_their_own_vector(embedder: ProcessEmbedder) -> None:
    expected = HashingEmbedder().embed_queries(QUESTIONS)
    with ThreadPoolExecutor(8) as threads:
        results = list(threads.map(lambda q: embedder.embed_queries([q])[0], QUESTIONS))
    assert np.array_equal(np.vstack(results), expected)


def test_an_error_in_the_child_is_raised_in_the_caller_and_the_child_goes_on(
    embedder: ProcessEmbedder,
) -> None:
    with pytest.raises(ValueError, match="cannot embed boom"):
        embedder.embed_queries(["boom"])
    assert embedder.embed_queries(["fiets"]).shape == (1, 256)
    assert embedder.starts == 1


def test_a_killed_child_fails_what_was_asked_and_a_new_one_takes_over(tmp_path: Path) -> None:
    started = tmp_path / "hanging"
    process = ProcessEmbedder(partial(HangingEmbedder, started), model_id="fake-trigram")
    with closing(process), ThreadPoolExecutor(1) as asker:
        in_flight = asker.submit(process.embed_queries, ["hang"])
        wait_for(started.exists)
        pid = int(started.read_text(encoding="utf-8"))
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(EmbeddingProcessError, match="stopped"):
            in_flight.result()
        assert process.embed_queries(["fiets"]).shape == (1, 256)
        assert process.starts == 2
        assert process.child_pid() not in (None, pid)


def test_a_model_that_cannot_load_fails_each_request_clearly() -> None:
    process = ProcessEmbedder(broken_model, model_id="broken")
    with closing(process):
        for _ in range(2):  # and the next request tries a new child
            with pytest.raises(EmbeddingProcessError):
                process.embed_queries(["fiets"])
    assert process.starts == 2


def test_close_ends_the_child_and_the_next_request_starts_one(embedder: ProcessEmbedder) -> None:
    pid = embedder.child_pid()
    assert pid is not None
    embedder.close()
    assert embedder.child_pid() is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone, and reaped: its memory is given back
    assert embedder.embed_queries(["fiets"]).shape == (1, 256)
    assert embedder.starts == 2


def test_the_fingerprint_comes_from_the_builds_cache(tmp_path: Path) -> None:
    cache = FingerprintCache(tmp_path)
    process = ProcessEmbedder(FailingEmbedder, model_id="fake-trigram", fingerprints=cache)
    with closing(process):
        assert process.fingerprint() == HashingEmbedder().fingerprint()
    assert len(list(tmp_path.glob("*.json"))) == 1, "computed once, then cached by stamp"


def test_the_chatbot_answers_the_same_through_the_child(
    settings: Settings, built: BuildReport
) -> None:
    process = ProcessEmbedder(HashingEmbedder, model_id="fake-trigram")
    with closing(process):
        through_child = Chatbot(settings, process, ALWAYS_IN_SCOPE)
        in_process = Chatbot(settings, HashingEmbedder(), ALWAYS_IN_SCOPE)
        question = "Wat is een onthardingsmakelaar?"
        assert through_child.ask(question).to_dict() == in_process.ask(question).to_dict()


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
        assert (process.starts, process.child_pid()) == (starts, None)


@pytest.mark.usefixtures("built")
def test_a_child_that_also_embeds_the_questions_stays_up_after_a_build(
    settings: Settings,
) -> None:
    process = ProcessEmbedder(FailingEmbedder, model_id="fake-trigram").start()
    with closing(process):
        bot = Chatbot(settings, process, ALWAYS_IN_SCOPE, build_embedder=process)
        bot.build()
        assert process.child_pid() is not None and process.starts == 1
        assert bot.ask("Wat is een onthardingsmakelaar?").in_scope
        assert process.starts == 1
