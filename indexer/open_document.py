"""Reading an OpenDocument text (.odt, .fodt: LibreOffice Writer) into blocks with odfdo.

Writer marks what a paragraph is, so little has to be guessed: ``text:h`` is a heading, a
paragraph in the "Title" style is the title, ``text:list`` items are list items (a counted
item written back as ``"N. text"``, as the Markdown and Word readers do), and each table row
is a block that names its cells by the header row (``documents.table_row``). As in a Word
document, a short bold paragraph without a full stop at its end is a heading, and a bold
question that opens its paragraph heads the rest. A footnote's text follows its paragraph,
and an image's caption stands as a paragraph of its own.

Left out, because they are not the document's own text where it stands: the table of
contents and other generated indexes (they repeat the headings), page headers and footers
(kept in ``styles.xml``), comments (``office:annotation``), the text of tracked deletions
(``text:tracked-changes``: struck out, no longer the document's words) and hidden text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from zipfile import BadZipFile

from indexer.documents import Block, DocumentError, bold_paragraph, table_row, tidy

if TYPE_CHECKING:
    from odfdo import Document as OpenDocument
    from odfdo import Element
    from odfdo.style_base import StyleBase

_NOT_TEXT = frozenset(
    {
        "text:tracked-changes",
        "text:sequence-decls",
        "text:variable-decls",
        "text:user-field-decls",
        "office:forms",
        "text:table-of-content",
        "text:alphabetical-index",
        "text:illustration-index",
        "text:table-index",
        "text:object-index",
        "text:user-index",
        "text:bibliography",
        "office:annotation",
        "office:annotation-end",
        "text:note",
        "text:hidden-text",
        "text:hidden-paragraph",
        "text:soft-page-break",
        "text:bookmark-start",
        "text:bookmark-end",
        "text:bookmark",
        "draw:frame",
        "text:number",
    }
)
"""Elements whose text is not read where they stand: generated indexes, declarations,
comments, struck text, hidden text, and the footnotes and frames read on their own
(``_Reader._asides``). ``text:number`` is a cached list or heading number that Writer
writes again on every save; list numbers are counted from the list styles instead."""
_WHITESPACE = re.compile(r"[ \t\r\n]+")
_BOLD_WEIGHTS = frozenset({"bold", "600", "700", "800", "900"})
_PARAGRAPHS = ("text:p", "text:h")
_MAX_COLUMNS = 64
"""A row's empty cells at its end may be stored as one cell repeated a thousand times."""
_COUNTED_FORMATS = frozenset({"1", "a", "A", "i", "I"})


def open_document(path: Path) -> tuple[list[Block], str]:
    """The blocks of an .odt or .fodt file and its title (its "Title" paragraph, else a
    first heading at the top of the text, else the title in its properties; "" when it has
    none)."""
    from odfdo import Document

    try:
        document = Document(path)
        kind = document.get_type()
    except (BadZipFile, KeyError, TypeError, ValueError, SyntaxError) as exc:  # lxml's too
        raise DocumentError(
            f"{path.name}: not an OpenDocument text (.odt) that can be read"
        ) from exc
    if kind not in ("text", "text-template"):
        raise DocumentError(
            f"{path.name}: an OpenDocument {kind}, not a text; save it as a text document (.odt)"
        )
    reader = _Reader(document)
    blocks = list(reader.blocks(document.body))
    return blocks, reader.title or _first_heading(blocks) or _meta_title(document)


def _first_heading(blocks: list[Block]) -> str:
    return " ".join(blocks[0].text.split()) if blocks and blocks[0].heading else ""


def _meta_title(document: OpenDocument) -> str:
    title = document.meta.title
    return " ".join(title.split()) if title else ""


