from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.build import (
    BuildReport,
    build_index,
    list_versions,
    live_index_dir,
    load_live_index,
)
from indexer.documents import DocumentError
from indexer.settings import Settings
from indexer.store import (
    CHUNKS,
    MANIFEST,
    VECTORS,
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    check_model,
    load_index,
)
from tests.fakes import HashingEmbedder


def test_build_publishes_a_self_describing_index(built: BuildReport, settings: Settings) -> None:
    assert (built.documents, built.chunks) == (1, 51)
    live = live_index_dir(settings.index_root)
    assert live == built.path
    assert sorted(p.name for p in live.iterdir()) == sorted([MANIFEST, CHUNKS, VECTORS])
    manifest = json.loads((live / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["model"] == "fake-trigram"
    assert manifest["dimension"] == 256
    assert manifest["chunk_count"] == 51
    assert set(manifest["documents"]) == {"alles-vloeit-folder.md"}
    assert set(manifest["files"]) == {CHUNKS, VECTORS}
    assert manifest["format_version"] == 1
    assert set(manifest["recipe"]) == {
        "chunks",
        "vectors",
        "model",
        "fingerprint",
        "max_tokens",
        "vector_index",
    }
    assert manifest["vector_index"] == {"kind": "flat", "metric": "inner_product"}
    assert manifest["summary"] == "documents 1 (+1 ~0 -0), chunks 51 (+51 ~0 -0), embedded 51"


def test_an_index_written_before_recipes_still_loads(built: BuildReport) -> None:
    path = built.path / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["recipe"], data["summary"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_index(built.path).manifest.recipe == {}


def test_round_trip_keeps_chunks_and_answers(built: BuildReport, settings: Settings) -> None:
    index = load_live_index(settings.index_root)
    assert len(index.chunks) == 51
    assert index.manifest.version == built.version
    query = HashingEmbedder().embed_queries(["regionale onthardingsmakelaar"])
    (hits,) = index.search(query, 3)
    best = index.chunks[hits[0][0]]
    assert (best.recommendation, best.item) == (6, 3)
    assert hits[0][1] >= hits[1][1] >= hits[2][1]


def test_a_model_other_than_the_indexs_is_refused(built: BuildReport, settings: Settings) -> None:
    manifest = load_live_index(settings.index_root).manifest
    other = HashingEmbedder(dimension=128, model_id="other")
    with pytest.raises(IndexMismatchError, match=r"built with model 'fake-trigram'.*rebuild"):
        check_model(manifest, other.model_id, other.fingerprint(), other.dimension())


def test_a_newer_format_is_refused(built: BuildReport) -> None:
    path = built.path / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    data["format_version"] = 99
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="index format 99"):
        load_index(built.path)


@pytest.mark.parametrize("name", [CHUNKS, VECTORS])
def test_a_truncated_or_altered_file_is_refused(built: BuildReport, name: str) -> None:
    path = built.path / name
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(IndexCorruptError, match=f"{name} does not match its checksum"):
        load_index(built.path)


def test_missing_index_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="python -m indexer build"):
        load_live_index(tmp_path)


def test_a_failed_build_leaves_the_live_index_alone(
    built: BuildReport, settings: Settings, embedder: HashingEmbedder
) -> None:
    (settings.corpus_dir / "kapot.md").write_text("   ", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"kapot\.md"):
        build_index(settings, embedder, log=lambda _m: None)
    assert live_index_dir(settings.index_root) == built.path
    assert list_versions(settings.index_root) == [built.version]
    assert not [p for p in (settings.index_root / "versions").iterdir() if p.name.startswith(".")]


def test_an_empty_corpus_is_an_error(settings: Settings, embedder: HashingEmbedder) -> None:
    (settings.corpus_dir / "alles-vloeit-folder.md").unlink()
    with pytest.raises(DocumentError, match="no documents"):
        build_index(settings, embedder, log=lambda _m: None)


def test_documents_that_are_not_read_are_named_in_every_summary(
    settings: Settings, embedder: HashingEmbedder
) -> None:
    (settings.corpus_dir / "faq.rtf").write_bytes(b"{\\rtf1 faq}")
    (settings.corpus_dir / "presentatie.odp").write_bytes(b"PK odp")
    (settings.corpus_dir / "~$faq.docx").write_bytes(b"Word's lock file")
    (settings.corpus_dir / "bronnen.json").write_text("{}", encoding="utf-8")
    logged: list[str] = []
    first = build_index(settings, embedder, log=logged.append)
    again = build_index(settings, embedder, log=lambda _m: None)
    assert first.documents == 1 and not again.changed
    assert any(
        "Reading 1 document(s)" in m and "(2 not read: see the warnings)" in m for m in logged
    )
    for report in (first, again):
        lines = report.summary().splitlines()
        warnings = [line for line in lines if "Warning" in line]
        assert warnings == lines[1:3]  # right under the line that says what went live
        assert len(warnings) == 2
        assert "faq.rtf is not read: .rtf files are not supported" in warnings[0]
        assert "presentatie.odp is not read" in warnings[1]
        assert "PowerPoint (.pptx), Excel (.xlsx), a web page (.html)" in warnings[1]
    (settings.corpus_dir / "alles-vloeit-folder.md").unlink()
    with pytest.raises(DocumentError, match=r"no documents .*faq\.rtf is not read"):
        build_index(settings, embedder, log=lambda _m: None)


def test_old_versions_are_pruned(settings: Settings, embedder: HashingEmbedder) -> None:
    note = settings.corpus_dir / "alles-vloeit-folder.md"
    reports = []
    for n in range(settings.keep_versions + 2):
        note.write_text(note.read_text(encoding="utf-8") + f"\n\nZin {n}.\n", encoding="utf-8")
        reports.append(build_index(settings, embedder, log=lambda _m: None))
    kept = list_versions(settings.index_root)
    assert len(kept) == settings.keep_versions
    assert kept[-1] == reports[-1].version == live_index_dir(settings.index_root).name
