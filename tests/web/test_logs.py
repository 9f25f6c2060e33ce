"""Structured logs: JSON lines with request ids and timings, never a question or an address."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient

from chatbot.answer import ACROSS_LEADS, LEADS
from indexer.settings import Settings
from tests.web.conftest import READY_TIMEOUT, make_bot, ready_app
from web.chat.ask_endpoint import ask_handler
from web.logs import REQUEST_ID_HEADER, JsonFormatter, configure_logging, log_event
from web.questions.backend import Service

SECRET_QUESTION = "Wat zegt de nota over ontharding in Bonheiden (xyzzy)?"
ADDRESS = "203.0.113.77"


class Lines:
    """Log lines captured as JSON objects."""

    def __init__(self) -> None:
        self.stream = io.StringIO()

    @property
    def raw(self) -> str:
        return self.stream.getvalue()

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.raw.splitlines()]


@pytest.fixture
def lines() -> Iterator[Lines]:
    """Everything the app logs at INFO and above, formatted as the server writes it."""
    captured = Lines()
    handler = logging.StreamHandler(captured.stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = logging.getLogger("vraagbaak").level
    root.addHandler(handler)
    logging.getLogger("vraagbaak").setLevel(logging.INFO)
    try:
        yield captured
    finally:
        root.removeHandler(handler)
        logging.getLogger("vraagbaak").setLevel(level)


def test_each_request_is_one_json_line_with_its_id_status_and_duration(
    web_settings: Settings, lines: Lines
) -> None:
    app = ready_app(web_settings)
    with TestClient(app) as client:
        assert app.state.service.wait_ready(READY_TIMEOUT)
        answered = client.post(
            "/api/ask",
            json={"question": SECRET_QUESTION},
            headers={"X-Forwarded-For": ADDRESS},
        )
        proxy = TestClient(app, client=("127.0.0.1", 40000))  # a trusted proxy (the default)
        refused = proxy.post("/api/ask", json={"question": ""}, headers={"X-Request-ID": "p-42"})
        forged = proxy.get("/healthz", headers={"X-Request-ID": '"><script>'})
        chosen = TestClient(app, client=("203.0.113.9", 40000)).get(
            "/healthz", headers={"X-Request-ID": "p-42"}
        )
    assert answered.status_code == 200
    rid = answered.headers[REQUEST_ID_HEADER]
    assert len(rid) == 32
    assert refused.headers[REQUEST_ID_HEADER] == "p-42", "a proxy's id is kept"
    assert forged.headers[REQUEST_ID_HEADER] != '"><script>'
    assert chosen.headers[REQUEST_ID_HEADER] != "p-42", "a client cannot pick its id"

    records = lines.records()
    access = [r for r in records if r["logger"] == "vraagbaak.access"]
    asked = [r for r in records if r["logger"] == "vraagbaak.questions"]
    mine = next(r for r in access if r["request_id"] == rid)
    assert mine["method"] == "POST"
    assert mine["path"] == "/api/ask"
    assert mine["status"] == 200
    assert mine["duration_ms"] >= 0
    assert {"time", "level", "message"} <= set(mine)
    question = next(r for r in asked if r["request_id"] == rid)
    assert question["channel"] == "api"
    assert question["outcome"] == "answered"
    assert question["chars"] == len(SECRET_QUESTION)
    assert question["in_scope"] is True
    assert question["duration_ms"] >= 0
    assert next(r for r in asked if r["request_id"] == "p-42")["outcome"] == "empty_question"
    assert next(r for r in access if r["request_id"] == "p-42")["status"] == 422


def test_no_log_line_holds_a_question_or_a_client_address(
    web_settings: Settings, lines: Lines
) -> None:
    app = ready_app(web_settings)
    with TestClient(app) as client:
        assert app.state.service.wait_ready(READY_TIMEOUT)
        client.post(
            "/api/ask?who=xyzzy",
            json={"question": SECRET_QUESTION},
            headers={"X-Forwarded-For": ADDRESS},
        )
    handler: Any = ask_handler(Service(make_bot(web_settings), web_settings))
    request = SimpleNamespace(
        client=SimpleNamespace(host=ADDRESS), headers={"x-request-id": "chat-7"}
    )
    reply = anyio.run(handler, SECRET_QUESTION, [], request)
    assert reply.startswith((LEADS["nl"], ACROSS_LEADS["nl"].split("{count}")[0])), reply[:80]

    assert "xyzzy" not in lines.raw.lower(), "no question text, no query string"
    assert ADDRESS not in lines.raw
    assert "testclient" not in lines.raw
    chat = [r for r in lines.records() if r.get("channel") == "chat"]
    assert chat == [
        {
            **chat[0],
            "request_id": "chat-7",
            "outcome": "answered",
            "chars": len(SECRET_QUESTION),
        }
    ]


def test_configured_logging_writes_json_lines_or_text(web_settings: Settings) -> None:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        stream = io.StringIO()
        configure_logging(web_settings, stream)
        log_event(logging.getLogger("vraagbaak.test"), "started", port=7860)
        logging.getLogger("bm25s").debug("noise from a library")
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("vraagbaak.test").exception("failed")
        first, second = (json.loads(line) for line in stream.getvalue().splitlines())
        assert (first["message"], first["port"], first["level"]) == ("started", 7860, "info")
        assert second["level"] == "error"
        assert "ValueError: boom" in second["exception"]

        stream = io.StringIO()
        configure_logging(web_settings.model_copy(update={"log_format": "text"}), stream)
        log_event(logging.getLogger("vraagbaak.test"), "started", port=7860)
        assert stream.getvalue().rstrip().endswith("INFO vraagbaak.test: started port=7860")
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        logging.getLogger("uvicorn.access").disabled = False
