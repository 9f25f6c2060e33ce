"""LiveIndex: new versions are loaded in the background and swapped in between requests."""

from __future__ import annotations

import itertools
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from chatbot.live import LiveIndex
from indexer.build import BuildReport, rollback
from indexer.settings import Settings
from indexer.store import (
    CHUNKS,
    MANIFEST,
    VECTORS,
    IndexCorruptError,
    IndexMissingError,
    StoredIndex,
    sha256_file,
)
from tests.fakes import HashingEmbedder
from tests.indexer.support import PARAGRAPH_WORD, build, edit_note
from tests.waiting import wait_for

Swaps = list[tuple[str | None, str]]


def manual(settings: Settings) -> Settings:
    """No background thread: versions are noticed on access or on reload()."""
    return settings.model_copy(update={"reload_check_seconds": 0.0})


def best(index: StoredIndex, question: str) -> str:
    (hits,) = index.search(HashingEmbedder().embed_queries([question]), 1)
    return index.chunks[hits[0][0]].text


def publish_edit(settings: Settings, old: str, new: str) -> BuildReport:
    edit_note(settings, old, new)
    report = build(settings, HashingEmbedder())
    assert report.changed
    return report


def recorder(swaps: Swaps) -> Callable[[StoredIndex | None, StoredIndex], None]:
    def on_swap(old: StoredIndex | None, new: StoredIndex) -> None:
        swaps.append((old.manifest.version if old else None, new.manifest.version))

    return on_swap


def test_without_an_index_current_says_how_to_build_one(settings: Settings) -> None:
    live = LiveIndex(manual(settings))
    with pytest.raises(IndexMissingError, match="python -m indexer build"):
        live.current()
    assert live.status().to_dict()["ready"] is False


def test_a_new_version_is_swapped_in_and_requests_in_flight_keep_theirs(
    settings: Settings, built: BuildReport
) -> None:
    swaps: Swaps = []
    live = LiveIndex(manual(settings), embedder=HashingEmbedder(), on_swap=recorder(swaps))
    in_flight = live.current()
    assert live.status().up_to_date and live.status().version == built.version
    second = publish_edit(settings, PARAGRAPH_WORD, "onthardingsbemiddelaar")
    assert live.status().published == second.version and not live.status().up_to_date
    assert live.current() is in_flight or live.current().manifest.version == second.version
    status = live.reload()
    assert (status.version, status.up_to_date, status.swaps, status.error) == (
        second.version,
        True,
        1,
        None,
    )
    assert "onthardingsbemiddelaar" in best(live.current(), "onthardingsbemiddelaar")
    # the request that took the old index before the swap finishes on it
    assert in_flight.manifest.version == built.version
    assert PARAGRAPH_WORD in best(in_flight, PARAGRAPH_WORD)
    assert swaps == [(None, built.version), (built.version, second.version)]


def truncate_vectors(folder: Path) -> None:
    vectors = folder / VECTORS
    vectors.write_bytes(vectors.read_bytes()[:-64])


def tamper_chunks(folder: Path) -> None:
    """Change a passage and fix the manifest's checksum, as a careful forger would."""
    chunks = folder / CHUNKS
    chunks.write_text(chunks.read_text("utf-8").replace("regio", "stad", 1), "utf-8")
    manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    manifest["files"][CHUNKS] = sha256_file(chunks)
    (folder / MANIFEST).write_text(json.dumps(manifest), "utf-8")


def garble_manifest(folder: Path) -> None:
    (folder / MANIFEST).write_text("{", "utf-8")


def lose_chunks(folder: Path) -> None:
    (folder / CHUNKS).unlink()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (truncate_vectors, "vectors.faiss does not match its checksum"),
        (tamper_chunks, "does not match its content"),
        (garble_manifest, "is not a valid manifest"),
        (lose_chunks, "chunks.jsonl is missing"),
    ],
)
def test_a_version_that_fails_to_load_is_reported_and_the_old_one_keeps_serving(
    settings: Settings,
    built: BuildReport,
    caplog: pytest.LogCaptureFixture,
    damage: Callable[[Path], None],
    message: str,
) -> None:
    live = LiveIndex(manual(settings))
    live.current()
    broken = publish_edit(settings, PARAGRAPH_WORD, "onthardingsbemiddelaar")
    damage(broken.path)
    with caplog.at_level(logging.ERROR, logger="chatbot.live"):
        status = live.reload()
    assert status.ready and status.version == built.version and not status.up_to_date
    assert status.error is not None and status.error.version == broken.version
    assert "IndexCorruptError" in status.error.message
    assert message in status.error.message
    assert PARAGRAPH_WORD in best(live.current(), PARAGRAPH_WORD)  # the old answers
    assert any(broken.version in record.getMessage() for record in caplog.records)
    detail = status.to_dict()
    assert detail["error"]["version"] == broken.version and detail["published"] == broken.version
    for _ in range(5):  # a failed version is not retried on every request
        assert live.current().manifest.version == built.version
        assert live.status().loading is None
    fixed = publish_edit(settings, "onthardingsbemiddelaar", "ontharder")
    status = live.reload()
    assert (status.version, status.up_to_date, status.error) == (fixed.version, True, None)


