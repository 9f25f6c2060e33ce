"""Reading a LibreOffice Calc spreadsheet (.ods, .fods) with odfdo into sheets
(``indexer.spreadsheet``).

An OpenDocument spreadsheet keeps each cell's text as the sheet shows it ("€ 2.500,00",
"15/03/2025"), so that text is read, not the value behind it. Left out: hidden sheets, rows
and columns (``table:display="false"``, ``table:visibility="collapse"``), charts and pictures.
A cell's comment (``office:annotation``) is read without its author and date. Frozen rows
are not read (Calc keeps them among its view settings): a header row is told by its bold or
its short names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zipfile import BadZipFile

from indexer.documents import Block, DocumentError, tidy
from indexer.open_document import Styles, attribute, paragraphs_in, shown_text
from indexer.spreadsheet import Cell, Sheet, workbook

if TYPE_CHECKING:
    from odfdo import Element

_MAX_REPEATED = 64
"""A sheet's empty rows and cells at its end are stored as one repeated a million times; no
sheet people read repeats a filled row or cell more often than this."""
_HIDDEN = frozenset({"collapse", "filter"})


def calc_workbook(path: Path) -> tuple[list[Block], str]:
    """The blocks of a spreadsheet's shown sheets and its title (``spreadsheet.workbook``)."""
    from odfdo import Document

    try:
        document = Document(path)
        kind = document.get_type()
        if kind not in ("spreadsheet", "spreadsheet-template"):
            raise DocumentError(
                f"{path.name}: an OpenDocument {kind}, not a spreadsheet; save it as .ods"
            )
        reader = _Reader(Styles(document))
        sheets = [
            reader.sheet(table)
            for table in document.body.get_elements("table:table")
            if reader.shown(table)
        ]
        title = document.meta.title or ""
    except DocumentError:
        raise
    except (BadZipFile, KeyError, TypeError, ValueError, SyntaxError) as exc:  # lxml's too
        # a part another program did not write (styles.xml, meta.xml) is a KeyError
        raise DocumentError(f"{path.name}: not an OpenDocument spreadsheet (.ods): {exc}") from exc
    return workbook(sheets, title)


@dataclass
class _Reader:
    """One spreadsheet read sheet by sheet, its styles looked up once by name."""

    styles: Styles

    def shown(self, table: Element) -> bool:
        """Whether a sheet is shown: its table style does not hide it."""
        style = self.styles.style("table", attribute(table, "table:style-name"))
        properties = (style.get_properties() or {}) if style is not None else {}
        return str(properties.get("table:display", "true")) != "false"

    def sheet(self, table: Element) -> Sheet:
        hidden = self._hidden_columns(table)
        carried: dict[int, tuple[str, int]] = {}  # per column: a cell merged down, rows to go
        rows: list[list[Cell]] = []
        for element in table.get_elements(".//table:table-row"):
            repeated = min(
                element.get_attribute_integer("table:number-rows-repeated") or 1, _MAX_REPEATED
            )
            row = self._row(element, carried)
            if attribute(element, "table:visibility") in _HIDDEN:
                continue
            kept = [cell for column, cell in enumerate(row) if column not in hidden]
            rows.extend([kept] * (repeated if any(cell.text for cell in kept) else 1))
        return Sheet(attribute(table, "table:name"), rows)

    def _row(self, element: Element, carried: dict[int, tuple[str, int]]) -> list[Cell]:
        """A row's cells; a cell merged down (``table:number-rows-spanned``) names each row
        it spans, one merged across stands under its first column."""
        cells: list[Cell] = []
        for cell in element.children:
            if cell.tag not in ("table:table-cell", "table:covered-table-cell"):
                continue
            repeated = min(
                cell.get_attribute_integer("table:number-columns-repeated") or 1, _MAX_REPEATED
            )
            for _ in range(repeated):
                column = len(cells)
                if cell.tag == "table:covered-table-cell":
                    above, left = carried.get(column, ("", 0))
                    if left:
                        carried[column] = (above, left - 1)
                    cells.append(Cell(above if left else ""))
                    continue
                text = " ".join(
                    tidy(shown_text(p)).replace("\n", " ") for p in paragraphs_in(cell)
                ).strip()
                spanned = cell.get_attribute_integer("table:number-rows-spanned") or 1
                if spanned > 1:
                    carried[column] = (text, spanned - 1)
                style = attribute(cell, "table:style-name")
                bold = self.styles.bold("table-cell", style)
                cells.append(Cell(text, bold=bold, comment=_comment(cell)))
        return cells

    def _hidden_columns(self, table: Element) -> set[int]:
        hidden: set[int] = set()
        column = 0
        for element in table.get_elements(".//table:table-column"):
            repeated = min(
                element.get_attribute_integer("table:number-columns-repeated") or 1, 1024
            )
            if attribute(element, "table:visibility") in _HIDDEN:
                hidden.update(range(column, column + repeated))
            column += repeated
        return hidden


def _comment(cell: Element) -> str:
    """A cell's comment, its paragraphs without the author and date kept beside them."""
    notes = cell.get_elements("office:annotation")
    return tidy("\n".join(shown_text(p) for note in notes for p in note.get_elements("text:p")))
