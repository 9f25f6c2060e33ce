"""Reading a web page saved from a site (.html) into blocks with Beautiful Soup.

A page saved from a municipality's site holds much more than its own text: a cookie banner,
the site's menu and search form, breadcrumbs, a sidebar of related pages and a footer that
every page of the site repeats. Sites built to the accessibility rules Flemish governments
follow mark the page's own content with ``<main>`` (or ``role="main"``), and only that is
read; a page without it is read from its one ``<article>``, else from ``<body>`` without the
site's landmarks (header, navigation, sidebar, footer). Inside, navigation, forms, scripts,
cookie notices and text for screen readers only are left out.

The HTML says what a piece of text is, as Word's styles do: ``<h1>``-``<h6>`` are headings,
and so is an accordion's question (``<summary>``, a button that opens a panel, a ``<dt>``
that asks), with its answer under it, collapsed or not; list items are items (a numbered
one written back as ``"N. text"``, as the Markdown reader does); each table row names its
cells by the header row (``documents.table_row``), while a table used for layout (an
e-mail newsletter's columns, ``role="presentation"``, a heading in a cell) is read as the
blocks in its cells; any other run of text is a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from indexer.documents import Block, DocumentError, table_row, tidy

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

_LEFT_OUT = (
    "script, style, noscript, template, svg, canvas, iframe, object, embed, dialog, "
    "nav, [role=navigation], [role=search], [role=dialog], [role=alertdialog]"
)
"""What is never a page's text: code, the site's navigation, pop-ups."""
_CONTENT = "main, [role=main], article, h1, h2"
"""What a form that wraps the whole page holds (ASP.NET's ``<form id="aspnetForm">``); any
other form (a search box, a newsletter sign-up, a contact form) is left out."""
_SITE_PARTS = "header, footer, aside, [role=banner], [role=contentinfo], [role=complementary]"
"""The landmarks around a page's own content, left out when it is not marked as ``<main>``."""
_NOT_TEXT_CLASSES = frozenset(
    {"sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "element-invisible"}
)
"""Text for screen readers only ("opent in een nieuw venster"), beside links and icons."""
_NOT_TEXT_NAME_PARTS = frozenset(
    {
        "cookie",
        "cookies",
        "consent",
        "gdpr",
        "breadcrumb",
        "breadcrumbs",
        "skip",
        "skiplink",
        "share",
    }
)
"""A part of a class or id ("cookie-banner", "c-breadcrumbs") that marks site furniture."""
_NAME_PART = re.compile(r"[-_]+")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "summary"})
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font"}
    | {"i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong"}
    | {"sub", "sup", "time", "u", "var", "wbr", "button"}
)
_LAYOUT_CELL_CONTENT = "h1, h2, h3, h4, h5, h6, table"
"""What a data table's cell does not hold: a cell with a heading or a table of its own lays
out a page."""
_ROWS = ":scope > tr, :scope > thead > tr, :scope > tbody > tr, :scope > tfoot > tr"
_DASH = re.compile(r"\s[-\u2013\u2014]\s")
MAX_SITE_NAME_WORDS = 2
"""A ``<title>``'s last part after a dash is the site's name when it is this short
("Alles Vloeit - Gemeente Nijlen"), else part of the page's title."""


def web_page(path: Path) -> tuple[list[Block], str]:
    """The blocks of a saved web page's own content and its title (its ``<h1>`` when that is
    its first heading, else its ``<title>`` without the site's name; "" when it has neither).
    A page saved as one file (.mht, .mhtml: "Webpagina, één bestand") is read from its HTML."""
    from bs4 import BeautifulSoup

    raw = path.read_bytes()
    data: bytes | str = raw
    if path.suffix.lower() in (".mht", ".mhtml"):
        data = _archived_page(raw, path.name)
    elif b"\0" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(f"{path.name}: not a web page (.html) that can be read")
    soup = BeautifulSoup(data, "lxml")  # in the page's own charset, as a browser reads it
    content = _content(soup)
    blocks = list(_blocks(content))
    return blocks, _title(soup, blocks)


