"""Typesetting the note as a PDF for tests: upper-case headings, wrapped paragraphs, pages."""

from __future__ import annotations

from pathlib import Path

from indexer.chunking import title_key
from indexer.documents import Block, is_heading

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def page_breaks(blocks: tuple[Block, ...]) -> list[list[Block]]:
    """Front matter, table of contents, foreword, then one page per recommendation."""
    pages: list[list[Block]] = [[]]
    previous_heading = ""
    for block in blocks:
        key = title_key(block.text)
        starts_page = key in ("inhoud", "voorwoord") or (
            is_heading(block.text)
            and key not in ("contextenuitdagingen", "doorbraakprojecten", "allesvloeit")
            and not previous_heading
        )
        if starts_page and pages[-1]:
            pages.append([])
        pages[-1].append(block)
        previous_heading = key if is_heading(block.text) or block.text.isdigit() else ""
    return pages


def write_pdf(pages: list[list[Block]], path: Path) -> None:
    """One PDF page per list of blocks; paragraphs wrap at the page width."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=9)
    for blocks in pages:
        pdf.add_page()
        for block in blocks:
            pdf.multi_cell(0, 4.5, block.text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    pdf.output(str(path))
