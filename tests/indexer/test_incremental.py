"""Incremental builds: unchanged documents and passages are not read or embedded again."""

from __future__ import annotations

import shutil

import pytest

from indexer.build import ChunkChanges, DocumentChanges, build_index, list_versions
from indexer.settings import Settings
from indexer.store import load_index
from indexer.versions import live_index_dir, load_live_index
from tests.indexer.support import (
    FAQ,
    NOTE_NAME,
    PARAGRAPH_WORD,
    StampedEmbedder,
    build,
    edit_note,
    leftovers,
)


@pytest.fixture
def first(settings: Settings) -> StampedEmbedder:
    """The note built once; returns the embedder that built it."""
    embedder = StampedEmbedder()
    report = build(settings, embedder)
    assert report.changed and report.embedded == 51
    return embedder


def test_a_rebuild_with_nothing_changed_embeds_nothing_and_loads_no_model(
    settings: Settings, first: StampedEmbedder
) -> None:
    before = list_versions(settings.index_root)
    fresh = StampedEmbedder()  # a new process: nothing in memory
    report = build(settings, fresh)
    assert not report.changed
    assert report.summary().startswith("Nothing changed: 1 document(s), 51 chunks;")
    assert not fresh.loaded_anything  # no fingerprint, no tokenizer, no embedding
    assert list_versions(settings.index_root) == before
    assert report.version == before[-1]


def test_changing_one_paragraph_embeds_only_its_chunk(
    settings: Settings, first: StampedEmbedder
) -> None:
    old = load_live_index(settings.index_root)
    edit_note(settings, PARAGRAPH_WORD, "onthardingsbemiddelaar")
    embedder = StampedEmbedder()
    report = build(settings, embedder)
    assert report.changed and report.embedded == 1 and report.from_cache == 50
    assert embedder.passages_embedded == 1
    assert report.document_changes == DocumentChanges(changed=(NOTE_NAME,))
    assert report.chunk_changes == ChunkChanges(changed=1, unchanged=50)
    new = load_live_index(settings.index_root)
    (gone,) = set(old.chunks) - set(new.chunks)
    (came,) = set(new.chunks) - set(old.chunks)
    assert (gone.recommendation, gone.item) == (came.recommendation, came.item) == (6, 3)
    assert "onthardingsbemiddelaar" in came.text


def test_adding_replacing_and_removing_a_file_changes_exactly_its_chunks(
    settings: Settings, first: StampedEmbedder
) -> None:
    note_ids = [c.id for c in load_live_index(settings.index_root).chunks]
    faq = settings.corpus_dir / "faq.md"
    faq.write_text(FAQ, encoding="utf-8")
    embedder = StampedEmbedder()
    added = build(settings, embedder)
    assert added.document_changes == DocumentChanges(added=("faq.md",), unchanged=(NOTE_NAME,))
    assert added.chunk_changes == ChunkChanges(added=2, unchanged=51)
    assert (added.documents_read, added.embedded) == (1, 2)
    chunks = load_live_index(settings.index_root).chunks
    assert [c.id for c in chunks if c.document == NOTE_NAME] == note_ids
    assert [(c.section, c.title) for c in chunks if c.document == "faq.md"] == [
        ("document", "Wat is de Vraagbaak?"),
        ("document", "Wie beheert de inhoud?"),
    ]

    faq.write_text(FAQ.replace("IGEMO.", "IGEMO, de streekintercommunale."), encoding="utf-8")
    replaced = build(settings, embedder)
    assert replaced.chunk_changes == ChunkChanges(changed=1, unchanged=52)
    assert replaced.embedded == 1

    faq.unlink()
    removed = build(settings, embedder)
    assert removed.document_changes == DocumentChanges(removed=("faq.md",), unchanged=(NOTE_NAME,))
    assert removed.chunk_changes == ChunkChanges(removed=2, unchanged=51)
    assert removed.embedded == 0
    assert [c.id for c in load_live_index(settings.index_root).chunks] == note_ids


def test_the_summary_says_what_changed(settings: Settings, first: StampedEmbedder) -> None:
    (settings.corpus_dir / "faq.md").write_text(FAQ, encoding="utf-8")
    lines = build(settings, StampedEmbedder()).summary().splitlines()
    assert lines[0].startswith("Published ") and " (replaces " in lines[0]
    assert lines[1] == "  documents: 2 (1 added, 0 changed, 0 removed, 1 unchanged; 1 read)"
    assert lines[2] == "    added: faq.md"
    assert lines[3] == "  chunks: 53 (2 added, 0 changed, 0 removed, 51 unchanged)"
    assert lines[4] == "  embedded: 2 passage(s), 51 from the cache (model fake-trigram)"
    manifest = load_live_index(settings.index_root).manifest
    assert manifest.summary == "documents 2 (+1 ~0 -0), chunks 53 (+2 ~0 -0), embedded 2"


def test_new_weights_with_the_same_fingerprint_change_nothing(
    settings: Settings, first: StampedEmbedder
) -> None:
    touched = StampedEmbedder(stamp="weights-v1-copied")  # same weights, other file times
    report = build(settings, touched)
    assert not report.changed
    assert touched.fingerprints_computed == 1 and touched.passages_embedded == 0