def _archived_page(data: bytes, name: str) -> bytes | str:
    """The page of a web archive (MHTML): its first ``text/html`` part, decoded from its
    transfer encoding; the images and style sheets beside it are not text."""
    from email import message_from_bytes, policy

    for part in message_from_bytes(data, policy=policy.compat32).walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                charset = part.get_content_charset()
                return payload.decode(charset, errors="replace") if charset else payload
    raise DocumentError(f"{name}: not a web archive (.mht, .mhtml) with a page in it")


def html_blocks(html: str) -> list[Block]:
    """The blocks of an HTML text read whole, as an e-mail's body: there is no site around
    it, so only code, forms and what the mail hides (a newsletter's preview line, set
    ``display:none`` for the inbox's list) are left out."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for element in soup.select(f"{_LEFT_OUT}, form"):
        element.decompose()
    content = soup.body or soup
    for element in content.find_all(_hidden_in_mail):
        element.decompose()
    return list(_blocks(content))


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all", re.IGNORECASE)


def _hidden_in_mail(element: Tag) -> bool:
    return bool(_HIDDEN_STYLE.search(str(element.get("style") or "")))


def _content(soup: BeautifulSoup) -> Tag:
    """The element that holds the page's own text, with everything else in it removed."""
    for element in soup.select(_LEFT_OUT):
        element.decompose()
    for form in soup.find_all("form"):
        if form.select_one(_CONTENT) is None:
            form.decompose()
    content = soup.select_one("main, [role=main]")
    if content is None:
        articles = soup.find_all("article")
        content = articles[0] if len(articles) == 1 else soup.body or soup
        if len(articles) != 1:
            for element in content.select(_SITE_PARTS):
                element.decompose()
    for element in content.find_all(_not_text):
        element.decompose()
    return content


def _not_text(element: Tag) -> bool:
    classes = set(element.get_attribute_list("class"))
    if classes & _NOT_TEXT_CLASSES:
        return True
    names = [*classes, str(element.get("id") or "")]
    return any(set(_NAME_PART.split(name.lower())) & _NOT_TEXT_NAME_PARTS for name in names)


def _blocks(element: Tag) -> Iterator[Block]:
    """The blocks of a container: each block-level child's own, and each run of text and
    inline elements between them a paragraph, as a browser lays it out."""
    from bs4.element import NavigableString, Tag

    inline: list[str] = []
    for child in element.children:
        if isinstance(child, Tag) and not _is_inline(child):
            yield from _paragraph(inline)
            inline = []
            yield from _element_blocks(child)
        elif isinstance(child, Tag):
            inline.append(_inline_text(child))
        elif type(child) is NavigableString:  # not a comment, doctype or CDATA
            inline.append(_spaced(child))
    yield from _paragraph(inline)


def _element_blocks(element: Tag) -> Iterator[Block]:
    name = element.name
    if name in _HEADINGS or _asks(element):
        if text := tidy(_inline_text(element)):
            yield Block(text, heading=True)
    elif name == "table" and _laid_out(element):
        for row in element.select(_ROWS):
            for cell in row.find_all(["td", "th"], recursive=False):
                yield from _blocks(cell)
    elif name == "table":
        yield from _table_rows(element)
    elif name in ("ul", "ol", "menu"):
        yield from _list_items(element, ordered=name == "ol")
    elif name == "pre":
        if text := tidy(element.get_text()):
            yield Block(text)
    else:
        yield from _blocks(element)


def _laid_out(table: Tag) -> bool:
    """Whether a table lays out a page rather than holding data: it says so by its role, or
    no row of its own has header cells and a cell holds a heading or a table (a CMS puts
    paragraphs and lists in a data table's cells, never headings)."""
    if str(table.get("role") or "").lower() in ("presentation", "none"):
        return True
    rows = table.select(_ROWS)
    if any(row.find("th", recursive=False) is not None for row in rows):
        return False
    return any(
        cell.select_one(_LAYOUT_CELL_CONTENT) is not None
        for row in rows
        for cell in row.find_all(["td", "th"], recursive=False)
    )


