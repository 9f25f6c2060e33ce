"""Reading the corpus: Markdown, text, PDF, office documents, web pages and e-mails become blocks.

A block is a paragraph, a heading, a list item or a table row, with the PDF page it stands
on. The chunker only sees blocks, so it treats every format alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token

WEB_PAGE_SUFFIXES = (".html", ".htm", ".mht", ".mhtml")
"""A page saved from a browser: HTML, or one web archive file ("Webpagina, één bestand")."""
OPEN_DOCUMENT_SUFFIXES = (".odt", ".fodt")
"""A LibreOffice Writer text: OpenDocument, zipped or as one flat XML file."""
PRESENTATION_SUFFIXES = (".pptx",)
"""A PowerPoint presentation: its shown slides and their speaker notes."""
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")
"""An Excel workbook (its macros, in an .xlsm, are not run): its shown sheets."""
CALC_SUFFIXES = (".ods", ".fods")
"""A LibreOffice Calc spreadsheet, zipped or as one flat XML file: its shown sheets."""
MAIL_SUFFIXES = (".eml",)
"""An e-mail saved from a mail program: its subject, its body and the attachments read."""
SUPPORTED_SUFFIXES = (
    ".md",
    ".markdown",
    ".txt",
    ".pdf",
    ".docx",
    *OPEN_DOCUMENT_SUFFIXES,
    *PRESENTATION_SUFFIXES,
    *SPREADSHEET_SUFFIXES,
    *CALC_SUFFIXES,
    *WEB_PAGE_SUFFIXES,
    *MAIL_SUFFIXES,
)
UNREAD_DOCUMENT_SUFFIXES = frozenset(
    {".doc", ".docm", ".rtf", ".ppt", ".pptm", ".ppsx", ".potx", ".odp", ".xltx", ".msg"}
    | {".xls", ".epub", ".pages", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
)
"""Documents people save into a corpus folder that are not read: the build names them, so
that a FAQ saved as .rtf or a scanned page is not silently missing from the answers. Other
files (a provenance.json) are passed over without a word."""


class DocumentError(ValueError):
    """A corpus file that cannot be read or holds no text."""


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like piece of a document, whitespace tidied, words untouched."""

    text: str
    page: int | None = None
    heading: bool = False
    """Marked as a heading by the source's own markup (Markdown ``#``). Upper-case lines,
    the note's headings, are recognized by ``is_heading`` whatever this says."""
    listed: bool = False
    """A list item or a table row by the source's own markup (Markdown; a PDF's bullet): a
    line of its own, never the rest of a sentence that a conversion broke off."""


@dataclass(frozen=True, slots=True)
class Document:
    """A corpus file read into blocks."""

    source: str
    """The file's name relative to the corpus folder; citations name it."""
    blocks: tuple[Block, ...]
    pages: int | None = None
    """A PDF's number of pages (some may hold no text), or None for Markdown and text."""
    title: str = ""
    """Its own title: a Markdown file's first heading when that is a ``#`` heading, a PDF's
    first lines when they are set larger than all the rest (``typeset_title``), a plain
    text's first line when it is short and ends no sentence (``indexer.plain_text``),
    else ""."""

    left_out: tuple[str, ...] = ()
    """Parts of the file that could not be read, each with why (an e-mail's attachment that
    is a scan): the rest was read, and the build names them."""

    def pages_without_text(self) -> list[int]:
        """The PDF pages (1-based) that gave no text: images, scans, blank pages."""
        if self.pages is None:
            return []
        with_text = {block.page for block in self.blocks}
        return [page for page in range(1, self.pages + 1) if page not in with_text]


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_HYPHEN_BREAK = re.compile(r"(\w)-\n(?!(?:en|of|tot|t\.e\.m\.)\b)([a-zà-ÿ])")


def tidy(text: str) -> str:
    """Collapse runs of spaces on each line and strip the block; line breaks are kept."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The readable documents of a corpus folder, in a stable order; hidden files skipped."""
    if not corpus_dir.is_dir():
        raise DocumentError(f"corpus folder not found: {corpus_dir}")
    return [
        path for path in _visible_files(corpus_dir) if path.suffix.lower() in SUPPORTED_SUFFIXES
    ]


def unread_documents(corpus_dir: Path) -> list[str]:
    """The documents of a corpus folder that are not read (``UNREAD_DOCUMENT_SUFFIXES``),
    relative to it, each with what to do about it."""
    if not corpus_dir.is_dir():
        return []
    return [
        f"{path.relative_to(corpus_dir).as_posix()} is not read: {path.suffix.lower()} files are "
        "not supported; save it as PDF, Word (.docx), OpenDocument (.odt), PowerPoint (.pptx), "
        "Excel (.xlsx), a web page (.html), an e-mail (.eml), Markdown (.md) or text (.txt)"
        for path in _visible_files(corpus_dir)
        if path.suffix.lower() in UNREAD_DOCUMENT_SUFFIXES
    ]


