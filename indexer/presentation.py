"""Reading a PowerPoint presentation (.pptx) into blocks with python-pptx.

A slide's title is a heading, and the rest of the slide reads in PowerPoint's own reading
order (the order of its shapes, which screen readers follow): each paragraph of a text box or
placeholder a line of its own (a bullet, or ``"N. text"`` when the bullets are numbered), a
table's rows naming their cells by its header row (``documents.table_row``), the boxes of a
SmartArt graphic, a group's shapes in turn. A short one-line box right above a box of bullets
heads them, as the "Wat doet de regio?" over one column of a comparison slide does. The
speaker notes follow their slide's text: the facts said aloud at an information evening are
often only there.

Left out: hidden slides (a draft kept in the deck, not shown), the footer, date and slide
number on each slide (the same on every slide, or not words at all) and pictures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from zipfile import BadZipFile

from indexer.documents import (
    MAX_BOLD_HEADING_WORDS,
    Block,
    DocumentError,
    bold_paragraph,
    table_row,
    tidy,
)

if TYPE_CHECKING:
    from pptx.presentation import Presentation
    from pptx.shapes.base import BaseShape
    from pptx.shapes.graphfrm import GraphicFrame
    from pptx.slide import Slide
    from pptx.table import Table
    from pptx.text.text import TextFrame, _Paragraph

_GENERIC_TITLES = frozenset({"", "powerpoint presentation", "powerpoint-presentatie"})
"""The title PowerPoint's properties keep when nobody gave the deck one."""
_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
_DIAGRAM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_AUTO_NUMBER = f"{{{_DRAWING}}}buAutoNum"
_LETTERS = re.compile(r"^alpha(?:Lc|Uc)")


