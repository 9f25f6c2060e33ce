"""A PDF page's text as positioned lines, through pypdf's text visitor.

pypdf reports each piece of text it shows with its matrices and font; here the pieces become
``Line`` objects (text, left edge, baseline, right edge, font size, weight) in page
coordinates. Pieces on one baseline are joined into one line unless a column gutter lies
between them; raised, smaller pieces (footnote markers) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACE_LIKE = re.compile("[\t\r\x0b\x0c\x1c-\x1f\x85\u00a0\u2000-\u200a\u202f\u205f\u3000]")
BULLET = "\u2022"
_BULLETS = re.compile("[\x7f\u2023\u2043\u2219\u25a0\u25aa\u25cf\u25e6\uf0a7\uf0b7\uf0d8\uf0fc]")
"""Glyphs that PDFs set as list bullets: reportlab's bullet in its standard fonts reads back as
DEL (U+007F), a glyph its font lacks as a black square, Word's Symbol and Wingdings bullets
as private-use characters."""
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x80-\x9f]")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC_FONT = re.compile(r"italic|oblique", re.IGNORECASE)
AVERAGE_GLYPH_WIDTH = 0.5
"""A glyph's width as a fraction of the font size, when the PDF does not tell the run's end."""


def normalize(text: str) -> str:
    """Ligatures spelled out, non-breaking and other odd spaces made spaces, invisible and
    control characters removed, list bullets made ``BULLET``; a non-breaking hyphen becomes a
    hyphen. Soft hyphens stay: they tell the line joiner that a word was broken."""
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    text = _INVISIBLE.sub("", text).replace("\u2011", "-")
    text = _SPACE_LIKE.sub(" ", _BULLETS.sub(BULLET, text))
    return _CONTROL.sub("", text)


@dataclass(frozen=True, slots=True)
class Run:
    """One piece of text as pypdf showed it."""

    text: str
    x: float
    y: float
    end: float
    size: float
    bold: bool
    italic: bool


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text on a page, in PDF points (y grows upwards)."""

    text: str
    x: float
    y: float
    end: float
    size: float
    bold: bool
    italic: bool = False
    row: bool = False
    """A table's row, its cells read across (``indexer.pdf_tables``): a line of its own."""

    @property
    def key(self) -> tuple[float, bool]:
        """The line's style: size (rounded) and weight."""
        return round(self.size * 2) / 2, self.bold


def _multiply(m: list[float], n: list[float]) -> list[float]:
    """The product of two PDF matrices [a b c d e f]."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return [
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    ]


def page_runs(page: Any) -> list[Run]:
    """The text runs of a pypdf page, in content-stream order."""
    runs: list[Run] = []
    pending: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        matrix = _multiply(list(map(float, tm)), list(map(float, cm)))
        x, y = matrix[4], matrix[5]
        scale = (matrix[2] ** 2 + matrix[3] ** 2) ** 0.5 or 1.0
        if not text.strip():
            # pypdf reports where the text matrix went after a run: the run's true end.
            if pending and text == "" and abs(y - pending[-1].y) < 0.1 and x > pending[-1].x:
                last = pending.pop()
                pending.append(Run(last.text, last.x, last.y, x, last.size, last.bold, last.italic))
            runs.extend(pending)
            pending.clear()
            return
        runs.extend(pending)
        pending.clear()
        name = str(font.get("/BaseFont", "")) if font is not None else ""
        effective = float(size) * scale
        clean = normalize(text.replace("\n", " "))
        if not clean.strip():  # control characters only
            return
        width = len(clean.strip()) * effective * AVERAGE_GLYPH_WIDTH
        pending.append(
            Run(
                clean,
                x,
                y,
                x + width,
                effective,
                bool(_BOLD_FONT.search(name)),
                bool(_ITALIC_FONT.search(name)),
            )
        )

    page.extract_text(visitor_text=visit)
    runs.extend(pending)
    return runs


def runs_to_lines(runs: list[Run], gutters: list[float] | None = None) -> list[Line]:
    """Join runs that share a baseline into lines, top to bottom, left to right.

    Runs never join across a gutter (an x where a column starts). A run that is smaller and
    raised above its neighbours' baseline (a footnote marker) is dropped; a lowered one (a
    subscript, 'CO2') joins without a space.
    """
    typical = median_size(run.size for run in runs)
    ordered = sorted(runs, key=lambda r: (-round(r.y, 0), r.x))
    lines: list[list[Run]] = []
    for run in ordered:
        for line in reversed(lines[-4:]):
            base = max(line, key=lambda r: r.size)
            if (
                on_one_baseline(run, base)
                and not _across(line[0], run, gutters or [])
                and not any(
                    _badge_beside(r, run, typical) or _badge_beside(run, r, typical) for r in line
                )
            ):
                line.append(run)
                break
        else:
            lines.append([run])
    return [_line(sorted(line, key=lambda r: r.x)) for line in lines if line]


def on_one_baseline(one: Run, other: Run) -> bool:
    """Whether two runs stand on one baseline: within 0.45 of the larger one's size."""
    return abs(one.y - other.y) <= 0.45 * max(one.size, other.size)


