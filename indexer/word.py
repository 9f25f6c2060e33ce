"""Reading a Word document (.docx) into blocks with python-docx.

Word says what a paragraph is by its style, so little has to be guessed: "Title" and the
"Heading" styles are headings, list styles and Word's own numbering are list items (a numbered
item written back as ``"N. text"``, as the Markdown reader does), and each table row is a
block that names its cells by the header row (``documents.table_row``). Many people make a
heading or a FAQ's question by setting a Normal paragraph in bold; such a paragraph, short and
without a full stop at its end, is a heading too, as it is in a PDF (``pdf_layout``). A
question in bold that opens its paragraph ("**Wat kost het?** Niets, ...") becomes a heading
over the rest. Page headers and footers, comments and text boxes are left out: they repeat
or annotate, they are not the document's text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from string import ascii_lowercase
from typing import TYPE_CHECKING
from zipfile import BadZipFile

from indexer.documents import Block, DocumentError, bold_paragraph, table_row, tidy

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

_HEADING_STYLES = ("title", "heading")
"""Word stores its built-in styles by their English names ("Heading 1"), whatever language
it shows them in ("Kop 1")."""
_NUMBER_FORMATS_NOT_COUNTED = frozenset({"bullet", "none"})


def word_document(path: Path) -> tuple[list[Block], str]:
    """The blocks of a .docx file and its title (its "Title" paragraph, or a first heading
    at the top of the text; "" when it has neither)."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(path))
    except (PackageNotFoundError, BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(f"{path.name}: not a Word document (.docx) that can be read") from exc
    blocks = list(_blocks(document))
    return blocks, _title(document, blocks)


def _blocks(document: WordDocument) -> Iterator[Block]:
    from docx.table import Table

    numbers = _Numbering(document)
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            yield from _table_rows(item)
        else:
            yield from _paragraph_blocks(item, numbers)


def _paragraph_blocks(paragraph: Paragraph, numbers: _Numbering) -> Iterator[Block]:
    text = tidy(paragraph.text)
    if not text:
        return
    if _styled_heading(paragraph):
        yield Block(text, heading=True)
        return
    number = numbers.next(paragraph)
    if number is not None:
        yield Block(f"{number}{text}", listed=True)
        return
    yield from bold_paragraph(text, *_bold_opening(paragraph))


def _styled_heading(paragraph: Paragraph) -> bool:
    return _style_name(paragraph).startswith(_HEADING_STYLES)


def _style_name(paragraph: Paragraph) -> str:
    """The paragraph's style name in lower case ("heading 2"), "" when it has none."""
    return ((paragraph.style.name if paragraph.style is not None else "") or "").lower()


def _bold_opening(paragraph: Paragraph) -> tuple[str, str]:
    """The words in bold that open a paragraph and the rest of it, each tidied."""
    from docx.text.run import Run

    style = paragraph.style
    style_bold = bool(style is not None and style.font.bold)
    bold: list[str] = []
    rest: list[str] = []
    for item in paragraph.iter_inner_content():
        runs = [item] if isinstance(item, Run) else list(item.runs)
        for run in runs:
            if rest or (run.text.strip() and not _is_bold(run, style_bold)):
                rest.append(run.text)
            else:
                bold.append(run.text)
    return tidy("".join(bold)), tidy("".join(rest))


def _is_bold(run: Run, style_bold: bool) -> bool:
    """A run set in bold by itself, by its character style ("Strong") or by its paragraph's
    style (``style_bold``)."""
    if run.bold is not None:
        return run.bold
    if run.style is not None and run.style.font.bold is not None:
        return bool(run.style.font.bold)
    return style_bold


def _table_rows(table: Table) -> Iterator[Block]:
    """The rows of a table, each cell after its column's header when the first row is one
    (``_headed``); a cell merged across columns counts once."""
    rows = [cells for cells in (_distinct_cells(row.cells) for row in table.rows) if any(cells)]
    if not rows:
        return
    header: list[str] = []
    if _headed(table):
        header = rows.pop(0)
        yield Block(" ".join(cell for cell in header if cell), listed=True)
    for cells in rows:
        yield Block(table_row(header, cells), listed=True)


def _headed(table: Table) -> bool:
    """Whether a table's first row names its columns: marked to repeat as a header row, set
    in bold, or given its own look by the table's style ("Light List"). A table without one
    (an address block, "Telefoon | 015 30 72 00") is read row by row as it stands."""
    first = table.rows[0]
    if first._tr.xpath("./w:trPr/w:tblHeader[not(@w:val='0' or @w:val='false')]"):
        return True
    paragraphs = [p for cell in first.cells for p in cell.paragraphs if p.text.strip()]
    if paragraphs and all(_bold_opening(p)[1] == "" for p in paragraphs):
        return True
    style = table.style
    looks_first = table._tbl.xpath("./w:tblPr/w:tblLook/@w:firstRow")
    return bool(
        style is not None
        and looks_first
        and looks_first[0] in ("1", "true", "on")
        and style.element.xpath("./w:tblStylePr[@w:type='firstRow']")
    )


def _distinct_cells(cells: Sequence[_Cell]) -> list[str]:
    seen: set[int] = set()  # python-docx repeats a merged cell's element for each column
    texts: list[str] = []
    for cell in cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        texts.append(tidy(" ".join(p.text for p in cell.paragraphs)).replace("\n", " "))
    return texts


def _title(document: WordDocument, blocks: list[Block]) -> str:
    for paragraph in document.paragraphs:
        if _style_name(paragraph) == "title" and paragraph.text.strip():
            return " ".join(paragraph.text.split())
    if blocks and blocks[0].heading:
        return " ".join(blocks[0].text.split())
    return ""


class _Numbering:
    """The numbers Word shows before the items of its numbered lists.

    A paragraph is numbered by its own numbering properties or its style's ("List Number");
    the number format of its list level says whether it counts (decimal, letters) or shows a
    bullet. Items of one list count on across other paragraphs, as in Word; a higher level
    starts the levels under it again.
    """

    def __init__(self, document: WordDocument) -> None:
        try:
            self._numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            self._numbering = None
        self._counts: dict[str, list[int]] = {}

    def next(self, paragraph: Paragraph) -> str | None:
        """ "N. " (or "a. ") before a counted item, "" before a bullet, None for no list item."""
        found = _list_properties(paragraph)
        if found is None:
            return None
        num_id, level = found
        number_format = self._format(num_id, level)
        if number_format in _NUMBER_FORMATS_NOT_COUNTED:
            return ""
        counts = self._counts.setdefault(num_id, [])
        counts[:] = counts[: level + 1] + [0] * (level + 1 - len(counts))
        counts[level] += 1
        count = counts[level]
        if number_format in ("lowerLetter", "upperLetter") and count <= len(ascii_lowercase):
            letter = ascii_lowercase[count - 1]
            return f"{letter.upper() if number_format == 'upperLetter' else letter}. "
        return f"{count}. "

    def _format(self, num_id: str, level: int) -> str:
        if self._numbering is None:
            return "bullet"
        abstract = self._numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        if not abstract:
            return "bullet"
        formats = self._numbering.xpath(
            f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]'
            f'/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val'
        )
        return str(formats[0]) if formats else "bullet"


def _list_properties(paragraph: Paragraph) -> tuple[str, int] | None:
    """The list (its numId) and level of a list item, from the paragraph or its styles."""
    elements = [paragraph._p]
    style = paragraph.style
    while style is not None:
        elements.append(style.element)
        style = style.base_style
    for element in elements:
        num_ids = element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        if num_ids:
            if num_ids[0] == "0":  # numbering switched off for this paragraph
                return None
            levels = element.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
            return str(num_ids[0]), int(levels[0]) if levels else 0
    return None
