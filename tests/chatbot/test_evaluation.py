"""The evaluation harness: strict metrics, the sets' shape, and no training text that repeats
an evaluation question."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chatbot.evaluation import (
    DEV,
    FROZEN,
    Expected,
    Metrics,
    Question,
    Ranked,
    check,
    compare,
    evaluate,
    evaluation_texts,
    faq_document,
    interval,
    load_conversations,
    load_faq_questions,
    load_questions,
    near_duplicate,
    near_duplicates,
)
from chatbot.evaluation import __main__ as harness
from chatbot.evaluation.__main__ import _how_sure, main, pooled_out_of_scope, run, set_folders
from chatbot.evaluation.runs import FaqResult
from chatbot.lexical import fold
from chatbot.scope import ScopeModel
from chatbot.service import Chatbot
from indexer.chunking import Chunk
from indexer.examples import load_example_questions
from indexer.settings import PROJECT_DIR, Settings
from tests.fakes import HashingEmbedder

NOTE = PROJECT_DIR / "corpus" / "alles-vloeit-folder.md"


def chunk(recommendation: int, item: int | None = None, section: str = "context") -> Chunk:
    return Chunk(
        id=f"{recommendation}-{item}-{section}",
        document="x.md",
        recommendation=recommendation,
        title="t",
        section=section,  # type: ignore[arg-type]
        item=item,
        page=None,
        text=f"tekst van {recommendation} {item} met zonneparken en windmolens",
    )


def test_expected_matches_recommendation_item_and_section() -> None:
    assert Expected(6, 3).matches(chunk(6, 3, "doorbraakproject"))
    assert not Expected(6, 3).matches(chunk(6, 2, "doorbraakproject"))
    assert Expected(6).matches(chunk(6, 2, "doorbraakproject"))
    assert Expected(0, section="colofon").matches(chunk(0, section="colofon"))
    assert not Expected(0, section="colofon").matches(chunk(0, section="voorwoord"))
    assert not Expected(0).matches(chunk(0, section="document"))


def test_a_refused_answerable_question_is_a_miss_at_every_k() -> None:
    question = Question("a", "q", "k", (Expected(1),))
    refused = evaluate("x", lambda q: Ranked((), (chunk(1),), "not_found"), [question])
    assert refused.recall_at_1 == refused.recall_at_3 == refused.mrr == 0.0
    assert refused.answerable_not_found == 1.0
    closest = evaluate("x", lambda q: Ranked((chunk(1),), (), "closest"), [question])
    assert closest.recall_at_1 == 1.0 and closest.answerable_closest == 1.0


def test_a_question_needing_several_recommendations_needs_all_of_them() -> None:
    question = Question("a", "q", "cross_cutting", (Expected(6), Expected(9), Expected(7)))
    two = Ranked((chunk(6), chunk(9)), (chunk(1), chunk(7)), "answered")
    partial = evaluate("x", lambda q: two, [question])
    assert partial.recall_at_1 == partial.recall_at_3 == 0.0
    assert partial.cross_cutting_complete == 0.0 and partial.complete == 0.0
    three = Ranked((chunk(9), chunk(7), chunk(6)), (), "answered")
    whole = evaluate("x", lambda q: three, [question])
    assert whole.recall_at_1 == whole.cross_cutting_complete == 1.0
    assert whole.cross_cutting_extra == 0.0 and partial.cross_cutting_extra == 0.0
    five = Ranked((chunk(9), chunk(7), chunk(6), chunk(1), chunk(2)), (), "answered")
    assert evaluate("x", lambda q: five, [question]).cross_cutting_extra == 2.0


def test_recommendations_quoted_beyond_the_labelled_ones_are_counted_for_every_answer() -> None:
    one = Question("a", "q", "resident", (Expected(12),))
    padded = Ranked((chunk(12), chunk(11), chunk(3)), (), "answered")
    assert evaluate("x", lambda q: padded, [one]).extra == 2.0
    alone = Ranked((chunk(12), chunk(12, 1, "doorbraakproject")), (), "answered")
    assert evaluate("x", lambda q: alone, [one]).extra == 0.0
    # nothing quoted, or a ranking without an outcome (a baseline): nothing to count
    assert evaluate("x", lambda q: Ranked((), (chunk(3),), "not_found"), [one]).extra is None
    assert evaluate("x", lambda q: Ranked((chunk(12), chunk(3))), [one]).extra is None


def test_item_and_phrase_at_1() -> None:
    question = Question("a", "q", "fact", (Expected(8, 1),), phrase="zonneparken  en windmolens")
    right = evaluate("x", lambda q: Ranked((chunk(8, 1, "doorbraakproject"),)), [question])
    assert right.item_at_1 == 1.0 and right.phrase_at_1 == 1.0
    wrong_item = evaluate("x", lambda q: Ranked((chunk(8, 2, "doorbraakproject"),)), [question])
    assert wrong_item.item_at_1 == 0.0 and wrong_item.recall_at_1 == 0.0


def test_a_fact_phrase_counts_as_marked_only_within_the_marked_sentences() -> None:
    question = Question("a", "q", "fact", (Expected(8, 1),), phrase="zonneparken en windmolens")
    first = (chunk(8, 1, "doorbraakproject"),)
    marked = ("Voorzie ruimte voor zonneparken", "en windmolens.")  # across two sentences
    right = evaluate("x", lambda q: Ranked(first, (), "answered", marked), [question])
    assert right.phrase_at_1 == 1.0 and right.phrase_marked == 1.0
    other = evaluate("x", lambda q: Ranked(first, (), "answered", ("Een andere zin.",)), [question])
    assert other.phrase_at_1 == 1.0 and other.phrase_marked == 0.0
    refused = evaluate("x", lambda q: Ranked((), first, "not_found", ()), [question])
    assert refused.phrase_marked == 0.0
    # a baseline marks nothing: no figure
    assert evaluate("x", lambda q: Ranked(first), [question]).phrase_marked is None


def test_out_of_scope_outcomes_are_counted() -> None:
    questions = [Question(str(n), f"q{n}", "out_of_scope", ()) for n in range(4)]
    outcomes = iter(["not_found", "not_found", "closest", "answered"])
    metrics = evaluate("x", lambda q: Ranked((), (), next(outcomes)), questions)  # type: ignore[arg-type]
    assert metrics.out_of_scope_not_found == 0.5
    assert metrics.out_of_scope_answered == 0.25


def test_the_interval_of_a_share_is_wilsons() -> None:
    low, high = interval(0.8, 10) or (0.0, 0.0)
    assert (round(low, 3), round(high, 3)) == (0.49, 0.943)  # the textbook example
    assert interval(1.0, 176) is not None and interval(1.0, 176)[1] == 1.0  # type: ignore[index]
    narrow, wide = interval(0.82, 1000), interval(0.82, 176)
    assert narrow is not None and wide is not None
    assert narrow[1] - narrow[0] < wide[1] - wide[0]
    assert interval(0.5, 0) is None
    question = Question("a", "q", "k", (Expected(1),))
    outside = Question("b", "q2", "out_of_scope", ())
    counted = evaluate("x", lambda q: Ranked((chunk(1),), (), "answered"), [question, outside])
    assert counted.answerable == 1 and counted.questions == 2


def test_the_harness_says_how_sure_its_recall_figures_are() -> None:
    said = _how_sure(Metrics("product", answerable=176, recall_at_1=0.818, recall_at_3=0.903))
    assert "176 answerable questions (one question: 0.006)" in said
    assert "R@1 (0.754-0.868)" in said and "R@3 (0.850-0.938)" in said
    assert _how_sure(Metrics("product")) == ""


def test_check_reports_what_falls_short() -> None:
    metrics = Metrics("x", recall_at_1=0.8, answerable_not_found=0.1)
    assert check(metrics, {"recall_at_1": 0.9, "answerable_not_found": 0.03}) == [
        "recall_at_1 = 0.8 (threshold 0.9)",
        "answerable_not_found = 0.1 (threshold 0.03)",
    ]
    assert check(metrics, {"recall_at_1": 0.5}) == []
    assert check(metrics, {"phrase_at_1": 0.5}) == ["phrase_at_1 = None (threshold 0.5)"]


def test_near_duplicates_are_found_by_folding_or_word_overlap() -> None:
    assert near_duplicate("Wat is de UiT-pas?", "wat is de uit pas")
    assert near_duplicate(
        "Hoeveel inwoners telt Rivierenland?", "Hoeveel inwoners telt rivierenland nu"
    )
    assert not near_duplicate("Wat is een onthardingsmakelaar?", "Wie schreef de nota?")
    assert near_duplicates(["a b c d"], ["x", "a b c d e"]) == [("a b c d", "a b c d e")]


@pytest.mark.parametrize("folder", [FROZEN, DEV])
def test_the_sets_are_well_formed(folder: Path) -> None:
    note = " ".join(NOTE.read_text(encoding="utf-8").split())
    questions = load_questions(folder / "questions.jsonl")
    assert len({q.id for q in questions}) == len(questions)
    assert sum(not q.answerable for q in questions) >= 40
    kinds = {q.kind for q in questions}
    assert {"resident", "dialect", "long", "fact", "cross_cutting", "english", "french"} <= kinds
    for question in questions:
        assert all(
            0 <= e.recommendation <= 12 and e.item in (None, 1, 2, 3) for e in question.expected
        )
        if question.phrase:
            assert " ".join(question.phrase.split()) in note, question.id
    conversations = load_conversations(folder / "conversations.jsonl")
    assert all(2 <= len(turns) <= 5 for turns in conversations)
    headings = {
        line[3:].strip()
        for line in (folder / "faq.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    }
    assert {q.heading for q in load_faq_questions(folder / "faq_questions.jsonl")} == headings


def test_the_frozen_set_is_as_large_as_promised() -> None:
    questions = load_questions(FROZEN / "questions.jsonl")
    assert len(questions) >= 200
    assert sum(not q.answerable for q in questions) >= 50
    conversations = load_conversations(FROZEN / "conversations.jsonl")
    assert sum(2 <= len(turns) <= 4 for turns in conversations) >= 25


def test_no_training_text_repeats_an_evaluation_question() -> None:
    """Examples (answerable and not), thesaurus groups and web examples: none may be a
    near-duplicate of any question of any evaluation set."""
    asked = evaluation_texts()
    assert len(asked) > 700
    examples = [
        e.question
        for e in load_example_questions(PROJECT_DIR / "chatbot/data/example_questions.jsonl")
    ]
    assert len(examples) > 1000
    thesaurus = [
        line.split("#", 1)[0]
        for line in (PROJECT_DIR / "chatbot/data/thesaurus.txt").read_text("utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    ]
    found = near_duplicates([*examples, *thesaurus], asked)
    assert found == [], found[:10]


def test_the_rule_catches_a_planted_duplicate() -> None:
    asked = evaluation_texts()
    planted = fold(asked[0]).upper()
    assert near_duplicates([planted], asked)


@pytest.mark.slow
def test_the_product_meets_the_committed_thresholds_on_the_frozen_set(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The harness with the real model, as CI runs it: fails when quality regresses."""
    status = main(["--check", "--json"])
    figures = json.loads(capsys.readouterr().out)
    product, dense, bm25 = figures["questions"]
    assert status == 0, product
    assert product["recall_at_1"] > max(dense["recall_at_1"], bm25["recall_at_1"])
    assert figures["faq"]["questions"] >= 30


