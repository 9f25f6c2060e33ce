"""A spreadsheet's shown sheets as blocks, whichever program wrote it (``indexer.excel``,
``indexer.calc``): the layout people give a sheet, read the same way.

Each sheet is headed by its name ("Contact", "Premies"; not the "Blad1" of a workbook's only
sheet). Its rows stand in blocks, as people lay out a sheet: a blank row between a table and a
"Legende" under it. In a block, a row of one short cell (a title merged across the top,
"Legende") is a heading; a row of words in bold, or frozen at the top, is a table's header, and
each row under it names its cells by it (``documents.table_row``: "Dakisolatie - Premie: 20% -
Maximum: € 1.500"); under a header of three columns or more each row is a passage of its own. A
row whose first cell asks a question ("Wie kan een premie krijgen?") heads its answer, as on a
FAQ sheet. A cell's comment follows its row: staff often keep a name or a date only there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from indexer.documents import MAX_BOLD_HEADING_WORDS, Block, table_row, tidy

GENERIC_SHEETS = re.compile(
    r"^(?:blad|sheet|feuil|feuille|tabelle|hoja|foglio)\s*\d*$", re.IGNORECASE
)
"""The names a spreadsheet gives a new sheet in Dutch, English, French, German, Spanish and
Italian."""
_GENERIC_TITLES = frozenset({"", "map1", "book1", "classeur1", "naamloos1", "untitled1"})
_DASH = " \u2013 "
"""Between a sheet's name and a row's in the row's heading ("Contact \u2013 Energieloket")."""


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell as the sheet shows it."""

    text: str
    bold: bool = False
    comment: str = ""


@dataclass(frozen=True, slots=True)
class Sheet:
    """A shown sheet: its name and its shown rows, each its shown cells (a cell merged down
    repeats its text in each row it spans)."""

    name: str
    rows: list[list[Cell]]
    frozen_rows: int = 0
    """How many rows at its top stay in view when it scrolls (a header row)."""


def workbook(sheets: Sequence[Sheet], own_title: str) -> tuple[list[Block], str]:
    """The blocks of a workbook's shown sheets and its title: ``own_title`` (its properties')
    unless a program's default, else the first sheet's title row, else ""."""
    blocks: list[Block] = []
    title = ""
    for sheet in sheets:
        named = len(sheets) > 1 or not GENERIC_SHEETS.match(sheet.name)
        read = list(_sheet(sheet, named=named))
        if not blocks and read:
            title = _title_row(sheet)
        blocks.extend(read)
    own = " ".join(own_title.split())
    return blocks, own if own.lower() not in _GENERIC_TITLES else title


def _title_row(sheet: Sheet) -> str:
    """The sheet's first filled row when it is a title: one short cell above the rest."""
    first = next((row for row in sheet.rows if any(cell.text for cell in row)), [])
    text = _one_cell(first)
    return text if _a_title(text) else ""


def _a_title(text: str) -> bool:
    """Whether a row's one cell is short enough and ends no sentence: a title, not a note."""
    return len(text.split()) <= MAX_BOLD_HEADING_WORDS and not text.endswith(".")


def _sheet(sheet: Sheet, *, named: bool) -> Iterator[Block]:
    """A sheet's name as a heading (``named``: unless it is a workbook's only sheet and the
    program gave it its name), then its blocks of rows."""
    if not any(cell.text for row in sheet.rows for cell in row):
        return
    name = " ".join(sheet.name.split())
    if named:
        yield Block(name, heading=True)
    block: list[list[Cell]] = []
    for number, row in enumerate([*sheet.rows, []], start=1):
        if any(cell.text for cell in row):
            block.append(row)
            continue
        if block:
            frozen_header = number - len(block) <= sheet.frozen_rows
            yield from _block(block, sheet=name if named else "", frozen_header=frozen_header)
        block = []


