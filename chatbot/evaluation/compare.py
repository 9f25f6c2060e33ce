"""Two runs of one set compared question by question: which questions a change gained and
lost, and whether that many could differ by chance.

A change that moves a figure by two questions of 176 may be chance; the figures alone do not
say. Saved per-question results (``python -m chatbot.evaluation --save FILE``) of the code
before and after a change are paired: the exact two-sided sign test on the questions that
flipped (McNemar's test) says how likely as uneven a split is when the change does nothing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EVERY_OUT_OF_SCOPE = "every set's out of scope, FAQ added"
"""The part (and the run's results key) of ``--every-out-of-scope``."""
NEW_VERSION = "questions of a new version"
"""The part (and the run's results key) of a set's new version of the corpus."""
PerQuestion = dict[str, dict[str, bool]]
"""Per part of a run ("questions", "conversations", "faq"): question id -> right."""


@dataclass(frozen=True, slots=True)
class Flips:
    """The questions of one part that a change gained and lost."""

    part: str
    gained: tuple[str, ...]
    lost: tuple[str, ...]
    compared: int
    """Questions in both runs."""

    @property
    def p_value(self) -> float:
        return sign_test(len(self.gained), len(self.lost))

    def summary(self) -> str:
        return (
            f"{self.part}: {len(self.gained)} gained, {len(self.lost)} lost of "
            f"{self.compared} (chance of as uneven a split: p = {self.p_value:.2f})"
        )


def per_question(results: Mapping[str, Any]) -> PerQuestion:
    """What a run's results say per question, by part: answerable questions found first,
    out-of-scope ones told "not in the note", of the questions and of the conversations; the
    FAQ's questions answered from their entry, the questions found first with the FAQ
    added (a FAQ entry must not take a question the note answers), every set's
    out-of-scope questions told "not in the note" with it (``--every-out-of-scope``), and
    the questions of a new version of the corpus, found first or told "not in the note"."""
    parts: PerQuestion = {}
    if results.get("questions"):
        parts["questions"] = dict(results["questions"][0].found_first)
        parts["out of scope"] = dict(results["questions"][0].told_not_found)
    if (conversations := results.get("conversations")) is not None:
        parts["conversations"] = dict(conversations.found_first)
        parts["conversations, out of scope"] = dict(conversations.told_not_found)
    if (faq := results.get("faq")) is not None:
        parts["faq"] = dict(faq.right)
    if (with_faq := results.get("questions with the FAQ added")) is not None:
        parts["questions with the FAQ added"] = dict(with_faq.found_first)
    if (every := results.get(EVERY_OUT_OF_SCOPE)) is not None:
        parts[EVERY_OUT_OF_SCOPE] = dict(every.told_not_found)
    if (version := results.get(NEW_VERSION)) is not None:
        parts[NEW_VERSION] = dict(version.found_first)
        parts[f"{NEW_VERSION}, out of scope"] = dict(version.told_not_found)
    return {part: right for part, right in parts.items() if right}


def pooled(runs: Mapping[str, PerQuestion]) -> PerQuestion:
    """Several sets' per-question results as one run, each id prefixed with its set's name
    ("dev_nov30/q12"): a change is judged on all of them at once, where a set of 90 questions
    alone can rarely tell a gain from chance."""
    parts: PerQuestion = {}
    for name, run in runs.items():
        for part, right in run.items():
            parts.setdefault(part, {}).update({f"{name}/{q}": r for q, r in right.items()})
    return parts


def save(path: Path, parts: PerQuestion) -> None:
    path.write_text(json.dumps(parts, indent=1, sort_keys=True), encoding="utf-8")


def load(path: Path) -> PerQuestion:
    """Saved per-question results; a clear error for a file that is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a saved evaluation run ({exc})") from exc
    if not isinstance(data, dict) or not all(
        isinstance(part, dict) and all(isinstance(v, bool) for v in part.values())
        for part in data.values()
    ):
        raise ValueError(f"{path}: not a saved evaluation run")
    return data


def flips(before: PerQuestion, after: PerQuestion) -> list[Flips]:
    """Per part both runs have, the questions that flipped (ids sorted)."""
    found = []
    for part in sorted(before.keys() & after.keys()):
        old, new = before[part], after[part]
        both = old.keys() & new.keys()
        gained = tuple(sorted(q for q in both if new[q] and not old[q]))
        lost = tuple(sorted(q for q in both if old[q] and not new[q]))
        found.append(Flips(part, gained, lost, len(both)))
    return found


def sign_test(gained: int, lost: int) -> float:
    """Exact two-sided p-value of a split of flipped questions when either way is as likely."""
    flipped = gained + lost
    if flipped == 0:
        return 1.0
    tail = sum(math.comb(flipped, k) for k in range(min(gained, lost) + 1))
    return min(1.0, 2 * tail / (1 << flipped))