def test_another_model_embeds_everything_again(settings: Settings, first: StampedEmbedder) -> None:
    other = StampedEmbedder(stamp="weights-v2", dimension=128)
    report = build(settings, other)
    assert report.changed and report.embedded == 51
    assert load_live_index(settings.index_root).manifest.dimension == 128


def test_a_prompt_change_reembeds_and_a_force_build_ignores_the_caches(
    settings: Settings, first: StampedEmbedder
) -> None:
    prompted = settings.model_copy(update={"passage_prompt": "passage (v2): "})
    assert build(prompted, StampedEmbedder()).embedded == 51
    forced = StampedEmbedder()
    report = build(prompted, forced, force=True)
    assert report.changed and forced.passages_embedded == 51 and forced.tokens_counted > 0
    assert report.chunk_changes == ChunkChanges(unchanged=51)


def test_damaged_cache_entries_are_misses_not_wrong_vectors(
    settings: Settings, first: StampedEmbedder
) -> None:
    vectors = sorted((settings.cache_dir / "vectors").rglob("*.vec"))
    assert len(vectors) == 51
    vectors[0].write_bytes(vectors[0].read_bytes()[:-7])
    vectors[1].write_bytes(b"\0" * len(vectors[1].read_bytes()))
    for entry in (settings.cache_dir / "chunks").glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    live = live_index_dir(settings.index_root)
    (settings.index_root / "current").unlink()  # the index is lost; the caches are left
    embedder = StampedEmbedder()
    report = build(settings, embedder)
    assert (report.embedded, report.documents_read) == (2, 1)
    rebuilt = load_live_index(settings.index_root)
    assert [c.id for c in rebuilt.chunks] == [c.id for c in load_index(live).chunks]


def test_the_caches_keep_only_what_kept_versions_need(settings: Settings) -> None:
    embedder = StampedEmbedder()
    for n in range(settings.keep_versions + 2):
        (settings.corpus_dir / "extra.txt").write_text(f"Extra tekst nummer {n}.", "utf-8")
        build(settings, embedder)
    kept = {
        c.embedding_text
        for name in list_versions(settings.index_root)
        for c in load_index(settings.index_root / "versions" / name).chunks
    }
    assert len(kept) == 51 + settings.keep_versions
    assert len(list((settings.cache_dir / "vectors").rglob("*.vec"))) == len(kept)
    chunk_entries = list((settings.cache_dir / "chunks").glob("*.json"))
    assert len(chunk_entries) == 1 + settings.keep_versions  # the note once, each extra.txt
    assert not leftovers(settings.data_dir)


def test_a_plain_text_faq_and_the_note_answer_side_by_side(settings: Settings) -> None:
    (settings.corpus_dir / "faq.txt").write_text(
        "WAT KOST DE VRAAGBAAK\n\nNiets: de Vraagbaak is gratis voor iedereen.\n", "utf-8"
    )
    embedder = StampedEmbedder()
    build(settings, embedder)
    index = load_live_index(settings.index_root)
    (hits,) = index.search(embedder.embed_queries(["Is de Vraagbaak gratis?"]), 1)
    best = index.chunks[hits[0][0]]
    assert (best.document, best.section, best.recommendation) == ("faq.txt", "document", 0)
    assert best.title == "WAT KOST DE VRAAGBAAK"
    assert best.text == "Niets: de Vraagbaak is gratis voor iedereen."


def test_build_index_keeps_its_old_signature(settings: Settings) -> None:
    report = build_index(settings, StampedEmbedder(), log=lambda _m: None)
    assert (report.documents, report.chunks, report.model) == (1, 51, "fake-trigram")


def test_unchanged_passages_take_their_vectors_from_the_live_version(
    settings: Settings, first: StampedEmbedder
) -> None:
    before = load_live_index(settings.index_root)
    shutil.rmtree(settings.cache_dir / "vectors")  # one read of vectors.faiss, no cache files
    edit_note(settings, PARAGRAPH_WORD, "onthardingsbemiddelaar")
    embedder = StampedEmbedder()
    report = build(settings, embedder)
    assert report.embedded == 1 and embedder.passages_embedded == 1
    after = load_live_index(settings.index_root)
    kept = {c.id: p for p, c in enumerate(before.chunks)}
    for position, chunk in enumerate(after.chunks):
        if chunk.id in kept:
            assert (
                after.vectors.reconstruct(position) == before.vectors.reconstruct(kept[chunk.id])
            ).all()


def test_unchanged_documents_take_their_chunks_from_the_live_version(
    settings: Settings, first: StampedEmbedder
) -> None:
    faq = settings.corpus_dir / "faq.md"
    faq.write_text(FAQ, encoding="utf-8")
    build(settings, StampedEmbedder())
    shutil.rmtree(settings.cache_dir / "chunks")  # the note's chunks can only come from live
    faq.write_text(FAQ.replace("IGEMO.", "IGEMO, de streekintercommunale."), encoding="utf-8")
    report = build(settings, StampedEmbedder())
    assert report.documents_read == 1
    assert report.chunk_changes == ChunkChanges(changed=1, unchanged=52)
