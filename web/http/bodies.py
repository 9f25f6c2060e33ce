"""Request bodies: bounded in size and in time, and JSON bodies valid UTF-8.

An ASGI middleware reads a request's body before the app does (it is small, by the limit)
and refuses it with a JSON error, never a 5xx:

- 413 ``payload_too_large`` when it declares or sends more than ``max_body_bytes``;
- 408 ``request_timeout`` when it is not complete within ``request_timeout_seconds``;
- 400 ``invalid_utf8`` when a JSON body is not UTF-8 (JSON has no other encoding, RFC 8259).

Requests without a body (no ``Content-Length``, no ``Transfer-Encoding``) pass untouched,
so Gradio's event streams still hear about disconnects.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass
from typing import TYPE_CHECKING

import anyio
from starlette.datastructures import Headers
from starlette.responses import JSONResponse

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyError(Exception):
    """A body refused before the app sees it."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def response(self) -> JSONResponse:
        """The JSON error every route returns."""
        headers = {"Connection": "close"} if self.status in (408, 413) else None
        return JSONResponse(
            {"error": self.code, "message": self.message}, self.status, headers=headers
        )


def is_json(content_type: str) -> bool:
    """Whether a ``Content-Type`` is JSON (``application/json`` or a ``+json`` type)."""
    media_type = content_type.split(";", maxsplit=1)[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


@dataclass(frozen=True, slots=True)
class BodyLimit:
    """ASGI middleware enforcing the body rules above."""

    app: ASGIApp
    _: KW_ONLY
    max_bytes: int
    timeout: float

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if "content-length" not in headers and "transfer-encoding" not in headers:
            await self.app(scope, receive, send)
            return
        try:
            body = await self._read(headers, receive)
        except BodyError as error:
            await error.response()(scope, receive, send)
            return
        if body is None:
            return  # the client went away while sending
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read(self, headers: Headers, receive: Receive) -> bytes | None:
        """The whole body, or None if the client disconnected; ``BodyError`` if refused."""
        declared = headers.get("content-length", "")
        if declared:
            if not declared.isdigit():
                raise BodyError(400, "invalid_content_length", "Content-Length is not a number.")
            if int(declared) > self.max_bytes:
                raise self._too_large()
        chunks: list[bytes] = []
        size = 0
        with anyio.move_on_after(self.timeout) as scope:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return None
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_bytes:
                    raise self._too_large()
                chunks.append(chunk)
                if not message.get("more_body", False):
                    break
        if scope.cancelled_caught:
            raise BodyError(
                408, "request_timeout", f"The body did not arrive within {self.timeout:g} s."
            )
        body = b"".join(chunks)
        if is_json(headers.get("content-type", "")):
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as error:
                raise BodyError(
                    400, "invalid_utf8", f"The body is not valid UTF-8 (byte {error.start})."
                ) from None
        return body

    def _too_large(self) -> BodyError:
        return BodyError(
            413, "payload_too_large", f"The body is larger than {self.max_bytes} bytes."
        )