def test_two_runs_are_compared_question_by_question(tmp_path: Path) -> None:
    before = {"questions": {"a": True, "b": False, "c": True}, "faq": {"f": False}}
    after = {"questions": {"a": False, "b": True, "c": True, "d": True}, "faq": {"f": True}}
    saved = tmp_path / "before.json"
    compare.save(saved, before)
    faq, questions = compare.flips(compare.load(saved), after)
    assert (questions.gained, questions.lost, questions.compared) == (("b",), ("a",), 3)
    assert (faq.gained, faq.lost) == (("f",), ())
    assert "1 gained, 1 lost of 3" in questions.summary()


def test_the_sign_test_is_exact_and_two_sided() -> None:
    assert compare.sign_test(0, 0) == 1.0
    assert compare.sign_test(3, 3) == 1.0
    assert compare.sign_test(5, 0) == pytest.approx(2 / 32)
    assert compare.sign_test(2, 10) == pytest.approx(2 * (1 + 12 + 66) / 4096)


def test_a_run_s_results_are_kept_per_question() -> None:
    questions = [
        Question("a", "q", "k", (Expected(1),)),
        Question("o1", "begroting?", "out_of_scope", ()),
        Question("o2", "openingsuren?", "out_of_scope", ()),
    ]

    def ranker(question: Question) -> Ranked:
        refused = question.id == "o1"
        return Ranked(() if refused else (chunk(2),), (), "not_found" if refused else "answered")

    metrics = evaluate("x", ranker, questions)
    faq = FaqResult(1, 1.0, (), {"f1": True})
    results = {
        "questions": [metrics],
        "faq": faq,
        "questions with the FAQ added": metrics,
        compare.EVERY_OUT_OF_SCOPE: metrics,
    }
    assert compare.per_question(results) == {
        "questions": {"a": False},
        "out of scope": {"o1": True, "o2": False},  # a change that answers more shows
        "faq": {"f1": True},
        "questions with the FAQ added": {"a": False},
        compare.EVERY_OUT_OF_SCOPE: {"o1": True, "o2": False},
    }