def _visible_files(corpus_dir: Path) -> list[Path]:
    """The files under a folder in a stable order, without hidden ones (a name that starts
    with a dot, or with "~$": the lock file Word and LibreOffice keep beside an open
    document)."""
    return sorted(
        path
        for path in corpus_dir.rglob("*")
        if path.is_file()
        and not any(part.startswith((".", "~$")) for part in path.relative_to(corpus_dir).parts)
    )


def read_document(path: Path, source: str | None = None) -> Document:
    """Read one file by its suffix; raises DocumentError naming the file if it has no text."""
    suffix = path.suffix.lower()
    pages: int | None = None
    title = ""
    left_out: tuple[str, ...] = ()
    try:
        if suffix == ".pdf":
            from indexer.pdf_layout import read_pdf

            blocks, pages, title = read_pdf(path)
        elif suffix in (".md", ".markdown"):
            tokens = _markdown_tokens(path.read_text(encoding="utf-8-sig"))
            blocks, title = list(_blocks(tokens)), _title(tokens)
        elif suffix == ".txt":
            from indexer.plain_text import text_document

            blocks, title = text_document(path.read_text(encoding="utf-8-sig"))
        elif suffix in MAIL_SUFFIXES:
            from indexer.mail import mail_message

            mail = mail_message(path)
            blocks, title, left_out = mail.blocks, mail.title, tuple(mail.left_out)
        else:
            blocks, title = _office_document(path, suffix)
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{path.name}: not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise DocumentError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    if not blocks:
        hint = " (a scan without a text layer?)" if suffix == ".pdf" else ""
        raise DocumentError(f"{path.name}: no extractable text{hint}")
    return Document(
        source=source or path.name, blocks=tuple(blocks), pages=pages, title=title,
        left_out=left_out,
    )  # fmt: skip


_READERS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    ((".docx",), "indexer.word", "word_document"),
    (OPEN_DOCUMENT_SUFFIXES, "indexer.open_document", "open_document"),
    (PRESENTATION_SUFFIXES, "indexer.presentation", "presentation"),
    (SPREADSHEET_SUFFIXES, "indexer.excel", "excel_workbook"),
    (CALC_SUFFIXES, "indexer.calc", "calc_workbook"),
    (WEB_PAGE_SUFFIXES, "indexer.web_page", "web_page"),
)
"""Each format's own reader, imported only when a corpus has such a file: its suffixes, its
module and its function, which gives a file's blocks and title."""


def _office_document(path: Path, suffix: str) -> tuple[list[Block], str]:
    """An office program's document or a saved web page, read by its own reader."""
    for suffixes, module, function in _READERS:
        if suffix in suffixes:
            reader: Callable[[Path], tuple[list[Block], str]] = getattr(
                import_module(module), function
            )
            return reader(path)
    raise DocumentError(f"{path.name}: unsupported file type {suffix!r}")


def markdown_blocks(text: str) -> Iterator[Block]:
    """Markdown through markdown-it: markup and HTML tags dropped, list numbers kept.

    Headings, paragraphs, list items and table rows each become a block. Ordered list items
    are written back as ``"N. text"`` so that they read as they would in a PDF.
    """
    return _blocks(_markdown_tokens(text))


