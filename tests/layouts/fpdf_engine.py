"""Layouts typeset with fpdf2: the A5 leaflet, running headers and footers with a table of
contents that has dot leaders and page numbers, a cover and back page, titles beside a drop
cap, the long variant."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.layouts.content import Content, Piece

FONTS = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class FpdfStyle:
    page_format: str = "A5"
    body: float = 8.5
    title: float = 15.0
    section: float = 10.5
    justify: bool = True
    header: str = ""
    footer: str = "{page}"
    toc_pages: bool = False
    drop_cap: bool = False
    """Each recommendation headed by its number set large, with 'AANBEVELING N' and its title
    (once, wrapped) beside it."""


def typeset(content: Content, style: FpdfStyle, path: Path) -> list[tuple[str, int]]:
    """Write the PDF; where each paragraph went: (text, page). Runs twice when the table of
    contents shows page numbers (the first run finds them)."""
    pages: dict[int, int] = {}
    placed = _write(content, style, path, pages)
    if style.toc_pages:
        found = dict(pages)
        placed = _write(content, style, path, found)
    return placed


def _write(
    content: Content, style: FpdfStyle, path: Path, toc_pages: dict[int, int]
) -> list[tuple[str, int]]:
    from fpdf import FPDF

    class Leaflet(FPDF):
        def header(self) -> None:
            if style.header and self.page_no() > 1:
                self.set_font("DejaVu", "", 6.5)
                self.cell(0, 4, style.header, align="R", new_x="LMARGIN", new_y="NEXT")
                self.ln(2)

        def footer(self) -> None:
            if style.footer and self.page_no() > 1:
                self.set_y(-12)
                self.set_font("DejaVu", "", 7)
                self.cell(0, 5, style.footer.format(page=self.page_no()), align="C")

    sizes = {"A5": (148.0, 210.0), "A4": (210.0, 297.0)}  # in mm: no warning about A5
    pdf = Leaflet(format=sizes[style.page_format])
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_font("DejaVu", fname=str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", style="B", fname=str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", style="I", fname=str(FONTS / "DejaVuSans-Oblique.ttf"))
    placed: list[tuple[str, int]] = []
    recommendation = 0
    for number, page in enumerate(content.pages):
        pdf.add_page()
        if any(p.kind == "title" for p in page) and number > 2:
            recommendation += 1
            toc_pages.setdefault(recommendation, pdf.page_no())
        footnotes = [p for p in page if p.kind == "footnote"]
        previous = ""
        capped = False  # the page's title is set once, beside its drop cap
        for piece in page:
            if style.drop_cap and number > 2 and piece.kind in ("title", "badge"):
                # the drop cap is the badge, and the title is set once beside it
                if piece.kind == "title" and not capped:
                    _drop_cap(pdf, recommendation, piece.text, style)
                    capped = True
            elif piece.kind != "footnote":
                # the leaflet repeats a title: the first one is set larger, as on a panel
                repeated = piece.kind == "title" and previous == "title"
                _piece(pdf, piece, style, placed, toc_pages, larger=not repeated)
            previous = piece.kind
        for piece in footnotes:
            pdf.set_y(-24)
            pdf.set_font("DejaVu", "", 6)
            pdf.multi_cell(0, 3, piece.text, new_x="LMARGIN", new_y="NEXT")
            placed.append((piece.text, pdf.page_no()))
    if content.back:
        pdf.add_page()
        pdf.set_y(pdf.h / 2)
        for piece in content.back:
            _piece(pdf, piece, style, placed, toc_pages)
    pdf.output(str(path))
    return placed


def _piece(
    pdf: Any,
    piece: Piece,
    style: FpdfStyle,
    placed: list[tuple[str, int]],
    toc_pages: dict[int, int],
    *,
    larger: bool = False,
) -> None:
    width = pdf.w - pdf.l_margin - pdf.r_margin
    if piece.kind in ("title", "badge"):
        scale = 1.6 if piece.kind == "badge" else 1.25 if larger else 1.0
        pdf.set_font("DejaVu", "B", style.title * scale)
        pdf.multi_cell(width * 0.8, style.title * 0.5, piece.text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    elif piece.kind in ("section", "sub"):
        size = style.section if piece.kind == "section" else style.body
        pdf.set_font("DejaVu", "B", size)
        pdf.ln(1)
        pdf.multi_cell(0, size * 0.5, piece.text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    elif piece.kind == "toc":
        pdf.set_font("DejaVu", "", style.body)
        number = int(piece.text.split()[1].rstrip(":"))
        text = piece.text
        if style.toc_pages:
            page = str(toc_pages.get(number, 0))
            room = width - pdf.get_string_width(text + " " + page) - 2
            dots = max(3, int(0.9 * room / pdf.get_string_width(" .")))
            text = f"{text} {' .' * dots} {page}"
        pdf.multi_cell(0, style.body * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        placed.append((piece.text, pdf.page_no()))
        pdf.ln(1)
    elif piece.kind == "table":
        pdf.set_font("DejaVu", "", style.body)
        placed.append((" ".join(piece.rows[0]), pdf.page_no()))
        for left, right in piece.rows:
            pdf.cell(width * 0.35, style.body * 0.55, left)
            pdf.cell(width * 0.2, style.body * 0.55, right, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    else:
        italic = piece.kind == "caption"
        pdf.set_font("DejaVu", "I" if italic else "", style.body * (0.85 if italic else 1))
        text = piece.text.replace(". ", ".  ") if style.justify else piece.text
        starts_next = pdf.will_page_break(style.body * 0.5)
        placed.append((piece.text, pdf.page_no() + (1 if starts_next else 0)))
        pdf.multi_cell(
            0,
            style.body * 0.5,
            text,
            align="J" if style.justify else "L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(1.8)


def _drop_cap(pdf: Any, number: int, title: str, style: FpdfStyle) -> None:
    """The number three times the title's size at the left; beside it a small bold label
    over the title, which wraps: the number's baseline falls between the title's lines."""
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.ln(12)  # below the running header's band: the label is no running line
    top = pdf.get_y()
    pdf.set_font("DejaVu", "B", style.title * 3.2)
    pdf.cell(style.title * 1.4, style.title * 1.3, str(number))
    pdf.set_xy(pdf.l_margin + style.title * 1.6, top)
    pdf.set_font("DejaVu", "B", style.body)
    pdf.cell(0, 5, f"AANBEVELING {number}", new_x="LEFT", new_y="NEXT")
    pdf.set_font("DejaVu", "B", style.title)
    pdf.multi_cell(width * 0.55, style.title * 0.45, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), top + style.title * 1.5) + 2)
