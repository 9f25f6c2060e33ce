"""The chat handler behind both views, without a browser."""

from __future__ import annotations

import asyncio
from typing import Any

from chatbot.service import Chatbot
from indexer.settings import Settings
from tests.fakes import HashingEmbedder
from tests.web.conftest import make_bot
from web.chat.pages import EMPTY_QUESTION, NOT_READY, chat_handler
from web.questions.backend import Service


def chat(service: Service, message: str, history: list[Any] | None = None) -> str:
    return asyncio.run(chat_handler(service)(message, history or []))


def test_the_chat_answers_with_quotes_and_passes_the_earlier_questions(
    web_settings: Settings,
) -> None:
    bot = make_bot(web_settings)
    service = Service(bot, web_settings)
    history = [
        {"role": "user", "content": "Wat is de UiT-pas?"},
        {"role": "assistant", "content": "In de nota staat hierover: ..."},
    ]
    reply = chat(service, "Wat is een onthardingsmakelaar?", history)
    expected = bot.ask("Wat is een onthardingsmakelaar?", ["Wat is de UiT-pas?"]).markdown
    assert reply == expected
    assert "> Werk aan een onthardingsstrategie" in reply


def test_a_blank_message_gets_a_hint_and_a_missing_index_a_polite_message(
    web_settings: Settings, no_index_settings: Settings
) -> None:
    assert chat(Service(make_bot(web_settings), web_settings), " \n ") == EMPTY_QUESTION
    no_index = Service(Chatbot(no_index_settings, HashingEmbedder()), no_index_settings)
    assert chat(no_index, "Wat is de UiT-pas?") == NOT_READY
    assert no_index.problem is not None
    assert "index" in no_index.problem.lower()
