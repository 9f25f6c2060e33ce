"""Fitting the scope thresholds from cross-validated probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from chatbot.calibrate import (
    FALSE_ANSWERS,
    MIN_NEAR,
    SPREAD,
    Calibration,
    _below_typical,
    _fit,
    _near,
    passage_weights,
)
from chatbot.scope import RANKING_FEATURES, ScopeModel

CLOSEST = RANKING_FEATURES.index("dense_max")


def _questions(rng: np.random.Generator, count: int, closest: float, evidence: float) -> np.ndarray:
    """Training rows: ranking signals then a small 'vector'."""
    x = rng.normal(0.0, 1.0, size=(count, len(RANKING_FEATURES) + 6))
    x[:, CLOSEST] = rng.normal(closest, 0.02, size=count)
    x[:, CLOSEST + 1 :] += evidence
    return x


def _training(near: int) -> tuple[np.ndarray, np.ndarray]:
    """Answerable questions, many unanswerable ones far from the content, and ``near``
    unanswerable ones that look like the answerable ones in every signal but one."""
    rng = np.random.default_rng(7)
    answerable = _questions(rng, 200, 0.85, 1.0)
    far = _questions(rng, 400, 0.70, -1.0)
    close = _questions(rng, near, 0.85, 0.4)
    x = np.vstack([answerable, far, close])
    y = np.array([1] * len(answerable) + [0] * (len(far) + near))
    return x, y


def test_the_answer_threshold_is_set_on_the_unanswerable_questions_near_the_content() -> None:
    x, y = _training(near=100)
    near = _near(x, y)
    assert near.sum() >= 90 and not near[:200].any()  # the close ones, not the far ones

    calibration = _fit(x, y, answered_here=0)
    model = calibration.model
    assert calibration.near_unanswerable == int(near.sum())
    assert calibration.cv_answered_near <= FALSE_ANSWERS + 0.02
    # the far ones alone would have let most of the near ones through
    assert calibration.cv_answered_unanswerable < calibration.cv_answered_near
    assert model.answer_threshold is not None and model.answer_threshold > model.threshold
    assert calibration.cv_not_found_answerable <= 0.01


def test_too_few_near_questions_fall_back_to_all_unanswerable_ones() -> None:
    x, y = _training(near=MIN_NEAR - 5)
    near = _near(x, y)
    assert near.sum() == (y == 0).sum()


def test_the_not_found_threshold_does_not_rest_on_the_lowest_few_examples() -> None:
    rng = np.random.default_rng(3)
    odds = np.sort(rng.normal(3.0, 2.0, size=440))
    probabilities = 1 / (1 + np.exp(-odds))
    without_lowest = probabilities[3:]  # three examples fewer, the lowest ones
    steady = abs(_below_typical(probabilities) - _below_typical(without_lowest))
    quantile = abs(np.quantile(probabilities, 0.005) - np.quantile(without_lowest, 0.005))
    assert steady < quantile / 5
    expected = 3.0 - SPREAD * 2.0  # the normal's median and standard deviation
    threshold = _below_typical(probabilities)
    assert abs(np.log(threshold / (1 - threshold)) - expected) < 0.5


def test_every_passage_weighs_the_same_whatever_its_number_of_examples() -> None:
    passages = np.array([4, 4, 4, 4, 9, 2, 2])
    weights = passage_weights(list(passages))
    assert weights.sum() == pytest.approx(len(passages))
    totals = [weights[passages == p].sum() for p in (4, 9, 2)]
    assert totals == pytest.approx([totals[0]] * 3)


def test_a_document_with_few_examples_is_learned_as_answerable_when_its_passages_weigh() -> None:
    """A FAQ entry has one example (its heading), of a kind of question (a resident's practical
    one) that the out-of-scope examples are full of: weighed like a passage of the note with
    twenty examples, a new question of its kind is no longer told 'not in the note'."""
    rng = np.random.default_rng(5)
    width = len(RANKING_FEATURES) + 3

    def rows(count: int, centre: tuple[float, float, float]) -> np.ndarray:
        x = rng.normal(0.0, 0.3, size=(count, width))
        x[:, CLOSEST] = rng.normal(0.85, 0.02, size=count)
        x[:, len(RANKING_FEATURES) :] += np.asarray(centre)
        return x

    note = rows(200, (1.0, 0.0, 0.0))  # 10 passages, 20 examples each
    faq = rows(6, (-1.0, 1.0, 1.0))  # 6 entries, one heading each
    outside = rows(300, (-1.0, 1.0, 0.0))  # practical questions the content does not answer
    x = np.vstack([note, faq, outside])
    y = np.array([1] * 206 + [0] * 300)
    passages = [i // 20 for i in range(200)] + list(range(100, 106))
    weighed = np.concatenate([passage_weights(passages), np.ones(300)])
    asked = rows(50, (-1.0, 1.0, 1.0))  # new questions of the FAQ's kind

    def not_found(calibration: Calibration) -> float:
        model = calibration.model
        outcomes = [model.outcome(_probability(model, row)) for row in asked]
        return outcomes.count("not_found") / len(outcomes)

    plain, balanced = _fit(x, y, answered_here=0), _fit(x, y, 0, weighed)
    assert not_found(balanced) < 0.2 < not_found(plain)


def _probability(model: ScopeModel, row: np.ndarray) -> float:
    """What the model says of one row of features (``ScopeModel.probability`` reads them off
    a ranking)."""
    assert model.mean is not None and model.scale is not None
    z = model.bias + float(np.dot(model.weights, (row - model.mean) / np.asarray(model.scale)))
    return 1 / (1 + float(np.exp(-z)))
