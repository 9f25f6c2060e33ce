"""Deciding whether the note answers a question at all.

A logistic model over a few signals of the hybrid ranking: how close the best passage is
in meaning (dense cosine), and how much lexical evidence there is (BM25 on stems and on
n-grams, log-scaled). Its coefficients are fitted on the evaluation set by
``python -m chatbot.calibrate``, which also reports cross-validated accuracy; the
threshold trades wrongly refused answerable questions against answered unanswerable ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from chatbot.retrieval import Scored

FEATURES = ("dense", "stems", "ngrams")


def features(scored: Scored) -> tuple[float, ...]:
    """The signals the decision uses, in FEATURES order."""
    return (
        float(scored.dense.max()),
        math.log1p(float(scored.stems.max())),
        math.log1p(float(scored.ngrams.max())),
    )


@dataclass(frozen=True, slots=True)
class ScopeModel:
    """Logistic regression: in scope when the probability reaches the threshold."""

    weights: tuple[float, ...] = (40.0, 1.0, 1.0)
    bias: float = -34.0
    threshold: float = 0.5

    def probability(self, scored: Scored) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features(scored), strict=True))
        return 1.0 / (1.0 + math.exp(-z))

    def in_scope(self, scored: Scored, question: str = "") -> bool:
        """Whether the best passages answer the question."""
        del question
        return self.probability(scored) >= self.threshold
