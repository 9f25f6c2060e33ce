"""Plain text: paragraphs at blank lines, and a title if its first line reads as one.

A text saved from a word processor has no markup. Its first line is its title when it is
short and ends in no punctuation, and a blank line or a much longer line follows it (a word
processor's paragraph is one line; a hard-wrapped text's lines are about as long as each
other). A FAQ's questions become headings later, as in any format
(``indexer.faq_headings``); upper-case lines are headings (``indexer.generic``).
"""

from __future__ import annotations

import re

from indexer.documents import Block, tidy

MAX_TITLE_CHARACTERS = 100

_ENDS_PUNCTUATED = re.compile(r"[.!?:;,]\W*$")


def text_document(text: str) -> tuple[list[Block], str]:
    """The paragraphs of a plain text as blocks, and its title ("" if it has none). A title
    that stands directly above the first paragraph is a block of its own."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p for p in (tidy(p) for p in re.split(r"\n\s*\n", lines)) if p]
    title = _title(paragraphs)
    blocks = [Block(paragraph) for paragraph in paragraphs]
    if title and blocks[0].text != title:
        blocks[:1] = [Block(title), Block(blocks[0].text[len(title) :].strip())]
    return blocks, title


def _title(paragraphs: list[str]) -> str:
    """The first line when it is short, ends no sentence, and more follows: a paragraph of its
    own, or a line above a much longer one that opens with a capital."""
    if not paragraphs:
        return ""
    first, _, rest = paragraphs[0].partition("\n")
    if len(first) > MAX_TITLE_CHARACTERS or _ENDS_PUNCTUATED.search(first):
        return ""
    if not rest:
        return first if len(paragraphs) > 1 else ""
    following = rest.partition("\n")[0]
    return first if len(following) > 1.5 * len(first) and following[:1].isupper() else ""
