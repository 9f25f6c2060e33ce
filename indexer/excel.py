"""Reading an Excel workbook (.xlsx, .xlsm) with openpyxl into sheets
(``indexer.spreadsheet``).

Values read as the sheet shows them (``cell_format``: "€ 2.500", "15 maart 2025"); a formula's
value is the one Excel saved with the file. Left out: hidden sheets (an old draft kept in the
workbook), hidden rows and columns, charts and pictures. A comment is read without the
author's name Excel writes above it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from zipfile import BadZipFile

from indexer.cell_format import shown
from indexer.documents import Block, DocumentError, tidy
from indexer.spreadsheet import Cell, Sheet, workbook

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

_THREADED = re.compile(r"^\[Threaded comment\].*?\nComment:\s*", re.DOTALL)
"""The note Excel writes for older versions in front of a threaded comment's words."""


def excel_workbook(path: Path) -> tuple[list[Block], str]:
    """The blocks of a workbook's shown sheets and its title (``spreadsheet.workbook``)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only: a formula's value as Excel last saved it, not the formula
        book = load_workbook(path, data_only=True)
    except (OSError, InvalidFileException, BadZipFile, KeyError, ValueError, TypeError) as exc:
        if isinstance(exc, OSError) and exc.errno is not None:
            raise  # the file system's error; openpyxl's own OSError has no errno
        raise DocumentError(f"{path.name}: not an Excel workbook (.xlsx): {exc}") from exc
    sheets = [_sheet(sheet) for sheet in book.worksheets if sheet.sheet_state == "visible"]
    return workbook(sheets, book.properties.title or "")


def _sheet(sheet: Worksheet) -> Sheet:
    frozen = sheet.freeze_panes
    frozen_rows = int(re.sub(r"\D", "", frozen) or 1) - 1 if isinstance(frozen, str) else 0
    return Sheet(sheet.title, _rows(sheet), frozen_rows)


def _rows(sheet: Worksheet) -> list[list[Cell]]:
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
    # the cells the file holds, read without sheet.cell(), which makes each cell it is asked
    # for, and without max_row: one formatted cell far below the table (row 100,000) would
    # have every empty cell above it made and read
    stored = sheet._cells
    filled = [place for place, cell in stored.items() if cell.value is not None or cell.comment]
    last_row = max((row for row, _ in [*filled, *down]), default=0)
    last_column = max((column for _, column in [*filled, *down]), default=0)
    rows: list[list[Cell]] = []
    for number in range(1, last_row + 1):
        dimension = sheet.row_dimensions.get(number)
        if dimension is not None and dimension.hidden:
            continue
        row: list[Cell] = []
        for column in range(1, last_column + 1):
            if column in hidden_columns:
                continue
            cell = stored.get((number, column))
            if cell is None:
                row.append(Cell(down.get((number, column), "")))
                continue
            text = " ".join(shown(cell.value, cell.number_format).split())
            comment = _comment(cell.comment.text, cell.comment.author) if cell.comment else ""
            text = text or down.get((number, column), "")
            row.append(Cell(text, bold=bool(cell.font and cell.font.b), comment=comment))
        rows.append(row)
    return rows


def _comment(text: str, author: str | None) -> str:
    """A comment's words, without the author's name Excel writes above them."""
    text = _THREADED.sub("", text)
    first, _, rest = text.partition("\n")
    if author and first.strip().rstrip(":") == author.strip() and rest:
        text = rest
    return tidy(text)
