"""Plain text: paragraphs at blank lines, and a title if its first line reads as one.

A text saved from a word processor has no markup. Its first line is its title when it is
short and ends in no punctuation, and a blank line or a much longer line follows it (a word
processor's paragraph is one line; a hard-wrapped text's lines are about as long as each
other). A FAQ's questions become headings later, as in any format
(``indexer.faq_headings``); upper-case lines are headings (``indexer.generic``).

A web page copied into a text file keeps its headings as short lines, in upper or lower
case, often right above their text ("Tarieven", "Advies voor bedrijven:", "Voor wie?"). When
at least ``MIN_HEADINGS`` paragraphs open with such a line, and the text is no FAQ, those
lines are the text's headings (``heading_line``).
"""

from __future__ import annotations

import re

from indexer.documents import Block, is_upper_case_heading, tidy
from indexer.faq_headings import QUESTION_LABEL, with_question_headings

MAX_TITLE_CHARACTERS = 100
MIN_HEADINGS = 3
"""Paragraphs that must open with a heading line before a text is read by such lines: one
or two short lines are a greeting or a signature."""
MAX_HEADING_WORDS = 6
"""A heading line names what its section is about in a few words; a longer line says
something."""
MAX_HEADING_CHARACTERS = 60

_ENDS_PUNCTUATED = re.compile(r"[.!?:;,]\W*$")
_ENDS_SENTENCE = re.compile(r"[.!;,]\W*$")
"""A sentence's end, or a greeting's comma ("Beste buren,"): no heading ends so."""
_LISTED = re.compile(
    rf"^(?:[\u2022\-*\u2013\u00b7\u25aa\u25ba]|\d{{1,2}}[.)]|{QUESTION_LABEL})\s", re.IGNORECASE
)
"""A list item's bullet or number, or a question's label ("Vraag 3:"): a FAQ's labelled
questions are its entries (``indexer.faq_headings``), not a page's headings."""
_COLUMNS = re.compile(r"\S(?: {2,}|\t+)\S")
"""Cells set apart by tabs or runs of spaces: a row of a table or a price list."""
_NUMBER_LABEL = re.compile(r"^(?:[^\W\d]+\.?\s+)?\d{1,3}[a-z]?\b\s*[.:)\u2013\u2014-]*\s*")
"""A heading's number, with the word before it ("Artikel 4 -")."""
_ARTICLE = re.compile(
    r"(?:artikel|art\.|hoofdstuk|bijlage|deel|stap|article|chapter|annex|part|step)\s*"
    r"\d{1,3}[a-z]?\s*[.:]?",
    re.IGNORECASE,
)
"""A regulation's or a text's numbered part on a line of its own ("Artikel 4."): a heading,
its full stop no sentence's end."""
_CONTACT = re.compile(r"^(?:tel|telefoon|gsm|fax|e-?mail|mail|www\.|https?:)", re.IGNORECASE)
"""A contact line, which may open in lower case under a heading ("Contact", "tel. 015 ...")."""
_UNDERLINE = re.compile(r"(?m)^(?P<line>[^\n]*\S[^\n]*)\n[ \t]*(?:={3,}|-{3,})[ \t]*$")
"""A line underlined with "===" or "---", as plain text marks a heading: the underline has no
word of the text."""
_BREADCRUMB = re.compile(r"\S\s+>\s+\S.*\s>\s+\S")
"""A web page's path above its text ("Home > Mobiliteit > Mobipunt")."""


def text_document(text: str) -> tuple[list[Block], str]:
    """The paragraphs of a plain text as blocks, and its title ("" if it has none). A title
    that stands directly above the first paragraph is a block of its own; so is a heading
    line above its text in a text read by its headings."""
    lines = _UNDERLINE.sub(r"\g<line>", text.replace("\r\n", "\n").replace("\r", "\n"))
    raw = [p for p in re.split(r"\n\s*\n", lines) if tidy(p)]
    paragraphs = [tidy(p) for p in raw]
    headed = {} if _a_faq(paragraphs) else _headed([p.strip() for p in raw])
    title = _title(paragraphs)
    if headed:
        return _by_headings(paragraphs, headed, title), title
    blocks = [Block(paragraph) for paragraph in paragraphs]
    if title and blocks[0].text != title:
        blocks[:1] = [Block(title), Block(blocks[0].text[len(title) :].strip())]
    return blocks, title


