"""A staff leaflet typeset as a PDF (reportlab: a large title, bold section headings, bulleted
lists) reads back as a Markdown page does: its title, and each list item a line of its own
without the bullet glyph."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from indexer.documents import read_document
from indexer.generic import chunk_any
from indexer.pdf_lines import BULLET, normalize

TITLE = "Energiehuis Rivierenland"
HOURS = (
    "Mechelen, Schoutetstraat 2: maandag tot vrijdag van 9 tot 12.30 uur.",
    "Lier, Paradeplein 2: dinsdag en donderdag van 9 tot 12 uur.",
    "elke eerste zaterdag van de maand in Heist-op-den-Berg, van 9 tot 12 uur.",
)


def _leaflet(
    path: Path, *, title_size: float = 20, bullet: str = "\u2022", header: str = ""
) -> None:
    """A leaflet as staff make one: title, sections, a bulleted list of opening hours; a
    small ``header`` line in the top margin."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=6)
    heading = ParagraphStyle("heading", fontName="Helvetica-Bold", fontSize=13, leading=16)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=title_size, leading=24)
    items = [ListItem(Paragraph(text, body), leftIndent=12) for text in HOURS]
    story = [
        Paragraph(TITLE, title),
        Paragraph("Uw regionaal loket voor energie en renovatie.", body),
        Paragraph("Openingsuren", heading),
        Paragraph("U bent welkom in drie kantoren:", body),
        ListFlowable(items, bulletType="bullet", start=bullet, leftIndent=14),
        Paragraph("Contact", heading),
        Paragraph("Telefoon: 015 79 45 20, elke werkdag van 9 tot 16 uur.", body),
    ]

    def first_page(canvas: Any, document: Any) -> None:
        canvas.setFont("Helvetica", 7)
        canvas.drawString(72, document.pagesize[1] - 30, header)

    SimpleDocTemplate(str(path)).build(story, onFirstPage=first_page)


def test_a_leaflets_bullets_read_back_as_lines_of_their_own(tmp_path: Path) -> None:
    path = tmp_path / "energiehuis.pdf"
    _leaflet(path)
    document = read_document(path)
    # reportlab's bullet in Helvetica reads back as DEL (U+007F): never in a quote
    assert not any(ch in block.text for block in document.blocks for ch in "\x7f\u2022")
    listed = [block.text for block in document.blocks if block.listed]
    assert listed == list(HOURS)  # the lower-case item not joined to the line before it
    (hours,) = [c for c in chunk_any(document) if c.title == "Openingsuren"]
    assert hours.text == "\n\n".join(("U bent welkom in drie kantoren:", *HOURS))


@pytest.mark.parametrize("glyph", ["\u25a0", "\uf0b7", "\uf0a7", "\u25cf", "\x7f"])
def test_other_bullet_glyphs_are_bullets_too(glyph: str) -> None:
    """A glyph the font lacks reads back as a black square; Word sets its bullets in Symbol
    and Wingdings, read back as private-use characters."""
    assert normalize(f"{glyph} Lier, Paradeplein 2") == f"{BULLET} Lier, Paradeplein 2"


def test_a_missing_glyph_bullet_starts_a_list_item(tmp_path: Path) -> None:
    path = tmp_path / "energiehuis.pdf"
    _leaflet(path, bullet="\uf0b7")  # not in Helvetica: drawn as a black square
    listed = [block.text for block in read_document(path).blocks if block.listed]
    assert listed == list(HOURS)


def test_control_characters_never_reach_the_text() -> None:
    assert normalize("ener\x02gie scan\x1b") == "energie scan"
    # line and page breaks and separators between words stay spaces between them
    assert normalize("energie\rscan\x85advies\x0cgratis") == "energie scan advies gratis"


def test_a_title_set_larger_than_the_rest_is_the_documents_title(tmp_path: Path) -> None:
    path = tmp_path / "energiehuis.pdf"
    _leaflet(path)
    document = read_document(path)
    assert document.title == TITLE
    assert {c.document_title for c in chunk_any(document)} == {TITLE}
    # a small line above it in the page's margin is no title, and hides none
    _leaflet(path, header="IGEMO nieuwsbrief")
    assert read_document(path).title == TITLE
    # set no larger than a section heading, the first line is a heading, not the title
    _leaflet(path, title_size=13)
    assert read_document(path).title == ""
