"""Request bodies: bounded in size and time, JSON in UTF-8; requests without one untouched."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anyio
import pytest
from starlette.types import Message, Receive, Scope, Send

from web.http.bodies import BodyLimit, is_json


class Echo:
    """An ASGI app that reads the whole body and answers with its length."""

    def __init__(self) -> None:
        self.calls = 0
        self.after_body: list[Message] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        if scope["path"] == "/listen":
            self.after_body.append(await receive())
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": str(len(body)).encode()})


def call(
    middleware: BodyLimit,
    chunks: Sequence[bytes],
    headers: dict[str, str],
    *,
    path: str = "/api/ask",
    delay: float = 0.0,
    method: str = "POST",
) -> tuple[int, bytes]:
    """Send a request in ``chunks`` (``delay`` seconds apart); (status, body) of the answer."""
    scope: dict[str, Any] = {
        "type": "http",
        "method": method,
        "path": path,
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    queue = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        if queue:
            await anyio.sleep(delay)
            return queue.pop(0)
        await anyio.sleep(0.01)
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    anyio.run(middleware, scope, receive, send)
    if not sent:
        return 0, b""
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


JSON = {"Content-Type": "application/json"}


def test_a_body_within_the_limit_reaches_the_app_whole() -> None:
    app = Echo()
    middleware = BodyLimit(app, max_bytes=100, timeout=5)
    assert call(middleware, [b'{"q": ', b'"x"}'], {**JSON, "Transfer-Encoding": "chunked"}) == (
        200,
        b"10",
    )
    assert call(middleware, [b"x" * 100], {**JSON, "Content-Length": "100"}) == (200, b"100")


def test_a_declared_oversize_is_refused_before_it_is_read() -> None:
    app = Echo()
    status, body = call(
        BodyLimit(app, max_bytes=100, timeout=5), [b"x"], {**JSON, "Content-Length": "101"}
    )
    assert status == 413
    assert b"payload_too_large" in body
    assert app.calls == 0


def test_a_streamed_oversize_is_refused() -> None:
    app = Echo()
    chunks = [b"x" * 60, b"x" * 60]
    status, body = call(
        BodyLimit(app, max_bytes=100, timeout=5), chunks, {**JSON, "Transfer-Encoding": "chunked"}
    )
    assert (status, app.calls) == (413, 0)
    assert b"payload_too_large" in body


def test_a_slow_body_times_out() -> None:
    app = Echo()
    middleware = BodyLimit(app, max_bytes=100, timeout=0.2)
    status, body = call(middleware, [b"x"] * 5, {"Transfer-Encoding": "chunked"}, delay=0.1)
    assert (status, app.calls) == (408, 0)
    assert b"request_timeout" in body


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b'{"q": "caf\xe9"}', "application/json", 400),
        (b'{"q": "caf\xe9"}', "application/vnd.api+json", 400),
        (b'{"q": "caf\xe9"}', "text/plain", 200),  # not JSON: the app decides
        ('{"q": "café"}'.encode(), "application/json; charset=utf-8", 200),
    ],
)
def test_json_bodies_must_be_utf8(body: bytes, content_type: str, status: int) -> None:
    headers = {"Content-Type": content_type, "Content-Length": str(len(body))}
    result = call(BodyLimit(Echo(), max_bytes=100, timeout=5), [body], headers)
    assert result[0] == status
    if status == 400:
        assert b"invalid_utf8" in result[1]


def test_a_request_without_a_body_passes_untouched_and_still_hears_a_disconnect() -> None:
    app = Echo()
    middleware = BodyLimit(app, max_bytes=1, timeout=5)
    assert call(middleware, [b""], {}, path="/listen", method="GET") == (200, b"0")
    assert app.after_body == [{"type": "http.disconnect"}]


def test_after_the_replayed_body_the_app_hears_a_disconnect() -> None:
    app = Echo()
    body = b'{"q": 1}'
    headers = {**JSON, "Content-Length": str(len(body))}
    assert call(BodyLimit(app, max_bytes=100, timeout=5), [body], headers, path="/listen") == (
        200,
        b"8",
    )
    assert app.after_body == [{"type": "http.disconnect"}]


def test_a_malformed_content_length_is_a_400() -> None:
    status, body = call(
        BodyLimit(Echo(), max_bytes=100, timeout=5), [b"x"], {"Content-Length": "x"}
    )
    assert status == 400
    assert b"invalid_content_length" in body


def test_json_media_types() -> None:
    assert is_json("application/json")
    assert is_json("Application/JSON; charset=utf-8")
    assert is_json("application/problem+json")
    assert not is_json("text/plain")
    assert not is_json("")
