"""Hand the chat function the client's address and request id, from Gradio's request.

Gradio passes its ``gr.Request`` to a chat function's parameter annotated with that class,
and it reads the annotation at run time: this module therefore does not use
``from __future__ import annotations``, so that the annotation below is the class itself.
The address is the ASGI scope's client, which ``web.http.proxies`` has already taken from
``X-Forwarded-For`` when the proxy is trusted (``forwarded_allow_ips``).
"""

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ChatClient:
    """Who sent a chat message, as far as rate limits and logs need to know."""

    address: str | None = None
    request_id: str | None = None


NO_CLIENT = ChatClient()
"""A call in process, without an HTTP request."""

ClientChatHandler = Callable[[str, list[Any], ChatClient], Awaitable[str]]
ChatFunction = Callable[[str, list[Any]], Coroutine[Any, Any, str]]


def with_client(handler: ClientChatHandler) -> ChatFunction:
    """The chat function for ``gr.ChatInterface``: ``handler`` with the message's client."""
    import gradio as gr

    async def chat(
        message: str,
        history: list[Any],
        request: gr.Request | None = None,
    ) -> str:
        return await handler(message, history, client_of(request))

    return chat


def client_of(request: Any) -> ChatClient:
    """The client of a ``gr.Request`` (or of anything with ``client`` and ``headers``)."""
    if request is None:
        return NO_CLIENT
    host = getattr(getattr(request, "client", None), "host", None)
    headers = getattr(request, "headers", None)
    request_id = headers.get("x-request-id") if headers is not None else None
    return ChatClient(
        host if isinstance(host, str) else None,
        request_id if isinstance(request_id, str) else None,
    )
