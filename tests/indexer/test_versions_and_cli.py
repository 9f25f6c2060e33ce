"""``python -m indexer build|info|list|verify|rollback``, run in-process, and what they guard."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from indexer.build import BuildLockedError, list_versions
from indexer.cli import LOCKED, main
from indexer.documents import DocumentError
from indexer.lock import build_lock
from indexer.settings import Settings
from indexer.store import (
    CHUNKS,
    MANIFEST,
    VECTORS,
    IndexCorruptError,
    load_index,
    sha256_file,
)
from indexer.versions import live_index_dir, load_live_index
from tests.indexer.support import PARAGRAPH_WORD, StampedEmbedder, build, edit_note, leftovers

Capture = pytest.CaptureFixture[str]


def run(settings: Settings, *argv: str, embedder: StampedEmbedder | None = None) -> int:
    return main(list(argv), settings, embedder=embedder or StampedEmbedder())


def best_text(settings: Settings, question: str) -> str:
    index = load_live_index(settings.index_root)
    (hits,) = index.search(StampedEmbedder().embed_queries([question]), 1)
    return index.chunks[hits[0][0]].text


def test_build_then_nothing_changed(settings: Settings, capsys: Capture) -> None:
    assert run(settings, "build") == 0
    out, err = capsys.readouterr()
    assert out.startswith("Published ") and "embedded: 51 passage(s)" in out
    assert "alles-vloeit-folder.md: 51 chunks" in err and " is live" in err
    started = time.perf_counter()
    assert run(settings, "build", "--quiet") == 0
    assert time.perf_counter() - started < 3
    assert capsys.readouterr().out.startswith("Nothing changed: 1 document(s), 51 chunks;")


def test_a_quiet_build_prints_the_summary_and_what_needs_attention(
    settings: Settings, capsys: Capture
) -> None:
    (settings.corpus_dir / "verslag.document.md").write_text(
        "# Verslag\n\n### Context en uitdagingen\n\nDe werkgroep besprak de stand van zaken.\n",
        encoding="utf-8",
    )
    assert run(settings, "build", "--quiet") == 0
    out, err = capsys.readouterr()
    assert out.startswith("Published ")
    assert err.splitlines() == [
        "Warning: verslag.document.md: looks like the note but is indexed as an ordinary "
        "document (its name ends in .document): cited by file name and heading, without "
        "recommendation numbers"
    ]


def test_info_and_list_show_the_live_version(settings: Settings, capsys: Capture) -> None:
    first = build(settings, StampedEmbedder())
    edit_note(settings, PARAGRAPH_WORD, "onthardingsbemiddelaar")
    second = build(settings, StampedEmbedder())
    capsys.readouterr()
    assert run(settings, "info") == 0
    info = json.loads(capsys.readouterr().out)
    assert info["live"] == second.version
    assert info["versions"] == [first.version, second.version]
    assert info["summary"].startswith("documents 1 (+0 ~1 -0), chunks 51 (+0 ~1 -0)")
    assert info["vector_index"] == {"kind": "flat", "metric": "inner_product"}
    assert run(settings, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"  {first.version}")
    assert lines[2].startswith(f"* {second.version}") and "51 chunks" in lines[2]


def test_verify_checks_checksums_answers_and_model(settings: Settings, capsys: Capture) -> None:
    report = build(settings, StampedEmbedder())
    capsys.readouterr()
    assert run(settings, "verify") == 0
    assert capsys.readouterr().out.startswith(f"ok     {report.version}: 51 chunks")
    other_model = StampedEmbedder(stamp="other", dimension=128)
    assert run(settings, "verify", embedder=other_model) == 1
    assert "FAILED" in capsys.readouterr().out
    assert run(settings, "verify", "--no-model", embedder=other_model) == 0
    assert run(settings, "verify", "no-such-version") == 1


def test_a_tampered_chunks_file_is_refused_even_with_a_matching_checksum(
    settings: Settings, capsys: Capture
) -> None:
    report = build(settings, StampedEmbedder())
    chunks = report.path / CHUNKS
    chunks.write_text(
        chunks.read_text(encoding="utf-8").replace(PARAGRAPH_WORD, "bouwpromotor"), "utf-8"
    )
    with pytest.raises(IndexCorruptError, match=r"chunks\.jsonl does not match its checksum"):
        load_index(report.path)
    manifest = report.path / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["files"][CHUNKS] = sha256_file(chunks)  # a careful forger fixes the checksum too
    manifest.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match=r"does not match its content"):
        load_index(report.path)
    capsys.readouterr()
    assert run(settings, "verify", "--no-model") == 1
    assert "does not match its content" in capsys.readouterr().out


def test_a_manifest_without_checksums_or_with_wrong_types_is_refused(settings: Settings) -> None:
    report = build(settings, StampedEmbedder())
    manifest = report.path / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "files": {}}), encoding="utf-8")
    with pytest.raises(
        IndexCorruptError, match=r"has no checksum for chunks\.jsonl, vectors\.faiss"
    ):
        load_index(report.path)
    manifest.write_text(json.dumps({**data, "chunk_count": "51"}), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="not a valid manifest"):
        load_index(report.path)


def test_a_vectors_file_that_faiss_cannot_read_is_refused(settings: Settings) -> None:
    report = build(settings, StampedEmbedder())
    vectors = report.path / VECTORS
    vectors.write_bytes(b"garbage" * 10)
    manifest = report.path / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["files"][VECTORS] = sha256_file(vectors)
    manifest.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match=r"vectors\.faiss cannot be read"):
        load_index(report.path)


def test_rollback_restores_the_previous_answers(settings: Settings, capsys: Capture) -> None:
    first = build(settings, StampedEmbedder())
    assert PARAGRAPH_WORD in best_text(settings, "Wat doet een onthardingsmakelaar?")
    edit_note(settings, PARAGRAPH_WORD, "onthardingsbemiddelaar")
    second = build(settings, StampedEmbedder())
    assert "onthardingsbemiddelaar" in best_text(settings, "Wat doet een onthardingsbemiddelaar?")
    capsys.readouterr()
    assert run(settings, "rollback") == 0
    assert f"Rolled back: {first.version} is live (was {second.version})" in capsys.readouterr().out
    assert PARAGRAPH_WORD in best_text(settings, "Wat doet een onthardingsbemiddelaar?")
    assert run(settings, "rollback") == 1  # nothing older
    assert "no version older than the live one" in capsys.readouterr().err
    assert run(settings, "rollback", second.version) == 0
    assert live_index_dir(settings.index_root) == second.path
    # the next build rebuilds from the corpus, which still has the edit: nothing to do
    assert not build(settings, StampedEmbedder()).changed


def test_rollback_refuses_a_broken_version_or_one_of_another_model(
    settings: Settings, capsys: Capture
) -> None:
    first = build(settings, StampedEmbedder())
    edit_note(settings, PARAGRAPH_WORD, "onthardingsbemiddelaar")
    second = build(settings, StampedEmbedder())
    (first.path / VECTORS).write_bytes((first.path / VECTORS).read_bytes()[:-10])
    capsys.readouterr()
    assert run(settings, "rollback") == 1
    assert "does not match its checksum" in capsys.readouterr().err
    assert live_index_dir(settings.index_root) == second.path
    third = build(settings, StampedEmbedder(stamp="v2", dimension=128), force=True)
    assert run(settings, "rollback", embedder=StampedEmbedder(stamp="v2", dimension=128)) == 1
    assert "was built with model" in capsys.readouterr().err
    assert live_index_dir(settings.index_root) == third.path


def test_a_scanned_pdf_fails_the_build_and_publishes_nothing(
    settings: Settings, capsys: Capture
) -> None:
    from fpdf import FPDF

    report = build(settings, StampedEmbedder())
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)  # an image of a page, no text layer
    pdf.output(str(settings.corpus_dir / "nota-2025.pdf"))
    with pytest.raises(DocumentError, match=r"nota-2025\.pdf: no extractable text \(a scan"):
        build(settings, StampedEmbedder())
    capsys.readouterr()
    assert run(settings, "build", "--quiet") == 1
    err = capsys.readouterr().err
    assert "error: nota-2025.pdf: no extractable text (a scan without a text layer?)" in err
    assert f"Nothing was published; {report.version} stays live." in err
    assert list_versions(settings.index_root) == [report.version]
    assert live_index_dir(settings.index_root) == report.path
    assert not leftovers(settings.data_dir)


def test_pages_without_text_are_reported(settings: Settings, tmp_path: Path) -> None:
    from fpdf import FPDF

    from tests.pdf_maker import FONT

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "BIJLAGE\n\nDe planning voor 2026 staat op de website.")
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    pdf.output(str(settings.corpus_dir / "bijlage.pdf"))
    messages: list[str] = []
    from indexer.build import build_index

    build_index(settings, StampedEmbedder(), log=messages.append)
    assert any("bijlage.pdf: page(s) 2 have no text" in m for m in messages)


def test_a_second_build_stops_or_waits_with_a_clear_message(
    settings: Settings, capsys: Capture
) -> None:
    with build_lock(settings.index_root, wait_seconds=0, log=print):
        assert run(settings, "build", "--quiet", "--no-wait") == LOCKED
        err = capsys.readouterr().err
        assert "error: another build is running (process " in err
        assert "try again when it has finished" in err
        with pytest.raises(BuildLockedError, match="still running after 0 s"):
            build(settings, StampedEmbedder(), wait_seconds=0.2)
    assert list_versions(settings.index_root) == []

    messages: list[str] = []
    holder_ready, release = threading.Event(), threading.Event()

    def hold() -> None:
        with build_lock(settings.index_root, wait_seconds=0, log=print):
            holder_ready.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    holder_ready.wait(10)
    threading.Timer(0.3, release.set).start()
    from indexer.build import build_index

    report = build_index(settings, StampedEmbedder(), log=messages.append, wait_seconds=10)
    holder.join()
    assert report.changed
    assert messages[0].startswith("Another build is running (process ")
    assert "waiting up to 10 s" in messages[0]
