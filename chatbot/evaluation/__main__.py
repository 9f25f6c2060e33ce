"""``python -m chatbot.evaluation [--set SET ...] [--check] [--json] [--misses]``.

Runs a set's questions through the product and two baselines, its conversations turn by
turn, its FAQ run (the note plus the set's FAQ document, built into a temporary index) and
its new-version run (the files of its ``version/`` folder served instead of the corpus, asked
``version_questions.jsonl``), and prints the strict figures. ``--check`` exits 1 when a
figure misses the set's ``thresholds.json``. On a development set, ``--save FILE`` keeps
the per-question results and ``--against FILE`` compares a later run with them
(``chatbot.evaluation.compare``); several ``--set`` (or ``--set development``: every set
neither frozen nor held out) are run in turn and compared pooled, where one set alone can
rarely tell a gain from chance. With ``--every-out-of-scope`` each FAQ run also asks the
out-of-scope questions of every development set chosen: a document staff add must not make
the chat answer what neither it nor the note answers, and one set's out-of-scope questions
rarely come near another set's FAQ.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from chatbot.evaluation import compare
from chatbot.evaluation.metrics import Metrics, check, evaluate, interval
from chatbot.evaluation.runs import FaqResult, corpus_with, faq_run, systems
from chatbot.evaluation.sets import (
    EVALUATION,
    FAQ_DOCUMENTS,
    FROZEN,
    Question,
    faq_document,
    load_conversations,
    load_faq_questions,
    load_questions,
    new_version,
)
from chatbot.service import Chatbot
from indexer.settings import Settings, get_settings

ALL_DEVELOPMENT = "development"
"""``--set`` value for every set under evaluation/ but the frozen and the held-out ones."""
HELD_OUT = "HELD_OUT"
"""A file in a set's folder that keeps it for measuring only: aggregate figures, no
per-question comparison, not among the development sets."""
COLUMNS = (
    ("recall_at_1", "R@1"),
    ("recall_at_1_answered", "R@1 answered only"),
    ("recall_at_3", "R@3"),
    ("mrr", "MRR"),
    ("item_at_1", "item@1"),
    ("phrase_at_1", "phrase@1"),
    ("phrase_marked", "phrase marked@1"),
    ("cross_cutting_complete", "cross-cutting complete"),
    ("cross_cutting_extra", "extra recommendations per cross-cutting answer"),
    ("extra", "extra recommendations per answer"),
    ("answerable_not_found", "answerable told not found"),
    ("answerable_closest", "answerable told closest"),
    ("out_of_scope_not_found", "out of scope told not found"),
    ("out_of_scope_answered", "out of scope answered"),
    ("median_ms", "median ms"),
)


def format_table(rows: Sequence[Metrics]) -> str:
    """A Markdown table of the figures."""

    def cell(name: str, value: float | None) -> str:
        if value is None:
            return "-"
        return f"{value:.1f}" if name == "median_ms" else f"{value:.3f}"

    head = "| system | " + " | ".join(label for _, label in COLUMNS) + " |"
    lines = [head, "|---" * (len(COLUMNS) + 1) + "|"]
    lines += [
        f"| {m.system} | " + " | ".join(cell(n, getattr(m, n)) for n, _ in COLUMNS) + " |"
        for m in rows
    ]
    return "\n".join(lines)


def run(
    folder: Path,
    settings: Settings,
    *,
    faq: bool = True,
    out_of_scope: Sequence[Question] = (),
) -> dict[str, Any]:
    """All figures of one set folder; ``out_of_scope`` questions (of other sets too) are
    asked again with the set's FAQ added."""
    bot = Chatbot(settings)
    bot.load(build_if_missing=True)
    answerer = bot.answerer
    questions = load_questions(folder / "questions.jsonl")
    for question in questions[:3]:  # warm up: the first calls pay for lazy set-up
        answerer.answer(question.question)
    results: dict[str, Any] = {"questions": []}
    for name, ranker in systems(answerer).items():
        answerer.retriever.forget()  # each system pays for its own scoring
        results["questions"].append(evaluate(name, ranker, questions))
    conversations = folder / "conversations.jsonl"
    if conversations.is_file():
        turns = [turn for c in load_conversations(conversations) for turn in c]
        results["conversations"] = evaluate(
            "conversations, turn by turn", systems(answerer)["hybrid (product)"], turns
        )
    document = faq_document(folder)
    if faq and document is not None:
        with corpus_with(settings, [document]) as changed:
            with_faq = Chatbot(changed)
            with_faq.build()
            asked = load_faq_questions(folder / "faq_questions.jsonl")
            results["faq"] = faq_run(with_faq, document, asked)
            product = systems(with_faq.answerer)["hybrid (product)"]
            results["questions with the FAQ added"] = evaluate(
                "hybrid, FAQ added", product, questions
            )
            if out_of_scope:
                results[compare.EVERY_OUT_OF_SCOPE] = evaluate(
                    "hybrid, FAQ added", product, out_of_scope
                )
    version = new_version(folder)
    if faq and version is not None:
        files, version_questions = version
        with corpus_with(settings, files, instead=True) as changed:
            revised = Chatbot(changed)
            revised.build()
            results[compare.NEW_VERSION] = evaluate(
                "hybrid, new version",
                systems(revised.answerer)["hybrid (product)"],
                load_questions(version_questions),
            )
    return results