@dataclass
class _Reader:
    """One document read in order: list counters and styles looked up once by name."""

    document: OpenDocument
    title: str = ""
    _counts: dict[str, list[int]] = field(default_factory=dict)
    _last_list_style: str = ""
    styles: Styles = field(init=False)

    def __post_init__(self) -> None:
        self.styles = Styles(self.document)

    def blocks(self, container: Element) -> Iterator[Block]:
        for child in container.children:
            tag = child.tag
            if tag == "draw:frame":  # anchored to the page, not to a paragraph
                yield from self._frame(child)
            elif tag in _NOT_TEXT:
                continue
            elif tag == "text:h":
                yield from self._heading(child)
            elif tag == "text:p":
                yield from self._paragraph(child)
            elif tag == "text:list":
                yield from self._list(child, level=0, style="")
            elif tag == "table:table":
                yield from self._table(child)
            else:  # a section, a change's inserted text, a text box: its paragraphs
                yield from self.blocks(child)

    def _heading(self, element: Element) -> Iterator[Block]:
        text = tidy(shown_text(element))
        if text:
            yield Block(text, heading=True)
        yield from self._asides(element)

    def _paragraph(self, element: Element) -> Iterator[Block]:
        text = tidy(shown_text(element))
        if text:
            style = attribute(element, "text:style-name")
            names = self.styles.names("paragraph", style)
            if "Subtitle" in names:  # based on "Heading", but a line under the title
                yield Block(text)
            elif "Title" in names:
                self.title = self.title or " ".join(text.split())
                yield Block(text, heading=True)
            elif any(name.startswith("Heading") for name in names):
                yield Block(text, heading=True)
            else:
                yield from bold_paragraph(text, *self._bold_opening(element))
        yield from self._asides(element)

    def _asides(self, element: Element) -> Iterator[Block]:
        """A paragraph's footnotes and its frames' text (an image's caption, a text box),
        each after the paragraph they stand in."""
        for child in element.children:
            if child.tag == "text:note":
                for body in child.children:
                    if body.tag == "text:note-body":
                        yield from self.blocks(body)
            elif child.tag == "draw:frame":
                yield from self._frame(child)
            elif child.tag not in _NOT_TEXT:
                yield from self._asides(child)

    def _frame(self, frame: Element) -> Iterator[Block]:
        """The text of a frame's text boxes: an image's caption, a box beside the text."""
        for box in frame.children:
            if box.tag == "draw:text-box":
                yield from self.blocks(box)

    def _list(self, element: Element, level: int, style: str) -> Iterator[Block]:
        style = attribute(element, "text:style-name") or style
        if level == 0:
            continues = element.get_attribute("text:continue-numbering") is True or bool(
                element.get_attribute("text:continue-list")
            )
            if not (continues and style == self._last_list_style):
                self._counts.pop(style, None)
            self._last_list_style = style
        for item in element.children:
            if item.tag not in ("text:list-item", "text:list-header"):
                continue
            number = self._number(item, style, level) if item.tag == "text:list-item" else ""
            for child in item.children:
                if child.tag == "text:list":
                    yield from self._list(child, level + 1, style)
                elif child.tag in _PARAGRAPHS:
                    text = tidy(shown_text(child))
                    if text:
                        yield Block(f"{number}{text}", listed=True)
                        number = ""
                    yield from self._asides(child)

    def _number(self, item: Element, style: str, level: int) -> str:
        """ "N. " (or "a. ") before a counted item, "" before a bullet; counts on across the
        list's items and restarts the levels under a higher one."""
        number_format = self._list_format(style, level)
        if number_format not in _COUNTED_FORMATS:
            return ""
        counts = self._counts.setdefault(style, [])
        counts[:] = counts[: level + 1] + [0] * (level + 1 - len(counts))
        start = item.get_attribute_integer("text:start-value")
        counts[level] = start if start is not None else counts[level] + 1
        count = counts[level]
        if number_format in ("a", "A") and count <= 26:
            letter = chr(ord("a") + count - 1)
            return f"{letter.upper() if number_format == 'A' else letter}. "
        return f"{count}. "

    def _list_format(self, style: str, level: int) -> str:
        """The number format ("1", "a", ...) of a list style's level, "" for bullets."""
        list_style = self.styles.style("list", style) if style else None
        if list_style is None:
            return ""
        for level_style in list_style.children:
            if level_style.get_attribute_integer("text:level") == level + 1:
                if level_style.tag != "text:list-level-style-number":
                    return ""
                return str(level_style.get_attribute("style:num-format") or "")
        return ""

    def _table(self, element: Element) -> Iterator[Block]:
        header: list[str] = []
        rows: list[list[str]] = []
        for child in element.children:
            if child.tag == "table:table-header-rows":
                header = header or next((cells for cells in self._rows(child) if any(cells)), [])
            elif child.tag in ("table:table-row", "table:table-rows", "table:table-row-group"):
                rows.extend(cells for cells in self._rows(child) if any(cells))
        if not header and rows and self._bold_row(element):
            header = rows.pop(0)
        if header:
            yield Block(" ".join(cell for cell in header if cell), listed=True)
        for cells in rows:
            yield Block(table_row(header, cells), listed=True)

    def _rows(self, element: Element) -> Iterator[list[str]]:
        if element.tag == "table:table-row":
            cells: list[str] = []
            for cell in element.children:
                if cell.tag in ("table:table-cell", "table:covered-table-cell"):
                    # a cell merged over others leaves them covered: empty, columns kept
                    text = " ".join(shown_text(p) for p in paragraphs_in(cell))
                    repeated = cell.get_attribute_integer("table:number-columns-repeated") or 1
                    cells.extend([tidy(text).replace("\n", " ")] * min(repeated, _MAX_COLUMNS))
            yield cells
            return
        for child in element.children:
            yield from self._rows(child)

    def _bold_row(self, table: Element) -> bool:
        """Whether a table's first row is set in bold throughout: its column headers."""
        first = next((row for row in table.get_elements(".//table:table-row")), None)
        if first is None:
            return False
        paragraphs = [p for p in paragraphs_in(first) if tidy(shown_text(p))]
        return bool(paragraphs) and all(self._bold_opening(p)[1] == "" for p in paragraphs)

    def _bold_opening(self, paragraph: Element) -> tuple[str, str]:
        """The words in bold that open a paragraph and the rest of it, each tidied."""
        bold: list[str] = []
        rest: list[str] = []
        paragraph_bold = self.styles.bold("paragraph", attribute(paragraph, "text:style-name"))
        for piece, is_bold in self._runs(paragraph, paragraph_bold):
            if rest or (piece.strip() and not is_bold):
                rest.append(piece)
            else:
                bold.append(piece)
        return tidy("".join(bold)), tidy("".join(rest))

    def _runs(self, element: Element, bold: bool) -> Iterator[tuple[str, bool]]:
        """A paragraph's text in pieces, each with whether it is set in bold."""
        yield _collapsed(element.text), bold
        for child in element.children:
            if child.tag not in _NOT_TEXT:
                if child.tag == "text:span":
                    style = attribute(child, "text:style-name")
                    yield from self._runs(child, self.styles.bold("text", style, default=bold))
                elif child.tag in ("text:a", "text:ruby", "text:ruby-base", "text:meta"):
                    yield from self._runs(child, bold)
                else:
                    yield _inline(child), bold
            yield _collapsed(child.tail), bold


