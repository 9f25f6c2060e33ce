"""An Excel workbook (.xlsx) staff save into the corpus reads as its sheets show it: each
sheet's name a heading, each row naming its cells by the header row, amounts and dates as the
sheet shows them, a FAQ sheet's questions as the document's questions; hidden sheets, rows
and columns stay out."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from indexer.documents import Block, Document, DocumentError, read_document
from indexer.generic import chunk_any


def _book(title: str = "Opvolging Alles Vloeit Duffel") -> tuple[Workbook, Worksheet]:
    book = Workbook()
    book.properties.title = title
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    return book, sheet


def _fill(sheet: Worksheet, top: int, rows: list[list[Any]], *, bold: bool = False) -> None:
    for number, row in enumerate(rows, start=top):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(number, column, value).font = Font(bold=bold and number == top)


def _read_document(tmp_path: Path, book: Workbook) -> Document:
    path = tmp_path / "opvolging.xlsx"
    book.save(path)
    return read_document(path)


def _read(tmp_path: Path, book: Workbook) -> list[Block]:
    return list(_read_document(tmp_path, book).blocks)


def _texts(blocks: list[Block]) -> list[str]:
    return [f"# {b.text}" if b.heading else b.text for b in blocks]


def test_an_actions_sheet_reads_each_row_as_a_record_with_amounts_and_dates_as_shown(
    tmp_path: Path,
) -> None:
    book, sheet = _book()
    sheet.title = "Acties"
    sheet["A1"] = "Opvolging Alles Vloeit - Gemeente Duffel"
    sheet.merge_cells("A1:F1")
    _fill(sheet, 3, [["Nr", "Aanbeveling", "Actie", "Trekker", "Budget", "Start"]], bold=True)
    first = [1, "6. Ontharding", "Proefstraat Kapelstraat", "Omgeving", 45000, datetime(2025, 3, 1)]
    _fill(sheet, 4, [first])
    sheet["E4"].number_format = '"€" #,##0'
    sheet["F4"].number_format = "d mmmm yyyy"
    _fill(
        sheet,
        5,
        [[2, "4. Renovatie", "Renovatiecoach\nop afspraak", None, 0.2, datetime(2025, 9, 15)]],
    )
    sheet["E5"].number_format = "0%"
    sheet["F5"].number_format = "mm-dd-yy"  # Excel's short date, shown as Belgium writes it

    # a row is a passage of its own, headed by the sheet and the column that names the rows:
    # not "Nr", which counts them, nor "Aanbeveling", whose numbered cells refer to the note
    assert _texts(_read(tmp_path, book)) == [
        "# Acties",
        "# Opvolging Alles Vloeit - Gemeente Duffel",
        "# Acties \u2013 Proefstraat Kapelstraat",
        "1 - Aanbeveling: 6. Ontharding - Actie: Proefstraat Kapelstraat - Trekker: Omgeving - "
        "Budget: € 45.000 - Start: 1 maart 2025",
        "# Acties \u2013 Renovatiecoach op afspraak",
        "2 - Aanbeveling: 4. Renovatie - Actie: Renovatiecoach op afspraak - Budget: 20% - "
        "Start: 15/09/2025",
    ]


def test_a_header_row_is_found_frozen_or_by_its_short_names_over_figures(tmp_path: Path) -> None:
    book, sheet = _book()
    sheet.title = "Premies"
    _fill(sheet, 1, [["Premie", "Percentage", "Maximum"], ["Dakisolatie", "20%", "€ 1.500"]])
    contact = book.create_sheet("Contact")
    _fill(contact, 1, [["Dienst", "Telefoon"], ["Woonloket", "015 30 40 50"]])
    contact.freeze_panes = "A2"
    address = book.create_sheet("Adres")  # two columns of a name and its value: no header
    _fill(address, 1, [["Loket", "Woonloket"], ["Adres", "Markt 1, Duffel"]])

    assert _texts(_read(tmp_path, book)) == [
        "# Premies",
        "# Premies \u2013 Dakisolatie",
        "Dakisolatie - Percentage: 20% - Maximum: € 1.500",
        "# Contact",
        "Dienst Telefoon",
        "Woonloket - Telefoon: 015 30 40 50",
        "# Adres",
        "Loket Woonloket",
        "Adres Markt 1, Duffel",
    ]


def test_a_faq_sheets_questions_become_the_documents_questions(tmp_path: Path) -> None:
    book, sheet = _book()
    sheet.title = "FAQ"
    _fill(
        sheet,
        1,
        [
            ["Vraag", "Antwoord"],
            ["Wie kan de premie krijgen?", "Elke eigenaar van een woning in Duffel."],
            ["Wat kost het advies?", "Niets, het advies is gratis."],
        ],
    )
    path = tmp_path / "opvolging.xlsx"
    book.save(path)

    chunks = chunk_any(read_document(path))

    assert [(c.title, c.text) for c in chunks] == [
        ("Wie kan de premie krijgen?", "Elke eigenaar van een woning in Duffel."),
        ("Wat kost het advies?", "Niets, het advies is gratis."),
    ]


def test_hidden_sheets_rows_and_columns_stay_out(tmp_path: Path) -> None:
    book, sheet = _book()
    sheet.title = "Premies"
    _fill(sheet, 1, [["Premie", "Maximum", "Intern"], ["Dakisolatie", "€ 1.500", "nakijken"]])
    _fill(sheet, 3, [["Vloerisolatie", "€ 900", None]])
    sheet.column_dimensions["C"].hidden = True
    sheet.row_dimensions[3].hidden = True
    draft = book.create_sheet("Oud")
    draft["A1"] = "Premie dakisolatie: maximum € 1.000"
    draft.sheet_state = "hidden"

    text = "\n".join(b.text for b in _read(tmp_path, book))

    assert "Dakisolatie" in text
    assert not any(word in text for word in ("Intern", "nakijken", "Vloerisolatie", "1.000"))


def test_a_comment_follows_its_row_without_its_authors_name(tmp_path: Path) -> None:
    book, sheet = _book()
    rows: list[list[Any]] = [["Actie", "Trekker", "Start"], ["Proefstraat", "Omgeving", "maart"]]
    _fill(sheet, 1, rows, bold=True)
    sheet["B2"].comment = Comment(
        "Schepen Wouters:\nContact: Els Wouters, tot 1 juni", "Schepen Wouters"
    )
    sheet["C2"].comment = Comment(
        "[Threaded comment]\n\nYour version of Excel allows you to read this threaded comment; "
        "however, any edits to it will get removed if the file is opened in a newer version of "
        "Excel. Learn more: https://go.microsoft.com/fwlink/?linkid=870924\n\nComment:\n"
        "    Start verschoven naar april",
        "tc=1",
    )

    assert _texts(_read(tmp_path, book))[-3:] == [
        "Proefstraat - Trekker: Omgeving - Start: maart",
        "Contact: Els Wouters, tot 1 juni",
        "Start verschoven naar april",
    ]


def test_a_cell_merged_down_names_each_row_it_spans(tmp_path: Path) -> None:
    book, sheet = _book()
    _fill(
        sheet,
        1,
        [["Maatregel", "Woning", "Premie"], ["Dakisolatie", "huurwoning", "€ 500"]],
        bold=True,
    )
    _fill(sheet, 3, [[None, "eigen woning", "€ 1.500"]])
    sheet.merge_cells("A2:A3")

    assert _texts(_read(tmp_path, book))[-3:] == [
        "Dakisolatie - Woning: huurwoning - Premie: € 500",
        "# Dakisolatie",
        "Dakisolatie - Woning: eigen woning - Premie: € 1.500",
    ]


def test_a_title_and_a_lone_sheet_named_by_excel(tmp_path: Path) -> None:
    book, sheet = _book(title="")
    sheet["A1"] = "Infoavonden Alles Vloeit"
    _fill(sheet, 3, [["Datum", "Plaats"], ["12 maart", "Zaal Harmonie"]], bold=True)
    path = tmp_path / "planning.xlsx"
    book.save(path)

    document = read_document(path)

    assert document.title == "Infoavonden Alles Vloeit"
    assert _texts(list(document.blocks))[0] == "# Infoavonden Alles Vloeit"  # no "# Sheet"


def test_column_names_with_figures_a_wider_row_and_a_far_formatted_cell(tmp_path: Path) -> None:
    book, sheet = _book(title="")
    _fill(sheet, 1, [["Maatregel", "Premie 2025", "Tel."], ["Dak", "€ 1.500", "03 1"]], bold=True)
    _fill(sheet, 3, [["Vloer", "€ 900", "03 2", "nog na te kijken"]])
    sheet.cell(100_000, 3).font = Font(bold=True)  # formatting far below: no cell is read there

    document = _read_document(tmp_path, book)

    assert [b.text for b in document.blocks if not b.heading] == [
        "Dak - Premie 2025: € 1.500 - Tel.: 03 1",
        "Vloer - Premie 2025: € 900 - Tel.: 03 2 - nog na te kijken",
    ]
    assert document.title == ""  # its first row names columns, no title


@pytest.mark.parametrize("content", [b"PK not a zip", b""])
def test_a_broken_file_is_refused_by_name(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "opvolging.xlsx"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=r"opvolging\.xlsx: not an Excel workbook"):
        read_document(path)


def test_a_word_document_saved_as_xlsx_is_refused(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "opvolging.xlsx"
    docx.Document().save(str(path))
    with pytest.raises(DocumentError, match=r"opvolging\.xlsx: not an Excel workbook"):
        read_document(path)


def test_an_empty_workbook_has_no_text(tmp_path: Path) -> None:
    book, _sheet = _book()
    path = tmp_path / "opvolging.xlsx"
    book.save(path)
    with pytest.raises(DocumentError, match=r"opvolging\.xlsx: no extractable text"):
        read_document(path)
