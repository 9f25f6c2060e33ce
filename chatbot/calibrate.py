"""Fit the scope model on the content that is served: done for every index version.

Answerable training questions are the example questions that apply to this version (tied to
the words of their passages, ``indexer.examples``), documents' own question headings
included. Unanswerable ones are the out-of-scope example questions, minus those that this
content does answer (as close to an applicable example as a paraphrase is: a FAQ that staff
added answers a question the note alone did not). A logistic regression is fitted with
scikit-learn, every passage's examples weighing the same in all (a FAQ entry has only its
heading, a recommendation twenty examples), and both thresholds come from cross-validated
probabilities:

- ``threshold`` (below it: *not in the note*): ``SPREAD`` robust standard deviations below
  the median of the answerable training questions' probabilities, on the log-odds scale, so
  "not in the note" is said only when confident. A quantile of the lowest few answerable
  examples (0.5 %) moved by half when a few examples changed; the median and the median
  absolute deviation of all of them do not. The probabilities are pooled over ``SEEDS``
  shuffles of the folds;
- ``answer_threshold`` (from it on: *answered*): at most ``FALSE_ANSWERS`` of the
  unanswerable ones *near the content* reach it (those whose best passage is as close as for
  ``1 - NEAR`` of the answerable ones: an opinion about the note, a budget, a council's vote;
  the many far-off ones, a recipe or a joke, would otherwise set it low); in between, the
  closest passages are quoted as only that.

The result is kept in the build cache, keyed by the version and everything it was fitted
on, so a restart does not fit again. ``python -m chatbot.calibrate`` prints it for the live
index.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from chatbot.examples import ExampleMemory, Neighbours, Vectors
from chatbot.references import find_reference
from chatbot.retrieval import HybridRetriever
from chatbot.scope import RANKING, RANKING_FEATURES, ScopeModel, features
from indexer.files import write_atomic

SPREAD = 3.25
"""How many robust standard deviations (1.4826 x the median absolute deviation) of the
answerable training questions' log-odds ``threshold`` lies below their median. Chosen on the
development sets (docs/EVALUATION.md), refitted on eight random removals of seven examples:
answerable told not found 1.3 % (sd 0.14), out of scope 75.7 % (sd 1.3); the 0.5 % quantile
it replaces gave 1.6 % (sd 0.20) and 78.7 % (sd 1.7), its threshold moving twice as much;
3.0 gave 1.8 % and 81.9 %."""
FALSE_ANSWERS = 0.20
"""Share of unanswerable training questions near the content (cross-validated) allowed at
``answer_threshold``."""
NEAR = 0.05
"""An unanswerable training question is near the content when its best passage is at least as
close (``dense_max``) as for all but this share of the answerable ones."""
MIN_NEAR = 20
"""Fewer unanswerable training questions near the content: ``answer_threshold`` is set on all
of them."""
REGULARIZATION = 0.03
"""Inverse regularization strength of the logistic regression. Chosen on the development
sets: 0.1 and 0.3 told fewer out-of-scope questions not found; picking the best of the three
per build flipped between them when a few examples changed, and the thresholds with it."""
SEEDS = 3
"""Shuffles of the cross-validation folds whose probabilities are pooled for the thresholds."""
ANSWERED_ELSEWHERE = 0.93
"""An out-of-scope example this close to an applicable example is answered by this content."""
MIN_QUESTIONS = 20
"""Fewer answerable or unanswerable training questions than this: no model is fitted (see
``UNFITTED``)."""
UNFITTED = ScopeModel(
    weights=(50.0,),
    bias=-50.0 * ANSWERED_ELSEWHERE,
    threshold=0.0,
    answer_threshold=0.5,
    ranking=("examples_max",),
)
"""What answers without a fit: never "not in the note" (nothing says so with confidence),
"answered" only for a question as close to an example or a question heading as a paraphrase
is, and "closest" for everything else."""
RECIPE = "scope-v6"
"""Changes whenever the way of fitting changes, so cached fits are not reused."""


@dataclass(frozen=True, slots=True)
class Calibration:
    """A fitted scope model and what it was fitted on."""

    model: ScopeModel
    answerable: int
    unanswerable: int
    answered_here: int
    """Out-of-scope examples left out because this content answers them."""
    cv_not_found_answerable: float = 0.0
    cv_not_found_unanswerable: float = 0.0
    cv_answered_unanswerable: float = 0.0
    regularization: float = 0.0
    near_unanswerable: int = 0
    """Unanswerable training questions near the content (``NEAR``)."""
    cv_answered_near: float = 0.0

    @property
    def fitted(self) -> bool:
        return self.model.with_vector

    def summary(self) -> str:
        """One line for logs and the staff page."""
        if not self.fitted:
            return (
                f"scope: not fitted ({self.answerable} answerable, {self.unanswerable} "
                f"unanswerable training questions, {MIN_QUESTIONS} of each needed): nothing is "
                "called 'not found'; answers are 'closest' unless a question is as close to "
                "an example question as a paraphrase"
            )
        return (
            f"scope: fitted on {self.answerable} answerable and {self.unanswerable} "
            f"unanswerable questions ({self.answered_here} out-of-scope examples answered by "
            f"this content); cross-validated: {100 * self.cv_not_found_answerable:.1f} "
            f"% of answerable told not found, "
            f"{100 * self.cv_not_found_unanswerable:.1f} % of unanswerable told not found, "
            f"{100 * self.cv_answered_unanswerable:.1f} % answered "
            f"({100 * self.cv_answered_near:.1f} % of the {self.near_unanswerable} near the "
            "content)"
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["model"] = self.model.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Calibration:
        return cls(**{**data, "model": ScopeModel.from_dict(data["model"])})


def calibrate(
    retriever: HybridRetriever,
    answerable: Sequence[str],
    unanswerable: Sequence[str],
    vectors: Vectors,
    *,
    cache_dir: Path | None = None,
    key: str = "",
    passages: Sequence[int] | None = None,
) -> Calibration:
    """Fit the scope model for one index. ``vectors`` are the questions' vectors, answerable
    ones first, in order; ``key`` names the index version (for the cache). ``passages``
    names the passage each answerable question is an example of: each passage then weighs
    the same in the fit (see ``passage_weights``)."""
    how = [RECIPE, _installed("scikit-learn"), *RANKING_FEATURES, retriever.recipe]
    constants = (
        SPREAD, FALSE_ANSWERS, NEAR, MIN_NEAR, SEEDS, REGULARIZATION, ANSWERED_ELSEWHERE,
        MIN_QUESTIONS,
    )  # fmt: skip
    how += [str(n) for n in constants]
    digest = hashlib.sha256(
        "\x1f".join(
            [*how, key, *answerable, "\x1e", *unanswerable, "\x1e", *map(str, passages or ())]
        ).encode()
    ).hexdigest()[:32]
    path = None if cache_dir is None else cache_dir / "scope" / f"{digest}.json"
    if path is not None and path.is_file():
        try:
            cached = Calibration.from_dict(json.loads(path.read_text(encoding="utf-8")))
            if set(cached.model.ranking) <= set(RANKING):
                return cached
        except (OSError, ValueError, KeyError, TypeError):
            pass
    weights = passage_weights(passages) if passages is not None else None
    result = _fit_for(retriever, answerable, unanswerable, vectors, weights)
    if path is not None:
        write_atomic(path, json.dumps(result.to_dict(), indent=1).encode("utf-8"))
    return result


def unanswered(memory: ExampleMemory | None, texts: Sequence[str], vectors: Vectors) -> Neighbours:
    """The out-of-scope example questions this content does not answer (see
    ``ANSWERED_ELSEWHERE``): what a question is compared with as a sign it is out of scope."""
    kept = [
        row
        for row in range(len(texts))
        if memory is None or memory.empty or memory.nearest(vectors[row]) < ANSWERED_ELSEWHERE
    ]
    return Neighbours([texts[row] for row in kept], vectors[kept])


def passage_weights(passages: Sequence[int]) -> np.ndarray:
    """A weight per answerable question such that every passage's examples weigh the same in
    all, and all of them as much as their number: a FAQ entry with only its heading counts as
    much as a recommendation with twenty examples, so the kind of question a document staff
    added answers is learned as answerable too."""
    keys, inverse, counts = np.unique(np.asarray(passages), return_inverse=True, return_counts=True)
    weights: np.ndarray = len(passages) / (len(keys) * counts[inverse].astype(np.float64))
    return weights


def _installed(distribution: str) -> str:
    """A package's version, read from its metadata: importing scikit-learn to learn it took
    1-2 s of every start, though a cached fit needs nothing else from it."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "absent"


