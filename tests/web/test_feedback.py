"""The feedback store: ratings with their question, passages and index version, the question
counts (text only when out of scope), nothing about the person, and the CSV export."""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import DBAPIError

from chatbot.answer import Answer, Hit, IndexInfo
from indexer.chunking import Chunk
from tests.web.conftest import record_question
from web.records.store import FEEDBACK, FeedbackStore, Passage, main, utc_now

PASSAGES = [Passage("abc123", "Aanbeveling 6 · Baseer · Doorbraakproject 3")]


@pytest.fixture
def store(database_url: str) -> Iterator[FeedbackStore]:
    store = FeedbackStore(database_url)
    yield store
    store.close()


def rate(store: FeedbackStore, **changes: object) -> int:
    values: dict[str, object] = {
        "rating": "up",
        "question": "Wat is een onthardingsmakelaar?",
        "in_scope": True,
        "passages": PASSAGES,
        "index_version": "v1",
        "language": "nl",
        "view": "chat",
    }
    values.update(changes)
    return store.add_feedback(**values)  # type: ignore[arg-type]


def test_a_rating_is_kept_with_its_question_passages_and_index_version(
    store: FeedbackStore,
) -> None:
    first = rate(store)
    assert store.comment(first, "  Duidelijk!\x00  ")
    second = rate(store, rating="down", question="Wat is de UiT-pas?", view="embed")
    assert store.rate(second, "up")
    records = store.feedback()
    assert [r.id for r in records] == [second, first], "newest first"
    latest, earliest = records
    assert (latest.rating, latest.view, latest.comment) == ("up", "embed", None)
    assert earliest.comment == "Duidelijk!"
    assert earliest.passages == tuple(PASSAGES)
    assert earliest.index_version == "v1"
    store.withdraw(first)
    assert [r.id for r in store.feedback()] == [second]
    assert not store.comment(first, "gone")


def test_nothing_about_the_person_is_stored(store: FeedbackStore) -> None:
    columns = {
        column["name"]
        for table in inspect(store.engine).get_table_names()
        for column in inspect(store.engine).get_columns(table)
    }
    assert not {c for c in columns if any(w in c for w in ("ip", "address", "session", "user"))}


def test_questions_are_counted_with_their_text_only_when_the_note_has_no_answer(
    store: FeedbackStore,
) -> None:
    chunk = Chunk("c", "n.md", 6, "T", "context", None, None, "tekst")
    info = IndexInfo("v1", "fake")
    answered = Answer("Mijn naam is Jan, wat is ontharding?", True, (Hit(chunk, 1.0),), info)
    record_question(store, answered, view="chat")
    record_question(store, Answer("Hoe laat opent het zwembad?", False, (), info), view="embed")
    inside, outside = store.questions()
    assert (inside.question, inside.recommendations, inside.in_scope) == (None, (6,), True)
    assert (outside.question, outside.recommendations, outside.view) == (
        "Hoe laat opent het zwembad?",
        (),
        "embed",
    )


def test_the_export_is_csv_that_a_spreadsheet_does_not_run(
    store: FeedbackStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rated = rate(store, question='=HYPERLINK("http://x")', language="fr")
    store.comment(rated, "+1 goed\nnieuwe regel")
    out = io.StringIO()
    assert store.export_csv(out) == 1
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["question"] == '\'=HYPERLINK("http://x")'
    assert row["comment"] == "'+1 goed\nnieuwe regel"
    assert row["passages"] == PASSAGES[0].citation
    assert (row["passage_ids"], row["index_version"], row["language"]) == ("abc123", "v1", "fr")

    target = tmp_path / "export.csv"
    assert main(["export", "--database-url", store.url, "--output", str(target)]) == 0
    with target.open(encoding="utf-8", newline="") as written:
        assert written.read() == out.getvalue()
    assert main(["export", "--database-url", store.url]) == 0
    captured = capsys.readouterr()
    assert captured.out == out.getvalue()
    assert "1 rating(s) exported" in captured.err


def test_questions_are_counted_in_the_background_many_at_a_time(database_url: str) -> None:
    store = FeedbackStore(database_url)
    info = IndexInfo("v1", "fake")
    threads = [
        threading.Thread(
            target=lambda i=i: store.count_later(Answer(f"vraag {i}", False, (), info), view="api")
        )
        for i in range(200)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    records = store.questions()  # waits for the writer
    assert len(records) == 200
    assert {r.question for r in records} == {f"vraag {i}" for i in range(200)}
    assert {r.view for r in records} == {"api"}
    store.close()


def test_questions_and_feedback_past_the_retention_period_are_deleted(
    database_url: str,
) -> None:
    url = database_url
    now = utc_now()
    info = IndexInfo("v1", "fake")
    keeper = FeedbackStore(url)  # 0: keeps everything
    for days in (400, 10):
        question = Answer(f"{days} dagen oud", False, (), info)
        record_question(keeper, question, view="chat", at=now - timedelta(days=days))
        rate(keeper, question=f"{days} dagen oud", at=now - timedelta(days=days))
    assert keeper.prune(now) == 0
    assert len(keeper.questions()) == 2
    keeper.close()

    store = FeedbackStore(url, retention_days=365)  # deletes what is too old at once
    assert [q.question for q in store.questions()] == ["10 dagen oud"]
    assert [r.question for r in store.feedback()] == ["10 dagen oud"]
    assert store.prune(now) == 0
    assert store.prune(now + timedelta(days=360)) == 2
    store.close()


TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("separator", [";", ",", "\t", "|"])
def test_no_cell_runs_as_a_formula_whatever_the_separator(
    store: FeedbackStore, separator: str
) -> None:
    hostile = [
        "goed;=1+1",  # the Dutch/Belgian Excel default separator
        'prima;"=HYPERLINK(""http://x"")"',
        "ok, @SUM(A1:A9)",
        "tab\t=2+2",
        "pijp|+3",
        "regel\n-4+5",
        "spatie;   =6",
    ]
    for n, comment in enumerate(hostile):
        store.comment(rate(store, question=f"vraag {n};=7*7"), comment)
    out = io.StringIO()
    store.export_csv(out)
    rows = list(csv.reader(io.StringIO(out.getvalue()), delimiter=separator))
    assert len(rows) > len(hostile)
    for row in rows:
        for cell in row:
            for piece in cell.split("\n"):
                start = piece.lstrip(' "')[:1]
                assert start not in TRIGGERS, (separator, cell)
    parsed = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert parsed[0]["comment"] == "goed;'=1+1"  # readable, one mark added


def test_a_failed_write_does_not_carry_the_persons_words(store: FeedbackStore) -> None:
    """A database error is logged with its statement; the comment it carried stays out."""
    feedback = rate(store)
    with store.engine.begin() as connection:
        FEEDBACK.drop(connection)
    words = "Mijn naam is Jan Peeters, Kerkstraat 12 in Lier"
    with pytest.raises(DBAPIError) as failure:
        store.comment(feedback, words)
    assert "Kerkstraat" not in str(failure.value)
