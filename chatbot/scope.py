"""Deciding whether the note answers a question at all.

A logistic model over the question's own vector (what kind of question it is: a policy
question, or a request for opening hours, an opinion, a poem) and three signals of the
ranking (how close the best passage is in meaning, and the lexical evidence on stems and
n-grams). ``python -m chatbot.calibrate`` fits it on ``evaluation/scope_training.jsonl``,
a set kept apart from the evaluation questions, chooses the threshold that keeps wrongly
refused answerable questions under 3 % in cross-validation, and writes
``chatbot/data/scope.json``. The vector part only applies with the model it was fitted
with; with another model the ranking signals alone decide.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from chatbot.retrieval import Scored

SCOPE_FILE = Path(__file__).resolve().parent / "data" / "scope.json"
RANKING_FEATURES = ("dense_max", "log_stems_max", "log_ngrams_max")


def ranking_features(scored: Scored) -> list[float]:
    """The ranking signals, in RANKING_FEATURES order."""
    return [
        float(scored.dense.max()),
        math.log1p(float(scored.stems.max())),
        math.log1p(float(scored.ngrams.max())),
    ]


def features(scored: Scored, *, with_vector: bool) -> np.ndarray:
    """The model's input: ranking signals, then (optionally) the question's vector."""
    ranking = np.asarray(ranking_features(scored), dtype=np.float64)
    if not with_vector:
        return ranking
    return np.concatenate([ranking, scored.query.astype(np.float64)])


@dataclass(frozen=True, slots=True)
class ScopeModel:
    """Standardized logistic regression; in scope when the probability reaches the threshold."""

    weights: tuple[float, ...] = (0.0, 0.0, 0.0)
    bias: float = 1.0
    threshold: float = 0.5
    mean: tuple[float, ...] | None = None
    scale: tuple[float, ...] | None = None
    with_vector: bool = False

    def probability(self, scored: Scored) -> float:
        """How likely the note answers the question."""
        x = features(scored, with_vector=self.with_vector)
        if self.mean is not None and self.scale is not None:
            x = (x - np.asarray(self.mean)) / np.asarray(self.scale)
        z = self.bias + float(np.dot(np.asarray(self.weights), x))
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    def in_scope(self, scored: Scored, question: str = "") -> bool:
        """Whether the best passages answer the question."""
        del question
        return self.probability(scored) >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        return {
            "weights": list(self.weights),
            "bias": self.bias,
            "threshold": self.threshold,
            "mean": None if self.mean is None else list(self.mean),
            "scale": None if self.scale is None else list(self.scale),
            "with_vector": self.with_vector,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScopeModel:
        return cls(
            weights=tuple(data["weights"]),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            mean=None if data.get("mean") is None else tuple(data["mean"]),
            scale=None if data.get("scale") is None else tuple(data["scale"]),
            with_vector=bool(data.get("with_vector", False)),
        )


def load_scope_model(model_fingerprint: str, path: Path = SCOPE_FILE) -> ScopeModel:
    """The calibrated model for this embedding model, or the ranking-only fallback."""
    if not path.is_file():
        return ScopeModel()  # not calibrated: everything counts as in scope
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("model_fingerprint") == model_fingerprint:
        return ScopeModel.from_dict(data["with_vector"])
    return ScopeModel.from_dict(data["ranking_only"])