def test_an_index_built_with_another_model_is_refused(
    settings: Settings, built: BuildReport
) -> None:
    live = LiveIndex(manual(settings), embedder=HashingEmbedder())
    live.current()
    edit_note(settings, PARAGRAPH_WORD, "onthardingsbemiddelaar")
    build(settings, HashingEmbedder(dimension=64, model_id="other"))
    status = live.reload()
    assert status.version == built.version
    assert status.error is not None and "IndexMismatchError" in status.error.message


def test_a_broken_live_version_at_startup_falls_back_to_one_that_loads(
    settings: Settings, built: BuildReport
) -> None:
    broken = publish_edit(settings, PARAGRAPH_WORD, "onthardingsbemiddelaar")
    (broken.path / VECTORS).write_bytes(b"")
    live = LiveIndex(manual(settings))
    assert live.current().manifest.version == built.version
    status = live.status()
    assert status.error is not None and status.error.version == broken.version
    assert not status.up_to_date
    (built.path / VECTORS).write_bytes(b"")
    with pytest.raises(IndexCorruptError):
        LiveIndex(manual(settings)).current()


def test_prepare_builds_what_requests_use_before_the_swap_and_may_refuse_a_version(
    settings: Settings, built: BuildReport
) -> None:
    @dataclass(frozen=True)
    class Answerer:  # what a service would build from an index: a retriever, say
        version: str
        passages: int

    def prepare(index: StoredIndex) -> Answerer:
        if any("weigeren" in chunk.text for chunk in index.chunks):
            raise ValueError("this version is refused by prepare")
        return Answerer(index.manifest.version, len(index.chunks))

    swaps: list[tuple[Answerer | None, Answerer]] = []
    live = LiveIndex(manual(settings), prepare=prepare, on_swap=lambda o, n: swaps.append((o, n)))
    first = live.current()
    assert first == Answerer(built.version, 51)
    assert live.index().manifest.version == built.version
    refused = publish_edit(settings, PARAGRAPH_WORD, "weigeren")
    status = live.reload()
    assert live.current() is first and status.version == built.version
    assert status.error is not None and status.error.version == refused.version
    assert "refused by prepare" in status.error.message
    accepted = publish_edit(settings, "weigeren", "aanvaarden")
    assert live.reload().version == accepted.version
    assert live.current() == Answerer(accepted.version, 51)
    assert swaps == [(None, first), (first, live.current())]


def test_a_rollback_is_followed(settings: Settings, built: BuildReport) -> None:
    live = LiveIndex(manual(settings))
    publish_edit(settings, PARAGRAPH_WORD, "onthardingsbemiddelaar")
    assert "onthardingsbemiddelaar" in best(live.current(), "onthardingsbemiddelaar")
    rollback(settings, log=lambda _m: None)
    assert live.reload().version == built.version
    assert PARAGRAPH_WORD in best(live.current(), "onthardingsbemiddelaar")


def test_the_background_thread_notices_a_new_version_by_itself(
    settings: Settings, built: BuildReport
) -> None:
    quick = settings.model_copy(update={"reload_check_seconds": 0.02})
    with LiveIndex(quick) as live:
        live.current()
        second = publish_edit(settings, PARAGRAPH_WORD, "onthardingsbemiddelaar")
        wait_for(lambda: live.status().version == second.version)
    assert live.status().swaps == 1


def test_a_client_asking_in_a_loop_while_versions_are_published_never_fails(
    settings: Settings, built: BuildReport
) -> None:
    """The LiveIndex half of 'answers switch with zero failed requests' (HTTP: see service)."""
    quick = settings.model_copy(update={"reload_check_seconds": 0.01, "keep_versions": 1})
    words = [PARAGRAPH_WORD, *(f"onthardingsmakelaar{n}" for n in range(1, 5))]
    # a word of the edited chunk that the edits leave alone: the same chunk always answers
    queries = HashingEmbedder().embed_queries(["Werk aan een onthardingsstrategie"])
    seen: list[tuple[str, str]] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def client(live: LiveIndex[StoredIndex]) -> None:
        while not stop.is_set():
            try:
                index = live.current()  # one request: one index, start to finish
                (hits,) = index.search(queries, 3)
                text = index.chunks[hits[0][0]].text
                word = next(w for w in reversed(words) if w in text)
                seen.append((index.manifest.version, word))
            except BaseException as exc:  # any failure fails the test
                failures.append(exc)

    versions = [built.version]
    with LiveIndex(quick) as live:
        live.current()
        thread = threading.Thread(target=client, args=(live,), daemon=True)
        thread.start()
        try:
            for old, new in itertools.pairwise(words):
                versions.append(publish_edit(settings, old, new).version)
                wait_for(lambda: bool(failures) or seen[-1][0] == versions[-1])
        finally:
            stop.set()
            thread.join(10)
    assert failures == []
    assert len(seen) > 50
    order = list(dict.fromkeys(version for version, _ in seen))
    assert order == versions  # every version served, in order, none twice
    for version, word in seen:  # each answer comes from the version that served it
        assert word == words[versions.index(version)]
