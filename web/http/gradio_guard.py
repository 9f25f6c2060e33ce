"""What the app keeps Gradio from doing: taking uploads, and flooding the log.

- **Uploads**: Gradio mounts ``gradio_api/upload`` (and ``upload_progress``) on every view, for
  file components. The chat has none, yet anyone could store files through it and have them
  served back from the chat's origin, kept until the temporary folder is cleared. Both routes
  answer 404 here, under ``/`` and under ``/embed``.
- **Ended event streams**: Gradio's ``queue/data`` stream raises a 404 ``HTTPException`` when
  its session has no pending event (an unknown ``session_hash``, or a tab whose events are
  done). The response has started by then, so Starlette turns it into a ``RuntimeError`` that
  was logged twice at ERROR with its traceback (about 15 KB per request, from one anonymous
  GET). A client error in an already started response is logged here as one debug line and
  goes no further.
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.http.api import error_response
from web.http.security import EMBED_PATH, route_path

log = logging.getLogger(__name__)

REFUSED_ROUTES = frozenset(
    f"{view}/gradio_api/{route}"
    for view in ("", EMBED_PATH)
    for route in ("upload", "upload_progress")
)


def client_error_cause(error: BaseException) -> HTTPException | None:
    """The HTTP client error (status below 500) that ``error`` stands for, if any."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, HTTPException) and current.status_code < 500:
            return current
        current = current.__cause__ or current.__context__
    return None


class GradioGuard:
    """ASGI middleware: refuses Gradio's upload routes, quiets ended event streams."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = route_path(scope).rstrip("/")
        if path in REFUSED_ROUTES:
            response = error_response(404, "not_found", "This app takes no uploads.")
            await response(scope, receive, send)
            return
        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception as error:
            cause = client_error_cause(error)
            if not started or cause is None:
                raise
            log.debug("%s ended its started response with %d", path, cause.status_code)