@dataclass
class Styles:
    """An OpenDocument's styles, each looked up once by family and name, with the styles it
    is based on: the Writer reader's paragraphs and the Calc reader's cells ask them."""

    document: OpenDocument
    _found: dict[tuple[str, str], StyleBase | None] = field(default_factory=dict)

    def bold(self, family: str, name: str, default: bool = False) -> bool:
        """Whether a style (or the one it is based on) sets its text in bold."""
        for style in self._chain(family, name):
            properties = style.get_properties(area="text") or {}
            weight = properties.get("fo:font-weight")
            if weight is not None:
                return str(weight) in _BOLD_WEIGHTS
        return default

    def names(self, family: str, name: str) -> list[str]:
        """A style's name and those of the styles it is based on ("P3", "Title")."""
        return [attribute(style, "style:name") for style in self._chain(family, name)]

    def style(self, family: str, name: str) -> StyleBase | None:
        key = (family, name)
        if key not in self._found:
            from odfdo.style_base import StyleBase

            style = self.document.get_style(family, name)
            self._found[key] = style if isinstance(style, StyleBase) else None
        return self._found[key]

    def _chain(self, family: str, name: str) -> Iterator[StyleBase]:
        seen: set[str] = set()
        while name and name not in seen:
            seen.add(name)
            style = self.style(family, name)
            if style is None:
                return
            yield style
            name = attribute(style, "style:parent-style-name")


def paragraphs_in(element: Element) -> Iterator[Element]:
    """The paragraphs and headings in an element (a table cell), in lists too, and not
    those of its comments and footnotes."""
    for child in element.children:
        if child.tag in _PARAGRAPHS:
            yield child
        elif child.tag not in _NOT_TEXT:
            yield from paragraphs_in(child)


def attribute(element: Element, name: str) -> str:
    value = element.get_attribute(name)
    return value if isinstance(value, str) else ""


def shown_text(element: Element) -> str:
    """An element's words as they show: ``text:s`` spaces, tabs and line breaks kept,
    comments, footnotes, frames and struck text left out."""
    parts = [_collapsed(element.text)]
    for child in element.children:
        parts.append(_inline(child))
        parts.append(_collapsed(child.tail))
    return "".join(parts)


def _collapsed(text: str | None) -> str:
    """A text node as it shows: in OpenDocument a line break or tab in the XML is a space
    like any other; ``text:line-break`` and ``text:tab`` are the ones that show."""
    return _WHITESPACE.sub(" ", text) if text else ""


def _inline(element: Element) -> str:
    """What an element inside a paragraph shows, without the text that follows it."""
    tag = element.tag
    if tag == "text:s":
        return " " * (element.get_attribute_integer("text:c") or 1)
    if tag == "text:tab":
        return "\t"
    if tag == "text:line-break":
        return "\n"
    return "" if tag in _NOT_TEXT else shown_text(element)
