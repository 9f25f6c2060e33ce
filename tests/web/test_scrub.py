"""Free text is stored without e-mail addresses, phone numbers and national register numbers,
and erased after its own retention period while the counts stay."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chatbot.answer import Answer, IndexInfo
from tests.web.conftest import record_question
from web.records.scrub import EMAIL, NATIONAL_NUMBER, PHONE, scrub
from web.records.store import FeedbackStore, Passage, utc_now


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("mail me op jan.peeters@mechelen.be aub", f"mail me op {EMAIL} aub"),
        ("bel 0475 12 34 56 of 015/29.76.54", f"bel {PHONE} of {PHONE}"),
        ("+32 475 12 34 56, 0032 15 29 76 54", f"{PHONE}, {PHONE}"),
        (
            "mijn rijksregisternummer is 85.07.30-033.28",
            f"mijn rijksregisternummer is {NATIONAL_NUMBER}",
        ),
        ("85073003328", NATIONAL_NUMBER),
    ],
)
def test_personal_details_are_replaced(typed: str, stored: str) -> None:
    assert scrub(typed) == stored


@pytest.mark.parametrize(
    "text",
    [
        "Wat zegt aanbeveling 7 over 2025-2030?",
        "Een budget van 12.000.000 euro",
        "Op 12/03/2024 om 14u in 2800 Mechelen",
        "Doorbraakproject 3 van 12, 0,5 procent",
    ],
)
def test_the_note_s_numbers_stay(text: str) -> None:
    assert scrub(text) == text


def test_nothing_personal_is_written_and_free_text_is_erased_in_time(database_url: str) -> None:
    store = FeedbackStore(database_url, free_text_days=30)
    now = utc_now()
    for days in (40, 10):
        question = f"Wat kost het zwembad? mail jan@example.be ({days})"
        record_question(
            store,
            Answer(question, False, (), IndexInfo("v1", "fake")),
            view="chat",
            at=now - timedelta(days=days),
        )
        rated = store.add_feedback(
            rating="down",
            question=f"Bel me op 0475 12 34 56 ({days})",
            in_scope=True,
            passages=[Passage("x", "Aanbeveling 1")],
            index_version="v1",
            language="nl",
            view="chat",
            at=now - timedelta(days=days),
        )
        store.comment(rated, "mijn nummer is 85.07.30-033.28")
    with store.engine.connect() as connection:
        everything = " ".join(
            str(row)
            for table in ("vraagbaak_questions", "vraagbaak_feedback")
            for row in connection.exec_driver_sql(f"SELECT * FROM {table}")
        )
    assert "jan@example.be" not in everything and "0475" not in everything
    assert "85.07.30" not in everything and EMAIL in everything and PHONE in everything

    store.prune(now)
    old, recent = store.questions()
    assert old.question is None and recent.question is not None and "(10)" in recent.question
    assert (old.in_scope, old.view) == (False, "chat")  # the count stays
    recent_rating, old_rating = store.feedback()
    assert (old_rating.question, old_rating.comment) == ("", None)
    assert old_rating.rating == "down"
    assert recent_rating.comment == f"mijn nummer is {NATIONAL_NUMBER}"
    store.close()
