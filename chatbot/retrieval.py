"""Hybrid retrieval: the dense model and two lexical rankers, fused per passage.

Every passage gets a score: dense cosine, min-max scaled over the passages, plus BM25 on
stems and on character n-grams, each scaled by its best score; words from the thesaurus
widen the lexical query at a lower weight. The weights were chosen on the evaluation set
(see docs/EVALUATION.md).

FAISS does the dense search and returns the ``DENSE_CANDIDATES`` best passages: all of a
corpus up to that size (the note: every passage scored exactly), else the best of an exact
(flat) or, above ``dense_index_threshold``, an approximate (IVF) index. The best lexical
passages are then scored exactly from their stored vectors, and so is the passage farthest
from the question (the best for the negated question, looked for in a share of the groups:
``FARTHEST_SHARE``), which sets the low end of the min-max scaling nearly as it would be
over all passages. The others are not scored: they get the median score of a fixed sample
of ``DENSE_SAMPLE`` passages (they rank below the candidates on this signal, as they would).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from cachetools import LRUCache

from chatbot.example_classifier import ExampleClassifier
from chatbot.examples import ExampleMemory, Neighbours
from chatbot.language import detect_language
from chatbot.lexical import LexicalRanker, Thesaurus, lexical_recipe
from indexer.embedding import Embedder
from indexer.store import StoredIndex

Scores = npt.NDArray[np.float32]
RECENT = 256
"""Questions whose scores are kept: follow-ups and repeated questions score them again."""
DENSE_CANDIDATES = 100
"""Passages an approximate index returns per question (the answer quotes a few)."""
LEXICAL_CANDIDATES = 50
"""Best passages per lexical ranker whose dense score is computed exactly besides those."""
DENSE_SAMPLE = 256
"""Passages always scored with an approximate index, for the scale of the others."""
FARTHEST_SHARE = 8
"""The farthest passage is looked for in this share of the groups the search itself reads.
At 100,000 passages (``nprobe`` 128) an eighth costs 0.5 ms instead of 4.9, and the low end
it finds is the true one for the median question, at most 7 % of the range above it (1.7 %
with every group the search reads: an approximate index never promised it exactly)."""


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
    classifier: float = 0.5
    """The examples' classifier (``chatbot.example_classifier``): each passage's probability
    next to the likeliest one's, beside the closest example rather than instead of it (that
    gave 0.952 against 0.964 of the development sets' single-recommendation questions first;
    0.928 without it). Chosen on the development sets (docs/EVALUATION.md, session 19)."""
    other_language: float = 0.5
    """Share of the word signals' weight for an English or French question: its words match
    the Dutch passages only in names and look-alikes ("plan", "region"). Chosen on the
    development sets (R@1 +3 questions of about 700 at 0.5, +1 at 0)."""


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
    unanswerable: float | None = None
    """Cosine to the closest out-of-scope example question, when there are any."""
    classified: Scores | None = None
    """The examples' classifier's score per passage, when one is fitted."""
    classifier_weight: float = 0.0
    """What ``classified`` counted in ``fused``."""

    @property
    def unclassified(self) -> Scores:
        """``fused`` without the classifier's part: every passage on its own merits (the
        classifier lifts the one it prefers far above the rest)."""
        if self.classified is None:
            return self.fused
        return (self.fused - self.classifier_weight * self.classified).astype(np.float32)

    def order(self, scores: Scores | None = None, limit: int | None = None) -> list[int]:
        """Passage positions, best first: all of them, or the first ``limit``."""
        values = self.fused if scores is None else scores
        return [int(i) for i in best_first(values, limit)]


class HybridRetriever:
    """Scores questions against the passages of one loaded index."""

    def __init__(
        self,
        index: StoredIndex,
        embedder: Embedder,
        thesaurus: Thesaurus | None = None,
        weights: FusionWeights = FusionWeights(),
        *,
        examples: ExampleMemory | None = None,
        unanswerable: Neighbours | None = None,
        classifier: ExampleClassifier | None = None,
    ) -> None:
        self.index = index
        self._classifier = classifier
        self._examples = examples if examples is not None and not examples.empty else None
        self._unanswerable = (
            unanswerable if unanswerable is not None and len(unanswerable) else None
        )
        self._embedder = embedder
        self.thesaurus = thesaurus or Thesaurus([])
        self._weights = weights
        self.lexical = LexicalRanker([c.embedding_text for c in index.chunks])
        count = len(index.chunks)
        self._sample = np.unique(
            np.linspace(0, count - 1, min(DENSE_SAMPLE, count)).astype(np.int64)
        )
        self._sample_vectors = (
            None if count <= DENSE_CANDIDATES else index.vectors.reconstruct_batch(self._sample)
        )
        self._recent: LRUCache[str, Scored] = LRUCache(RECENT)
        self._recent_lock = threading.Lock()

    @property
    def recipe(self) -> str:
        """What besides the index and the model decides its scores (for cache keys)."""
        groups = "|".join(",".join(group) for group in self.thesaurus.groups)
        thesaurus = hashlib.sha256(groups.encode()).hexdigest()[:16]
        return f"{self._weights!r} {thesaurus} {lexical_recipe()}"

    @property
    def examples(self) -> ExampleMemory | None:
        """The example questions it scores with, if any."""
        return self._examples

    @property
    def classifier(self) -> ExampleClassifier | None:
        """The examples' classifier it fuses, if one was fitted."""
        return self._classifier

    @property
    def unanswerable(self) -> Neighbours | None:
        """The out-of-scope example questions it measures questions against, if any."""
        return self._unanswerable

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

    def score_together(self, questions: Sequence[str]) -> list[Scored]:
        """``score`` for each question, those not remembered embedded in one model call
        (a list question and its subject's words: one call per message)."""
        with self._recent_lock:
            known = {q: s for q in questions if (s := self._recent.get(q)) is not None}
        new = list(dict.fromkeys(q for q in questions if q not in known))
        if new:
            vectors = self._embedder.embed_queries(new)
            for question, query in zip(new, vectors, strict=True):
                known[question] = self.score(question, query)
        return [known[q] for q in questions]

    def forget(self) -> None:
        """Drop the remembered scores (for timing measurements)."""
        with self._recent_lock:
            self._recent.clear()

    def with_words(self, scored: Scored, words: str) -> Scored:
        """``scored`` with its word signals taken from ``words`` instead (its vector, dense and
        example scores kept): a message's words without what does not say what it is about,
        at no second model call. Not remembered: its scores are no question's own."""
        stems, ngrams = self._lexical(words)
        share = self._lexical_share(words)
        return self._fused(
            scored.query, scored.dense, stems, ngrams, scored.examples,
            lexical_share=share, unanswerable=scored.unanswerable, classified=scored.classified,
        )  # fmt: skip

    def with_subject_examples(self, scored: Scored, subject: Scored | None, words: str) -> Scored:
        """``scored`` with its example signal the mean of its own and ``subject``'s (the
        scores of the words a question across the note is about; ``scored`` as it is without
        them). Every list question shares its framing with every list example, whatever their
        subjects: "welke aanbevelingen stellen proefprojecten voor?" lifted its passages into
        the lists on water and on energy. ``words``: the text ``scored``'s word signals were
        taken from."""
        if subject is None or scored.examples is None or subject.examples is None:
            return scored
        return self._fused(
            scored.query, scored.dense, scored.stems, scored.ngrams,
            ((scored.examples + subject.examples) / 2).astype(np.float32),
            lexical_share=self._lexical_share(words), unanswerable=scored.unanswerable,
            classified=scored.classified,
        )  # fmt: skip

    def _score(self, question: str, query: npt.NDArray[np.float32] | None) -> Scored:
        if query is None:
            query = self._embedder.embed_queries([question])[0]
        stems, ngrams = self._lexical(question)
        dense = self._dense(query, stems, ngrams)
        examples = None if self._examples is None else self._examples.scores(query, dense)
        share = self._lexical_share(question)
        unanswerable = None if self._unanswerable is None else self._unanswerable.nearest(query)
        classified = None if self._classifier is None else self._classifier.scores(query)
        return self._fused(
            query, dense, stems, ngrams, examples,
            lexical_share=share, unanswerable=unanswerable, classified=classified,
        )  # fmt: skip

    def _lexical_share(self, text: str) -> float:
        return 1.0 if detect_language(text) == "nl" else self._weights.other_language

    def _lexical(self, text: str) -> tuple[Scores, Scores]:
        """BM25 on stems and on character n-grams, each with the thesaurus's expansion."""
        stems = self.lexical.stem_scores(text)
        ngrams = self.lexical.ngram_scores(text)
        if expansion := " ".join(self.thesaurus.expand(text)):
            stems = stems + self._weights.expansion * self.lexical.stem_scores(expansion)
            ngrams = ngrams + self._weights.expansion * self.lexical.ngram_scores(expansion)
        return stems, ngrams

    def _fused(
        self,
        query: Scores,
        dense: Scores,
        stems: Scores,
        ngrams: Scores,
        examples: Scores | None,
        *,
        lexical_share: float,
        unanswerable: float | None,
        classified: Scores | None = None,
    ) -> Scored:
        w = self._weights
        lexical = w.stems * _by_max(stems) + w.ngrams * _by_max(ngrams)
        fused = w.dense * _min_max(dense) + lexical_share * lexical
        if examples is not None:
            fused = fused + w.examples * _min_max(examples)
        if classified is not None:
            fused = fused + w.classifier * classified
        return Scored(
            query, dense, stems, ngrams, fused.astype(np.float32), examples, unanswerable,
            classified, w.classifier,
        )  # fmt: skip

    def _dense(self, query: Scores, stems: Scores, ngrams: Scores) -> Scores:
        """Cosine of the question to every passage, by FAISS (see the module's text)."""
        dense = np.empty(len(self.index.chunks), dtype=np.float32)
        scores, positions = self.index.search_arrays(query, DENSE_CANDIDATES)
        if self._sample_vectors is None:  # every passage was returned
            dense[positions[0]] = scores[0]
            return dense
        low_scores, low_positions = self.index.search_arrays(
            -query, 1, groups=max(1, self.index.vector_info.nprobe // FARTHEST_SHARE)
        )
        found = positions[0] >= 0
        known = positions[0][found]
        lexical = np.setdiff1d(
            np.concatenate([_top(stems, LEXICAL_CANDIDATES), _top(ngrams, LEXICAL_CANDIDATES)]),
            known,
        )
        sample = self._sample_vectors @ query
        dense.fill(float(np.median(sample)))
        dense[self._sample] = sample
        if low_positions[0][0] >= 0:
            dense[low_positions[0][0]] = -low_scores[0][0]
        dense[lexical] = self.index.vectors.reconstruct_batch(lexical) @ query
        dense[known] = scores[0][found]
        return dense


def best_first(values: Scores, limit: int | None = None) -> npt.NDArray[np.int64]:
    """Positions by descending value, ties by position (a stable sort of all of them), cut
    to the first ``limit``: without sorting more than the values at or above the
    ``limit``-th best, so that a question costs vector operations, not a sort, per passage."""
    if limit is None or limit >= len(values):
        return np.argsort(-values, kind="stable").astype(np.int64)
    if limit <= 0:
        return np.zeros(0, dtype=np.int64)
    negated = -values
    kth = np.partition(negated, limit - 1)[limit - 1]
    # every position tied with the limit-th value is a candidate: the stable sort then keeps
    # the lowest positions among the ties, as the full sort would
    candidates = np.flatnonzero(negated <= kth)
    ordered = candidates[np.argsort(negated[candidates], kind="stable")]
    return ordered[:limit].astype(np.int64)


def _top(values: Scores, k: int) -> npt.NDArray[np.int64]:
    """Positions of the k highest values (unordered)."""
    if len(values) <= k:
        return np.arange(len(values), dtype=np.int64)
    return np.argpartition(-values, k)[:k].astype(np.int64)


def _min_max(values: Scores) -> Scores:
    low, high = float(values.min()), float(values.max())
    return (values - low) / max(high - low, 1e-9)


def _by_max(values: Scores) -> Scores:
    return values / max(float(values.max()), 1e-9)
