"""A table in a typeset PDF (fpdf2's ``table``: a bold header row, a wrapped cell, numbers
centred and right-aligned) reads back row by row, each cell after its column's header, as a
Markdown table does; not as a second column of text with cells for headings."""

from __future__ import annotations

from pathlib import Path

from indexer.documents import read_document
from indexer.generic import chunk_any
from indexer.pdf_lines import Run
from indexer.pdf_tables import split_tables

FONTS = Path("/usr/share/fonts/truetype/dejavu")
ROWS = (
    ("Project", "Aanbeveling", "Trekker", "Budget 2027"),
    ("Onthardingsmakelaar en proefproject ontharding", "6", "IGEMO", "€ 420.000"),
    ("Mobiliteitscoördinatiecentrum en coaches", "7", "Vervoerregio Mechelen", "€ 310.000"),
    ("Bovenlokale UiT-pas", "5", "Toerisme Rivierenland", "€ 120.000"),
    ("Totaal", "", "", "€ 850.000"),
)


def _work_plan(path: Path) -> None:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.cell(0, 12, "Werkplan 2027", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 12.5)
    pdf.cell(0, 8, "3.2 Budget 2027", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10.5)
    body = (
        "Het totale budget voor 2027 bedraagt 850.000 euro. De gemeenten dragen 60 procent "
        "bij volgens hun aantal inwoners. De verdeling per project is als volgt."
    )
    pdf.multi_cell(0, 5.6, body, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9.5)
    header = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=(0, 90, 120))
    with pdf.table(
        col_widths=(76, 28, 44, 28),
        text_align=("LEFT", "CENTER", "LEFT", "RIGHT"),
        headings_style=header,
        line_height=6,
    ) as table:
        for row in ROWS:
            table.row(row)
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 12.5)
    pdf.cell(0, 8, "3.3 Planning en mijlpalen", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10.5)
    pdf.multi_cell(0, 5.6, "De belangrijkste data van 2027 op een rij.", new_x="LMARGIN")
    pdf.output(str(path))


def test_a_tables_rows_read_back_with_each_cell_after_its_header(tmp_path: Path) -> None:
    path = tmp_path / "werkplan.pdf"
    _work_plan(path)
    document = read_document(path)
    rows = [block.text for block in document.blocks if block.listed]
    assert rows == [
        "Project Aanbeveling Trekker Budget 2027",
        "Onthardingsmakelaar en proefproject ontharding - Aanbeveling: 6 - Trekker: IGEMO"
        " - Budget 2027: € 420.000",
        "Mobiliteitscoördinatiecentrum en coaches - Aanbeveling: 7 - Trekker: Vervoerregio"
        " Mechelen - Budget 2027: € 310.000",
        "Bovenlokale UiT-pas - Aanbeveling: 5 - Trekker: Toerisme Rivierenland"
        " - Budget 2027: € 120.000",
        "Totaal - Budget 2027: € 850.000",
    ]
    headings = [block.text for block in document.blocks if block.heading]
    assert headings == ["Werkplan 2027", "3.2 Budget 2027", "3.3 Planning en mijlpalen"]
    budget = next(c for c in chunk_any(document) if c.title == "3.2 Budget 2027")
    assert budget.text.startswith("Het totale budget voor 2027 bedraagt 850.000 euro.")
    assert "Vervoerregio Mechelen - Budget 2027: € 310.000" in budget.text


def _run(text: str, x: float, y: float, *, size: float = 10.0) -> Run:
    return Run(text, x, y, x + len(text) * size * 0.5, size, False, False)


def test_a_table_of_contents_and_two_columns_of_text_are_no_table() -> None:
    """Title and page number are two cells; two columns of running text set two runs a line:
    neither has three cells at shared column starts on three lines."""
    contents = [
        run
        for n in range(5)
        for run in (
            _run(f"Aanbeveling {n + 1}:", 60, 700 - 20 * n),
            _run(str(n + 4), 520, 700 - 20 * n),
        )
    ]
    columns = [
        run
        for n in range(6)
        for run in (
            _run("de regio werkt samen aan", 60, 500 - 14 * n),
            _run("wonen en mobiliteit in", 320, 500 - 14 * n),
        )
    ]
    runs, tables = split_tables(contents + columns)
    assert tables == []
    assert len(runs) == len(contents) + len(columns)


def test_a_cell_wrapped_above_and_below_its_row_stays_in_that_row() -> None:
    """fpdf2 centres the other cells of a row beside a wrapped one: the wrapped cell's lines
    stand above and below them, nearer to them than to the next row."""
    line = 17.0
    runs = [
        _run("Project", 60, 700), _run("Nr", 300, 700), _run("Trekker", 360, 700),
        _run("Budget", 470, 700),
        _run("Onthardingsmakelaar en", 60, 700 - line), _run("proefproject", 60, 700 - 2 * line),
        _run("6", 300, 700 - 1.5 * line), _run("IGEMO", 360, 700 - 1.5 * line),
        _run("€ 420.000", 470, 700 - 1.5 * line),
        _run("Energiemanager", 60, 700 - 3 * line), _run("8", 300, 700 - 3 * line),
        _run("IGEMO", 360, 700 - 3 * line), _run("€ 275.000", 470, 700 - 3 * line),
    ]  # fmt: skip
    rest, tables = split_tables(runs)
    assert rest == []
    [table] = tables
    cells = [[" ".join(cell) for cell in row.cells] for row in table.rows]
    assert cells == [
        ["Project", "Nr", "Trekker", "Budget"],
        ["Onthardingsmakelaar en proefproject", "6", "IGEMO", "€ 420.000"],
        ["Energiemanager", "8", "IGEMO", "€ 275.000"],
    ]