def presentation(path: Path) -> tuple[list[Block], str]:
    """The blocks of a .pptx file's shown slides and its title (the title slide's title,
    else the title in its properties, else the first slide's title; "" when it has none)."""
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    try:
        deck = Presentation(str(path))
    except (PackageNotFoundError, BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(f"{path.name}: not a PowerPoint presentation (.pptx): {exc}") from exc
    slides = [slide for slide in deck.slides if slide.element.get("show") != "0"]
    blocks = [block for slide in slides for block in _slide(slide)]
    return blocks, _title(deck, slides)


def _title(deck: Presentation, slides: list[Slide]) -> str:
    from pptx.enum.shapes import PP_PLACEHOLDER

    for slide in slides[:1]:
        for shape in slide.placeholders:
            if shape.placeholder_format.type == PP_PLACEHOLDER.CENTER_TITLE:
                return _one_line(shape.text_frame.text)
    own = _one_line(deck.core_properties.title or "")
    if own.lower() not in _GENERIC_TITLES:
        return own
    title = slides[0].shapes.title if slides else None
    return _one_line(title.text_frame.text) if title is not None else ""


def _slide(slide: Slide) -> Iterator[Block]:
    """A slide's title as a heading, its shapes' text, then its speaker notes."""
    title = slide.shapes.title
    if title is not None and (heading := _one_line(title.text_frame.text)):
        yield Block(heading, heading=True)
    shapes = [shape for shape in slide.shapes if shape != title and not _decoration(shape)]
    yield from _shapes(shapes)
    if slide.has_notes_slide and (notes := slide.notes_slide.notes_text_frame) is not None:
        for paragraph in notes.paragraphs:
            if text := tidy(_text(paragraph)):
                yield Block(text)


def _decoration(shape: BaseShape) -> bool:
    """A footer, date or slide number placeholder: on every slide, not the slide's text."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    return shape.is_placeholder and shape.placeholder_format.type in (
        PP_PLACEHOLDER.FOOTER,
        PP_PLACEHOLDER.DATE,
        PP_PLACEHOLDER.SLIDE_NUMBER,
    )


def _shapes(shapes: Iterable[BaseShape]) -> Iterator[Block]:
    """The text of shapes in their order, a one-line box over bullets as their heading."""
    texts = [list(_shape(shape)) for shape in shapes]
    for index, blocks in enumerate(texts):
        following = next((later for later in texts[index + 1 :] if later), [])
        if _heads(blocks, following):
            yield Block(blocks[0].text, heading=True)
        else:
            yield from blocks


def _heads(blocks: list[Block], following: list[Block]) -> bool:
    """Whether a box is a heading over the box after it: one short line without a full stop
    at its end, above a box of bullets."""
    if len(blocks) != 1 or blocks[0].heading or len(following) < 2:
        return False
    line = blocks[0].text
    return (
        "\n" not in line
        and len(line.split()) <= MAX_BOLD_HEADING_WORDS
        and not line.endswith((".", ":"))
        and all(block.listed for block in following)
    )


def _shape(shape: BaseShape) -> Iterator[Block]:
    """One shape's text: a group's shapes, a table, a SmartArt graphic or a text frame."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE
    from pptx.shapes.graphfrm import GraphicFrame
    from pptx.shapes.group import GroupShape

    if isinstance(shape, GroupShape) or shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        yield from _shapes(shape.shapes)  # type: ignore[attr-defined]
    elif isinstance(shape, GraphicFrame) and shape.has_table:
        yield from _table(shape.table)
    elif isinstance(shape, GraphicFrame):
        yield from _smart_art(shape)
    elif shape.has_text_frame:
        yield from _text_frame(shape.text_frame)  # type: ignore[attr-defined]


def _text_frame(frame: TextFrame) -> Iterator[Block]:
    """Each paragraph a line of its own; numbered bullets counted per level."""
    counters: dict[int, int] = {}
    for paragraph in frame.paragraphs:
        text = tidy(_text(paragraph))
        if not text:
            continue
        level = paragraph.level
        counters = {deeper: n for deeper, n in counters.items() if deeper <= level}
        if (number := _auto_number(paragraph, counters.get(level))) is not None:
            counters[level] = number[0]
            text = f"{number[1]} {text}"
        else:
            counters.pop(level, None)
        bold = "".join(run.text for run in paragraph.runs if run.font.bold)
        if bold and bold.strip() == text[: len(bold.strip())]:
            rest = text[len(bold.strip()) :].strip()
            for block in bold_paragraph(text, bold.strip(), rest):
                yield Block(block.text, heading=block.heading, listed=not block.heading)
        else:
            yield Block(text, listed=True)


def _auto_number(paragraph: _Paragraph, previous: int | None) -> tuple[int, str] | None:
    """The number of a paragraph whose bullets count ("1.", "b)"), after ``previous`` at its
    level; None for a bullet or none."""
    properties = paragraph._p.pPr
    found = None if properties is None else properties.find(_AUTO_NUMBER)
    if found is None:
        return None
    start = int(found.get("startAt", "1"))
    number = start if previous is None else previous + 1
    scheme = found.get("type", "arabicPeriod")
    label = str(number)
    if _LETTERS.match(scheme) and 1 <= number <= 26:
        label = chr(ord("a" if "Lc" in scheme else "A") + number - 1)
    close = ")" if scheme.endswith(("ParenR", "ParenBoth")) else "."
    return number, f"{label}{close}"


def _table(table: Table) -> Iterator[Block]:
    """The rows of a table, each cell after its column's header when the table marks its first
    row as one (PowerPoint's "Header Row", on by default). A cell merged over others stands
    under its first column; the columns it covers are empty, so the rest keep theirs."""
    rows = [
        ["" if cell.is_spanned else _one_line(cell.text_frame.text) for cell in row.cells]
        for row in table.rows
    ]
    rows = [row for row in rows if any(row)]
    if not rows:
        return
    header: list[str] = []
    if table.first_row:
        header = rows.pop(0)
        yield Block(" ".join(cell for cell in header if cell), listed=True)
    for row in rows:
        yield Block(table_row(header, row), listed=True)


def _smart_art(frame: GraphicFrame) -> Iterator[Block]:
    """The boxes of a SmartArt graphic (a process in steps, a list of boxes), each a line,
    from its data part: python-pptx does not read them, and a deck's "Zo vraag je de premie
    aan" is often one. Other graphics (a chart, a video) have no words of their own."""
    from pptx.oxml import parse_xml

    ids = next(frame.element.iter(f"{{{_DIAGRAM}}}relIds"), None)
    related = None if ids is None else ids.get(f"{{{_RELATIONSHIPS}}}dm")
    if not related:
        return
    try:
        data = parse_xml(frame.part.related_part(related).blob)
    except (KeyError, SyntaxError):  # lxml's XMLSyntaxError is a SyntaxError
        return  # a graphic whose data went missing shows nothing in PowerPoint either
    for point in data.iterfind(f"{{{_DIAGRAM}}}ptLst/{{{_DIAGRAM}}}pt"):
        if point.get("type", "node") != "node":
            continue  # the graphic's own frame and its connectors, no text of the deck
        lines = (
            "".join(run.text or "" for run in paragraph.iter(f"{{{_DRAWING}}}t"))
            for paragraph in point.iter(f"{{{_DRAWING}}}p")
        )
        if text := tidy("\n".join(lines)):
            yield Block(text, listed=True)


def _text(paragraph: _Paragraph) -> str:
    """A paragraph's words; a line break (python-pptx's vertical tab) kept as one."""
    return paragraph.text.replace("\v", "\n")


def _one_line(text: str) -> str:
    return " ".join(text.replace("\v", " ").split())
