"""Reading an Excel workbook (.xlsx, .xlsm) into blocks with openpyxl.

Each shown sheet is headed by its name ("Contact", "Premies"; not "Blad1"). Its rows stand in
blocks, as people lay out a sheet: a blank row between a table and a "Legende" under it. In a
block, a row of one short cell (a title merged across the top, "Legende") is a heading; a row of
words in bold, or frozen at the top, is a table's header, and each row under it names its cells
by it (``documents.table_row``: "Dakisolatie - Premie: 20% - Maximum: € 1.500"). Values read as
the sheet shows them (``cell_format``: "€ 2.500", "15 maart 2025"). A row whose first cell asks a
question ("Wie kan een premie krijgen?") heads its answer, as on a FAQ sheet. A cell's comment
follows its row: staff often keep a name or a date only there.

Left out: hidden sheets (an old draft kept in the workbook), hidden rows and columns, charts and
pictures. A formula's value is the one Excel saved with the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zipfile import BadZipFile

from indexer.cell_format import shown
from indexer.documents import MAX_BOLD_HEADING_WORDS, Block, DocumentError, table_row, tidy

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

_GENERIC_SHEETS = re.compile(r"^(?:blad|sheet|feuil|tabelle|hoja|foglio)\s*\d*$", re.IGNORECASE)
"""The names Excel gives a new sheet in Dutch, English, French, German, Spanish, Italian."""
_GENERIC_TITLES = frozenset({"", "map1", "book1", "classeur1"})
_DASH = " \u2013 "
"""Between a sheet's name and a row's in the row's heading ("Contact \u2013 Energieloket")."""
_THREADED = re.compile(r"^\[Threaded comment\].*?\nComment:\s*", re.DOTALL)
"""The note Excel writes for older versions in front of a threaded comment's words."""


@dataclass(frozen=True, slots=True)
class _Cell:
    text: str
    bold: bool = False
    comment: str = ""


