"""The evaluation harness: ``python -m chatbot.evaluation [--check] [--json]``.

Runs every question of ``evaluation/questions.jsonl`` through the chatbot and through two
baselines (the dense model alone, BM25 alone) and prints Recall@1, Recall@3, MRR, the share
of out-of-scope questions refused, the share of answerable questions wrongly refused, and
the time per question. ``--check`` exits 1 when a figure falls below
``evaluation/thresholds.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from chatbot.service import Chatbot
from indexer.chunking import Chunk
from indexer.settings import PROJECT_DIR, Settings, get_settings

QUESTIONS = PROJECT_DIR / "evaluation" / "questions.jsonl"
THRESHOLDS = PROJECT_DIR / "evaluation" / "thresholds.json"
UNSEEN = PROJECT_DIR / "evaluation" / "questions_unseen.jsonl"
UNSEEN_THRESHOLDS = PROJECT_DIR / "evaluation" / "thresholds_unseen.json"


@dataclass(frozen=True, slots=True)
class Expected:
    """A passage that answers a question: a recommendation, and optionally an item/section."""

    recommendation: int
    item: int | None = None
    section: str | None = None

    def matches(self, chunk: Chunk) -> bool:
        if chunk.recommendation != self.recommendation:
            return False
        if self.item is not None and chunk.item != self.item:
            return False
        return self.section is None or chunk.section == self.section


@dataclass(frozen=True, slots=True)
class Question:
    """One labelled question; no expected passages means the note does not answer it."""

    id: str
    question: str
    kind: str
    expected: tuple[Expected, ...]
    history: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool:
        return bool(self.expected)


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    """Read the question set (JSON Lines)."""
    questions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        expected = tuple(
            Expected(e["recommendation"], e.get("item"), e.get("section")) for e in data["expected"]
        )
        history = tuple(data.get("history", ()))
        questions.append(Question(data["id"], data["question"], data["kind"], expected, history))
    return questions


@dataclass
class Metrics:
    """The figures of one system over the question set."""

    system: str
    recall_at_1: float = 0.0
    recall_at_3: float = 0.0
    mrr: float = 0.0
    refused_out_of_scope: float | None = None
    wrongly_refused: float | None = None
    median_ms: float = 0.0
    p95_ms: float = 0.0
    recall_at_1_by_kind: dict[str, float] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)


Ranker = Callable[[Question], tuple[list[Chunk], bool | None]]
"""A system: the passages it ranks for a question, best first, and whether it answers."""


def evaluate(name: str, ranker: Ranker, questions: Sequence[Question]) -> Metrics:
    """Score one system on the question set."""
    ranks: list[int | None] = []
    times: list[float] = []
    refused_oos: list[bool] = []
    refused_answerable: list[bool] = []
    misses = []
    hits_by_kind: dict[str, list[bool]] = {}
    for question in questions:
        started = time.perf_counter()
        ranking, answers = ranker(question)
        times.append((time.perf_counter() - started) * 1000)
        if not question.answerable:
            if answers is not None:
                refused_oos.append(not answers)
            continue
        rank = next(
            (
                n
                for n, c in enumerate(ranking[:10], 1)
                if any(e.matches(c) for e in question.expected)
            ),
            None,
        )
        ranks.append(rank)
        hits_by_kind.setdefault(question.kind, []).append(rank == 1)
        if answers is not None:
            refused_answerable.append(not answers)
        if rank != 1 or answers is False:
            first = ranking[0] if ranking else None
            got = f"{first.recommendation}/{first.item}" if first else "-"
            misses.append(
                f"{question.id} [{question.kind}] rank={rank} got={got}: {question.question}"
            )
    count = len(ranks) or 1
    ordered = sorted(times)
    return Metrics(
        system=name,
        recall_at_1=sum(r == 1 for r in ranks) / count,
        recall_at_3=sum(r is not None and r <= 3 for r in ranks) / count,
        mrr=sum(1 / r for r in ranks if r) / count,
        refused_out_of_scope=_share(refused_oos),
        wrongly_refused=_share(refused_answerable),
        median_ms=statistics.median(ordered) if ordered else 0.0,
        p95_ms=ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0,
        recall_at_1_by_kind={k: sum(v) / len(v) for k, v in sorted(hits_by_kind.items())},
        misses=misses,
    )


def _share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def systems(bot: Chatbot) -> dict[str, Ranker]:
    """The product and its baselines."""
    answerer = bot.answerer
    retriever = answerer.retriever
    chunks = retriever.index.chunks

    def product(question: Question) -> tuple[list[Chunk], bool | None]:
        answer = answerer.answer(question.question, question.history)
        shown = [hit.chunk for hit in answer.hits]
        rest = [chunks[i] for i in retriever.score(question.question).order()]
        return shown + [c for c in rest if c not in shown], answer.in_scope

    def dense(question: Question) -> tuple[list[Chunk], bool | None]:
        scored = retriever.score(question.question)
        return [chunks[i] for i in scored.order(scored.dense)], None

    def bm25(question: Question) -> tuple[list[Chunk], bool | None]:
        scores = retriever.lexical.stem_scores(question.question)
        return [chunks[i] for i in retriever.score(question.question).order(scores)], None

    return {"hybrid (product)": product, "dense alone": dense, "BM25 alone": bm25}


def format_table(results: Sequence[Metrics]) -> str:
    """A Markdown table of the figures."""

    def pct(value: float | None) -> str:
        return "-" if value is None else f"{100 * value:.1f} %"

    lines = [
        "| system | Recall@1 | Recall@3 | MRR | out of scope refused | answerable refused "
        "| median ms | p95 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines.extend(
        f"| {m.system} | {m.recall_at_1:.3f} | {m.recall_at_3:.3f} | {m.mrr:.3f} "
        f"| {pct(m.refused_out_of_scope)} | {pct(m.wrongly_refused)} "
        f"| {m.median_ms:.1f} | {m.p95_ms:.1f} |"
        for m in results
    )
    return "\n".join(lines)


def check(metrics: Metrics, thresholds: dict[str, float]) -> list[str]:
    """The figures that fall short of the committed thresholds."""
    failures = []
    for name, limit in thresholds.items():
        value = getattr(metrics, name)
        worse = value > limit if name == "wrongly_refused" else value < limit
        if value is None or worse:
            failures.append(f"{name} = {value} (threshold {limit})")
    return failures


def main(argv: Sequence[str] | None = None, settings: Settings | None = None) -> int:
    """Run the evaluation; returns 1 with --check when the product misses a threshold."""
    parser = argparse.ArgumentParser(prog="python -m chatbot.evaluation", description=__doc__)
    parser.add_argument("--questions", type=Path, default=QUESTIONS, help="JSON Lines file")
    parser.add_argument("--check", action="store_true", help="fail below the thresholds")
    parser.add_argument(
        "--thresholds", type=Path, default=THRESHOLDS, help="the thresholds --check applies"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list the product's misses")
    args = parser.parse_args(argv)

    bot = Chatbot(settings or get_settings())
    bot.load(build_if_missing=True)
    questions = load_questions(args.questions)
    for question in questions[:3]:  # warm up: the first calls pay for lazy set-up
        bot.answerer.answer(question.question)
    results = []
    for name, ranker in systems(bot).items():
        bot.answerer.retriever.forget()  # each system pays for its own scoring
        results.append(evaluate(name, ranker, questions))
    answerable = sum(q.answerable for q in questions)
    if args.json:
        print(json.dumps([_public(m) for m in results], indent=2))
    else:
        print(
            f"{len(questions)} questions ({answerable} answerable, "
            f"{len(questions) - answerable} out of scope)\n"
        )
        print(format_table(results))
        print("\nRecall@1 of the product by kind of question:")
        for kind, value in results[0].recall_at_1_by_kind.items():
            print(f"  {kind:<12} {value:.3f}")
    if args.misses:
        print("\n".join(["", "Misses of the product:", *results[0].misses]))
    if args.check:
        thresholds = json.loads(args.thresholds.read_text(encoding="utf-8"))
        if failures := check(results[0], thresholds):
            print("Below the thresholds: " + "; ".join(failures), file=sys.stderr)
            return 1
    return 0


def _public(metrics: Metrics) -> dict[str, Any]:
    data = asdict(metrics)
    data.pop("misses")
    return data


if __name__ == "__main__":
    raise SystemExit(main())