def _markdown_tokens(text: str) -> list[Token]:
    """A Markdown text parsed once, for its blocks and its title."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").parse(text)


def _blocks(tokens: Sequence[Token]) -> Iterator[Block]:
    list_numbers: list[int | None] = []
    table = _Table()
    pending_number: int | None = None
    for index, token in enumerate(tokens):
        if token.type in ("ordered_list_open", "bullet_list_open"):
            ordered = token.type == "ordered_list_open"
            list_numbers.append(int(str(token.attrs.get("start", 1))) if ordered else None)
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            list_numbers.pop()
        elif token.type == "list_item_open" and list_numbers:
            pending_number = list_numbers[-1]
            if pending_number is not None:
                list_numbers[-1] = pending_number + 1
        elif token.type in _Table.TOKENS:
            yield from table.read(token.type, after=tokens[index - 1].type)
        elif token.type == "inline":
            content = tidy(_inline_text(token.children or []))
            if table.cells is not None:
                table.cells.append(content)
            elif content:
                if pending_number is not None:
                    content = f"{pending_number}. {content}"
                heading = tokens[index - 1].type == "heading_open"
                yield Block(content, heading=heading, listed=bool(list_numbers) and not heading)
            pending_number = None


class _Table:
    """The Markdown table being read: each body row becomes a block (``table_row``)."""

    TOKENS = frozenset(("table_open", "table_close", "tr_open", "tr_close"))

    def __init__(self) -> None:
        self.cells: list[str] | None = None
        """The cells of the row being read, if any."""
        self._header: list[str] = []

    def read(self, kind: str, *, after: str) -> Iterator[Block]:
        """What a table token (``TOKENS``) ends: a row, the header row among them (a
        converted leaflet sets a heading there); ``after``: the token before it (a header
        row's last cell is "th_close")."""
        if kind == "table_open":
            self._header = []
        elif kind == "tr_open":
            self.cells = []
        elif kind == "tr_close" and self.cells is not None:
            if after == "th_close":
                self._header = self.cells
                if any(self.cells):
                    yield Block(" ".join(cell for cell in self.cells if cell), listed=True)
            elif any(self.cells):
                yield Block(table_row(self._header, self.cells), listed=True)
            self.cells = None


MAX_BOLD_HEADING_WORDS = 25
"""A bold paragraph longer than this is emphasis in the text, not a heading."""


def bold_paragraph(text: str, bold: str, rest: str) -> Iterator[Block]:
    """A word processor's paragraph read by the words in bold that open it (``bold``) and the
    rest (``rest``): all in bold, short and without a full stop at its end, it is a heading
    (many people make one so, or a FAQ's question); a bold question that opens it is a heading
    over the rest ("**Wat kost het?** Niets, ..."); else it is the paragraph ``text``."""
    short = len(bold.split()) <= MAX_BOLD_HEADING_WORDS and not bold.rstrip().endswith(".")
    if bold and not rest and short:
        yield Block(bold, heading=True)
    elif bold and rest and bold.endswith("?"):
        yield Block(bold, heading=True)
        yield Block(rest)
    else:
        yield Block(text)


def table_row(header: Sequence[str], row: Sequence[str], *, every_column: bool = False) -> str:
    """A table row as a line that says what each cell is, when every column after the first
    has a header: its first cell, then each other cell after its column's header
    ("Warmtepomp - Premie: 20% van de factuur - Maximum per woning: EUR 2.500"). Read alone,
    "Warmtepomp 20% van de factuur EUR 2.500" does not say which amount is the premium and
    which the maximum. ``every_column``: the first cell after its header too (a timeline's
    "18 maart 2025: Infoavond voor raadsleden - 30 april 2025: ..."). A table used for layout
    (a heading in its header, the rest empty) keeps its cells as they are. Empty cells are
    left out."""
    start = 0 if every_column else 1
    names = list(header[start : len(row)])
    if len(names) < len(row) - start or not all(names):
        return " ".join(cell for cell in row if cell)
    labelled = [
        *row[:start],
        *(f"{name}: {cell}" for name, cell in zip(names, row[start:], strict=True)),
    ]
    return " - ".join(cell for cell, own in zip(labelled, row, strict=True) if own)


def _title(tokens: Sequence[Token]) -> str:
    """The title of a Markdown file: its first heading when that is a level-one heading
    ("# Woonloket Rivierenland"), markup dropped; "" otherwise."""
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            if token.tag != "h1":
                return ""
            return " ".join(_inline_text(tokens[index + 1].children or []).split())
    return ""


def _inline_text(children: Iterable[object]) -> str:
    parts: list[str] = []
    for child in children:
        kind = getattr(child, "type", "")
        if kind in ("text", "code_inline"):
            parts.append(str(getattr(child, "content", "")))
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        # html_inline (tags such as <b>, <sub>), link and emphasis markers carry no words
    return "".join(parts)


# A numbered item or a table-of-contents entry always starts a block of its own.
_BLOCK_START = re.compile(r"^(\d{1,2}\.\s|Aanbeveling\s+\d{1,2}\s*:)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;]\W*$")


def pdf_page_blocks(text: str, page: int) -> Iterator[Block]:
    """Group the lines of one PDF page into blocks.

    A new block starts after a blank line, at a heading (an upper-case line), at a numbered
    list item, and after a short line that ends a sentence. Hyphenation at line ends is undone
    unless the hyphen belongs to a Dutch coordinated compound ("kind- en jeugd").
    """
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    width = max((len(line) for line in lines), default=0)
    current: list[str] = []

    def flush() -> Iterator[Block]:
        if current:
            joined = _HYPHEN_BREAK.sub(r"\1\2", "\n".join(current)).replace("\n", " ")
            current.clear()
            yield Block(tidy(joined), page)

    for line in lines:
        if not line:
            yield from flush()
            continue
        if is_heading(line) or _BLOCK_START.match(line):
            yield from flush()
        current.append(line)
        if is_heading(line) or (_SENTENCE_END.search(line) and len(line) < 0.8 * width):
            yield from flush()
    yield from flush()


_LETTERS = re.compile(r"[^\W\d_]")


def is_upper_case_heading(text: str) -> bool:
    """An upper-case line that is not a sentence ('IGEMO.' is an answer, not a heading): a
    heading in a document that marks none of its own."""
    return is_heading(text) and not text.rstrip().endswith(".")


def is_heading(text: str) -> bool:
    """An upper-case line of a few words: how the note sets its headings."""
    letters = _LETTERS.findall(text)
    return (
        len(letters) >= 4
        and "\n" not in text
        and len(text) <= 120
        and all(letter == letter.upper() for letter in letters)
    )
