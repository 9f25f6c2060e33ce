from __future__ import annotations

import json

import pytest

from chatbot.evaluation import (
    UNSEEN,
    UNSEEN_THRESHOLDS,
    Expected,
    Metrics,
    Question,
    check,
    evaluate,
    load_questions,
    main,
)
from indexer.chunking import Chunk


def chunk(recommendation: int, item: int | None = None, section: str = "context") -> Chunk:
    return Chunk(
        id=f"{recommendation}-{item}",
        document="x.md",
        recommendation=recommendation,
        title="t",
        section=section,  # type: ignore[arg-type]
        item=item,
        page=None,
        text="x",
    )


def test_the_question_set_is_well_formed() -> None:
    questions = load_questions()
    assert len(questions) >= 100
    assert len({q.id for q in questions}) == len(questions)
    assert sum(not q.answerable for q in questions) >= 20
    kinds = {q.kind for q in questions}
    assert {"paraphrase", "colloquial", "noisy", "english", "french", "reference"} <= kinds
    assert {"meta", "multi", "out_of_scope"} <= kinds
    for question in questions:
        for expected in question.expected:
            assert 0 <= expected.recommendation <= 12
            assert expected.item in (None, 1, 2, 3)


def test_expected_matches_recommendation_item_and_section() -> None:
    assert Expected(6, 3).matches(chunk(6, 3, "doorbraakproject"))
    assert not Expected(6, 3).matches(chunk(6, 2, "doorbraakproject"))
    assert Expected(6).matches(chunk(6, 2, "doorbraakproject"))
    assert Expected(0, section="colofon").matches(chunk(0, section="colofon"))
    assert not Expected(0, section="colofon").matches(chunk(0, section="voorwoord"))


def test_metrics_count_ranks_and_refusals() -> None:
    questions = [
        Question("a", "q1", "k", (Expected(1),)),
        Question("b", "q2", "k", (Expected(2),)),
        Question("c", "q3", "k", (Expected(3),)),
        Question("d", "q4", "out_of_scope", ()),
    ]
    rankings = {
        "q1": ([chunk(1), chunk(2)], True),
        "q2": ([chunk(1), chunk(5), chunk(2)], True),
        "q3": ([chunk(4)], False),
        "q4": ([chunk(4)], False),
    }
    metrics = evaluate("toy", lambda q: rankings[q.question], questions)
    assert metrics.recall_at_1 == pytest.approx(1 / 3)
    assert metrics.recall_at_3 == pytest.approx(2 / 3)
    assert metrics.mrr == pytest.approx((1 + 1 / 3) / 3)
    assert metrics.refused_out_of_scope == 1.0
    assert metrics.wrongly_refused == pytest.approx(1 / 3)
    assert len(metrics.misses) == 2


def test_check_reports_what_falls_short() -> None:
    metrics = Metrics("x", recall_at_1=0.8, wrongly_refused=0.1)
    assert check(metrics, {"recall_at_1": 0.9, "wrongly_refused": 0.03}) == [
        "recall_at_1 = 0.8 (threshold 0.9)",
        "wrongly_refused = 0.1 (threshold 0.03)",
    ]
    assert check(metrics, {"recall_at_1": 0.5}) == []


@pytest.mark.slow
def test_the_product_meets_the_committed_thresholds(capsys: pytest.CaptureFixture[str]) -> None:
    """The harness with the real model, as CI runs it: fails when quality regresses."""
    status = main(["--check", "--json"])
    figures = json.loads(capsys.readouterr().out)
    product, dense, bm25 = figures
    assert status == 0, product
    assert product["recall_at_1"] > max(dense["recall_at_1"], bm25["recall_at_1"])


@pytest.mark.slow
def test_the_product_holds_up_on_the_questions_written_blind(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The blind set (see docs/EVALUATION.md) with its own, lower thresholds."""
    status = main(
        ["--questions", str(UNSEEN), "--check", "--thresholds", str(UNSEEN_THRESHOLDS), "--json"]
    )
    product = json.loads(capsys.readouterr().out)[0]
    assert status == 0, product
