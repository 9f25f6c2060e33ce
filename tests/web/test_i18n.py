"""Interface texts in Dutch, English and French, and how the language is chosen."""

from __future__ import annotations

import re

import pytest

from chatbot.inputs import EMPTY_MESSAGE
from web.texts import REFUSALS, TEXTS, from_accept_language, pick_language, refusal, text


def test_every_text_exists_in_every_language_with_the_same_placeholders() -> None:
    keys = set(TEXTS["nl"])
    for lang, texts in TEXTS.items():
        assert set(texts) == keys, lang
        for key, value in texts.items():
            assert value.strip(), (lang, key)
            placeholders = set(re.findall(r"{(\w+)}", value))
            assert placeholders == set(re.findall(r"{(\w+)}", TEXTS["nl"][key])), (lang, key)


def test_the_dutch_texts_are_the_chats_own_messages() -> None:
    assert text("nl", "empty_question") == EMPTY_MESSAGE
    assert text("xx", "ask") == "Vraag", "an unknown language falls back to Dutch"
    assert text("fr", "page", page=4) == "page 4"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("nl-BE,nl;q=0.9,en;q=0.8", "nl"),
        ("fr-BE,fr;q=0.9,nl;q=0.8", "fr"),
        ("en-GB,en;q=0.9", "en"),
        ("de-DE,de;q=0.9,en;q=0.5,fr;q=0.7", "fr"),
        ("de-DE", None),
        ("en;q=0,fr;q=0.1", "fr"),
        ("", None),
        (None, None),
        ("garbage;;q=x,,", None),
    ],
)
def test_the_browsers_preferred_language(header: str | None, expected: str | None) -> None:
    assert from_accept_language(header) == expected


def test_an_explicit_choice_beats_the_remembered_switch_and_the_browser() -> None:
    assert pick_language("fr", "en", "nl") == "fr"
    assert pick_language(None, "en", "fr") == "en"
    assert pick_language("xx", "", "fr-BE") == "fr"
    assert pick_language(None, None, "de") == "nl"


def test_every_language_refuses_in_its_own_words() -> None:
    assert set(REFUSALS["en"]) == set(REFUSALS["fr"]) >= set(REFUSALS["nl"])
    assert refusal("nl", "busy", "own message") == "own message", "Dutch keeps the rule's text"
    assert refusal("fr", "busy", "own message") == REFUSALS["fr"]["busy"]
    assert refusal("en", "empty_question", "own message") == "own message"
