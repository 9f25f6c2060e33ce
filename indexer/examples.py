"""Example questions tied to the words of the passage they answer.

An answerable example names its passages by a fingerprint of their text (``passage_key``),
never by their place in the note: when the recommendations are put in another order an
example still applies to the same words under their new number, and when a passage is
rewritten or removed its examples are *stale*: they apply to nothing, and every build lists
them. A document's own question headings ("## Krijg ik een premie als ...?") are examples of
the passage below them, so a FAQ that staff add brings its questions with it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from indexer.chunking import Chunk


def passage_key(text: str) -> str:
    """A fingerprint of a passage's words (white space does not count)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class ExampleQuestion:
    """A question as people ask it, and the passages (by ``passage_key``) that answer it;
    none for a question the note does not answer."""

    question: str
    passages: tuple[str, ...] = ()
    where: str = ""
    """Where the passages stood when the example was written, for people reading the list."""

    @property
    def answerable(self) -> bool:
        return bool(self.passages)


@dataclass(frozen=True, slots=True)
class AppliedExample:
    """An example that applies to this corpus: its question and the chunks (positions in the
    index's chunk list) that answer it."""

    question: str
    chunks: tuple[int, ...]
    heading: bool = False
    """Taken from a document's question heading rather than the examples file."""


@dataclass(frozen=True, slots=True)
class ExampleMatch:
    """The examples of one corpus: those that apply, and those whose passage is gone."""

    applied: tuple[AppliedExample, ...]
    stale: tuple[ExampleQuestion, ...]
    """Examples whose passages are not all there; ``where`` names those that changed or went."""
    unanswerable: tuple[str, ...]
    """The out-of-scope example questions (for calibrating what the note does not answer)."""

    @property
    def headings(self) -> int:
        return sum(example.heading for example in self.applied)

    def summary(self) -> str:
        """One line for the build summary."""
        line = (
            f"example questions: {len(self.applied) - self.headings} apply, "
            f"{self.headings} from question headings, {len(self.stale)} stale"
        )
        if self.stale:
            places = {p.strip() for e in self.stale for p in e.where.split(",") if p.strip()}
            named = ", ".join(sorted(places, key=_in_note_order)) or "unknown"
            line += f" (passage changed or removed: {named})"
        return line


def _in_note_order(place: str) -> list[tuple[int, int | str]]:
    """A place in the note's order: "9.2" after "9", before "10"; words (a section's name) after."""
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[.\s]+", place)]


def load_example_questions(path: Path) -> list[ExampleQuestion]:
    """The examples file (JSON Lines: ``question``, ``passages``, ``where``); none if absent."""
    if not path.is_file():
        return []
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            question, passages = data["question"], data.get("passages", [])
            where = data.get("where", "")
            if not isinstance(question, str) or not question.strip():
                raise TypeError("'question' must be text")
            if not isinstance(passages, list) or not all(isinstance(p, str) for p in passages):
                raise TypeError("'passages' must be a list of passage fingerprints")
            if not isinstance(where, str):
                raise TypeError("'where' must be text")
            examples.append(ExampleQuestion(question, tuple(passages), where))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(
                f"{path.name}, line {number}: not an example question ({exc})"
            ) from exc
    return examples


def match_examples(examples: Sequence[ExampleQuestion], chunks: Sequence[Chunk]) -> ExampleMatch:
    """Which examples apply to ``chunks``, plus the chunks' own question headings."""
    positions: dict[str, list[int]] = {}
    for position, chunk in enumerate(chunks):
        positions.setdefault(passage_key(chunk.text), []).append(position)
    applied: list[AppliedExample] = []
    stale: list[ExampleQuestion] = []
    for example in examples:
        if not example.answerable:
            continue
        found = sorted({p for key in example.passages for p in positions.get(key, ())})
        if all(key in positions for key in example.passages):
            applied.append(AppliedExample(example.question, tuple(found)))
        else:
            stale.append(replace(example, where=_where_gone(example, positions)))
    applied.extend(_question_headings(chunks))
    unanswerable = tuple(e.question for e in examples if not e.answerable)
    return ExampleMatch(tuple(applied), tuple(stale), unanswerable)


def _where_gone(example: ExampleQuestion, present: Container[str]) -> str:
    """Where the passages of a stale example that changed or went stood: its ``where`` lists
    one place per passage ("6, 9, 9.1, 9.2"), and a list of nine places would name seven that
    did not change. The whole ``where`` when it does not list one place per passage."""
    places = [place.strip() for place in example.where.split(",")]
    if len(places) != len(example.passages):
        return example.where
    return ", ".join(
        p for p, key in zip(places, example.passages, strict=True) if key not in present
    )


def is_question_entry(chunk: Chunk) -> bool:
    """A passage of a document staff added whose heading is a question (a FAQ entry): its
    heading is an example of what it answers."""
    return chunk.section == "document" and chunk.title.rstrip().endswith("?")


def is_page_section(chunk: Chunk, faqs: Container[str]) -> bool:
    """A passage of a staff document that is no FAQ (``faqs``) and has no question heading
    (a page's "Openingsuren", "Contact"): it has no example, and was written for residents."""
    return (
        chunk.section == "document" and chunk.document not in faqs and not is_question_entry(chunk)
    )


FAQ_SHARE = 0.5
"""The share of its headings that must be questions before a document is a FAQ: a newsletter
with a "Vragen?" and a "Wat is Alles Vloeit?" among ten headings is not one."""


def documents_with_questions(chunks: Sequence[Chunk]) -> set[str]:
    """The staff documents that are FAQs: at least ``FAQ_SHARE`` of their headings ask."""
    asking: dict[str, dict[str, bool]] = {}  # document -> heading -> is a question
    for chunk in chunks:
        if chunk.section == "document":
            asking.setdefault(chunk.document, {})[chunk.title.strip()] = is_question_entry(chunk)
    return {
        document
        for document, headings in asking.items()
        if sum(headings.values()) >= FAQ_SHARE * len(headings)
    }


def _question_headings(chunks: Sequence[Chunk]) -> list[AppliedExample]:
    by_heading: dict[tuple[str, str], list[int]] = {}
    for position, chunk in enumerate(chunks):
        if is_question_entry(chunk):
            by_heading.setdefault((chunk.document, chunk.title.strip()), []).append(position)
    return [
        AppliedExample(title, tuple(found), heading=True)
        for (_, title), found in by_heading.items()
    ]
