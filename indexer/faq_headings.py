"""A FAQ without heading markup: the questions that open its paragraphs become its headings.

Staff paste FAQs from a word processor as plain text, export them to PDF with the questions
in the body's style, or write the questions in bold rather than as ``##`` headings. When at
least two of a document's paragraphs open with a question, each followed by its answer (the
rest of the paragraph, or the next paragraph), those questions are its headings, as ``##``
lines would be in Markdown, so that each entry is a passage of its own and its question an
example. A document that has a question heading already is left as it is. No word is
dropped: a question's words become its section's title (a label ``Vraag:`` before it aside).
"""

from __future__ import annotations

import re
from dataclasses import replace

from indexer.documents import Block, is_heading

MIN_QUESTIONS = 2
"""Questions with answers it takes to read a document as a FAQ: one could be rhetorical."""
MAX_QUESTION_WORDS = 30

_LABEL = re.compile(r"^(?:vraag|v|q|question)\s*\d{0,3}\s*[:.)]\s+(?=\S)", re.IGNORECASE)
"""'Vraag:', 'V1.', 'Q:' before a question: a label, not part of what is asked."""
_OPENING_QUESTION = re.compile(r"^([^\n]*?\?[\"'\u201d\u2019)]*)(?:[ \t]*\n|\s+(?=\S)|\s*$)")
_SENTENCE_END = re.compile(r"[.!](?:\s|$)")


def with_question_headings(blocks: tuple[Block, ...], title: str = "") -> tuple[Block, ...]:
    """``blocks`` with the questions that open two or more answered paragraphs as headings
    (and, in a document that marked no heading, its upper-case lines and a first block that
    is its ``title`` too, as a Markdown ``#`` title would be); ``blocks`` otherwise."""
    if any(block.heading and asks(block.text) for block in blocks):
        return blocks
    opened = [opening_question(block.text) for block in blocks]
    answered = {
        index
        for index, found in enumerate(opened)
        if found is not None and (found[1] or _answer_follows(blocks, opened, index))
    }
    if len(answered) < MIN_QUESTIONS:
        return blocks
    marked = any(block.heading for block in blocks)
    result: list[Block] = []
    for index, block in enumerate(blocks):
        found = opened[index]
        if index in answered and found is not None:
            question, rest = found
            result.append(Block(_LABEL.sub("", question), block.page, heading=True))
            if rest:
                result.append(replace(block, text=rest))
        elif not marked and (
            (index == 0 and block.text == title)
            or (is_heading(block.text) and not block.text.endswith("."))
        ):
            result.append(replace(block, heading=True))
        else:
            result.append(block)
    return tuple(result)


def opening_question(text: str) -> tuple[str, str] | None:
    """(the question a paragraph opens with, the rest), or None if its first sentence asks
    nothing: a question on its first line, at most ``MAX_QUESTION_WORDS`` words."""
    match = _OPENING_QUESTION.match(text)
    if match is None:
        return None
    question = match.group(1).strip()
    if _SENTENCE_END.search(question) or not asks(question):
        return None
    return question, text[match.end() :].strip()


def asks(text: str) -> bool:
    """A question of a sentence's length: ends with a question mark."""
    return text.rstrip("\"'\u201d\u2019) ").endswith("?") and (
        len(text.split()) <= MAX_QUESTION_WORDS
    )


def _answer_follows(
    blocks: tuple[Block, ...], opened: list[tuple[str, str] | None], index: int
) -> bool:
    """Whether the paragraph after a question alone answers it: text that asks nothing."""
    following = index + 1
    return following < len(blocks) and not blocks[following].heading and opened[following] is None