def _asks(element: Tag) -> bool:
    """Whether an element is an accordion's question: a button that opens a panel, or a
    ``<dt>`` that asks; anything else heads nothing."""
    if element.name == "button":
        return element.has_attr("aria-controls") or element.has_attr("aria-expanded")
    return element.name == "dt" and tidy(_inline_text(element)).endswith("?")


def _is_inline(element: Tag) -> bool:
    """Whether an element flows within a line of text: an inline element that holds no
    block (``<a><div>...</div></a>`` is laid out as a block)."""
    if element.name == "button":
        return not _asks(element)
    return element.name in _INLINE and all(
        _is_inline(child) for child in element.find_all(recursive=False)
    )


def _list_items(element: Tag, *, ordered: bool) -> Iterator[Block]:
    """Each item a line of its own, a numbered one ``"N. text"`` (``start`` and ``value``
    respected); a nested list's items follow their parent's."""
    number = _integer(element.get("start"), 1)
    for item in element.find_all("li", recursive=False):
        number = _integer(item.get("value"), number)
        blocks = list(_blocks(item))
        if blocks and not blocks[0].heading:
            prefix = f"{number}. " if ordered else ""
            blocks[0] = replace(blocks[0], text=prefix + blocks[0].text)
        yield from (block if block.heading else replace(block, listed=True) for block in blocks)
        number += 1


def _integer(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default


def _table_rows(table: Tag) -> Iterator[Block]:
    """A caption, then each row a line; a first row of ``<th>`` cells names the cells below."""
    if (caption := table.find("caption", recursive=False)) is not None:
        yield from _paragraph([_inline_text(caption)])
    header: list[str] = []
    for index, row in enumerate(table.select(_ROWS)):
        cells = row.find_all(["td", "th"], recursive=False)
        texts = [" ".join(block.text for block in _blocks(cell)) for cell in cells]
        if not any(texts):
            continue
        if index == 0 and all(cell.name == "th" for cell in cells):
            header = texts
            yield Block(" ".join(text for text in texts if text), listed=True)
        else:
            yield Block(table_row(header, texts), listed=True)


def _paragraph(inline: list[str]) -> Iterator[Block]:
    if text := tidy("".join(inline)):
        yield Block(text)


def _inline_text(element: Tag) -> str:
    """An element's words as a browser shows them on one line; ``<br>`` breaks the line."""
    from bs4.element import NavigableString, Tag

    if element.name == "br":
        return "\n"
    parts: list[str] = []
    for child in element.children:
        if isinstance(child, Tag):
            parts.append(_inline_text(child))
            if not _is_inline(child):
                parts.append(" ")
        elif type(child) is NavigableString:
            parts.append(_spaced(child))
    return "".join(parts)


def _spaced(text: str) -> str:
    """Source text with its line breaks and indentation as the single spaces they show as."""
    return re.sub(r"[ \t\r\n\f]+", " ", text)


def _title(soup: BeautifulSoup, blocks: list[Block]) -> str:
    first_heading = next((block.text for block in blocks if block.heading), None)
    h1 = soup.find("h1")
    if first_heading is not None and h1 is not None and first_heading == tidy(_inline_text(h1)):
        return " ".join(first_heading.split())
    return _without_site_name(" ".join(soup.title.get_text().split())) if soup.title else ""


def _without_site_name(title: str) -> str:
    """A ``<title>`` without the site's name after it: "Alles Vloeit | Gemeente Nijlen" is
    "Alles Vloeit"; after a dash, only a name of a few words is the site's."""
    page, bar, _ = title.rpartition(" | ")
    if bar:
        return page
    dashes = list(_DASH.finditer(title))
    if dashes and len(title[dashes[-1].end() :].split()) <= MAX_SITE_NAME_WORDS:
        return title[: dashes[-1].start()]
    return title
