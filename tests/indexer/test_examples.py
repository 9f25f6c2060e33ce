"""Example questions are tied to the words of their passages, not to their place."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from indexer.chunking import Chunk
from indexer.examples import (
    ExampleMatch,
    ExampleQuestion,
    documents_with_questions,
    is_page_section,
    load_example_questions,
    match_examples,
    passage_key,
)


def chunk(number: int, text: str, *, section: str = "context", title: str = "T") -> Chunk:
    return Chunk(f"id{number}-{text[:4]}", "n.md", number, title, section, None, None, text)  # type: ignore[arg-type]


NOTE = [chunk(1, "Over fietspaden."), chunk(2, "Over kinderopvang en jeugd.")]


def test_an_example_follows_its_words_when_the_note_is_reordered() -> None:
    example = ExampleQuestion("kan ik veilig fietsen?", (passage_key("Over  fietspaden.\n"),))
    reordered = [replace(NOTE[1], recommendation=1), replace(NOTE[0], recommendation=2)]
    match = match_examples([example], reordered)
    assert [a.chunks for a in match.applied] == [(1,)]
    assert match.stale == ()


def test_an_example_of_rewritten_or_removed_text_is_stale() -> None:
    examples = [
        ExampleQuestion("kan ik veilig fietsen?", (passage_key("Over fietspaden."),), "1"),
        ExampleQuestion("en de jeugd?", (passage_key("Over kinderopvang en jeugd."),), "2"),
        ExampleQuestion("beide?", tuple(passage_key(c.text) for c in NOTE), "1, 2"),
        ExampleQuestion("weer?", ()),
    ]
    rewritten = [chunk(1, "Over fietspaden en voetpaden."), NOTE[1]]
    match = match_examples(examples, rewritten)
    assert [a.question for a in match.applied] == ["en de jeugd?"]
    assert [e.question for e in match.stale] == ["kan ik veilig fietsen?", "beide?"]
    assert match.unanswerable == ("weer?",)
    # "beide?" stood at 1 and 2; only the passage at 1 changed, and only 1 is named
    assert [e.where for e in match.stale] == ["1", "1"]
    assert match.summary().endswith("2 stale (passage changed or removed: 1)")


def test_the_build_summary_names_each_stale_place_once_in_the_notes_order() -> None:
    stale = tuple(
        ExampleQuestion(f"vraag {n}?", (), where)
        for n, where in enumerate(["9, 9.1", "10", "9.1, 9.2", "0 inhoud", "9"])
    )
    match = ExampleMatch((), stale, ())
    assert match.summary().endswith("(passage changed or removed: 0 inhoud, 9, 9.1, 9.2, 10)")


def test_a_documents_question_headings_are_its_examples() -> None:
    faq = [
        chunk(0, "Ja, tot 50 euro per m².", section="document", title="Krijg ik een premie?"),
        chunk(0, "Twaalf.", section="document", title="Welke gemeenten horen erbij?"),
        chunk(0, "Info.", section="document", title="Contact"),
    ]
    match = match_examples([], [*NOTE, *faq])
    assert [(a.question, a.chunks, a.heading) for a in match.applied] == [
        ("Krijg ik een premie?", (2,), True),
        ("Welke gemeenten horen erbij?", (3,), True),
    ]
    assert match.headings == 2


def test_a_document_is_a_faq_only_when_most_of_its_headings_ask() -> None:
    def document(name: str, titles: list[str]) -> list[Chunk]:
        return [
            replace(chunk(0, f"Tekst {n}.", section="document", title=t), document=name)
            for n, t in enumerate(titles)
        ]

    faq = document("faq.md", ["Krijg ik een premie?", "Wie mag meedoen?", "Contact"])
    newsletter = document(
        "nieuwsbrief.eml",
        ["Wat is Alles Vloeit?", "Onthardingspremie", "Infoavond", "Pilootstraat", "Vragen?"],
    )
    chunks = [*NOTE, *faq, *newsletter]
    faqs = documents_with_questions(chunks)
    assert faqs == {"faq.md"}
    # a newsletter's sections stand in as a page's do, but for its question headings
    assert [is_page_section(c, faqs) for c in newsletter] == [False, True, True, True, False]
    assert not any(is_page_section(c, faqs) for c in [*NOTE, *faq])


def test_the_examples_file_is_read_and_a_bad_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "examples.jsonl"
    path.write_text(
        json.dumps({"question": "fietsen?", "passages": ["abc"], "where": "7.1"})
        + "\n\n"
        + json.dumps({"question": "weer?", "passages": []})
        + "\n"
    )
    assert load_example_questions(path) == [
        ExampleQuestion("fietsen?", ("abc",), "7.1"),
        ExampleQuestion("weer?", ()),
    ]
    assert load_example_questions(tmp_path / "missing.jsonl") == []
    path.write_text('{"vraag": "x"}\n')
    with pytest.raises(ValueError, match=r"examples\.jsonl, line 1"):
        load_example_questions(path)