def _block(rows: list[list[Cell]], *, sheet: str, frozen_header: bool) -> Iterator[Block]:
    """A block of rows without a blank one between them: its title rows as headings, a header
    row, then each row naming its cells. Under a header of three columns or more, a row is a
    record (a service and its contact, an action and its budget): a passage of its own, headed
    by the sheet's name and the row's name, an en dash between ("Contact \u2013 Energieloket")."""
    while rows and _one_cell(rows[0]):
        text = _one_cell(rows[0])
        yield Block(text, heading=_a_title(text), listed=not _a_title(text))
        yield from _comments(rows.pop(0))
    if not rows:
        return
    used = [column for column in range(max(map(len, rows))) if _filled(rows, column)]
    rows = [[row[column] if column < len(row) else Cell("") for column in used] for row in rows]
    header: list[str] = []
    if _header(rows, frozen=frozen_header):
        header = [cell.text for cell in rows.pop(0)]
    faq = all(_asks(row) for row in rows)
    records = sum(1 for name in header if name) >= 3 and not faq
    if header and not records and not faq:  # a FAQ's "Vraag Antwoord" says nothing
        yield Block(" ".join(name for name in header if name), listed=True)
    naming = _name_column(rows)
    for row in rows:
        cells = [cell.text for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        if (text := _one_cell(row)) and header and row[0].text:
            yield Block(text, heading=len(text.split()) <= MAX_BOLD_HEADING_WORDS)
        elif records and not _asks(row):
            name = row[naming].text or next(cell for cell in cells if cell)
            yield Block(f"{sheet}{_DASH}{name}" if sheet else name, heading=True)
            yield Block(_row_text(header, cells), listed=True)
        elif _asks(row):
            question, *answer = (cell for cell in cells if cell)
            yield Block(question, heading=True)
            yield from (Block(tidy(part)) for part in answer)
        else:
            yield Block(_row_text(header, cells), listed=True)
        yield from _comments(row)


def _row_text(header: Sequence[str], cells: Sequence[str]) -> str:
    """A row naming each cell by its column's header (``documents.table_row``); a cell in a
    column the header leaves unnamed (a remark beside the table) stands as it is."""
    if all(header[1 : len(cells)]) and len(cells) <= len(header):
        return table_row(header, cells)
    parts = [
        f"{header[column]}: {cell}" if 0 < column < len(header) and header[column] else cell
        for column, cell in enumerate(cells)
        if cell
    ]
    return " - ".join(parts) if header else " ".join(parts)


def _name_column(rows: Sequence[Sequence[Cell]]) -> int:
    """The column that names a table's rows: the first whose cells are mostly words, not a
    number, a date or an amount (a "Nr" column counts rows, it does not name them), nor
    numbered references to something else ("6. Ruimtelijke visie" in an "Aanbeveling" column
    names the recommendation an action serves, the "Actie" column beside it the action)."""
    for column in range(len(rows[0]) if rows else 0):
        filled = [row[column].text for row in rows if row[column].text]
        named = sum(not _number_like(text) and not _NUMBERED.match(text) for text in filled)
        if filled and named * 2 > len(filled):
            return column
    return 0


_NUMBERED = re.compile(r"\d+[.)]?\s+\D")
"""A cell that opens with a number ("6. Ruimtelijke visie", "12 Kind- en jeugdvriendelijk")."""


def _number_like(text: str) -> bool:
    return bool(re.fullmatch(r"[\d\s.,:;/%€$£+()-]+|[\d\s.,]*\d+\s*(?:u|uur|h)?[\d\s]*", text))


def _filled(rows: Sequence[Sequence[Cell]], column: int) -> bool:
    """Whether any row has words in a column: an empty one (a margin, a spacer) is left out,
    so that the columns under a header keep their names."""
    return any(column < len(row) and row[column].text for row in rows)


def _one_cell(row: Sequence[Cell]) -> str:
    """The text of a row with one filled cell (a title, a group of rows), else ""."""
    filled = [cell.text for cell in row if cell.text]
    return filled[0] if len(filled) == 1 else ""


def _asks(row: Sequence[Cell]) -> bool:
    """Whether a row is a question and its answer: the first filled cell ends in "?" and
    another cell says something."""
    filled = [cell.text for cell in row if cell.text]
    return len(filled) >= 2 and filled[0].endswith("?")


def _header(rows: Sequence[Sequence[Cell]], *, frozen: bool) -> bool:
    """Whether a block's first row names its columns: words in several cells, over other rows,
    and set in bold or frozen at the top of the sheet, or over questions and their answers
    ("Vraag", "Antwoord"), or short names without a digit over three or more columns whose
    rows hold figures or longer text ("Nr", "Actie", "Budget" over "€ 45.000")."""
    first = [cell.text for cell in rows[0] if cell.text]
    if len(rows) < 2 or len(first) < 2 or first[0].endswith("?"):
        return False
    if frozen or all(cell.bold for cell in rows[0] if cell.text):
        return True  # "Budget 2025", "Tel." are column names too
    if any(re.search(r"\d|\.$", text) for text in first):
        return False
    if all(_asks(row) for row in rows[1:]):
        return True
    below = [cell.text for row in rows[1:] for cell in row if cell.text]
    return (
        len(first) >= 3
        and all(len(text.split()) <= 3 for text in first)
        and any(re.search(r"\d", text) or len(text.split()) > 3 for text in below)
    )


def _comments(row: Sequence[Cell]) -> Iterator[Block]:
    for cell in row:
        if cell.comment:
            yield Block(cell.comment)
