"""Gradio's ``/ask`` endpoint for its clients (``client.predict(q, api_name="/ask")``, or
``client.predict(q, ["earlier question", ...], api_name="/ask")`` for a follow-up): a question
and the earlier questions in, the Markdown answer (or a polite refusal) out, through the one
way in (``web.questions.gate``)."""

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


MAX_HISTORY = 50
"""Earlier questions read at most (the last ones), as the JSON API takes; only the last four
count."""
MAX_HISTORY_CHARS = 2000


def earlier_questions(history: Sequence[Any] | None) -> list[str]:
    """The earlier questions, oldest first: plain strings (as the JSON API takes them), or the
    user's messages of a Gradio message history; the last ``MAX_HISTORY``, each shortened."""
    questions = [
        item if isinstance(item, str) else item["content"]
        for item in (history if isinstance(history, list) else [])
        if isinstance(item, str)
        or (
            isinstance(item, dict)
            and item.get("role") == "user"
            and isinstance(item.get("content"), str)
        )
    ]
    return [question[:MAX_HISTORY_CHARS] for question in questions[-MAX_HISTORY:]]