def _pools(folders: Sequence[Path]) -> bool:
    """Whether ``--every-out-of-scope`` measures anything: a development set among
    ``folders`` has a FAQ to add, and one has out-of-scope questions to ask."""
    development = [folder for folder in folders if not _held_out(folder)]
    with_faq = any(faq_document(f) is not None for f in development)
    return with_faq and bool(pooled_out_of_scope(folders))  # held-out sets pool nothing


def pooled_out_of_scope(folders: Sequence[Path]) -> list[Question]:
    """The out-of-scope questions of the development sets among ``folders`` (none of the
    frozen or held-out sets; none that follow up on a conversation), each id prefixed with
    its set's name."""
    return [
        replace(question, id=f"{folder.name}/{question.id}")
        for folder in folders
        if not _held_out(folder)
        for question in load_questions(folder / "questions.jsonl")
        if not question.answerable and not question.history
    ]


def _print_figures(folder: Path, results: dict[str, Any]) -> None:
    print(f"{folder.name}: {results['questions'][0].questions} questions\n")
    print(format_table(results["questions"]))
    print(_how_sure(results["questions"][0]))
    print("\nRecall@1 of the product by kind of question:")
    for kind, value in results["questions"][0].recall_at_1_by_kind.items():
        print(f"  {kind:<14} {value:.3f}")
    for key in ("conversations", "questions with the FAQ added", compare.NEW_VERSION):
        if key in results:
            print(f"\n{key}:\n{format_table([results[key]])}")
    if (faq := results.get("faq")) is not None:
        share, asked = faq.answered_from_faq, faq.questions
        print(f"\nFAQ added: {share:.3f} of {asked} answered from it{_within(share, asked)}")
    if (every := results.get(compare.EVERY_OUT_OF_SCOPE)) is not None:
        print(
            f"FAQ added, the {every.questions} out-of-scope questions of every development set "
            f"chosen: {every.out_of_scope_not_found:.3f} told not found, "
            f"{every.out_of_scope_answered:.3f} answered"
        )


def _print_misses(name: str, results: dict[str, Any]) -> None:
    print("\n".join(["", "Misses of the product:", *results["questions"][0].misses]))
    if "conversations" in results:
        print("\n".join(["", "Conversation misses:", *results["conversations"].misses]))
    if "faq" in results:
        print("\n".join(["", "FAQ misses:", *results["faq"].misses]))
    if compare.NEW_VERSION in results:
        print("\n".join(["", "Misses on the new version:", *results[compare.NEW_VERSION].misses]))
    if compare.EVERY_OUT_OF_SCOPE in results:
        heading = f"Out-of-scope questions of every set answered with {name}'s FAQ added:"
        print("\n".join(["", heading, *results[compare.EVERY_OUT_OF_SCOPE].misses]))


def _print_against(
    saved: Path, before: compare.PerQuestion, after: compare.PerQuestion, *, listed: bool
) -> None:
    print(f"\nAgainst {saved}:")
    for part in compare.flips(before, after):
        print(f"  {part.summary()}")
        if listed:
            print(f"    gained: {' '.join(part.gained) or '-'}")
            print(f"    lost: {' '.join(part.lost) or '-'}")


def _how_sure(product: Metrics) -> str:
    """How far the product's recall figures can be trusted, given how many questions."""
    count = product.answerable
    if not count:
        return ""
    return (
        f"\n95 % intervals over {count} answerable questions (one question: "
        f"{1 / count:.3f}): R@1{_within(product.recall_at_1, count)}, "
        f"R@3{_within(product.recall_at_3, count)}"
    )


def _within(share: float, count: int) -> str:
    bounds = interval(share, count)
    return "" if bounds is None else f" ({bounds[0]:.3f}-{bounds[1]:.3f})"


def _public(value: Any) -> Any:
    if isinstance(value, list):
        return [_public(v) for v in value]
    data = asdict(value)
    for per_question in ("misses", "found_first", "told_not_found", "right"):
        data.pop(per_question, None)  # figures only: the frozen set's misses are never read
    return data


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m chatbot.evaluation", description=__doc__)
    parser.add_argument(
        "--set",
        action="append",
        dest="sets",
        metavar="SET",
        help="a folder under evaluation/ (frozen: reported; the others: for choosing) or a path; "
        f"repeat it for several sets, or '{ALL_DEVELOPMENT}' for every set but the frozen and "
        "held-out ones (default: frozen)",
    )
    parser.add_argument("--check", action="store_true", help="fail below thresholds.json")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list the product's misses")
    parser.add_argument(
        "--no-faq",
        action="store_true",
        help="skip the content runs (the set's FAQ added, its new version served instead)",
    )
    parser.add_argument(
        "--every-out-of-scope",
        action="store_true",
        help="ask every development set's out-of-scope questions with each set's FAQ added "
        "too (several sets: minutes per FAQ; another set's FAQ may answer one rightly, so the "
        "figure is for comparing runs)",
    )
    parser.add_argument(
        "--save",
        type=Path,
        metavar="FILE",
        help="write the per-question results to FILE (of several sets: pooled, ids prefixed "
        "with the set's name)",
    )
    parser.add_argument(
        "--against",
        type=Path,
        metavar="FILE",
        help="compare question by question with a run saved with --save (e.g. before a change)",
    )
    return parser