def _across(one: Run, other: Run, gutters: list[float]) -> bool:
    """Whether a gutter separates the two runs (they stand in different columns)."""
    return any((one.x < gutter - 1) != (other.x < gutter - 1) for gutter in gutters)


BADGE = re.compile(r"^\d{1,2}$")
"""A lone number of one or two digits: a recommendation's badge, when it is set large."""


def median_size(sizes: Iterable[float]) -> float:
    """The median of ``sizes``: a page's typical text size; 0 for none."""
    ordered = sorted(sizes)
    return ordered[len(ordered) // 2] if ordered else 0.0


def _large_number(text: str, size: float, than: float) -> bool:
    """Whether ``text`` is a lone number set at least twice ``than``."""
    return bool(BADGE.match(text.strip())) and size >= 2 * than


def _badge_beside(badge: Run, other: Run, typical: float) -> bool:
    """Whether ``badge`` is a number set at least twice as large as ``other`` and as the
    page's ``typical`` text, off ``other``'s baseline (a drop cap beside a wrapped title): it
    spans several of the other's lines and is none of them. A large figure on the baseline
    of the text it begins ("27 procent meer ...") is part of that line."""
    return _large_number(badge.text, badge.size, max(other.size, typical)) and (
        abs(badge.y - other.y) > 0.15 * other.size
    )


def read_at(line: Line, typical: float) -> float:
    """The height a line is read at: its baseline; for a number set at least twice the
    ``typical`` size, its top (a drop cap beside a title heads it, as a badge does)."""
    if _large_number(line.text, line.size, typical):
        return line.y + 0.7 * line.size
    return line.y


def _line(runs: list[Run]) -> Line:
    base = max(runs, key=lambda r: len(r.text) * r.size)
    text = ""
    previous: Run | None = None
    for run in runs:
        small = run.size < 0.85 * base.size
        if small and run.y > base.y + 0.15 * base.size and run.text.strip().isdigit():
            continue  # a footnote marker
        if previous is None:
            text = run.text
        else:
            gap = run.x - previous.end
            lowered = small and run.y < base.y - 0.1 * base.size
            spaced = previous.text.endswith(" ") or run.text.startswith(" ")
            joiner = " " if spaced or not (lowered or gap < 0.15 * base.size) else ""
            text = f"{text}{joiner}{run.text}"
        previous = run
    bold = sum(len(r.text) for r in runs if r.bold) * 2 > len(text)
    italic = sum(len(r.text) for r in runs if r.italic) * 2 > len(text)
    return Line(
        text=re.sub(r" {2,}", " ", text).strip(" "),
        x=runs[0].x,
        y=base.y,
        end=max(r.end for r in runs),
        size=base.size,
        bold=bold,
        italic=italic,
    )
