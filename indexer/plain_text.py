"""Plain text: paragraphs at blank lines; a FAQ's question lines become its headings.

A text saved from a word processor has no markup. When at least two of its paragraphs open
with a question on a line of its own, each followed by an answer (the rest of the paragraph or
the next one), the text is a FAQ: those questions are its headings, as ``##`` lines would be
in Markdown, and so are its upper-case lines. A first line that is short and ends in no
punctuation is the document's title, whether a blank line or a much longer line follows it
(in a FAQ, the heading of what precedes the first question). Any other text stays
paragraphs; ``indexer.generic`` then cuts it at upper-case lines. No word is dropped: a
heading's words are its section's title.
"""

from __future__ import annotations

import re

from indexer.documents import Block, is_heading, tidy

MIN_QUESTIONS = 2
"""Question lines with answers it takes to read a text as a FAQ: one could be rhetorical."""
MAX_QUESTION_WORDS = 30
MAX_TITLE_CHARACTERS = 100

_LABEL = re.compile(r"^(?:vraag|v|q|question)\s*\d{0,3}\s*[:.)]\s+(?=\S)", re.IGNORECASE)
"""'Vraag:', 'V1.', 'Q:' before a question: a label, not part of what is asked."""
_QUESTION_END = re.compile(r"\?[\"'\u201d\u2019)]*$")
_ENDS_PUNCTUATED = re.compile(r"[.!?:;,]\W*$")


def text_document(text: str) -> tuple[list[Block], str]:
    """The blocks of a plain text and its title ("" if its first line is no title)."""
    paragraphs = [p for p in (tidy(p) for p in re.split(r"\n\s*\n", _lines(text))) if p]
    title = _title(paragraphs)
    questions = _question_paragraphs(paragraphs)
    if len(questions) < MIN_QUESTIONS:
        return [Block(paragraph) for paragraph in paragraphs], title
    blocks: list[Block] = []
    for index, paragraph in enumerate(paragraphs):
        first, _, rest = paragraph.partition("\n")
        if index in questions:
            blocks.append(Block(_LABEL.sub("", first), heading=True))
            if rest:
                blocks.append(Block(rest))
        elif index == 0 and title:
            blocks.append(Block(title, heading=True))
            if rest:
                blocks.append(Block(rest))
        elif _upper_case_line(paragraph):
            blocks.append(Block(paragraph, heading=True))
        else:
            blocks.append(Block(paragraph))
    return blocks, title


def is_question_line(line: str) -> bool:
    """A line that asks one thing: ends with a question mark, a sentence's length at most."""
    return bool(_QUESTION_END.search(line)) and len(line.split()) <= MAX_QUESTION_WORDS


def _question_paragraphs(paragraphs: list[str]) -> set[int]:
    """The paragraphs whose first line is a question answered by what follows it."""
    found: set[int] = set()
    for index, paragraph in enumerate(paragraphs):
        first, _, rest = paragraph.partition("\n")
        if not is_question_line(first):
            continue
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
        if rest or (following and not is_question_line(following.partition("\n")[0])):
            found.add(index)
    return found


def _title(paragraphs: list[str]) -> str:
    """The first line when it is short, ends no sentence, and more follows: a paragraph of its
    own, or a line above one that is much longer (a word processor's paragraph on one line,
    not a hard-wrapped text, whose lines are about as long)."""
    if not paragraphs:
        return ""
    first, _, rest = paragraphs[0].partition("\n")
    if len(first) > MAX_TITLE_CHARACTERS or _ENDS_PUNCTUATED.search(first):
        return ""
    if not rest:
        return first if len(paragraphs) > 1 else ""
    following = rest.partition("\n")[0]
    return first if len(following) > 1.5 * len(first) and following[:1].isupper() else ""


def _upper_case_line(paragraph: str) -> bool:
    return is_heading(paragraph) and not paragraph.endswith(".")


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
