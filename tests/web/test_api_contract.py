"""``POST /api/ask`` validates its answer against ``AnswerOut`` (the documented contract) and
sends the same JSON as ``Answer.to_dict()``; the whole API is fuzzed from its OpenAPI
description with Schemathesis: no 5xx, and every response matches its schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import Case, GenerationMode, checks
from schemathesis.core.result import Ok

from chatbot.answer import Answer
from indexer.settings import Settings
from tests.web.conftest import READY_TIMEOUT, Live, ready_app

QUESTION = {"question": "Wat is een onthardingsmakelaar?"}


@pytest.fixture(scope="module")
def server_side(web_settings: Settings) -> Iterator[TestClient]:
    """The app in process, its errors answered as in production instead of raised."""
    app = ready_app(web_settings)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        assert app.state.service.wait_ready(READY_TIMEOUT)
        yield test_client


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What ``Answer.to_dict`` returned, call by call."""
    returned: list[dict[str, Any]] = []
    original = Answer.to_dict

    def to_dict(self: Answer) -> dict[str, Any]:
        value = original(self)
        returned.append(value)
        return value

    monkeypatch.setattr(Answer, "to_dict", to_dict)
    return returned


def test_the_answer_is_sent_byte_for_byte_as_the_contract_dict(
    client: TestClient, spy: list[dict[str, Any]]
) -> None:
    for body in (QUESTION, {"question": "Hoe laat opent het zwembad?", "history": ["x"]}):
        response = client.post("/api/ask", json=body)
        assert response.status_code == 200, response.text
        expected = json.dumps(spy[-1], ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        assert response.content == expected.encode()


@pytest.mark.parametrize(
    "drift",
    [
        pytest.param(lambda d: d.pop("language"), id="a field missing"),
        pytest.param(lambda d: d.update(debug="/srv/vraagbaak/var"), id="a field too many"),
        pytest.param(lambda d: d["passages"][0].update(section="bijlage"), id="an unknown section"),
        pytest.param(lambda d: d["index"].update(version=3), id="a number for a string"),
        pytest.param(lambda d: d.update(outcome="maybe"), id="an unknown outcome"),
    ],
)
def test_an_answer_that_breaks_the_contract_is_not_sent(
    server_side: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    drift: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    original = Answer.to_dict

    def to_dict(self: Answer) -> dict[str, Any]:
        value = original(self)
        drift(value)
        return value

    monkeypatch.setattr(Answer, "to_dict", to_dict)
    response = server_side.post("/api/ask", json=QUESTION)
    assert response.status_code == 500
    assert "POST /api/ask failed" in caplog.text  # logged for the developers
    assert response.json() == {
        "error": "internal_error",
        "message": "Something went wrong on our side.",
    }


def test_the_openapi_description_names_answer_out_as_the_answer(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    ok = spec["paths"]["/api/ask"]["post"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"] == {"$ref": "#/components/schemas/AnswerOut"}
    answer = spec["components"]["schemas"]["AnswerOut"]
    assert answer["additionalProperties"] is False
    assert set(answer["required"]) == set(answer["properties"])


CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]
"""No 5xx, and every response as described: a documented status, content type, headers and
body schema."""
EXAMPLES = 25
"""Examples per operation and mode: about 200 requests in all, a few seconds."""


def test_the_api_keeps_its_description_whatever_it_is_sent(live: Live) -> None:
    """Schemathesis reads ``/api/openapi.json`` from the live server (uvicorn on loopback) and
    sends every operation data that fits its description and data that does not."""
    schema = schemathesis.openapi.from_url(f"{live.url}/api/openapi.json")
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operations.append(result.ok())
    assert {f"{o.method.upper()} {o.path}" for o in operations} == {
        "GET /healthz",
        "GET /readyz",
        "GET /api/index",
        "POST /api/ask",
    }
    seen: set[tuple[str, int]] = set()
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if mode is GenerationMode.NEGATIVE and not len(operation.body):
                continue  # nothing to send that does not fit

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def fuzz(case: Case[Any]) -> None:
                response = case.call_and_validate(checks=CHECKS, timeout=30)
                seen.add((f"{case.method} {case.path}", response.status_code))

            fuzz()
    asks = {status for operation, status in seen if operation == "POST /api/ask"}
    assert {200, 422} <= asks, "the fuzzing reached answers and the question rules"
    assert len(seen) >= 6