def _fit_for(
    retriever: HybridRetriever,
    answerable: Sequence[str],
    unanswerable: Sequence[str],
    vectors: Vectors,
    weights: np.ndarray | None = None,
) -> Calibration:
    memory = retriever.examples
    rows: list[np.ndarray] = []
    labels: list[int] = []
    weighed: list[float] = []
    answered_here = 0
    column = RANKING_FEATURES.index("examples_max")
    contrast = RANKING_FEATURES.index("unanswerable_max")
    neighbours = retriever.unanswerable
    texts = [*answerable, *unanswerable]
    for position, question in enumerate(texts):
        reference = find_reference(question)
        if reference is not None and reference.only:
            continue  # explicit references skip the decision
        scored = retriever.score(question, vectors[position])
        x = features(scored, with_vector=True)
        if memory is not None:  # an example must not count as its own nearest example
            x[column] = memory.nearest(scored.query, excluding=question)
        if neighbours is not None:  # nor an out-of-scope one as its own nearest
            x[contrast] = neighbours.nearest(scored.query, excluding=question)
        is_answerable = position < len(answerable)
        if not is_answerable and memory is not None and x[column] >= ANSWERED_ELSEWHERE:
            answered_here += 1  # this content answers it (e.g. a FAQ added)
            continue
        rows.append(x)
        labels.append(int(is_answerable))
        weighed.append(1.0 if weights is None or not is_answerable else float(weights[position]))
    y = np.array(labels, dtype=int)
    positives, negatives = int(y.sum()), int(len(y) - y.sum())
    if positives < MIN_QUESTIONS or negatives < MIN_QUESTIONS:
        return Calibration(UNFITTED, positives, negatives, answered_here)
    return _fit(np.stack(rows), y, answered_here, np.asarray(weighed))