def main(argv: Sequence[str] | None = None, settings: Settings | None = None) -> int:
    """Run the evaluation; with --check, 1 when a figure misses the thresholds."""
    parser = _parser()
    args = parser.parse_args(argv)
    folders, before = _inputs(parser, args)
    settings = settings or get_settings()
    out_of_scope = pooled_out_of_scope(folders) if args.every_out_of_scope else []
    runs = {
        folder.name: run(
            folder,
            settings,
            faq=not args.no_faq,
            # a frozen or held-out FAQ is measured, never compared question by question
            out_of_scope=() if _held_out(folder) else out_of_scope,
        )
        for folder in folders
    }
    per_question = (
        compare.per_question(next(iter(runs.values())))
        if len(runs) == 1
        else compare.pooled({name: compare.per_question(r) for name, r in runs.items()})
    )
    if args.save is not None:
        compare.save(args.save, per_question)
    if args.json:
        public = {name: {k: _public(v) for k, v in r.items()} for name, r in runs.items()}
        print(json.dumps(public[folders[0].name] if len(runs) == 1 else public, indent=2))
    else:
        for folder in folders:
            _print_figures(folder, runs[folder.name])
            print()
    if args.misses:
        for name, results in runs.items():
            _print_misses(name, results)
    if before is not None:
        _print_against(args.against, before, per_question, listed=args.misses)
    if args.check:
        return max(_check(_thresholds(f), runs[f.name]) for f in folders)
    return 0


def _inputs(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> tuple[list[Path], compare.PerQuestion | None]:
    """The set folders and the saved run to compare with; bad arguments end here, before the
    minutes a run takes."""
    try:
        folders = set_folders(args.sets or ["frozen"])
    except ValueError as exc:
        parser.error(str(exc))
    if (args.save or args.against) and (aggregate := [f.name for f in folders if _held_out(f)]):
        parser.error(
            f"{', '.join(aggregate)}: reported in aggregate only (frozen or held out): "
            "no --save or --against"
        )
    try:
        pools = args.every_out_of_scope and _pools(folders)
    except ValueError as exc:  # a set that cannot be read
        parser.error(str(exc))
    if args.every_out_of_scope and (args.no_faq or not pools):
        parser.error(
            "--every-out-of-scope: needs the FAQ runs, a development set with a FAQ (one of "
            f"{', '.join(FAQ_DOCUMENTS)}, and faq_questions.jsonl) "
            "and one with out-of-scope questions"
        )
    if args.check and (unchecked := [f.name for f in folders if not _thresholds(f).is_file()]):
        parser.error(f"--check: no thresholds.json in {', '.join(unchecked)}")
    if args.save is not None and not args.save.parent.is_dir():
        parser.error(f"--save: no folder {args.save.parent} to write {args.save.name} in")
    try:
        return folders, None if args.against is None else compare.load(args.against)
    except ValueError as exc:
        parser.error(str(exc))


def set_folders(names: Sequence[str]) -> list[Path]:
    """The set folders named (a name under evaluation/, a path, or every development set:
    neither frozen nor held out), each once, in the order given; a clear error for one that
    is not a set."""
    folders: list[Path] = []
    for name in names:
        if name == ALL_DEVELOPMENT:
            found = sorted(f for f in EVALUATION.iterdir() if (f / "questions.jsonl").is_file())
            folders += [f for f in found if not _held_out(f)]
            continue
        folder = Path(name) if Path(name).is_dir() else EVALUATION / name
        if not (folder / "questions.jsonl").is_file():
            raise ValueError(f"--set {name}: no question set there ({folder})")
        folders.append(folder)
    unique = list(dict.fromkeys(folders))
    if len({f.name for f in unique}) < len(unique):
        raise ValueError("--set: two sets with the same folder name cannot be pooled")
    return unique


def _held_out(folder: Path) -> bool:
    """The frozen set, or a set kept for measuring only (a ``HELD_OUT`` file says why)."""
    return folder.resolve() == FROZEN.resolve() or (folder / HELD_OUT).is_file()


def _thresholds(folder: Path) -> Path:
    return folder / "thresholds.json"


def _check(path: Path, results: dict[str, Any]) -> int:
    thresholds = json.loads(path.read_text(encoding="utf-8"))
    failures = []
    for part, limits in thresholds.items():
        value = results.get(part)
        target: Metrics | FaqResult | None = value[0] if isinstance(value, list) else value
        if target is None:
            failures.append(f"{part}: not measured")
            continue
        failures += [f"{part}: {f}" for f in check(target, limits)]
    if failures:
        print("Below the thresholds: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
