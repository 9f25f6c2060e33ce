"""Tables on a PDF page: cells that several lines set at the same column starts.

Read line by line, a table's cells run together ("Bovenlokale UiT-pas 5 Toerisme Rivierenland
€ 120.000"), a column that starts mid-page reads as a second column of text, and a bold header
cell reads as a heading. Here a run of lines that each set three cells or more at shared
column starts is a table, and each of its rows is kept with its cells apart, a cell wrapped
over two lines (above and below the row's other cells, or under them) as one cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from indexer.pdf_lines import Run, on_one_baseline

CELL_GAP = 1.2
"""Two runs on one baseline this far apart (a share of the font size) are two cells: wider
than a justified line's word space."""
MIN_ROWS = 3
"""Lines of three cells or more that make a table: fewer may be a form or a signature."""
ROW_GAP = 3.0
"""Lines this far apart (a share of the font size) are not of one table."""
_LEADER = re.compile(r"^[\s.·…_-]+$")
"""A cell of dot leaders: a table of contents' entry, whose cells are a title and a page."""


@dataclass(frozen=True, slots=True)
class _Cell:
    runs: tuple[Run, ...]

    @property
    def x(self) -> float:
        return self.runs[0].x

    @property
    def text(self) -> str:
        return " ".join(" ".join(run.text.split()) for run in self.runs)


@dataclass(frozen=True, slots=True)
class _Baseline:
    y: float
    size: float
    cells: tuple[_Cell, ...]


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a table: per column, the lines of its cell, top to bottom ("" for none)."""

    cells: tuple[tuple[str, ...], ...]
    x: float
    y: float
    """The row's top baseline: where it is read."""
    end: float
    size: float
    bold: bool


@dataclass(frozen=True, slots=True)
class PdfTable:
    """A table found on a page: its rows top to bottom; the first is its header when set in
    bold above rows that are not (``header``)."""

    rows: tuple[TableRow, ...]

    @property
    def header(self) -> TableRow | None:
        first, rest = self.rows[0], self.rows[1:]
        return first if first.bold and rest and not all(row.bold for row in rest) else None


def split_tables(runs: Sequence[Run]) -> tuple[list[Run], list[PdfTable]]:
    """The page's runs outside any table, and its tables."""
    baselines = _baselines(runs)
    tables: list[PdfTable] = []
    taken: set[int] = set()
    for span in _table_spans(baselines):
        tables.append(_table(span))
        taken.update(id(run) for line in span for cell in line.cells for run in cell.runs)
    return [run for run in runs if id(run) not in taken], tables


def _baselines(runs: Sequence[Run]) -> list[_Baseline]:
    """Runs on one baseline, top to bottom, their cells left to right."""
    groups: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (-r.y, r.x)):
        if not run.text.strip():
            continue
        if groups and on_one_baseline(groups[-1][0], run):
            groups[-1].append(run)
        else:
            groups.append([run])
    result = []
    for group in groups:
        ordered = sorted(group, key=lambda r: r.x)
        cells: list[list[Run]] = [[ordered[0]]]
        for run in ordered[1:]:
            previous = cells[-1][-1]
            if run.x - previous.end > CELL_GAP * max(run.size, previous.size):
                cells.append([run])
            else:
                cells[-1].append(run)
        size = max(run.size for run in ordered)
        result.append(_Baseline(ordered[0].y, size, tuple(_Cell(tuple(cell)) for cell in cells)))
    return result


def _table_spans(baselines: Sequence[_Baseline]) -> list[list[_Baseline]]:
    """Runs of baselines that make a table: from a line of three cells or more to the last
    line with two or more at its column starts, the lines between them included."""
    spans: list[list[_Baseline]] = []
    span: list[_Baseline] = []
    columns: list[float] = []

    def close() -> None:
        while span and len(span[-1].cells) < 2:
            span.pop()
        if sum(len(line.cells) >= 3 for line in span) >= MIN_ROWS:
            spans.append(list(span))
        span.clear()

    for line in baselines:
        if any(_LEADER.match(cell.text) for cell in line.cells):
            close()
            continue
        if span and (
            span[-1].y - line.y > ROW_GAP * max(span[-1].size, line.size)
            or _columns_of(line, columns) is None
        ):
            close()
        if not span:
            if len(line.cells) < 3:
                continue
            columns = [cell.x for cell in line.cells]
        span.append(line)
    close()
    return spans


def _columns_of(line: _Baseline, columns: Sequence[float]) -> list[int] | None:
    """The column of each cell, or None when a cell stands left of the first column or two
    share one."""
    found: list[int] = []
    for cell in line.cells:
        index = max(
            (i for i, start in enumerate(columns) if cell.x >= start - line.size), default=None
        )
        if index is None or index in found:
            return None
        found.append(index)
    return found


def _table(span: Sequence[_Baseline]) -> PdfTable:
    """The rows of a table span: each line of two cells or more anchors a row, and a line of
    one cell belongs to the nearest anchor (the one above on a tie)."""
    columns = [cell.x for cell in span[0].cells]
    anchors = [line for line in span if len(line.cells) >= 2]
    members: dict[int, list[_Baseline]] = {id(anchor): [] for anchor in anchors}
    for line in span:
        nearest = min(anchors, key=lambda anchor: (abs(anchor.y - line.y), line.y > anchor.y))
        members[id(nearest)].append(line)
    rows = []
    for anchor in anchors:
        lines = sorted(members[id(anchor)], key=lambda line: -line.y)
        cells: list[list[str]] = [[] for _ in columns]
        for line in lines:
            for cell, column in zip(line.cells, _columns_of(line, columns) or [], strict=True):
                cells[column].append(cell.text)
        runs = [run for line in lines for cell in line.cells for run in cell.runs]
        bold = sum(len(r.text) for r in runs if r.bold) * 2 > sum(len(r.text) for r in runs)
        rows.append(
            TableRow(
                cells=tuple(tuple(cell) for cell in cells),
                x=min(run.x for run in runs),
                y=lines[0].y,
                end=max(run.end for run in runs),
                size=max(run.size for run in runs),
                bold=bold,
            )
        )
    return PdfTable(tuple(rows))
