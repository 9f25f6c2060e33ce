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


@pytest.mark.parametrize("dash", ["-", "\u2013"])
def test_a_list_set_with_dashes_reads_back_as_items(tmp_path: Path, dash: str) -> None:
    """Word and reportlab set lists with a dash too: each item a line of its own, the dash
    left out, a lower-case item not joined to the one before it."""
    path = tmp_path / "energiehuis.pdf"
    _leaflet(path, bullet=dash)
    listed = [block.text for block in read_document(path).blocks if block.listed]
    assert listed == list(HOURS)


def _typed_lines(path: Path, *pages: list[tuple[float, str]]) -> None:
    """Pages with each line drawn where it is told (indent, text), 13 points apart."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path))
    for lines in pages:
        for row, (indent, text) in enumerate(lines):
            canvas.setFont("Helvetica", 10)
            canvas.drawString(72 + indent, 700 - 13 * row, text)
        canvas.showPage()
    canvas.save()


def test_a_wrapped_dash_item_is_one_item_and_a_dash_inside_a_sentence_no_item(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kantoren.pdf"
    _typed_lines(
        path,
        [
            (0, "Het energiehuis werkt samen met de twaalf gemeenten van Rivierenland"),
            (0, "\u2013 en dat is voor iedereen belangrijk \u2013 aan een betere dienstverlening"),
            (0, "voor alle inwoners en bedrijven van de regio, elke werkdag opnieuw."),
            (0, "Onze kantoren zijn open op deze dagen en uren, zonder afspraak, voor"),
            (0, "wie met een vraag over renovatie of energie langs wil komen:"),
            (0, "- Mechelen, Schoutetstraat 2: maandag tot vrijdag van 9 tot 12.30 uur en van"),
            (9, "13 tot 16 uur op woensdag, met een pauze van 12.30 uur tot 13 uur, en van 13"),
            (9, "\u2013 16 uur op donderdag, na een afspraak per telefoon"),
            (0, "- Lier, Paradeplein 2: dinsdag en donderdag van 9 tot 12 uur en op"),
            (9, "de eerste zaterdag van elke maand van 10 tot 12 uur, ook zonder afspraak"),
        ],
    )
    blocks = read_document(path).blocks
    assert [block.text for block in blocks if block.listed] == [
        "Mechelen, Schoutetstraat 2: maandag tot vrijdag van 9 tot 12.30 uur en van"
        " 13 tot 16 uur op woensdag, met een pauze van 12.30 uur tot 13 uur, en van 13"
        " \u2013 16 uur op donderdag, na een afspraak per telefoon",
        "Lier, Paradeplein 2: dinsdag en donderdag van 9 tot 12 uur en op"
        " de eerste zaterdag van elke maand van 10 tot 12 uur, ook zonder afspraak",
    ]
    assert blocks[0].text.startswith("Het energiehuis werkt samen met de twaalf gemeenten")
    assert "Rivierenland \u2013 en dat is voor iedereen belangrijk \u2013 aan" in blocks[0].text
    assert not blocks[0].listed


def test_a_dash_a_page_break_put_first_stays_in_its_sentence(tmp_path: Path) -> None:
    path = tmp_path / "energiehuis.pdf"
    _typed_lines(
        path,
        [(0, "Het energiehuis werkt samen met de twaalf gemeenten van Rivierenland aan")],
        [(0, "\u2013 en dat is voor iedereen belangrijk \u2013 een betere dienstverlening.")],
    )
    blocks = read_document(path).blocks
    assert not any(block.listed for block in blocks)
    assert blocks[-1].text.startswith("\u2013 en dat is voor iedereen belangrijk")


def test_bold_dash_items_are_items_not_a_heading(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "kantoren.pdf"
    canvas = Canvas(str(path))
    rows = [
        ("Helvetica", "Onze kantoren zijn open op elke werkdag, behalve op de feestdagen."),
        ("Helvetica-Bold", "- Mechelen"),
        ("Helvetica-Bold", "- Lier"),
        ("Helvetica", "Wie niet langs kan komen, belt ons op elke werkdag van 9 tot 12 uur."),
    ]
    for row, (font, text) in enumerate(rows):
        canvas.setFont(font, 10)
        canvas.drawString(72, 700 - 13 * row, text)
    canvas.save()
    blocks = read_document(path).blocks
    assert [(block.text, block.listed, block.heading) for block in blocks[1:3]] == [
        ("Mechelen", True, False),
        ("Lier", True, False),
    ]
