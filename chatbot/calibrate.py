"""Fit the scope model: ``python -m chatbot.calibrate``.

Reads ``evaluation/scope_training*.jsonl`` and ``chatbot/data/example_questions.jsonl``
(questions marked in or out of scope, kept apart from the evaluation sets), fits a logistic
regression with scikit-learn, picks the threshold from cross-validated probabilities so that
at most ``--max-refused`` of the answerable training questions are refused, and writes
``chatbot/data/scope.json``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from chatbot.examples import EXAMPLES
from chatbot.references import find_reference
from chatbot.scope import RANKING_FEATURES, SCOPE_FILE, ScopeModel, features
from chatbot.service import Chatbot
from indexer.settings import PROJECT_DIR, get_settings

TRAINING = [*sorted((PROJECT_DIR / "evaluation").glob("scope_training*.jsonl")), EXAMPLES]


def _fit(
    x: np.ndarray, y: np.ndarray, max_refused: float, *, with_vector: bool
) -> tuple[ScopeModel, dict[str, float]]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    best: tuple[float, float] | None = None
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    for c in (0.01, 0.03, 0.1, 0.3, 1.0):
        pipeline = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=5000))
        p = cross_val_predict(pipeline, x, y, cv=folds, method="predict_proba")[:, 1]
        threshold = float(np.quantile(p[y == 1], max_refused))
        refused_oos = float(np.mean(p[y == 0] < threshold))
        if best is None or refused_oos > best[1]:
            best = (c, refused_oos)
            report = {
                "C": c,
                "threshold": threshold,
                "cv_out_of_scope_refused": refused_oos,
                "cv_answerable_refused": float(np.mean(p[y == 1] < threshold)),
            }
    assert best is not None
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(C=best[0], max_iter=5000))
    pipeline.fit(x, y)
    scaler, logistic = pipeline[0], pipeline[1]
    model = ScopeModel(
        weights=tuple(float(w) for w in logistic.coef_[0]),
        bias=float(logistic.intercept_[0]),
        threshold=report["threshold"],
        mean=tuple(float(m) for m in scaler.mean_),
        scale=tuple(float(s) for s in scaler.scale_),
        with_vector=with_vector,
    )
    return replace(model, ranking=RANKING_FEATURES), report


def main(argv: Sequence[str] | None = None) -> int:
    """Fit and write the scope model."""
    parser = argparse.ArgumentParser(prog="python -m chatbot.calibrate", description=__doc__)
    parser.add_argument("--training", type=Path, nargs="+", default=TRAINING)
    parser.add_argument("--out", type=Path, default=SCOPE_FILE)
    parser.add_argument("--max-refused", type=float, default=0.02)
    args = parser.parse_args(argv)

    bot = Chatbot(get_settings())
    retriever = bot.answerer.retriever
    rows = [
        json.loads(line)
        for path in args.training
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rows = [r for r in rows if not ((ref := find_reference(r["question"])) and ref.only)]
    scored = [retriever.score(r["question"]) for r in rows]
    y = np.array([bool(r["in_scope"]) for r in rows], dtype=int)
    with_vector = np.stack([features(s, with_vector=True) for s in scored])
    memory = retriever.examples
    if memory is not None:  # an example must not count as its own nearest example
        column = RANKING_FEATURES.index("examples_max")
        for i, (row, s) in enumerate(zip(rows, scored, strict=True)):
            with_vector[i, column] = memory.nearest(s.query, excluding=row["question"])
    ranking_only = with_vector[:, : len(RANKING_FEATURES)]

    full, full_report = _fit(with_vector, y, args.max_refused, with_vector=True)
    fallback, fallback_report = _fit(ranking_only, y, args.max_refused, with_vector=False)
    data: dict[str, Any] = {
        "about": "Scope model of the Vraagbaak, written by python -m chatbot.calibrate",
        "fitted_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "training": {
            "files": [path.name for path in args.training],
            "questions": len(rows),
            "in_scope": int(y.sum()),
            "out_of_scope": int(len(y) - y.sum()),
        },
        "model": bot.settings.model,
        "model_fingerprint": bot.embedder.fingerprint(),
        "ranking_features": list(RANKING_FEATURES),
        "with_vector": {**full.to_dict(), "cross_validation": full_report},
        "ranking_only": {**fallback.to_dict(), "cross_validation": fallback_report},
    }
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"with_vector": full_report, "ranking_only": fallback_report}, indent=2))
    print(f"Written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
