from __future__ import annotations

import pytest

from chatbot.preamble import without_preamble


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("nog iets anders: wat staat er over windmolens?", "wat staat er over windmolens?"),
        ("ok, iets helemaal anders: wat met AI?", "wat met AI?"),
        ("Andere vraag - kunnen we samen aanwerven?", "kunnen we samen aanwerven?"),
        ("Une autre question : et la mobilité ?", "et la mobilité ?"),
    ],
)
def test_words_that_change_the_subject_are_left_out(message: str, question: str) -> None:
    assert without_preamble(message) == question


@pytest.mark.parametrize(
    "message",
    [
        "nog iets anders voor kinderen?",  # no separator: "anders" is what is asked
        "andere vraag:",  # nothing follows
        "Wat doet de regio anders dan vroeger?",
    ],
)
def test_a_message_without_such_words_stays_as_it_is(message: str) -> None:
    assert without_preamble(message) == message