def spreadsheet(path: Path) -> tuple[list[Block], str]:
    """The blocks of a workbook's shown sheets and its title (the one in its properties, else
    the first sheet's title row; "" when it has none)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only: a formula's value as Excel last saved it, not the formula
        book = load_workbook(path, data_only=True)
    except OSError as exc:
        if exc.errno is not None:
            raise  # the file system's error, not the file's
        raise DocumentError(f"{path.name}: not an Excel workbook (.xlsx): {exc}") from exc
    except (InvalidFileException, BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise DocumentError(f"{path.name}: not an Excel workbook (.xlsx): {exc}") from exc
    sheets = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
    blocks: list[Block] = []
    title = ""
    for sheet in sheets:
        named = len(sheets) > 1 or not _GENERIC_SHEETS.match(sheet.title)
        read = list(_sheet(sheet, named=named))
        first = read[1:2] if named else read[:1]  # the sheet's name comes before it
        if not blocks and first and first[0].heading:
            title = first[0].text  # the first sheet's title row
        blocks.extend(read)
    own = " ".join((book.properties.title or "").split())
    return blocks, own if own.lower() not in _GENERIC_TITLES else title


def _sheet(sheet: Worksheet, *, named: bool) -> Iterator[Block]:
    """A sheet's name as a heading (``named``: unless it is a workbook's only sheet and Excel
    gave it its name), then its blocks of rows."""
    rows = _rows(sheet)
    if not any(rows):
        return
    name = " ".join(sheet.title.split())
    if named:
        yield Block(name, heading=True)
    frozen = sheet.freeze_panes
    header_rows = int(re.sub(r"\D", "", frozen) or 1) - 1 if isinstance(frozen, str) else 0
    block: list[list[_Cell]] = []
    for number, row in enumerate([*rows, []], start=1):
        if any(cell.text for cell in row):
            block.append(row)
            continue
        if block:
            frozen_header = number - len(block) <= header_rows
            yield from _block(block, sheet=name if named else "", frozen_header=frozen_header)
        block = []


def _rows(sheet: Worksheet) -> list[list[_Cell]]:
    """The sheet's shown rows, each its shown cells: a cell merged down names each row it
    spans, one merged across stands under its first column."""
    hidden_columns = {
        column
        for dimension in sheet.column_dimensions.values()
        if dimension.hidden and dimension.min and dimension.max
        for column in range(dimension.min, dimension.max + 1)
    }
    down: dict[tuple[int, int], str] = {}
    for merged in sheet.merged_cells.ranges:
        top = sheet.cell(merged.min_row, merged.min_col)
        for number in range(merged.min_row + 1, merged.max_row + 1):
            down[number, merged.min_col] = shown(top.value, top.number_format)
    rows: list[list[_Cell]] = []
    for number in range(1, sheet.max_row + 1):
        if sheet.row_dimensions[number].hidden:
            continue
        row: list[_Cell] = []
        for column in range(1, sheet.max_column + 1):
            if column in hidden_columns:
                continue
            cell = sheet.cell(number, column)
            text = " ".join(shown(cell.value, cell.number_format).split())
            comment = _comment(cell.comment.text, cell.comment.author) if cell.comment else ""
            text = text or down.get((number, column), "")
            row.append(_Cell(text, bold=bool(cell.font and cell.font.b), comment=comment))
        rows.append(row)
    return rows


def _comment(text: str, author: str | None) -> str:
    """A comment's words, without the author's name Excel writes above them."""
    text = _THREADED.sub("", text)
    first, _, rest = text.partition("\n")
    if author and first.strip().rstrip(":") == author.strip() and rest:
        text = rest
    return tidy(text)


def _block(rows: list[list[_Cell]], *, sheet: str, frozen_header: bool) -> Iterator[Block]:
    """A block of rows without a blank one between them: its title rows as headings, a header
    row, then each row naming its cells. Under a header of three columns or more, a row is a
    record (a service and its contact, an action and its budget): a passage of its own, headed
    by the sheet's name and the row's name, an en dash between ("Contact \u2013 Energieloket")."""
    while rows and _one_cell(rows[0]):
        text = _one_cell(rows[0])
        short = len(text.split()) <= MAX_BOLD_HEADING_WORDS and not text.endswith(".")
        yield Block(text, heading=short, listed=not short)
        yield from _comments(rows.pop(0))
    if not rows:
        return
    used = [column for column in range(max(map(len, rows))) if _filled(rows, column)]
    rows = [[row[column] if column < len(row) else _Cell("") for column in used] for row in rows]
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
            yield Block(table_row(header, cells), listed=True)
        elif _asks(row):
            question, *answer = (cell for cell in cells if cell)
            yield Block(question, heading=True)
            yield from (Block(tidy(part)) for part in answer)
        else:
            yield Block(table_row(header, cells), listed=True)
        yield from _comments(row)


def _name_column(rows: Sequence[Sequence[_Cell]]) -> int:
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


def _filled(rows: Sequence[Sequence[_Cell]], column: int) -> bool:
    """Whether any row has words in a column: an empty one (a margin, a spacer) is left out,
    so that the columns under a header keep their names."""
    return any(column < len(row) and row[column].text for row in rows)


def _one_cell(row: Sequence[_Cell]) -> str:
    """The text of a row with one filled cell (a title, a group of rows), else ""."""
    filled = [cell.text for cell in row if cell.text]
    return filled[0] if len(filled) == 1 else ""


def _asks(row: Sequence[_Cell]) -> bool:
    """Whether a row is a question and its answer: the first filled cell ends in "?" and
    another cell says something."""
    filled = [cell.text for cell in row if cell.text]
    return len(filled) >= 2 and filled[0].endswith("?")


def _header(rows: Sequence[Sequence[_Cell]], *, frozen: bool) -> bool:
    """Whether a block's first row names its columns: words in several cells, over other rows,
    and set in bold or frozen at the top of the sheet, or over questions and their answers
    ("Vraag", "Antwoord"), or short names without a digit over three or more columns whose
    rows hold figures or longer text ("Nr", "Actie", "Budget" over "€ 45.000")."""
    first = [cell.text for cell in rows[0] if cell.text]
    if len(rows) < 2 or len(first) < 2 or any(re.search(r"\d|[.?]$", text) for text in first):
        return False
    if frozen or all(cell.bold for cell in rows[0] if cell.text):
        return True
    if all(_asks(row) for row in rows[1:]):
        return True
    below = [cell.text for row in rows[1:] for cell in row if cell.text]
    return (
        len(first) >= 3
        and all(len(text.split()) <= 3 for text in first)
        and any(re.search(r"\d", text) or len(text.split()) > 3 for text in below)
    )


def _comments(row: Sequence[_Cell]) -> Iterator[Block]:
    for cell in row:
        if cell.comment:
            yield Block(cell.comment)
