"""Strict figures of one system over a question set.

- A question told ``not_found`` that the note answers is a miss at every k; a ``closest``
  answer is scored on the passages it quotes (``recall_at_1_answered`` counts it as a miss
  too, and ``answerable_closest`` says how often it happens).
- A question labelled with several recommendations is found at k only when every one of them
  is among the first max(k, their number) passages.
- ``item_at_1``: where one doorbraakproject is labelled, the first passage is that one.
- ``phrase_at_1``: where a fact phrase is labelled, the first quoted passage contains it.
- ``phrase_marked``: where a fact phrase is labelled, it stands in the sentences the answer
  marks in its first quoted passage (the key sentences, shown first on the card), or that
  passage is one sentence; a product's answers only.
- ``complete``: every labelled recommendation is among the quoted passages (the answer).

``interval`` says how far a share measured on a few hundred questions can be trusted: one
question of 176 moves R@1 by 0.006, and the 95 % interval of 0.82 spans about 0.11.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from chatbot.evaluation.sets import Question
from chatbot.scope import Outcome
from indexer.chunking import Chunk


@dataclass(frozen=True, slots=True)
class Ranked:
    """What a system did with one question: the passages it quoted, the rest of its ranking,
    and its outcome (None for a ranking-only baseline)."""

    shown: tuple[Chunk, ...]
    rest: tuple[Chunk, ...] = ()
    outcome: Outcome | None = None
    marked: tuple[str, ...] | None = None
    """The sentences marked in the first quoted passage, all of it when it is one sentence
    (None for a ranking-only baseline)."""

    @property
    def ranking(self) -> tuple[Chunk, ...]:
        return self.shown + tuple(c for c in self.rest if c not in self.shown)


Ranker = Callable[[Question], Ranked]


@dataclass
class Metrics:
    """The figures of one system over one question set."""

    system: str
    questions: int = 0
    answerable: int = 0
    """Questions the note answers: what the recall figures are shares of."""
    recall_at_1: float = 0.0
    recall_at_1_answered: float = 0.0
    """R@1 counting a ``closest`` answer as a miss too (the strictest reading)."""
    recall_at_3: float = 0.0
    mrr: float = 0.0
    item_at_1: float | None = None
    phrase_at_1: float | None = None
    phrase_marked: float | None = None
    complete: float | None = None
    """Questions needing several recommendations: all of them quoted."""
    cross_cutting_complete: float | None = None
    cross_cutting_extra: float | None = None
    """Cross-cutting questions answered with quotes: recommendations quoted beyond the labelled
    ones, per question (the price of complete lists; a product's answers only)."""
    extra: float | None = None
    """Every answerable question answered with quotes: recommendations quoted beyond the
    labelled ones, per question (what a resident reads that does not answer; a product's
    answers only). A label may miss a recommendation that also answers, so this is for
    comparing runs, not an error rate."""
    answerable_not_found: float | None = None
    answerable_closest: float | None = None
    out_of_scope_not_found: float | None = None
    out_of_scope_answered: float | None = None
    median_ms: float = 0.0
    p95_ms: float = 0.0
    recall_at_1_by_kind: dict[str, float] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    found_first: dict[str, bool] = field(default_factory=dict)
    """Per answerable question (by id): found at 1, for comparing two runs
    (``chatbot.evaluation.compare``)."""
    told_not_found: dict[str, bool] = field(default_factory=dict)
    """Per out-of-scope question (by id) of a system that decides: told "not in the note"."""


def found_at(question: Question, ranking: Sequence[Chunk]) -> int | None:
    """The rank at which every labelled recommendation has been found, or None (top 10)."""
    ranks = []
    for group in question.groups:
        rank = next(
            (n for n, c in enumerate(ranking[:10], 1) if any(e.matches(c) for e in group)), None
        )
        if rank is None:
            return None
        ranks.append(rank)
    return max(ranks)


def evaluate(name: str, ranker: Ranker, questions: Sequence[Question]) -> Metrics:
    """Score one system on a question set."""
    times: list[float] = []
    hit1_answered: list[bool] = []
    hit3: list[bool] = []
    reciprocal: list[float] = []
    items: list[bool] = []
    phrases: list[tuple[bool, bool | None]] = []
    complete: list[bool] = []
    across: list[tuple[bool, float | None]] = []
    extra: list[float] = []
    outcomes_answerable: list[Outcome] = []
    outcomes_oos: list[Outcome] = []
    by_kind: dict[str, list[bool]] = {}
    misses: list[str] = []
    found_first: dict[str, bool] = {}
    told_not_found: dict[str, bool] = {}
    for question in questions:
        started = time.perf_counter()
        ranked = ranker(question)
        times.append((time.perf_counter() - started) * 1000)
        if not question.answerable:
            if ranked.outcome is not None:
                outcomes_oos.append(ranked.outcome)
                told_not_found[question.id] = ranked.outcome == "not_found"
                misses += _answered_out_of_scope(question, ranked.outcome)
            continue
        refused = ranked.outcome == "not_found"
        ranking = () if refused else ranked.ranking
        needed = len(question.groups)
        rank = found_at(question, ranking)
        first = rank is not None and rank <= needed
        found_first[question.id] = first  # ids are unique within a set
        hit1_answered.append(first and ranked.outcome in (None, "answered"))
        hit3.append(rank is not None and rank <= max(3, needed))
        reciprocal.append(0.0 if rank is None else 1 / max(1, rank - needed + 1))
        by_kind.setdefault(question.kind, []).append(first)
        if ranked.outcome is not None:
            outcomes_answerable.append(ranked.outcome)
        items += _item_at_1(question, ranking)
        phrases += _phrase(question, ranked, refused=refused)
        extra += _extra(question, ranked, refused=refused)
        if needed > 1:
            whole, beyond = _several(question, ranked, refused=refused)
            complete.append(whole)
            if question.kind == "cross_cutting":
                across.append((whole, beyond))
        if not first:
            got = ", ".join(_where(c) for c in ranking[:needed]) or ranked.outcome or "-"
            misses.append(
                f"{question.id} [{question.kind}] rank={rank} got={got}: {question.question}"
            )
    ordered = sorted(times)
    return Metrics(
        system=name,
        questions=len(questions),
        answerable=len(found_first),
        recall_at_1=_mean(list(found_first.values())) or 0.0,
        recall_at_1_answered=_mean(hit1_answered) or 0.0,
        recall_at_3=_mean(hit3) or 0.0,
        mrr=_mean(reciprocal) or 0.0,
        item_at_1=_mean(items),
        phrase_at_1=_mean([found for found, _ in phrases]),
        phrase_marked=_mean([marked for _, marked in phrases if marked is not None]),
        complete=_mean(complete),
        cross_cutting_complete=_mean([whole for whole, _ in across]),
        cross_cutting_extra=_mean([beyond for _, beyond in across if beyond is not None]),
        extra=_mean(extra),
        answerable_not_found=_share(outcomes_answerable, "not_found"),
        answerable_closest=_share(outcomes_answerable, "closest"),
        out_of_scope_not_found=_share(outcomes_oos, "not_found"),
        out_of_scope_answered=_share(outcomes_oos, "answered"),
        median_ms=statistics.median(ordered) if ordered else 0.0,
        p95_ms=ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0,
        recall_at_1_by_kind={k: sum(v) / len(v) for k, v in sorted(by_kind.items())},
        misses=misses,
        found_first=found_first,
        told_not_found=told_not_found,
    )


def _item_at_1(question: Question, ranking: Sequence[Chunk]) -> list[bool]:
    """Whether the first passage is the labelled doorbraakproject, for a question about one
    recommendation with an item labelled; nothing for any other."""
    labelled = [e for e in question.expected if e.item is not None]
    if len(question.groups) != 1 or not labelled:
        return []
    return [bool(ranking) and any(e.matches(ranking[0]) for e in labelled)]


def _answered_out_of_scope(question: Question, outcome: Outcome) -> list[str]:
    """An out-of-scope question answered as if the note addressed it, as a miss."""
    if outcome != "answered":
        return []
    return [f"{question.id} [{question.kind}] answered: {question.question}"]


def _several(question: Question, ranked: Ranked, *, refused: bool) -> tuple[bool, float | None]:
    """Whether every labelled recommendation is quoted, and (for a product's answer with
    quotes) how many recommendations are quoted beyond the labelled ones."""
    shown = () if refused else ranked.shown
    beyond = _extra(question, ranked, refused=refused)
    return found_at(question, shown) is not None, beyond[0] if beyond else None


def _extra(question: Question, ranked: Ranked, *, refused: bool) -> list[float]:
    """``_beyond`` for a product's answer with quotes; nothing for a refusal or a baseline."""
    if refused or not ranked.shown or ranked.outcome is None:
        return []
    return [_beyond(question, ranked.shown)]


def _beyond(question: Question, shown: Sequence[Chunk]) -> float:
    """How many recommendations the quoted passages stand in beyond the labelled ones."""
    quoted = {c.recommendation for c in shown if c.recommendation > 0}
    return float(len(quoted - {e.recommendation for e in question.expected}))


def _phrase(question: Question, ranked: Ranked, *, refused: bool) -> list[tuple[bool, bool | None]]:
    """phrase@1 and phrase marked@1 of one question (None for a system that marks nothing);
    nothing without a labelled phrase."""
    if not question.phrase:
        return []
    found = bool(ranked.shown) and not refused and _contains(ranked.shown[0], question.phrase)
    if ranked.marked is None:
        return [(found, None)]
    return [(found, not refused and _marked(ranked.marked, question.phrase))]


def _contains(chunk: Chunk, phrase: str) -> bool:
    return " ".join(phrase.split()) in " ".join(chunk.text.split())


def _marked(sentences: Sequence[str], phrase: str) -> bool:
    """Whether the phrase stands within the marked sentences (in one, or across two that
    follow each other)."""
    return " ".join(phrase.split()) in " ".join(" ".join(sentences).split())


def _where(chunk: Chunk) -> str:
    if chunk.section == "document":
        return f"{chunk.document}:{chunk.title[:30]}"
    return f"{chunk.recommendation}.{chunk.item or chunk.section[:3]}"


def interval(share: float, count: int, z: float = 1.96) -> tuple[float, float] | None:
    """The Wilson score interval of a share measured on ``count`` questions (95 % by
    default); None without questions. Unlike share +- z x standard error, it stays within
    0-1 and is fair near either end, where these figures are."""
    if count <= 0:
        return None
    centre = share + z * z / (2 * count)
    spread = z * math.sqrt(share * (1 - share) / count + z * z / (4 * count * count))
    scale = 1 + z * z / count
    return max(0.0, (centre - spread) / scale), min(1.0, (centre + spread) / scale)


def _mean(values: Sequence[float] | Sequence[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def _share(outcomes: Sequence[Outcome], which: Outcome) -> float | None:
    return sum(o == which for o in outcomes) / len(outcomes) if outcomes else None


LOWER_IS_BETTER = frozenset({"answerable_not_found", "out_of_scope_answered", "median_ms"})


def check(metrics: object, thresholds: dict[str, float]) -> list[str]:
    """The figures that fall short of the committed thresholds."""
    failures = []
    for name, limit in thresholds.items():
        value = getattr(metrics, name)
        worse = value is None or (value > limit if name in LOWER_IS_BETTER else value < limit)
        if worse:
            failures.append(f"{name} = {value} (threshold {limit})")
    return failures
