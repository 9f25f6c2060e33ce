"""The note's structure as the live index holds it: twelve recommendations, each with its
context and doorbraakprojecten, for opening a whole recommendation and for browsing.

Built from the index's chunks (so it always matches what the chat quotes) and kept per index
version.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from indexer.chunking import Chunk

SUMMARY_LENGTH = 150
"""The longest one-line summary, in characters; longer first sentences are cut at a word."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


@dataclass(frozen=True, slots=True)
class Recommendation:
    """One recommendation of the note, whole: its context and its doorbraakprojecten."""

    number: int
    title: str
    document: str
    context: tuple[Chunk, ...]
    items: tuple[tuple[int, tuple[Chunk, ...]], ...]
    """(doorbraakproject number, its chunks in order), in the note's order."""

    @property
    def chunks(self) -> tuple[Chunk, ...]:
        """Every passage of the recommendation, in the note's order."""
        return self.context + tuple(chunk for _, chunks in self.items for chunk in chunks)

    @property
    def summary(self) -> str:
        """One line: the first sentence of the context (shortened at a word if long)."""
        text = " ".join(self.context[0].text.split()) if self.context else ""
        first = _SENTENCE_END.split(text, maxsplit=1)[0]
        if len(first) <= SUMMARY_LENGTH:
            return first
        cut = first[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:")
        return f"{cut} …"


@dataclass(frozen=True, slots=True)
class NoteOutline:
    """The recommendations of the note, and every section's passages, of one index version."""

    version: str
    recommendations: tuple[Recommendation, ...]
    sections: dict[tuple[str, int, str, int | None, str], tuple[Chunk, ...]]
    """(document, recommendation, section, item, title) -> the section's passages in order."""

    def recommendation(self, number: int, document: str | None = None) -> Recommendation | None:
        """Recommendation ``number`` (of ``document`` if given), or None."""
        for rec in self.recommendations:
            if rec.number == number and (document is None or rec.document == document):
                return rec
        return None

    def section_of(self, chunk: Chunk) -> tuple[Chunk, ...]:
        """All parts of the section a passage belongs to (just the passage if it is whole)."""
        return self.sections.get(_section_key(chunk), (chunk,))

    def titles(self) -> dict[int, str]:
        """Recommendation number -> title."""
        return {rec.number: rec.title for rec in self.recommendations}


def _section_key(chunk: Chunk) -> tuple[str, int, str, int | None, str]:
    return (chunk.document, chunk.recommendation, chunk.section, chunk.item, chunk.title)


def build_outline(version: str, chunks: Sequence[Chunk]) -> NoteOutline:
    """Group the chunks (in index order) into sections and recommendations.

    When two corpus files both hold the note, the first one's recommendations are listed.
    """
    sections: dict[tuple[str, int, str, int | None, str], list[Chunk]] = {}
    for chunk in chunks:
        sections.setdefault(_section_key(chunk), []).append(chunk)
    recommendations: dict[int, Recommendation] = {}
    for document, number in _numbered(chunks):
        if number in recommendations:
            continue
        own = [c for c in chunks if c.document == document and c.recommendation == number]
        items: dict[int, list[Chunk]] = {}
        for chunk in own:
            if chunk.section == "doorbraakproject" and chunk.item is not None:
                items.setdefault(chunk.item, []).append(chunk)
        recommendations[number] = Recommendation(
            number=number,
            title=own[0].title,
            document=document,
            context=tuple(c for c in own if c.section == "context"),
            items=tuple((item, tuple(parts)) for item, parts in items.items()),
        )
    return NoteOutline(
        version=version,
        recommendations=tuple(recommendations[n] for n in sorted(recommendations)),
        sections={key: tuple(parts) for key, parts in sections.items()},
    )


def _numbered(chunks: Iterable[Chunk]) -> list[tuple[str, int]]:
    return list(dict.fromkeys((c.document, c.recommendation) for c in chunks if c.recommendation))


class OutlineCache:
    """The outline of the last index version asked for; rebuilt when the version changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._outline: NoteOutline | None = None

    def get(self, version: str, chunks: Sequence[Chunk]) -> NoteOutline:
        """The outline of ``version`` (built from ``chunks`` the first time)."""
        with self._lock:
            if self._outline is None or self._outline.version != version:
                self._outline = build_outline(version, chunks)
            return self._outline