def test_a_file_that_is_not_a_saved_run_is_refused(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"questions": {"a": "yes"}}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a saved evaluation run"):
        compare.load(wrong)
    with pytest.raises(SystemExit):
        main(["--set", "dev", "--against", str(wrong)])
    with pytest.raises(SystemExit):  # before the run, not after it
        main(["--set", "dev", "--save", str(tmp_path / "missing" / "run.json")])


def test_the_frozen_set_is_not_compared_question_by_question(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--set", "frozen", "--save", str(tmp_path / "frozen.json")])
    assert not (tmp_path / "frozen.json").exists()


def test_several_sets_are_compared_pooled_under_their_names() -> None:
    runs = {
        "dev_a": {"questions": {"q1": True}, "faq": {"f1": False}},
        "dev_b": {"questions": {"q1": False}},
    }
    assert compare.pooled(runs) == {
        "questions": {"dev_a/q1": True, "dev_b/q1": False},
        "faq": {"dev_a/f1": False},
    }


def test_development_means_every_set_neither_frozen_nor_held_out() -> None:
    folders = set_folders(["development"])
    assert DEV in folders
    assert FROZEN not in folders
    held_out = [f.parent for f in FROZEN.parent.glob("*/HELD_OUT")]
    assert held_out
    assert not set(held_out) & set(folders)
    assert len(folders) == len({f.name for f in folders}) > 1
    assert set_folders(["dev", "dev"]) == [DEV]


def test_bad_set_arguments_are_refused_before_the_run(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no question set"):
        set_folders(["no_such_set"])
    with pytest.raises(SystemExit):  # the frozen set among several is still not compared
        main(["--set", "dev", "--set", "frozen", "--save", str(tmp_path / "run.json")])
    with pytest.raises(SystemExit):  # nor a held-out one
        main(["--set", "dev_s12check", "--save", str(tmp_path / "run.json")])
    with pytest.raises(SystemExit):  # a development set has no thresholds to check
        main(["--set", "dev", "--check"])
    assert not (tmp_path / "run.json").exists()


def test_every_development_set_s_out_of_scope_questions_are_pooled_under_their_names() -> None:
    pooled = pooled_out_of_scope([DEV, FROZEN])
    own = [q for q in load_questions(DEV / "questions.jsonl") if not q.answerable]
    assert [q.id for q in pooled] == [f"dev/{q.id}" for q in own if not q.history]
    assert len(pooled) >= 40
    assert not pooled_out_of_scope([FROZEN])  # reported only: its questions are not pooled
    with pytest.raises(SystemExit):
        main(["--set", "frozen", "--every-out-of-scope"])
    with pytest.raises(SystemExit):
        main(["--set", "dev", "--every-out-of-scope", "--no-faq"])


def test_held_out_sets_are_not_pooled_and_a_run_that_cannot_pool_is_refused(
    tmp_path: Path,
) -> None:
    line = '{"id": "o1", "question": "Wat kost een parkeerkaart?", "kind": "x", "expected": []}'
    for name in ("dev_open", "dev_kept"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "questions.jsonl").write_text(line + "\n", encoding="utf-8")
    (tmp_path / "dev_kept" / "HELD_OUT").touch()
    folders = set_folders([str(tmp_path / "dev_open"), str(tmp_path / "dev_kept")])
    assert [q.id for q in pooled_out_of_scope(folders)] == ["dev_open/o1"]
    with pytest.raises(SystemExit):  # no development set with a FAQ to add
        main(["--set", "dev_nov30", "--every-out-of-scope"])


def test_main_pools_the_development_sets_questions_into_their_faq_runs_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: dict[str, list[Question]] = {}

    def refusing(question: Question) -> Ranked:
        return Ranked((), (), "not_found")

    def recorded(
        folder: Path, settings: Settings, *, faq: bool = True, out_of_scope: Any = ()
    ) -> dict[str, Any]:
        calls[folder.name] = list(out_of_scope)
        results: dict[str, Any] = {"questions": [evaluate("x", refusing, [])]}
        if out_of_scope:
            results[compare.EVERY_OUT_OF_SCOPE] = evaluate("x", refusing, out_of_scope)
        return results

    monkeypatch.setattr(harness, "run", recorded)
    assert main(["--set", "dev", "--set", "frozen", "--every-out-of-scope"]) == 0
    assert calls["frozen"] == []  # a frozen FAQ is measured, never compared
    assert [q.id for q in calls["dev"]] == [q.id for q in pooled_out_of_scope([DEV])]
    saved = tmp_path / "run.json"
    assert main(["--set", "dev", "--every-out-of-scope", "--save", str(saved)]) == 0
    part = compare.load(saved)[compare.EVERY_OUT_OF_SCOPE]
    assert part == {q.id: True for q in calls["dev"]}


ZWOEFEL = {
    "faq.md": "# Zwoefel\n\n## Wat is de Zwoefelpas?\n\nDe Zwoefelpas is een bibliotheekkaart.\n",
    "faq.txt": "Zwoefel\n\nWat is de Zwoefelpas?\nDe Zwoefelpas is een bibliotheekkaart.\n\n"
    "Wat kost ze?\nNiets.\n",
}


def test_a_sets_staff_document_may_be_markdown_text_or_pdf(tmp_path: Path) -> None:
    (tmp_path / "faq.txt").write_text(ZWOEFEL["faq.txt"], encoding="utf-8")
    assert faq_document(tmp_path) is None  # no questions to ask of it
    (tmp_path / "faq_questions.jsonl").write_text("", encoding="utf-8")
    assert faq_document(tmp_path) == tmp_path / "faq.txt"


@pytest.mark.parametrize("name", sorted(ZWOEFEL))
def test_out_of_scope_questions_of_other_sets_are_asked_with_the_faq_added(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """With ``--every-out-of-scope`` the FAQ run also asks other sets' out-of-scope
    questions: one the added FAQ answers is answered, one nothing answers is refused."""
    folder = tmp_path / "dev_tiny"
    folder.mkdir()
    asked = {"id": "a1", "question": "Wat is een onthardingsmakelaar?", "kind": "fact"}
    expected = [{"recommendation": 6, "item": 3}]
    (folder / "questions.jsonl").write_text(
        json.dumps({**asked, "expected": expected}) + "\n", encoding="utf-8"
    )
    (folder / name).write_text(ZWOEFEL[name], encoding="utf-8")
    heading = {"faq_heading": "Wat is de Zwoefelpas?", "kind": "heading"}
    (folder / "faq_questions.jsonl").write_text(
        json.dumps({"id": "f1", "question": "Wat is de Zwoefelpas?", **heading}) + "\n",
        encoding="utf-8",
    )
    only_shared_words = ScopeModel(weights=(0.0, 50.0, 0.0), bias=-5.0)  # no stem: not found
    monkeypatch.setattr(
        harness, "Chatbot", lambda s: Chatbot(s, HashingEmbedder(), only_shared_words)
    )
    others = [
        Question("other/o1", "Wat is de Zwoefelpas?", "out_of_scope", ()),
        Question("other/o2", "Hoeveel kost een krabbelbrol?", "out_of_scope", ()),
    ]
    results = run(folder, settings, out_of_scope=others)
    every = results[compare.EVERY_OUT_OF_SCOPE]
    assert every.told_not_found == {"other/o1": False, "other/o2": True}
    assert every.misses == ["other/o1 [out_of_scope] answered: Wat is de Zwoefelpas?"]
    assert compare.per_question(results)[compare.EVERY_OUT_OF_SCOPE] == every.told_not_found


def test_a_set_that_uses_an_id_twice_is_refused(tmp_path: Path) -> None:
    line = '{"id": "q1", "question": "%s", "kind": "paraphrase", "expected": []}\n'
    twice = tmp_path / "questions.jsonl"
    twice.write_text(line % "een" + line % "twee", encoding="utf-8")
    with pytest.raises(ValueError, match="ids used more than once: q1"):
        load_questions(twice)


def test_a_sets_new_version_of_the_corpus_is_served_instead_of_the_corpus(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A set's ``version/`` files replace the corpus for its version questions: the revised
    text answers, and what only the project's corpus says is not in the new version."""
    folder = tmp_path / "dev_tiny"
    (folder / "version").mkdir(parents=True)
    asked = {"id": "a1", "question": "Wat is een onthardingsmakelaar?", "kind": "fact"}
    expected = [{"recommendation": 6, "item": 3}]
    (folder / "questions.jsonl").write_text(
        json.dumps({**asked, "expected": expected}) + "\n", encoding="utf-8"
    )
    revised = NOTE.read_text(encoding="utf-8").replace("onthardingsmakelaar", "zwoefelmakelaar")
    (folder / "version" / "alles-vloeit-2026.md").write_text(revised, encoding="utf-8")
    version_questions = [
        {"id": "v1", "question": "Wat is een zwoefelmakelaar?", "kind": "fact",
         "expected": expected},
        {"id": "v2", "question": "Hoeveel kost een krabbelbrol?", "kind": "out_of_scope",
         "expected": []},
    ]  # fmt: skip
    (folder / "version_questions.jsonl").write_text(
        "".join(json.dumps(q) + "\n" for q in version_questions), encoding="utf-8"
    )
    served: list[list[str]] = []

    def recording(s: Settings) -> Chatbot:
        served.append(sorted(p.name for p in s.corpus_dir.iterdir()))
        only_shared_words = ScopeModel(weights=(0.0, 50.0, 0.0), bias=-5.0)
        return Chatbot(s, HashingEmbedder(), only_shared_words)

    monkeypatch.setattr(harness, "Chatbot", recording)
    results = run(folder, settings)
    assert served == [[NOTE.name], ["alles-vloeit-2026.md"]]
    version = results[compare.NEW_VERSION]
    assert version.found_first == {"v1": True}
    assert version.told_not_found == {"v2": True}
    parts = compare.per_question(results)
    assert parts[compare.NEW_VERSION] == {"v1": True}
    assert parts[f"{compare.NEW_VERSION}, out of scope"] == {"v2": True}
    assert compare.NEW_VERSION not in run(folder, settings, faq=False)
