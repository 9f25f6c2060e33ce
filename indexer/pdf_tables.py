"""Tables on a PDF page: cells that several lines set at the same column starts.

Read line by line, a table's cells run together ("Bovenlokale UiT-pas 5 Toerisme Rivierenland
€ 120.000"), a column that starts mid-page reads as a second column of text, and a bold header
cell reads as a heading. Here a run of lines that each set three cells or more at shared
column starts is a table, and each of its rows is kept with its cells apart, a cell wrapped
over two lines (above and below the row's other cells, or under them) as one cell.

A slide's timeline or row of columns centres its cells instead: dates in bold above
labels wrapped over two or three lines ("18 maart 2025" over "Infoavond voor" / "raadsleden").
Line by line, no date goes with its label. Lines whose cells share column centres, a style
band of lines at a wrapped paragraph's spacing being one row, are such a table
(``_centred_spans``), its first band the header when set apart in bold or size.
"""

from __future__ import annotations

import itertools
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
CENTRED_GAP = 6.0
"""Bands of a centred table this far apart (a share of the font size) are not of one table:
a timeline's dates stand well above their labels."""
WRAP_PITCH = 1.8
"""Lines of one style this close (a share of the font size) are one band: a cell's text
wrapped over several lines."""
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

    @property
    def centre(self) -> float:
        return (self.runs[0].x + self.runs[-1].end) / 2

    @property
    def style(self) -> tuple[float, bool]:
        return (max(run.size for run in self.runs), all(run.bold for run in self.runs))


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
    headed: bool = False
    """Whether its first row is a centred table's header, set apart in style, that names
    every column, the first one too (a timeline's dates over its labels)."""

    @property
    def header(self) -> TableRow | None:
        first, rest = self.rows[0], self.rows[1:]
        if self.headed:
            return first
        return first if first.bold and rest and not all(row.bold for row in rest) else None


def split_tables(runs: Sequence[Run]) -> tuple[list[Run], list[PdfTable]]:
    """The page's runs outside any table, and its tables."""
    baselines = _baselines(runs)
    tables: list[PdfTable] = []
    taken: set[int] = set()
    for span in _table_spans(baselines):
        tables.append(_table(span))
        taken.update(id(run) for line in span for cell in line.cells for run in cell.runs)
    rest = [line for line in baselines if not any(id(c.runs[0]) in taken for c in line.cells)]
    for bands in _centred_spans(rest):
        tables.append(_centred_table(bands))
        taken.update(
            id(run) for band in bands for line in band for cell in line.cells for run in cell.runs
        )
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
        rows.append(_row(lines, cells))
    return PdfTable(tuple(rows))


def _row(lines: Sequence[_Baseline], cells: Sequence[Sequence[str]]) -> TableRow:
    """A row of ``cells`` set on ``lines`` (top to bottom), bold when most of its text is."""
    runs = [run for line in lines for cell in line.cells for run in cell.runs]
    return TableRow(
        cells=tuple(tuple(cell) for cell in cells),
        x=min(run.x for run in runs),
        y=lines[0].y,
        end=max(run.end for run in runs),
        size=max(run.size for run in runs),
        bold=sum(len(r.text) for r in runs if r.bold) * 2 > sum(len(r.text) for r in runs),
    )


def _centred_spans(baselines: Sequence[_Baseline]) -> list[list[list[_Baseline]]]:
    """Centred tables, each as its bands of lines (``_bands``): from a line of three cells
    or more, the lines below whose cells stand at its cells' centres, while the bands are
    near (``CENTRED_GAP``). One takes two bands or more, and a band of fewer cells than
    columns on one of its lines (a label that wraps where its neighbours do not): lines
    that each fill every column are rows of an ordinary table, or text."""
    spans: list[list[list[_Baseline]]] = []
    start = 0
    while start < len(baselines):
        first = baselines[start]
        centres = [cell.centre for cell in first.cells]
        end = start + 1
        if len(centres) >= 3:
            while (
                end < len(baselines)
                and baselines[end - 1].y - baselines[end].y
                <= CENTRED_GAP * max(baselines[end - 1].size, baselines[end].size)
                and _centred_columns(baselines[end], centres) is not None
            ):
                end += 1
        bands = _bands(baselines[start:end])
        wraps = any(len(line.cells) < len(centres) for band in bands for line in band[1:])
        if len(bands) >= 2 and wraps:
            spans.append(bands)
            start = end
        else:
            start += 1
    return spans


def _centred_columns(line: _Baseline, centres: Sequence[float]) -> list[int] | None:
    """The column of each cell by its centre, or None when a cell stands between columns,
    spans two or shares one."""
    spacing = min(b - a for a, b in itertools.pairwise(centres))
    found: list[int] = []
    for cell in line.cells:
        index = min(range(len(centres)), key=lambda i: abs(centres[i] - cell.centre))
        width = cell.runs[-1].end - cell.runs[0].x
        if abs(centres[index] - cell.centre) > 0.25 * spacing or width > spacing:
            return None
        if index in found:
            return None
        found.append(index)
    return found


def _bands(lines: Sequence[_Baseline]) -> list[list[_Baseline]]:
    """Lines in bands: one style, a wrapped line's spacing apart (``WRAP_PITCH``)."""
    bands: list[list[_Baseline]] = []
    for line in lines:
        style = line.cells[0].style
        if (
            bands
            and bands[-1][-1].cells[0].style == style
            and bands[-1][-1].y - line.y <= WRAP_PITCH * line.size
        ):
            bands[-1].append(line)
        else:
            bands.append([line])
    return bands


def _centred_table(bands: Sequence[Sequence[_Baseline]]) -> PdfTable:
    """A centred table's rows, one a band, each cell its column's lines in the band."""
    centres = [cell.centre for cell in bands[0][0].cells]
    rows = []
    for band in bands:
        cells: list[list[str]] = [[] for _ in centres]
        for line in band:
            for cell, column in zip(line.cells, _centred_columns(line, centres) or [], strict=True):
                cells[column].append(cell.text)
        rows.append(_row(band, cells))
    head, rest = bands[0][0].cells[0].style, [band[0].cells[0].style for band in bands[1:]]
    return PdfTable(tuple(rows), headed=all(style != head for style in rest))