def heading_line(line: str, after: str | None) -> bool:
    """Whether ``line``, a paragraph's first, reads as a heading above ``after``, the line
    below it (None if no text follows): an upper-case line, a numbered part ("Artikel 4."),
    or a few words with a capital first, no sentence's end, no list item or table row, no
    figure but its number ("Laatst bijgewerkt op 12 februari 2024" is a line of text), and
    not the start of a sentence the next line goes on with in lower case. One that ends with
    a colon is a heading above text, but a sentence that leads into a list or a table above
    those ("Daarnaast helpen we met:")."""
    line = line.strip()
    if after is None or not line[:1].isupper() or _COLUMNS.search(line):
        return False
    if is_upper_case_heading(line) or _ARTICLE.fullmatch(line):
        return True
    if (
        len(line.split()) > MAX_HEADING_WORDS
        or len(line) > MAX_HEADING_CHARACTERS
        or _ENDS_SENTENCE.search(line)
        or _LISTED.match(line)
        or any(c.isdigit() for c in _NUMBER_LABEL.sub("", line, count=1))
    ):
        return False
    after = after.strip()
    if line.endswith(":"):
        return not (_LISTED.match(after) or _COLUMNS.search(after))
    return not (after[:1].islower() and not _CONTACT.match(after))


def _headed(paragraphs: list[str]) -> dict[int, str]:
    """Per paragraph (as written: a table's columns are still apart) that opens with a
    heading line, that line, its spaces tidied; empty when fewer than
    ``MIN_HEADINGS`` do with a line that asks nothing (a FAQ's questions make it a FAQ,
    ``indexer.faq_headings``, not a page). A short line of its own above another is no
    heading with text of its own ("Met vriendelijke groeten" above a name), unless it is in
    upper case or the paragraph below it has more lines; a paragraph of short lines below a
    heading that stands alone is its text, whatever its first line ("Contact" above an
    address), unless that heading is the first line of the text (its title)."""
    found: dict[int, str] = {}
    for index, paragraph in enumerate(paragraphs):
        first, _, rest = paragraph.partition("\n")
        after = _below(paragraphs, index)
        above_alone = index > 1 and index - 1 in found and "\n" not in paragraphs[index - 1]
        if above_alone and _short_lines(paragraph):
            continue  # the text of the heading above, which stands alone (an address)
        if not rest and after is not None and "\n" not in paragraphs[index + 1]:
            alone = heading_line(after, _below(paragraphs, index + 1))
            if alone and not is_upper_case_heading(first):
                continue
        if heading_line(first, after):
            found[index] = " ".join(first.split())
    stating = [line for line in found.values() if not line.endswith("?")]
    return found if len(stating) >= MIN_HEADINGS else {}


def _short_lines(paragraph: str) -> bool:
    """Whether every line of a paragraph is as short as a heading line: an address, a list."""
    return all(len(line.strip()) <= MAX_HEADING_CHARACTERS for line in paragraph.split("\n"))


def _below(paragraphs: list[str], index: int) -> str | None:
    """The line below the first line of paragraph ``index``: its second, or the next
    paragraph's first; None at the end of the text."""
    rest = paragraphs[index].partition("\n")[2]
    if rest:
        return rest.partition("\n")[0]
    if index + 1 < len(paragraphs):
        return paragraphs[index + 1].partition("\n")[0]
    return None


def _a_faq(paragraphs: list[str]) -> bool:
    """Whether the paragraphs read as a FAQ: its questions are its headings, and its other
    short lines ("ALGEMEEN") the groups above them (``indexer.faq_headings``)."""
    blocks = tuple(Block(paragraph) for paragraph in paragraphs)
    return with_question_headings(blocks) is not blocks


def _by_headings(paragraphs: list[str], headed: dict[int, str], title: str) -> list[Block]:
    """The paragraphs as blocks, each heading line (and the title) a heading block above its
    text."""
    blocks: list[Block] = []
    for index, paragraph in enumerate(paragraphs):
        heading = headed.get(index) or (title if index == 0 and title else None)
        if heading is None or not paragraph.startswith(heading):
            blocks.append(Block(paragraph))
            continue
        blocks.append(Block(heading, heading=True))
        if rest := paragraph[len(heading) :].strip():
            blocks.append(Block(rest))
    return blocks


def _title(paragraphs: list[str]) -> str:
    """The first line when it is short, ends no sentence, and more follows: a paragraph of its
    own, a line above a much longer one that opens with a capital, or a web page's name
    above its path."""
    if not paragraphs:
        return ""
    first, _, rest = paragraphs[0].partition("\n")
    if len(first) > MAX_TITLE_CHARACTERS or _ENDS_PUNCTUATED.search(first):
        return ""
    if not rest:
        return first if len(paragraphs) > 1 else ""
    following = rest.partition("\n")[0]
    if _BREADCRUMB.search(following):
        return first
    return first if len(following) > 1.5 * len(first) and following[:1].isupper() else ""
