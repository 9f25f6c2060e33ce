"""Gradio's ``/ask`` endpoint for its clients (``client.predict(q, api_name="/ask")``): a
question and Gradio's message history in, the Markdown answer (or a polite refusal) out,
through the one way in (``web.questions.gate``)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from web.chat.client_info import NO_CLIENT, ChatClient, with_client
from web.questions import gate
from web.questions.backend import Service
from web.texts import DEFAULT, text

API_NAME = "ask"
"""The endpoint's name for Gradio's clients."""
API_DESCRIPTION = "Beantwoordt een vraag over de nota met letterlijke citaten."

AskHandler = Callable[[str, list[Any]], Coroutine[Any, Any, str]]


def ask_handler(service: Service) -> AskHandler:
    """The async function behind ``/ask``: answers through the service's shared limits and
    counts the answer; a refused question gets its polite message instead."""

    async def handle(message: str, history: list[Any], client: ChatClient = NO_CLIENT) -> str:
        outcome = await gate.ask(
            service,
            message,
            earlier_questions(history),
            client=client.address,
            channel="chat",
            count_as="gradio_api",
            request_id=client.request_id,
        )
        if isinstance(outcome, gate.Refusal):
            return text(DEFAULT, "not_ready") if outcome.code == "not_ready" else outcome.message
        return outcome.markdown

    return with_client(handle)


def earlier_questions(history: Sequence[Any]) -> list[str]:
    """The user's earlier questions from Gradio's message history, oldest first."""
    return [
        item["content"]
        for item in history
        if isinstance(item, dict)
        and item.get("role") == "user"
        and isinstance(item.get("content"), str)
    ]
