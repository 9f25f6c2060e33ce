"""The chat handler behind both views, without a browser."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest

from chatbot.answer import Answer
from chatbot.service import Chatbot
from indexer.settings import Settings
from tests.fakes import HashingEmbedder
from tests.web.conftest import make_bot
from web.chat.ask_endpoint import ask_handler
from web.questions.backend import Service
from web.records.store import store_for
from web.texts import text


def chat(service: Service, message: str, history: list[Any] | None = None) -> str:
    return asyncio.run(ask_handler(service)(message, history or []))


def test_the_chat_answers_with_quotes_and_passes_the_earlier_questions(
    web_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = make_bot(web_settings)
    histories: list[list[str]] = []
    ask = bot.ask

    def spy(question: str, history: Sequence[str] = ()) -> Answer:
        histories.append(list(history))
        return ask(question, history)

    monkeypatch.setattr(bot, "ask", spy)
    history = [
        {"role": "user", "content": "Wat is de UiT-pas?"},
        {"role": "assistant", "content": "In de nota staat hierover: ..."},
    ]
    reply = chat(Service(bot, web_settings), "Wat is een onthardingsmakelaar?", history)
    # the one sentence that answers is quoted, marked whole
    assert "> **Werk aan een onthardingsstrategie" in reply
    assert histories == [["Wat is de UiT-pas?"]], "the user's turns only, not the answers"


def test_a_blank_message_gets_a_hint_and_a_missing_index_a_polite_message(
    web_settings: Settings, no_index_settings: Settings
) -> None:
    assert chat(Service(make_bot(web_settings), web_settings), " \n ") == text(
        "nl", "empty_question"
    )
    no_index = Service(Chatbot(no_index_settings, HashingEmbedder()), no_index_settings)
    assert chat(no_index, "Wat is de UiT-pas?") == text("nl", "not_ready")
    assert no_index.problem is not None
    assert "index" in no_index.problem.lower()


def test_questions_to_gradios_ask_are_counted_for_the_staff_page(web_settings: Settings) -> None:
    service = Service(make_bot(web_settings), web_settings)
    before = len(store_for(web_settings).questions())
    chat(service, "Wat is een onthardingsmakelaar?")
    chat(service, "   ")  # refused: not counted
    new = store_for(web_settings).questions()[before:]
    assert len(new) == 1
    (counted,) = new
    assert (counted.view, counted.recommendations) == ("gradio_api", (6,))
