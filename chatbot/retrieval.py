"""Hybrid retrieval: the dense model and two lexical rankers, fused per passage.

Every passage is scored (the note has about fifty), so fusion needs no candidate cut-off:
dense cosine, min-max scaled over the passages, plus BM25 on stems and on character n-grams,
each scaled by its best score; words from the thesaurus widen the lexical query at a lower
weight. The weights were chosen on the evaluation set (see docs/EVALUATION.md).
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from cachetools import LRUCache

from chatbot.examples import ExampleMemory
from chatbot.lexical import LexicalRanker, Thesaurus, lexical_recipe
from indexer.embedding import Embedder
from indexer.store import StoredIndex

Scores = npt.NDArray[np.float32]
RECENT = 256
"""Questions whose scores are kept: follow-ups and repeated questions score them again."""


@dataclass(frozen=True, slots=True)
class FusionWeights:
    """How much each signal counts in the fused score."""

    dense: float = 0.6
    stems: float = 0.2
    ngrams: float = 0.2
    expansion: float = 0.5
    """Weight of thesaurus words relative to the question's own words."""
    examples: float = 1.0
    """Similarity to labelled example questions (``chatbot.examples``): as much as the note's
    own text, no more (the evaluation set still gained a little up to 1.5)."""


@dataclass(frozen=True, slots=True)
class Scored:
    """One question scored against every passage, per signal and fused (same order as chunks)."""

    query: Scores
    """The question's own vector."""
    dense: Scores
    stems: Scores
    ngrams: Scores
    fused: Scores
    examples: Scores | None = None
    """Closest labelled example question per passage, when there are examples."""

    def order(self, scores: Scores | None = None) -> list[int]:
        """Passage positions, best first."""
        values = self.fused if scores is None else scores
        return [int(i) for i in np.argsort(-values, kind="stable")]


class HybridRetriever:
    """Scores questions against the passages of one loaded index."""

    def __init__(
        self,
        index: StoredIndex,
        embedder: Embedder,
        thesaurus: Thesaurus | None = None,
        weights: FusionWeights = FusionWeights(),
        examples: ExampleMemory | None = None,
    ) -> None:
        self.index = index
        self._examples = examples if examples is not None and not examples.empty else None
        self._embedder = embedder
        self._thesaurus = thesaurus or Thesaurus([])
        self._weights = weights
        self._vectors = np.asarray(index.vectors.reconstruct_n(0, len(index.chunks)))
        self.lexical = LexicalRanker([c.embedding_text for c in index.chunks])
        self._recent: LRUCache[str, Scored] = LRUCache(RECENT)
        self._recent_lock = threading.Lock()

    @property
    def recipe(self) -> str:
        """What besides the index and the model decides its scores (for cache keys)."""
        groups = "|".join(",".join(group) for group in self._thesaurus.groups)
        thesaurus = hashlib.sha256(groups.encode()).hexdigest()[:16]
        return f"{self._weights!r} {thesaurus} {lexical_recipe()}"

    @property
    def examples(self) -> ExampleMemory | None:
        """The example questions it scores with, if any."""
        return self._examples

    def score(self, question: str, query: npt.NDArray[np.float32] | None = None) -> Scored:
        """All signals for one question (the last few are remembered); ``query`` is its
        vector when already known (it is embedded otherwise)."""
        with self._recent_lock:
            if (known := self._recent.get(question)) is not None:
                return known
        scored = self._score(question, query)
        with self._recent_lock:
            self._recent[question] = scored
        return scored

    def forget(self) -> None:
        """Drop the remembered scores (for timing measurements)."""
        with self._recent_lock:
            self._recent.clear()

    def _score(self, question: str, query: npt.NDArray[np.float32] | None) -> Scored:
        w = self._weights
        if query is None:
            query = self._embedder.embed_queries([question])[0]
        dense = self._vectors @ query
        stems = self.lexical.stem_scores(question)
        ngrams = self.lexical.ngram_scores(question)
        if expansion := " ".join(self._thesaurus.expand(question)):
            stems = stems + w.expansion * self.lexical.stem_scores(expansion)
            ngrams = ngrams + w.expansion * self.lexical.ngram_scores(expansion)
        fused = w.dense * _min_max(dense) + w.stems * _by_max(stems) + w.ngrams * _by_max(ngrams)
        examples = None
        if self._examples is not None:
            examples = self._examples.scores(query)
            fused = fused + w.examples * _min_max(examples)
        return Scored(query, dense, stems, ngrams, fused.astype(np.float32), examples)


def _min_max(values: Scores) -> Scores:
    low, high = float(values.min()), float(values.max())
    return (values - low) / max(high - low, 1e-9)


def _by_max(values: Scores) -> Scores:
    return values / max(float(values.max()), 1e-9)
