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

_HIDDEN = ("0", "false")
"""A hidden slide's ``show`` attribute, as XML writes false."""
_GENERIC_TITLES = frozenset({"", "powerpoint presentation", "powerpoint-presentatie"})
"""The title PowerPoint's properties keep when nobody gave the deck one."""
_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
_DIAGRAM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_AUTO_NUMBER = f"{{{_DRAWING}}}buAutoNum"
_BULLETS = (_AUTO_NUMBER, f"{{{_DRAWING}}}buChar", f"{{{_DRAWING}}}buBlip")
_NOT_BOXES = frozenset({"doc", "pres", "parTrans", "sibTrans"})
"""SmartArt points that are no box: the graphic itself, its layout and its connectors."""
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
    shown = [
        (number, slide)
        for number, slide in enumerate(deck.slides, start=1)
        if slide.element.get("show") not in _HIDDEN
    ]
    blocks: list[Block] = []
    for number, slide in shown:
        try:
            blocks.extend(_slide(slide))
        except (AttributeError, KeyError, NotImplementedError, ValueError) as exc:
            # something python-pptx cannot take apart (ink drawn on the slide): named, so
            # that staff can remove it or save the deck as PDF
            raise DocumentError(
                f"{path.name}: slide {number} cannot be read ({exc}); remove what is drawn "
                "on it or save the presentation as PDF"
            ) from exc
    return blocks, _title(deck, [slide for _, slide in shown])


def _title(deck: Presentation, slides: list[Slide]) -> str:
    from pptx.enum.shapes import PP_PLACEHOLDER

    centered = [
        shape
        for shape in (slides[0].placeholders if slides else ())
        if shape.placeholder_format.type == PP_PLACEHOLDER.CENTER_TITLE
    ]  # only these have text for certain: a picture placeholder has no text frame
    for shape in centered:
        if title := _one_line(shape.text_frame.text):
            return title
    own = _one_line(deck.core_properties.title or "")
    if own.lower() not in _GENERIC_TITLES:
        return own
    first = slides[0].shapes.title if slides else None
    return _one_line(first.text_frame.text) if first is not None else ""


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
    read = [(shape, list(_shape(shape))) for shape in shapes]
    for index, (shape, blocks) in enumerate(read):
        below = next(((s, b) for s, b in read[index + 1 :] if b), None)
        if below is not None and _heads(shape, blocks, *below):
            yield Block(blocks[0].text, heading=True)
        else:
            yield from blocks


def _heads(shape: BaseShape, blocks: list[Block], below: BaseShape, bullets: list[Block]) -> bool:
    """Whether a box is a heading over the box after it: one short line without a full stop
    at its end, standing above a box of several bullets (a column of a comparison slide)."""
    if len(blocks) != 1 or blocks[0].heading or len(bullets) < 2 or not _bulleted(below):
        return False
    line = blocks[0].text
    above = shape.top is None or below.top is None or shape.top < below.top
    return (
        above
        and "\n" not in line
        and len(line.split()) <= MAX_BOLD_HEADING_WORDS
        and not line.endswith((".", ":"))
    )


def _bulleted(shape: BaseShape) -> bool:
    """Whether a box shows bullets: a body placeholder does unless told not to, a text box
    where its paragraphs say so."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    body = shape.is_placeholder and shape.placeholder_format.type in (
        PP_PLACEHOLDER.BODY,
        PP_PLACEHOLDER.OBJECT,
    )
    marks = {
        child.tag for child in shape.element.iter() if child.tag.startswith(f"{{{_DRAWING}}}bu")
    }
    return bool(marks & set(_BULLETS)) or (body and f"{{{_DRAWING}}}buNone" not in marks)


def _shape(shape: BaseShape) -> Iterator[Block]:
    """One shape's text: a group's shapes, a table, a chart's title, a SmartArt graphic or a
    text frame."""
    from pptx.shapes.graphfrm import GraphicFrame
    from pptx.shapes.group import GroupShape

    if isinstance(shape, GroupShape):
        yield from _shapes(shape.shapes)
    elif isinstance(shape, GraphicFrame) and shape.has_table:
        yield from _table(shape.table)
    elif isinstance(shape, GraphicFrame) and shape.has_chart:
        if shape.chart.has_title and (title := _one_line(shape.chart.chart_title.text_frame.text)):
            yield Block(title, listed=True)  # its figures are no sentences to quote
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
    row as one (PowerPoint's "Header Row", on by default). A cell merged across columns stands
    under its first, the columns it covers empty, so the rest keep theirs; one merged down
    names each row it spans ("Dakisolatie" over two rows of premiums)."""
    rows: list[list[str]] = []
    carried: dict[int, tuple[str, int]] = {}  # per column: a cell merged down, rows to go
    for row in table.rows:
        cells: list[str] = []
        for column, cell in enumerate(row.cells):
            text = _one_line(cell.text_frame.text)
            if cell.is_merge_origin and cell.span_height > 1:
                carried[column] = (text, cell.span_height - 1)
            elif cell.is_spanned:
                above, left = carried.get(column, ("", 0))
                text = above if left else ""  # across, the cell left of it has the words
                if left:
                    carried[column] = (above, left - 1)
            cells.append(text)
        rows.append(cells)
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
    """The boxes of a SmartArt graphic (a process in steps, a list of boxes, an organization
    chart), each a line, in the order its data part keeps them: python-pptx does not read
    them, and a deck's "Zo vraag je de premie aan" is often one. Other graphics (a video, an
    embedded object) give nothing."""
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
        if point.get("type", "node") in _NOT_BOXES:
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
