"""Which passage a question is for, learned from the example questions that apply.

``ExampleMemory`` reads a question by its single closest example, so a question phrased
unlike every example of its passage gets little from it. A multinomial logistic regression
over the examples' vectors weighs all of a passage's examples against every other passage's
at once: on the development sets, the passage it puts first is the right recommendation for
0.938 of the single-recommendation questions, against 0.789 for the closest example alone
(docs/EVALUATION.md, session 19).

It is fitted for every index version on that version's applicable examples (tied to their
passages' words, ``indexer.examples``), so it speaks only for passages it has examples of.
A document's question headings are left out of the fit: one heading against a passage's
twenty examples lost the FAQ's own paraphrases to the note. Every passage it was not fitted
on (a FAQ entry, a staff page, rewritten text whose examples went stale) scores as its
favourite does: it neither lifts nor sinks those. Fitting takes 2-4 s on two cores; the
coefficients are kept in the build cache by a digest of what they were fitted on, and a
cached fit does not import scikit-learn (1-2 s of a start).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from indexer.examples import AppliedExample
from indexer.files import write_atomic

Vectors = npt.NDArray[np.float32]
REGULARIZATION = 10.0
"""Inverse regularization strength (scikit-learn's ``C``), chosen on the development sets:
single-recommendation questions whose best passage by the classifier alone is right 0.548
at 1, 0.938 at 10, 0.940 at 100."""
MIN_PASSAGES = 2
"""Fewer passages with examples: nothing to tell apart, nothing is fitted."""
RECIPE = f"multinomial logistic regression, C={REGULARIZATION}, balanced, headings apart"
"""Changes whenever the way of fitting changes, so cached fits are not reused."""


class ExampleClassifier:
    """Per passage, how likely a question is one of its examples' kind, next to the likeliest."""

    def __init__(
        self, chunk_count: int, classes: npt.NDArray[np.int64], weights: Vectors, bias: Vectors
    ) -> None:
        """``classes``: the positions of the passages it was fitted on, in the order of the
        rows of ``weights`` (one per passage, the model's dimension wide) and of ``bias``."""
        self._count = chunk_count
        self._classes = classes
        self._weights = weights
        self._bias = bias

    @property
    def passages(self) -> int:
        """How many passages it tells apart."""
        return len(self._classes)

    @classmethod
    def fit(
        cls,
        chunk_count: int,
        examples: Sequence[AppliedExample],
        vectors: Vectors,
        *,
        cache_dir: Path | None = None,
    ) -> ExampleClassifier | None:
        """Fitted on the examples that are not question headings (``vectors``: one row per
        example, as questions are searched), one row per passage an example is tied to,
        each passage weighing the same. None with fewer than ``MIN_PASSAGES`` passages."""
        learned = [(row, example) for row, example in enumerate(examples) if not example.heading]
        rows = [row for row, example in learned for _ in example.chunks]
        labels = np.array([c for _, example in learned for c in example.chunks], dtype=np.int64)
        if len(np.unique(labels)) < MIN_PASSAGES:
            return None
        x = np.ascontiguousarray(vectors[rows], dtype=np.float32)
        key = _key(chunk_count, labels, x)
        path = None if cache_dir is None else cache_dir / "classifier" / key
        if path is not None and path.is_file():
            try:
                with np.load(path, allow_pickle=False) as stored:
                    return cls(chunk_count, stored["classes"], stored["weights"], stored["bias"])
            except (OSError, ValueError, KeyError):
                pass  # fitted again, and the file replaced
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=REGULARIZATION, class_weight="balanced", max_iter=2000)
        model.fit(x, labels)
        classes = model.classes_.astype(np.int64)
        weights = model.coef_.astype(np.float32)
        bias = model.intercept_.astype(np.float32)
        if len(classes) == 2:  # one row, the second class's log-odds: softmax over (0, z)
            weights = np.vstack([np.zeros_like(weights), weights])
            bias = np.concatenate([np.zeros_like(bias), bias])
        if path is not None:
            buffer = io.BytesIO()
            np.savez(buffer, classes=classes, weights=weights, bias=bias)
            write_atomic(path, buffer.getvalue())
        return cls(chunk_count, classes, weights, bias)

    def scores(self, query: Vectors) -> Vectors:
        """Each passage's probability divided by the likeliest one's (which gets 1); 1 for a
        passage it was not fitted on."""
        logits = self._weights @ query + self._bias
        result = np.ones(self._count, dtype=np.float32)
        result[self._classes] = np.exp(logits - logits.max())
        return result


def _key(chunk_count: int, labels: npt.NDArray[np.int64], x: Vectors) -> str:
    digest = hashlib.sha256(f"{RECIPE} {chunk_count}".encode())
    digest.update(labels.tobytes())
    digest.update(x.tobytes())
    return f"{digest.hexdigest()[:32]}.npz"