def _fit(
    x: np.ndarray, y: np.ndarray, answered_here: int, weights: np.ndarray | None = None
) -> Calibration:
    """Fit the model and both thresholds; ``weights`` per row (all 1 when None)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    pipeline = make_pipeline(StandardScaler(), LogisticRegression(C=REGULARIZATION, max_iter=5000))
    if weights is None:
        weights = np.ones(len(y))
    near = _near(x, y)
    p = _cross_validated(pipeline, x, y, weights, seeds=SEEDS)
    labels, close = np.tile(y, SEEDS), np.tile(near, SEEDS)
    low = _below_typical(p[labels == 1])
    high = max(low, float(np.quantile(p[close], 1 - FALSE_ANSWERS)))
    fitted = pipeline.fit(x, y, logisticregression__sample_weight=weights)
    scaler, logistic = fitted[0], fitted[1]
    model = ScopeModel(
        weights=tuple(float(w) for w in logistic.coef_[0]),
        bias=float(logistic.intercept_[0]),
        threshold=low,
        answer_threshold=high,
        mean=tuple(float(m) for m in scaler.mean_),
        scale=tuple(float(s) for s in scaler.scale_),
        with_vector=True,
        ranking=RANKING_FEATURES,
    )
    return Calibration(
        model,
        answerable=int(y.sum()),
        unanswerable=int(len(y) - y.sum()),
        answered_here=answered_here,
        cv_not_found_answerable=float(np.mean(p[labels == 1] < low)),
        cv_not_found_unanswerable=float(np.mean(p[labels == 0] < low)),
        cv_answered_unanswerable=float(np.mean(p[labels == 0] >= high)),
        regularization=REGULARIZATION,
        near_unanswerable=int(near.sum()),
        cv_answered_near=float(np.mean(p[close] >= high)),
    )


def _below_typical(answerable: np.ndarray) -> float:
    """The probability ``SPREAD`` robust standard deviations below the median, in log-odds."""
    clipped = np.clip(answerable, 1e-9, 1 - 1e-9)
    odds = np.log(clipped / (1 - clipped))
    median = float(np.median(odds))
    spread = 1.4826 * float(np.median(np.abs(odds - median)))
    return float(1 / (1 + np.exp(-(median - SPREAD * spread))))


def _near(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Which rows are unanswerable questions near the content (see ``NEAR``); all
    unanswerable ones when too few are."""
    closest = x[:, RANKING_FEATURES.index("dense_max")]
    unanswerable: np.ndarray = y == 0
    near: np.ndarray = unanswerable & (closest >= np.quantile(closest[y == 1], NEAR))
    return near if int(near.sum()) >= MIN_NEAR else unanswerable


def _cross_validated(
    pipeline: Any, x: np.ndarray, y: np.ndarray, weights: np.ndarray, *, seeds: int
) -> np.ndarray:
    """Out-of-fold probabilities of being answerable, one block per shuffle of the folds."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    blocks = []
    for seed in range(seeds):
        folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
        weighed = {"logisticregression__sample_weight": weights}
        predicted = cross_val_predict(
            pipeline, x, y, cv=folds, method="predict_proba", params=weighed
        )
        blocks.append(predicted[:, 1])
    return np.concatenate(blocks)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the scope calibration of the live index."""
    from chatbot.service import Chatbot
    from indexer.settings import get_settings

    parser = argparse.ArgumentParser(prog="python -m chatbot.calibrate", description=__doc__)
    parser.parse_args(argv)
    bot = Chatbot(get_settings())
    answerer = bot.answerer
    print(answerer.calibration.summary())
    print(answerer.examples.summary())
    classifier = answerer.retriever.classifier
    told_apart = 0 if classifier is None else classifier.passages
    documents = 0 if classifier is None else classifier.documents
    print(
        f"examples' classifier: tells {told_apart} passages apart by their example questions"
        + (f", and {documents} documents" if documents else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
