"""Structured server logs: one JSON object per line, with request ids and timings.

Privacy by default: the access log records method, path (never the query string), status,
duration and request id; the question log records the channel, the outcome, the length of
the question and how long answering took. Neither ever holds a question's text or a client's
IP address, so nothing written here ties what was asked to who asked it.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from starlette.datastructures import MutableHeaders

from web.http.proxies import FROM_TRUSTED_PROXY

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from indexer.settings import Settings

REQUEST_ID_HEADER = "X-Request-ID"
request_id: ContextVar[str | None] = ContextVar("vraagbaak_request_id", default=None)
"""The id of the HTTP request being handled (also in the worker threads it starts)."""

access_log = logging.getLogger("vraagbaak.access")
question_log = logging.getLogger("vraagbaak.questions")

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def new_request_id(offered: str | None = None) -> str:
    """The request id: the one a proxy sent when it looks like an id, else a fresh one."""
    if offered and _SAFE_ID.match(offered):
        return offered
    return uuid.uuid4().hex


def log_event(logger: logging.Logger, event: str, **fields: Any) -> None:
    """Log ``event`` with structured ``fields`` (keep texts people typed out of them)."""
    logger.info(event, extra={"fields": fields})


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON: time, level, logger, message, request id, fields."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if (current := request_id.get()) is not None:
            data["request_id"] = current
        data.update(_fields(record))
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The same records for a terminal: time, level, logger, message, then key=value."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record)
        if (current := request_id.get()) is not None:
            fields = {"request_id": current, **fields}
        extra = " ".join(f"{key}={value}" for key, value in fields.items())
        line = super().format(record)
        return f"{line} {extra}" if extra else line


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """The structured fields of ``log_event``; other libraries' extras are left out."""
    fields = getattr(record, "fields", None)
    return fields if isinstance(fields, dict) else {}


def configure_logging(settings: Settings, stream: Any = None) -> None:
    """Send every log record (the app's, uvicorn's, Gradio's) to stderr in the configured
    format. Uvicorn's own access log is left off: ``RequestLog`` replaces it without the
    client addresses."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else TextFormatter())
    handler.setLevel(logging.INFO)  # some libraries set DEBUG on their own loggers
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("httpx").setLevel(logging.WARNING)


class RequestLog:
    """ASGI middleware: gives every HTTP request an id and logs it when it is done.

    The id is the ``X-Request-ID`` a trusted proxy sent (when it looks like an id; from any
    other client the header is ignored, so that no one picks the ids in the log) or a new one; it
    is set on the request's headers (so Gradio's handlers see it too), on the response, and
    on every log line written while the request is handled.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = MutableHeaders(scope=scope)
        proposed = headers.get(REQUEST_ID_HEADER) if scope.get(FROM_TRUSTED_PROXY) else None
        rid = new_request_id(proposed)
        headers[REQUEST_ID_HEADER] = rid
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500  # what the client gets if the app fails before it answers

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = rid
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            log_event(
                access_log,
                "request",
                method=scope["method"],
                path=scope["path"],
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
            )
            request_id.reset(token)
