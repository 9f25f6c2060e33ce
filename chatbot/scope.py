"""Deciding whether the note answers a question: answered, only something close, or not at all.

A logistic model over the question's own vector (what kind of question it is: a policy
question, or a request for opening hours, an opinion, a poem) and five signals of the
ranking (how close the best passage is in meaning, the lexical evidence on stems and
n-grams, how close the nearest example question tied to a passage is, and how close the
nearest out-of-scope example question is). It is fitted for
each index version on that version's own content (``chatbot.calibrate``), so it always
describes the passages that are served. Two thresholds make three outcomes: at or above
``answer_threshold`` the note answers; below ``threshold`` it does not (said only when
confident); in between, the closest passages are quoted as such.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from chatbot.retrieval import Scored

Outcome = Literal["answered", "closest", "not_found"]
"""Whether the quoted passages answer the question, are only the closest the corpus has, or
there is nothing (then no passage is quoted)."""
RANKING: dict[str, Callable[[Scored], float]] = {
    "dense_max": lambda s: float(s.dense.max()),
    "log_stems_max": lambda s: math.log1p(float(s.stems.max())),
    "log_ngrams_max": lambda s: math.log1p(float(s.ngrams.max())),
    # how close the question is to an answerable example question (chatbot.examples);
    # without examples, the closest passage stands in
    "examples_max": lambda s: float((s.dense if s.examples is None else s.examples).max()),
    # how close it is to an out-of-scope example question (a budget, opening hours, a vote)
    "unanswerable_max": lambda s: 0.0 if s.unanswerable is None else s.unanswerable,
}
"""The ranking signals a scope model may use, by name."""
RANKING_FEATURES = tuple(RANKING)
"""What ``chatbot.calibrate`` fits."""
BASIC_FEATURES = ("dense_max", "log_stems_max", "log_ngrams_max")
"""What a scope model uses unless it names its features."""


def ranking_features(scored: Scored, names: Sequence[str] = RANKING_FEATURES) -> list[float]:
    """The named ranking signals, in order."""
    return [RANKING[name](scored) for name in names]


def features(
    scored: Scored, *, with_vector: bool, names: Sequence[str] = RANKING_FEATURES
) -> np.ndarray:
    """The model's input: ranking signals, then (optionally) the question's vector."""
    ranking = np.asarray(ranking_features(scored, names), dtype=np.float64)
    if not with_vector:
        return ranking
    return np.concatenate([ranking, scored.query.astype(np.float64)])


@dataclass(frozen=True, slots=True)
class ScopeModel:
    """Standardized logistic regression over ranking signals (and the question's vector)."""

    weights: tuple[float, ...] = (0.0, 0.0, 0.0)
    bias: float = 1.0
    threshold: float = 0.5
    """Below this probability the note does not address the question."""
    answer_threshold: float | None = None
    """From this probability on the best passages answer it; in between they are only the
    closest. None: the same as ``threshold`` (two outcomes)."""
    mean: tuple[float, ...] | None = None
    scale: tuple[float, ...] | None = None
    with_vector: bool = False
    ranking: tuple[str, ...] = BASIC_FEATURES
    """The ranking signals it was fitted on (names in ``RANKING``)."""

    def probability(self, scored: Scored) -> float:
        """How likely the note answers the question."""
        x = features(scored, with_vector=self.with_vector, names=self.ranking)
        if self.mean is not None and self.scale is not None:
            x = (x - np.asarray(self.mean)) / np.asarray(self.scale)
        z = self.bias + float(np.dot(np.asarray(self.weights), x))
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    def in_scope(self, scored: Scored, question: str = "") -> bool:
        """Whether the note addresses the question at all (answered or closest)."""
        del question
        return self.probability(scored) >= self.threshold

    def outcome(self, probability: float) -> Outcome:
        """What a probability means: answered, closest or not_found."""
        if probability < self.threshold:
            return "not_found"
        answer_at = self.threshold if self.answer_threshold is None else self.answer_threshold
        return "answered" if probability >= answer_at else "closest"

    def to_dict(self) -> dict[str, Any]:
        return {
            "weights": list(self.weights),
            "bias": self.bias,
            "threshold": self.threshold,
            "answer_threshold": self.answer_threshold,
            "mean": None if self.mean is None else list(self.mean),
            "scale": None if self.scale is None else list(self.scale),
            "with_vector": self.with_vector,
            "ranking": list(self.ranking),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScopeModel:
        return cls(
            weights=tuple(data["weights"]),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            answer_threshold=(
                None if data.get("answer_threshold") is None else float(data["answer_threshold"])
            ),
            mean=None if data.get("mean") is None else tuple(data["mean"]),
            scale=None if data.get("scale") is None else tuple(data["scale"]),
            with_vector=bool(data.get("with_vector", False)),
            ranking=tuple(data.get("ranking", BASIC_FEATURES)),
        )
