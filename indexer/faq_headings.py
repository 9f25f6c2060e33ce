"""A FAQ without heading markup: the questions that open its paragraphs become its headings.

Staff paste FAQs from a word processor as plain text, export them to PDF with the questions
in the body's style, or write the questions in bold rather than as ``##`` headings. When at
least ``MIN_QUESTIONS`` of a document's paragraphs, and one in ``MAX_PARAGRAPHS_PER_QUESTION``,
open with a question that is followed by its answer (the rest of the paragraph, or the next
paragraph), those questions are its headings, as ``##`` lines would be in Markdown, so that
each entry is a passage of its own and its question an example. A newsletter's teasers ("Is
dat duur?", "Hoe verder?") are no such questions: they point back or are too short. A
document that has a question heading already is left as it is. No word is dropped but a
question's label ("Vraag 3:", "1."): its words become its section's title.
"""

from __future__ import annotations

import re
from dataclasses import replace

from indexer.documents import Block, is_upper_case_heading

MIN_QUESTIONS = 3
"""Answered questions it takes to read a document as a FAQ: a text may ask one or two."""
MAX_PARAGRAPHS_PER_QUESTION = 5
"""A FAQ's answers are short: a text with fewer questions than one in this many paragraphs
is prose that asks now and then."""
MIN_QUESTION_WORDS = 3
MAX_QUESTION_WORDS = 30

QUESTION_LABEL = r"(?:vraag|v|q|question)\s*\d{0,3}\s*[:.)]"
"""'Vraag:', 'Vraag 3.', 'Q:' before a question (a pattern, to match ignoring case)."""
_LABEL = re.compile(rf"^(?:{QUESTION_LABEL}|\d{{1,2}}\s*[.)])\s+(?=\S)", re.IGNORECASE)
"""A question's label or '1.' before it: not part of what is asked."""
_QUESTION = re.compile(r"^([^?]+\?[\"'\u201d\u2019)]*)\s*")
_SENTENCE_END = re.compile(r"[.!]\s+(?=[A-Z\u00c0-\u00de])")
"""A full stop that ends a sentence, not an abbreviation's ("bv. een oude reispas")."""
_POINTING_BACK = frozenset(
    {"dat", "dit", "daar", "hier", "daarvoor", "daarover", "daarmee", "hiervoor", "hierover"}
)
"""A question with one of these asks about what a text just said: a teaser, not an entry."""


def with_question_headings(blocks: tuple[Block, ...], title: str = "") -> tuple[Block, ...]:
    """``blocks`` with the questions that open answered paragraphs as headings (and, in a
    document that marked no heading, its upper-case lines and a first block that is its
    ``title`` too, as a Markdown ``#`` title would be); ``blocks`` themselves when they are
    no FAQ."""
    if any(block.heading and asks(block.text) for block in blocks):
        return blocks
    entries = _entries(blocks)
    if len(entries) < MIN_QUESTIONS or len(entries) * MAX_PARAGRAPHS_PER_QUESTION < len(blocks):
        return blocks
    marked = any(block.heading for block in blocks)
    result: list[Block] = []
    for index, block in enumerate(blocks):
        if (entry := entries.get(index)) is not None:
            question, rest = entry
            result.append(Block(_LABEL.sub("", question), block.page, heading=True))
            if rest:
                result.append(replace(block, text=rest))
        elif not marked and (
            (index == 0 and block.text == title) or is_upper_case_heading(block.text)
        ):
            result.append(replace(block, heading=True))
        else:
            result.append(block)
    return tuple(result)


def opening_question(text: str) -> tuple[str, str] | None:
    """(the question a paragraph opens with, the rest), or None if its first sentence is no
    question of its own: one that points back, is a few words, or goes on in lower case
    ('"Waarom ik?" vroeg ze.'). A numbered question may say what it is about first ("7. Mijn
    kind heeft een beperking. Kan het naar de opvang?") when it is a paragraph or a line of
    its own, its answer on the lines below."""
    match = _QUESTION.match(text)
    if match is None:
        return None
    question, rest = match.group(1).strip(), text[match.end() :].strip()
    asked = _LABEL.sub("", question)
    if not asks(asked) or rest[:1].islower():
        return None
    if ends := list(_SENTENCE_END.finditer(asked)):
        # "De tuin telt 40 soorten. Wist je dat? ...": prose that asks; unlabelled, a
        # newsletter's "Wil jij ons team komen versterken?" after its news, or an answer
        # that ends asking ("Wil je de juiste data kennen?")
        if asked == question or (rest and not _own_line(text, question)):
            return None
        # a numbered question of its own that says what it is about first: "7. Mijn kind
        # heeft een beperking. Kan het naar de opvang?" ("1. Ja. Wat denkt u?" says nothing)
        lead_in = set(re.findall(r"\w+", asked[: ends[-1].end()].lower()))
        if len(lead_in) < MIN_QUESTION_WORDS or not lead_in.isdisjoint(_POINTING_BACK):
            return None
        asked = asked[ends[-1].end() :]
    said = set(re.findall(r"\w+", asked.lower()))
    if len(said) < MIN_QUESTION_WORDS or not said.isdisjoint(_POINTING_BACK):
        return None
    return question, rest


def _own_line(text: str, question: str) -> bool:
    """Whether ``question``, which opens ``text``, is a line of its own: the answer starts
    on the next line ("7. Ik ben verhuurder. Wat kunt u voor mij doen?\nAls verhuurder ...")."""
    return "\n" not in question and text[len(question) :].lstrip(" \t").startswith("\n")


def asks(text: str) -> bool:
    """A question of a sentence's length: ends with a question mark."""
    return text.rstrip("\"'\u201d\u2019) ").endswith("?") and (
        len(text.split()) <= MAX_QUESTION_WORDS
    )


def _entries(blocks: tuple[Block, ...]) -> dict[int, tuple[str, str]]:
    """The paragraphs that open a FAQ entry, by position: a question and its answer, in the
    same paragraph or the next. The paragraph after a question that stands alone is its
    answer, even if it opens with a question too ("Bent u ziek? Bel ons.")."""
    opened = [opening_question(block.text) for block in blocks]
    entries: dict[int, tuple[str, str]] = {}
    answering = False
    for index, (block, found) in enumerate(zip(blocks, opened, strict=True)):
        if answering:
            answering = False
            continue
        if found is None or block.heading or block.listed:
            continue
        if found[1]:
            entries[index] = found
        elif index + 1 < len(blocks) and not blocks[index + 1].heading:
            following = opened[index + 1]
            if following is None or following[1]:  # not a question that stands alone
                entries[index] = found
                answering = True
    return entries
