"""``python -m chatbot.evaluation.stale [--set SET ...]``: the answers after a rewrite, as if
each recommendation in turn had been rewritten.

A rewritten recommendation's example questions go stale (``indexer.examples``): they apply
to nothing, and its new text is ranked and judged without examples of its own. For each
recommendation of the served note, this leaves out the examples tied to its passages (an
examples file without them, everything else prepared as for a build: the scope model is
fitted again) and asks

- the set's answerable questions labelled with that recommendation alone: found first (the
  first quoted passage is of it and the answer is not "not in the note"), told not found,
  told closest;
- the set's out-of-scope questions: told not found, answered.

The text itself is unchanged, so what is measured is the loss of the examples alone, for
every recommendation, on questions written by people who never saw a rewrite. Aggregate
figures only, so any set may be measured, the frozen one included.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from chatbot.embedders import question_embedder
from chatbot.evaluation.sets import Question, load_questions
from chatbot.service import Chatbot
from indexer.embedding import Embedder
from indexer.examples import load_example_questions, passage_key
from indexer.settings import Settings, get_settings
from indexer.versions import load_live_index


@dataclass(frozen=True, slots=True)
class StaleRun:
    """One recommendation's examples left out, and how its questions and the out-of-scope
    questions were answered."""

    recommendation: int
    examples_left_out: int
    questions: int
    found_first: int
    not_found: int
    closest: int
    out_of_scope: int
    out_of_scope_not_found: int
    out_of_scope_answered: int


def stale_runs(
    settings: Settings,
    questions: Sequence[Question],
    *,
    embedder: Embedder | None = None,
    recommendations: Iterable[int] | None = None,
) -> list[StaleRun]:
    """One ``StaleRun`` per recommendation of the served note (or those given)."""
    chunks = load_live_index(settings.index_root).chunks
    embedder = embedder or question_embedder(settings)  # one model for every run
    numbers = sorted({c.recommendation for c in chunks if c.recommendation > 0})
    examples = load_example_questions(settings.examples_file)
    out_of_scope = [q for q in questions if not q.answerable]
    runs = []
    with tempfile.TemporaryDirectory(prefix="vraagbaak-stale-") as folder:
        for number in numbers if recommendations is None else recommendations:
            keys = {passage_key(c.text) for c in chunks if c.recommendation == number}
            kept = [e for e in examples if keys.isdisjoint(e.passages)]
            path = Path(folder) / f"examples-without-{number}.jsonl"
            path.write_text("".join(json.dumps(asdict(e)) + "\n" for e in kept), encoding="utf-8")
            bot = Chatbot(settings.model_copy(update={"examples_file": path}), embedder)
            bot.load()
            own = [q for q in questions if q.answerable and _only(q) == number]
            answers = [bot.ask(q.question, q.history) for q in own]
            beside = [bot.ask(q.question, q.history).result for q in out_of_scope]
            runs.append(
                StaleRun(
                    recommendation=number,
                    examples_left_out=len(examples) - len(kept),
                    questions=len(own),
                    found_first=sum(
                        a.result != "not_found"
                        and bool(a.hits)
                        and a.hits[0].chunk.recommendation == number
                        and a.hits[0].chunk.section != "document"
                        for a in answers
                    ),
                    not_found=sum(a.result == "not_found" for a in answers),
                    closest=sum(a.result == "closest" for a in answers),
                    out_of_scope=len(beside),
                    out_of_scope_not_found=beside.count("not_found"),
                    out_of_scope_answered=beside.count("answered"),
                )
            )
    return runs


def _only(question: Question) -> int | None:
    """The one recommendation a question is labelled with, if it is only one."""
    numbers = {e.recommendation for e in question.expected}
    return numbers.pop() if len(numbers) == 1 else None


_COUNTS = tuple(f.name for f in fields(StaleRun) if f.name != "recommendation")


def format_runs(runs: Sequence[StaleRun]) -> str:
    """A Markdown table, one row per recommendation and one for all of them."""
    rows = [
        "| recommendation | examples left out | questions | found first | told not found | "
        "told closest | out of scope told not found | out of scope answered |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def share(part: int, whole: int) -> str:
        return f"{part / whole:.3f}" if whole else "-"

    total = StaleRun(0, *(sum(getattr(r, f) for r in runs) for f in _COUNTS))
    for run in (*runs, total):
        name = str(run.recommendation) if run.recommendation else "all"
        rows.append(
            f"| {name} | {run.examples_left_out} | {run.questions} | "
            f"{share(run.found_first, run.questions)} | {share(run.not_found, run.questions)} | "
            f"{share(run.closest, run.questions)} | "
            f"{share(run.out_of_scope_not_found, run.out_of_scope)} | "
            f"{share(run.out_of_scope_answered, run.out_of_scope)} |"
        )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None, settings: Settings | None = None) -> int:
    """Run it on the sets named (default: every development set)."""
    from chatbot.evaluation.__main__ import ALL_DEVELOPMENT, set_folders

    parser = argparse.ArgumentParser(
        prog="python -m chatbot.evaluation.stale", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--set",
        action="append",
        dest="sets",
        help=f"a set under evaluation/ (repeatable; default {ALL_DEVELOPMENT})",
    )
    parser.add_argument("--json", action="store_true", help="print the runs as JSON")
    args = parser.parse_args(argv)
    try:
        folders = set_folders(args.sets or [ALL_DEVELOPMENT])
    except ValueError as exc:
        parser.error(str(exc))
    questions = [q for folder in folders for q in load_questions(folder / "questions.jsonl")]
    runs = stale_runs(settings or get_settings(), questions)
    print(json.dumps([asdict(r) for r in runs]) if args.json else format_runs(runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
