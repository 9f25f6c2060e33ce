"""The note typeset by three engines in seven layouts reads back as the Markdown's chunks, with
the page each passage starts on; the long variant keeps its citations."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from indexer.chunking import Chunk, StructureError, chunk_document
from indexer.documents import read_document
from indexer.generic import chunk_any, document_warnings
from tests.conftest import NOTE
from tests.layouts.content import (
    Content,
    expected_pages,
    lengthen,
    normalized,
    note_content,
)
from tests.layouts.fpdf_engine import FpdfStyle
from tests.layouts.fpdf_engine import typeset as fpdf_typeset

Placed = list[tuple[str, int]]
Maker = Callable[[Path], Placed]


def _leaflet(path: Path) -> Placed:
    """A5, 15 pt bold titles that wrap ('... REGIONALE' / 'VISIE') and hyphenate
    ('BELEVINGS- WAARDE'), justified text with double spaces, badges, page numbers."""
    return fpdf_typeset(note_content(), FpdfStyle(), path)


def _running(path: Path) -> Placed:
    """A4 with a running header and footer, a table of contents with leaders and pages."""
    style = FpdfStyle(
        page_format="A4",
        title=13,
        justify=False,
        header="Alles Vloeit · Regionale inspiratienota Rivierenland",
        footer="IGEMO 2023 | pagina {page}",
        toc_pages=True,
    )
    return fpdf_typeset(note_content(), style, path)


def _cover(path: Path) -> Placed:
    """A cover with the title only and the colophon on the back page."""
    return fpdf_typeset(note_content(back_page=True), FpdfStyle("A4", footer="- {page} -"), path)


def _drop_cap(path: Path) -> Placed:
    """A4, each title once, wrapped, under 'AANBEVELING N', beside its number set at 54 pt."""
    style = FpdfStyle("A4", body=10, title=17, header="Alles Vloeit 2026", drop_cap=True)
    return fpdf_typeset(note_content(), style, path)


def _columns(path: Path) -> Placed:
    from tests.layouts.html_engine import print_pdf

    return print_pdf(note_content(), path, columns=True)


def _title_case(path: Path) -> Placed:
    from tests.layouts.html_engine import print_pdf

    return print_pdf(note_content(title_case=True), path, columns=False)


def _reportlab(path: Path) -> Placed:
    from tests.layouts.reportlab_engine import typeset

    return typeset(note_content(title_case=True), path)


LAYOUTS: dict[str, tuple[Maker, bool]] = {
    "fpdf2-a5-leaflet": (_leaflet, False),
    "fpdf2-running-header-footer-toc-pages": (_running, False),
    "fpdf2-cover-and-back-page": (_cover, False),
    "fpdf2-drop-cap-label-and-wrapped-title": (_drop_cap, False),
    "chromium-a4-two-columns": (_columns, True),
    "chromium-title-case-bold-headings": (_title_case, True),
    "reportlab-title-case-running-footer": (_reportlab, False),
}


def _shape(chunk: Chunk) -> tuple[int, str, int | None, str, str]:
    return (chunk.recommendation, chunk.section, chunk.item, chunk.title, normalized(chunk.text))


@pytest.fixture(scope="module")
def markdown_chunks() -> list[Chunk]:
    return chunk_document(read_document(NOTE))


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=[pytest.mark.browser] if browser else [])
        for name, (_, browser) in LAYOUTS.items()
    ],
)
def test_every_layout_reads_as_the_markdown_with_its_pages(
    name: str, tmp_path: Path, markdown_chunks: list[Chunk]
) -> None:
    path = tmp_path / f"{name}.pdf"
    placed = LAYOUTS[name][0](path)
    document = read_document(path)
    chunks = chunk_document(document)
    assert [_shape(c) for c in chunks] == [_shape(c) for c in markdown_chunks]
    pages = expected_pages(markdown_chunks, placed)
    assert None not in pages
    assert [c.page for c in chunks] == pages
    assert {c.document for c in chunks} == {path.name}
    assert document_warnings(document) == []


def _added(content: Content) -> list[tuple[str, int, str, int | None]]:
    """(text, recommendation, section, item) of every piece the long variant added."""
    added: list[tuple[str, int, str, int | None]] = []
    for number, page in enumerate(content.pages[3:], start=1):
        for piece in page:
            if piece.kind in ("sub", "caption") or piece.text.startswith("Extra"):
                added.append((piece.text, number, "context", None))
            elif piece.kind == "table":
                added.append((" ".join(piece.rows[1]), number, "context", None))
            elif piece.kind == "footnote":
                added.append((piece.text, number, "doorbraakproject", 3))
    return added


def test_the_long_variant_keeps_every_citation(
    tmp_path: Path, markdown_chunks: list[Chunk]
) -> None:
    content = lengthen(note_content())
    path = tmp_path / "alles-vloeit-lang.pdf"
    placed = fpdf_typeset(content, FpdfStyle(), path)
    chunks = chunk_document(read_document(path))
    where = {(c.recommendation, c.section, c.item): c for c in chunks}
    assert len(chunks) == len(markdown_chunks)
    for original, page in zip(
        markdown_chunks, expected_pages(markdown_chunks, placed), strict=True
    ):
        long = where[(original.recommendation, original.section, original.item)]
        assert normalized(original.text) in normalized(long.text)
        assert long.page == page
    added = _added(content)
    assert len(added) == 12 * 5
    for text, number, section, item in added:
        holders = [c for c in chunks if normalized(text) in normalized(c.text)]
        assert [(c.recommendation, c.section, c.item) for c in holders] == [(number, section, item)]
    captions = [c for c in chunks if "Figuur 3:" in c.text]
    assert "Figuur 3: kaart van Rivierenland bij aanbeveling 3" in captions[0].text
    # a footnote's marker never glues to the word it follows
    assert not re.search(r"[a-z]\d\b", " ".join(c.text for c in chunks if c.section == "context"))


def test_long_sections_of_the_long_variant_split_with_their_citation(tmp_path: Path) -> None:
    path = tmp_path / "alles-vloeit-lang.pdf"
    fpdf_typeset(lengthen(note_content()), FpdfStyle(), path)
    chunks = chunk_document(read_document(path), max_tokens=60)
    split = [c for c in chunks if c.parts > 1]
    assert split
    for chunk in split:
        siblings = [
            c
            for c in chunks
            if (c.recommendation, c.section, c.item)
            == (chunk.recommendation, chunk.section, chunk.item)
        ]
        assert [c.part for c in siblings] == list(range(1, chunk.parts + 1))
        assert all(c.page is not None for c in siblings)


def _without_title(number: int) -> Content:
    content = note_content()
    pages = [list(page) for page in content.pages]
    page = pages[2 + number]
    pages[2 + number] = [p for p in page if p.kind != "title"]
    return replace(content, pages=pages)


def test_a_missing_title_names_the_file_what_was_found_and_how_to_go_on(tmp_path: Path) -> None:
    path = tmp_path / "nota-2025.pdf"
    fpdf_typeset(_without_title(6), FpdfStyle(), path)
    document = read_document(path)
    with pytest.raises(StructureError) as caught:
        chunk_any(document)
    message = str(caught.value)
    assert message.startswith("nota-2025.pdf: ")
    assert "recommendation titles found in the body (11)" in message
    found = message.split("found in the body")[1].split("table of contents", maxsplit=1)[0]
    assert "BASEER" not in found
    assert (
        "not found in the body: 6: Baseer ruimtelijke realisaties op een regionale visie" in message
    )
    assert "rename it to nota-2025.document.pdf" in message

    renamed = tmp_path / "nota-2025.document.pdf"
    path.rename(renamed)
    plain = read_document(renamed)
    chunks = chunk_any(plain)
    assert {c.section for c in chunks} == {"document"}
    assert {c.document for c in chunks} == {"nota-2025.document.pdf"}
    assert any("Ruimtelijke realisaties raken" in c.text and c.page == 9 for c in chunks)
    assert any("indexed as an ordinary document" in w for w in document_warnings(plain))


def test_badge_above_title_reads_back(tmp_path: Path, markdown_chunks: list[Chunk]) -> None:
    content = note_content()
    pages = [list(page) for page in content.pages]
    for page in pages[3:]:
        page.sort(key=lambda p: p.kind != "badge")
    path = tmp_path / "badges.pdf"
    fpdf_typeset(replace(content, pages=pages), FpdfStyle(), path)
    chunks = chunk_document(read_document(path))
    assert [_shape(c) for c in chunks] == [_shape(c) for c in markdown_chunks]


def test_a_build_says_which_file_its_name_made_an_ordinary_document(
    tmp_path: Path,
) -> None:
    from indexer.build import build_index
    from indexer.settings import Settings
    from tests.fakes import HashingEmbedder

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    fpdf_typeset(_without_title(6), FpdfStyle(), corpus / "nota.document.pdf")
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "var", model="fake-trigram")
    messages: list[str] = []
    report = build_index(settings, HashingEmbedder(), log=messages.append)
    assert "Warning: nota.document.pdf is indexed as an ordinary document" in report.summary()
    assert any("looks like the note but is indexed as an ordinary document" in m for m in messages)
