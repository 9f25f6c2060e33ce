"""From a question (and the conversation so far) to an Answer over one loaded index.

1. A follow-up ("en het tweede doorbraakproject?", "wat nog meer?") borrows the subject of
   the previous question; a question with a subject of its own starts fresh.
2. An explicit reference ("aanbeveling 7", "welke aanbevelingen zijn er") is answered with
   those passages directly.
3. Anything else is ranked by the hybrid retriever; the scope model decides whether the best
   passages answer it, and otherwise the closest recommendations are suggested.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from chatbot.answer import Answer, Hit, IndexInfo, Suggestion
from chatbot.language import detect_language
from chatbot.lexical import fold
from chatbot.references import Reference, find_reference
from chatbot.retrieval import HybridRetriever
from chatbot.scope import ScopeModel
from indexer.chunking import Chunk

_MORE = re.compile(
    r"^\W*(en\s+)?(wat|iets|nog)?\s*(nog\s+)?(meer|verder|anders)\W*$|^\W*(and\s+)?(what|anything)"
    r"\s+else\W*$|^\W*(et\s+)?(quoi\s+d'autre|autre\s+chose|encore)\W*$"
)
_FOLLOW_UP_START = re.compile(
    r"^\W*(en|maar|and|but|et|mais)\b|\b(daar|dat|die|dit|hiervan|it|ça)\b"
)
_ABOUT_THE_NOTE = re.compile(
    r"\b(nota|folder|inspiratienota|note|document|brochure|auteurs?|schrijvers?|geschreven|"
    r"schreef|opgesteld|uitgegeven|uitgever|gemaakt|igemo|strategio|exello|voorwoord|"
    r"legislatuur|bestuursperiode|periode|term|publie|ecrit|redige|qui a)\b"
)
FRONT_MATTER_WEIGHT = 0.8
"""The foreword, colophon and contents answer questions about the note itself; elsewhere
their general words would outrank the recommendation that does answer."""
CONTEXT_WEIGHT = 0.95
"""A recommendation's "Context en uitdagingen" speaks of everything its doorbraakprojecten do,
in general words; a question about one project should get that project first. Chosen on
evaluation/questions.jsonl (0.92-0.95 best), then confirmed on the blind set (see
docs/EVALUATION.md)."""
RELATIVE_CUTOFF = 0.85
"""Passages beyond the first are shown when their fused score is within this share of the best."""


@dataclass(frozen=True, slots=True)
class Turn:
    """What a question resolves to once the conversation is taken into account."""

    search: str
    reference: Reference | None
    skip: int = 0
    """Passages already shown for the same subject ("wat nog meer?")."""


class Answerer:
    """Composes answers from one retriever; stateless between calls."""

    def __init__(
        self, retriever: HybridRetriever, scope: ScopeModel, info: IndexInfo, top_k: int
    ) -> None:
        self.retriever = retriever
        self.scope = scope
        self.info = info
        self.top_k = top_k
        self._chunks = retriever.index.chunks
        self._front_matter = np.array([c.recommendation == 0 for c in self._chunks])
        self._context = np.array([c.section == "context" for c in self._chunks])

    def answer(self, question: str, history: Sequence[str] = ()) -> Answer:
        """Answer a question, using the earlier questions of the conversation if it follows up."""
        language = detect_language(question)
        turn = self._resolve(question, history)
        reference = turn.reference
        if reference is not None and reference.only:
            hits = self._referenced(reference)
            if hits:
                return Answer(question, True, hits, self.info, language)
        scored = self.retriever.score(turn.search)
        fused = np.where(self._context, scored.fused * CONTEXT_WEIGHT, scored.fused)
        if not _ABOUT_THE_NOTE.search(fold(turn.search)):
            fused = np.where(self._front_matter, fused * FRONT_MATTER_WEIGHT, fused)
        if reference is not None and reference.recommendation is not None:
            fused = np.where(self._of(reference.recommendation), fused, -1.0).astype(np.float32)
        order = [i for i in scored.order(fused) if fused[i] >= 0]
        if not self.scope.in_scope(scored, turn.search):
            return Answer(question, False, (), self.info, language, self._suggest(order))
        best = float(fused[order[0]])
        chosen = [i for i in order if fused[i] >= RELATIVE_CUTOFF * best]
        chosen = chosen[turn.skip : turn.skip + self.top_k] or order[turn.skip : turn.skip + 1]
        hits = tuple(Hit(self._chunks[i], float(fused[i])) for i in chosen)
        return Answer(question, True, hits, self.info, language)

    def _resolve(self, question: str, history: Sequence[str]) -> Turn:
        reference = find_reference(question)
        if not history:
            return Turn(question, reference)
        previous = self._resolve(history[-1], history[:-1])
        folded = fold(question)
        if _MORE.match(folded):
            return Turn(previous.search, previous.reference, previous.skip + self.top_k)
        if reference is not None and reference.recommendation is None and reference.item:
            subject = self._subject(previous)
            if subject is not None:
                return Turn(question, Reference(subject, reference.item, only=reference.only))
        if reference is None and _FOLLOW_UP_START.search(folded) and len(folded.split()) <= 8:
            own = self.retriever.score(question)
            if not self.scope.in_scope(own, question):
                return Turn(f"{previous.search} {question}", previous.reference)
        return Turn(question, reference)

    def _subject(self, turn: Turn) -> int | None:
        """The recommendation a previous turn was about."""
        if turn.reference is not None and turn.reference.recommendation is not None:
            return turn.reference.recommendation
        scored = self.retriever.score(turn.search)
        for i in scored.order():
            if self._chunks[i].recommendation > 0:
                return self._chunks[i].recommendation
        return None

    def _referenced(self, reference: Reference) -> tuple[Hit, ...]:
        chunks: list[Chunk]
        if reference.listing:
            chunks = [c for c in self._chunks if c.section == "inhoud"]
        else:
            chunks = [c for c in self._chunks if c.recommendation == reference.recommendation]
            if reference.item is not None:
                items = sorted({c.item for c in chunks if c.item is not None})
                wanted = items[-1] if reference.item == -1 and items else reference.item
                chunks = [c for c in chunks if c.item == wanted]
            elif reference.context:
                chunks = [c for c in chunks if c.section == "context"]
        return tuple(Hit(c, 1.0) for c in chunks)

    def _of(self, recommendation: int) -> np.ndarray:
        return np.array([c.recommendation == recommendation for c in self._chunks])

    def _suggest(self, order: list[int], count: int = 3) -> tuple[Suggestion, ...]:
        seen: dict[int, str] = {}
        for i in order:
            chunk = self._chunks[i]
            if chunk.recommendation > 0 and chunk.recommendation not in seen:
                seen[chunk.recommendation] = chunk.title
            if len(seen) == count:
                break
        return tuple(Suggestion(number, title) for number, title in seen.items())
