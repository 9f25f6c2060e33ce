from __future__ import annotations

from pathlib import Path

import pytest

from indexer.documents import (
    DocumentError,
    corpus_files,
    is_heading,
    markdown_blocks,
    pdf_page_blocks,
    read_document,
)


def texts(markdown: str) -> list[str]:
    return [block.text for block in markdown_blocks(markdown)]


def test_markdown_drops_markup_and_keeps_words() -> None:
    source = "# TITEL\n\nHet CO<sub>2</sub>-gehalte **daalt** en [lees meer](https://x.be).\n"
    assert texts(source) == ["TITEL", "Het CO2-gehalte daalt en lees meer."]


def test_markdown_lists_keep_their_numbers_even_when_split() -> None:
    source = "1. Eerste.\n\n2. Tweede:\n\nLos\n\n3. Derde.\n"
    assert texts(source) == ["1. Eerste.", "2. Tweede:", "Los", "3. Derde."]


def test_markdown_table_rows_become_blocks_and_hard_breaks_stay() -> None:
    source = "| <b>Aanbeveling 1: Werk samen</b> |  |\n|--|--|\n| A | B |\n\nBeste a,  \nBeste b,\n"
    assert texts(source) == ["Aanbeveling 1: Werk samen", "A B", "Beste a,\nBeste b,"]


def test_pdf_lines_join_into_paragraphs_and_hyphenation_is_repaired() -> None:
    page = (
        "KOP VAN DE PAGINA\n"
        "De belevings-\nwaarde van de regio en de kind-\nen jeugdvriendelijke aanpak\n"
        "lopen samen.\n"
        "1. Een eerste project dat over een lange regel loopt en verder gaat op de\n"
        "volgende regel.\n"
        "2. Kort.\n"
    )
    blocks = list(pdf_page_blocks(page, page=4))
    assert [b.text for b in blocks] == [
        "KOP VAN DE PAGINA",
        "De belevingswaarde van de regio en de kind- en jeugdvriendelijke aanpak lopen samen.",
        "1. Een eerste project dat over een lange regel loopt en verder gaat op de volgende regel.",
        "2. Kort.",
    ]
    assert {b.page for b in blocks} == {4}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("CONTEXT EN UITDAGINGEN", True),
        ("ZET IN OP TECHNOLOGIE & DATA", True),
        ("VERHOOG DE BELEVINGS- WAARDE", True),
        ("Zet in op technologie", False),
        ("2025-2030", False),
        ("3", False),
        ("SRDP", True),
        ("AI", False),
    ],
)
def test_headings_are_upper_case_lines(line: str, expected: bool) -> None:
    assert is_heading(line) is expected


def test_empty_and_unreadable_files_are_named_errors(tmp_path: Path) -> None:
    empty = tmp_path / "leeg.md"
    empty.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"leeg\.md: no extractable text"):
        read_document(empty)
    latin = tmp_path / "oud.txt"
    latin.write_bytes("financi\xebn".encode("latin-1"))
    with pytest.raises(DocumentError, match=r"oud\.txt: not UTF-8"):
        read_document(latin)
    broken = tmp_path / "kapot.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    with pytest.raises(DocumentError, match=r"kapot\.pdf"):
        read_document(broken)


def test_a_pdf_without_text_is_refused_as_a_scan(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(DocumentError, match=r"scan\.pdf: no extractable text \(a scan"):
        read_document(path)


def test_a_pdf_without_pages_is_refused_even_with_a_title_in_its_properties(
    tmp_path: Path,
) -> None:
    """The title its properties state is checked against the first page, which it lacks."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_metadata({"/Title": "Alles Vloeit"})
    path = tmp_path / "leeg.pdf"
    writer.write(path)
    with pytest.raises(DocumentError, match=r"leeg\.pdf: no extractable text"):
        read_document(path)


def test_corpus_files_lists_supported_visible_files_in_order(tmp_path: Path) -> None:
    for name in ("b.md", "a.pdf", "c.txt", "notes.json", ".hidden.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in corpus_files(tmp_path)] == ["a.pdf", "b.md", "c.txt"]
    with pytest.raises(DocumentError, match="corpus folder not found"):
        corpus_files(tmp_path / "missing")
