"""The answer: a lead sentence and the note's passages, quoted word for word."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from indexer.chunking import Chunk, heading

LEAD = "In de nota staat hierover:"
NOT_FOUND = "De nota 'Alles Vloeit' zegt hier niets over."


@dataclass(frozen=True, slots=True)
class Hit:
    """A retrieved chunk with its relevance score."""

    chunk: Chunk
    score: float


@dataclass(frozen=True, slots=True)
class IndexInfo:
    """Which index answered."""

    version: str
    model: str


@dataclass(frozen=True, slots=True)
class Answer:
    """What the chatbot says to one question; the JSON contract of the CLI and the API."""

    question: str
    in_scope: bool
    hits: tuple[Hit, ...]
    index: IndexInfo
    lead: str = LEAD

    @property
    def markdown(self) -> str:
        """The answer as shown in the chat: the lead, then each passage quoted with its citation."""
        if not self.in_scope:
            return self.lead
        parts = [self.lead]
        parts.extend(quote_markdown(hit.chunk) for hit in self.hits)
        return "\n\n".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the contract."""
        return {
            "question": self.question,
            "in_scope": self.in_scope,
            "answer": self.markdown,
            "passages": [passage_dict(hit) for hit in self.hits],
            "index": {"version": self.index.version, "model": self.index.model},
        }


def passage_dict(hit: Hit) -> dict[str, Any]:
    """One passage of the JSON contract."""
    chunk = hit.chunk
    return {
        "id": chunk.id,
        "recommendation": chunk.recommendation,
        "title": chunk.title,
        "section": chunk.section,
        "item": chunk.item,
        "page": chunk.page,
        "source": chunk.document,
        "text": chunk.text,
        "score": round(hit.score, 4),
    }


def citation(chunk: Chunk) -> str:
    """Where a passage stands, e.g. 'Aanbeveling 6 · Baseer ... · Doorbraakproject 3'."""
    where = heading(chunk)
    if chunk.page is not None:
        where += f" · p. {chunk.page}"
    return where


_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START_SPECIAL = re.compile(r"^(\s*\d*)([#+=.)-])")


def escape_markdown(text: str) -> str:
    """Escape one line of text so that Markdown renders it exactly as written, never as HTML."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", text)
    escaped = escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _LINE_START_SPECIAL.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", escaped)


def quote_markdown(chunk: Chunk) -> str:
    """A passage as a Markdown block quote, each paragraph and line kept, then its citation."""
    lines: list[str] = []
    for paragraph in chunk.text.split("\n\n"):
        if lines:
            lines.append(">")
        lines.extend(f"> {escape_markdown(line)}  " for line in paragraph.split("\n"))
    lines.append(f"> — *{escape_markdown(citation(chunk))}*")
    return "\n".join(lines)
