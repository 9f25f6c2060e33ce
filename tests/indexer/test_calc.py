"""A LibreOffice Calc spreadsheet (.ods) reads as an Excel workbook does: the text each cell
shows, rows named by a bold header row, comments after their row; hidden sheets, rows and
columns stay out."""

from __future__ import annotations

from pathlib import Path

import pytest
from odfdo import Annotation, Document, Style, Table

from indexer.documents import DocumentError, read_document


def _spreadsheet() -> Document:
    document = Document("spreadsheet")
    document.body.clear()  # the template's empty first sheet
    document.meta.title = "Opvolging Alles Vloeit Duffel"
    bold = Style("table-cell", name="Kop")
    bold.set_properties({"fo:font-weight": "bold"}, area="text")
    document.insert_style(bold, automatic=True)
    return document


def _table(name: str, rows: list[list[str]], *, bold_header: bool = True) -> Table:
    table = Table(name)
    for number, values in enumerate(rows):
        table.set_row_values(number, values)
    if bold_header:
        for column in range(len(rows[0])):
            cell = table.get_cell((column, 0))
            cell.style = "Kop"
            table.set_cell((column, 0), cell)
    return table


def _shown(tmp_path: Path, document: Document) -> list[str]:
    """The spreadsheet saved and read again: its blocks' texts, headings marked "# "."""
    path = tmp_path / "opvolging.ods"
    document.save(path)
    return [f"# {b.text}" if b.heading else b.text for b in read_document(path).blocks]


def test_rows_read_by_their_bold_header_with_the_text_each_cell_shows(tmp_path: Path) -> None:
    document = _spreadsheet()
    premiums = _table(
        "Premies",
        [
            ["Premie", "Percentage", "Maximum", "Intern"],
            ["Dakisolatie", "20%", "€ 1.500,00", "nakijken"],
            ["Vloerisolatie", "10%", "€ 900,00", ""],
        ],
    )
    cell = premiums.get_cell((0, 1))
    cell.append(Annotation("Aanvragen vóór 1 juni 2025", creator="Griet Van Looy"))
    premiums.set_cell((0, 1), cell)
    row = premiums.get_row(2)
    row.set_attribute("table:visibility", "collapse")  # a hidden row
    premiums.set_row(2, row)
    column = premiums.get_column(3)
    column.set_attribute("table:visibility", "collapse")  # a hidden column
    premiums.set_column(3, column)
    document.body.append(premiums)
    hidden = Style("table", name="Verborgen")
    hidden.set_properties({"table:display": "false"})
    document.insert_style(hidden, automatic=True)
    draft = _table("Oud", [["Premie dakisolatie: maximum € 1.000"]], bold_header=False)
    draft.style = "Verborgen"
    document.body.append(draft)

    assert _shown(tmp_path, document) == [
        "# Premies",
        "# Premies \u2013 Dakisolatie",
        "Dakisolatie - Percentage: 20% - Maximum: € 1.500,00",
        "Aanvragen vóór 1 juni 2025",  # the comment, without its author
    ]


def test_a_faq_sheet_and_a_cell_merged_down(tmp_path: Path) -> None:
    document = _spreadsheet()
    faq = _table(
        "FAQ",
        [
            ["Vraag", "Antwoord"],
            ["Wie kan de premie krijgen?", "Elke eigenaar van een woning in Duffel."],
        ],
        bold_header=False,
    )
    document.body.append(faq)
    premiums = _table(
        "Premies",
        [
            ["Maatregel", "Woning", "Premie"],
            ["Dakisolatie", "huurwoning", "€ 500"],
            ["", "eigen woning", "€ 1.500"],
        ],
    )
    premiums.set_span("A2:A3")
    document.body.append(premiums)

    assert _shown(tmp_path, document) == [
        "# FAQ",
        "# Wie kan de premie krijgen?",
        "Elke eigenaar van een woning in Duffel.",
        "# Premies",
        "# Premies \u2013 Dakisolatie",
        "Dakisolatie - Woning: huurwoning - Premie: € 500",
        "# Premies \u2013 Dakisolatie",
        "Dakisolatie - Woning: eigen woning - Premie: € 1.500",
    ]


def test_a_text_document_saved_as_ods_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "opvolging.ods"
    Document("text").save(path)
    with pytest.raises(DocumentError, match=r"opvolging\.ods: an OpenDocument text"):
        read_document(path)


def test_a_broken_file_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "opvolging.ods"
    path.write_bytes(b"PK not a zip")
    with pytest.raises(DocumentError, match=r"opvolging\.ods: not an OpenDocument spreadsheet"):
        read_document(path)
