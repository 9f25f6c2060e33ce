"""The JSON API and health checks, in process: status codes, the contract, the errors."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chatbot.answer import Answer
from chatbot.service import Chatbot
from indexer.build import BuildReport, build_index
from indexer.settings import Settings
from indexer.store import StoredIndex
from tests.fakes import HashingEmbedder
from tests.waiting import wait_for
from tests.web.conftest import ALWAYS_IN_SCOPE, READY_TIMEOUT
from web.questions.backend import public_live
from web.server import create_app

QUESTION = "Wat is een onthardingsmakelaar?"
CONTRACT_KEYS = {"question", "in_scope", "answer", "passages", "index"}
"""The keys of the foundation's contract; the answer may carry more."""
PASSAGE_KEYS = {"id", "recommendation", "title", "section", "item", "page", "source", "text"}
PASSAGE_KEYS |= {"source_title", "score", "key_sentences"}


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "message"}
    assert body["error"] == code
    assert body["message"]
    return body


def test_ask_returns_the_json_contract_with_the_quoted_passage(client: TestClient) -> None:
    response = client.post("/api/ask", json={"question": QUESTION})
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= CONTRACT_KEYS
    assert data["question"] == QUESTION
    assert data["in_scope"] is True
    best = data["passages"][0]
    assert set(best) == PASSAGE_KEYS
    assert (best["recommendation"], best["section"], best["item"]) == (6, "doorbraakproject", 3)
    assert best["text"] in data["answer"].replace("  \n> ", "\n")
    assert "Aanbeveling 6 · Baseer ruimtelijke realisaties" in data["answer"]
    assert data["index"]["model"] == "fake-trigram"


def test_the_api_answers_exactly_what_the_chatbot_answers(
    client: TestClient, web_settings: Settings
) -> None:
    expected = Chatbot(web_settings, HashingEmbedder(), ALWAYS_IN_SCOPE).ask("Wat is de UiT-pas?")
    response = client.post("/api/ask", json={"question": "Wat is de UiT-pas?"})
    assert response.json() == expected.to_dict()


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        (
            {"content": b'{"question": "x"}', "headers": {"Content-Type": "text/plain"}},
            415,
            "unsupported_media_type",
        ),
        (
            {
                "content": b"question=x",
                "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            },
            415,
            "unsupported_media_type",
        ),
        ({"content": b'{"question": "x"}'}, 415, "unsupported_media_type"),
        (
            {"content": b'{"question": ', "headers": {"Content-Type": "application/json"}},
            400,
            "invalid_json",
        ),
        ({"json": {}}, 422, "invalid_request"),
        ({"json": {"vraag": QUESTION}}, 422, "invalid_request"),
        ({"json": {"question": 42}}, 422, "invalid_request"),
        ({"json": {"question": "   "}}, 422, "empty_question"),
        ({"json": [QUESTION]}, 422, "invalid_request"),
        ({"headers": {"Content-Type": "application/json"}}, 422, "invalid_request"),
    ],
    ids=[
        "text-plain",
        "form",
        "no-content-type",
        "broken-json",
        "empty-object",
        "wrong-field",
        "not-a-string",
        "blank",
        "array",
        "no-body",
    ],
)
def test_bad_requests_get_a_4xx_with_a_json_error(
    client: TestClient, kwargs: dict[str, Any], status: int, code: str
) -> None:
    assert_error(client.post("/api/ask", **kwargs), status, code)


def test_a_missing_question_is_named_in_the_message(client: TestClient) -> None:
    body = assert_error(client.post("/api/ask", json={}), 422, "invalid_request")
    assert "question" in body["message"]


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_wrong_method_is_405_with_allow(client: TestClient, method: str) -> None:
    response = client.request(method, "/api/ask")
    assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "POST"


def test_unknown_api_path_is_a_json_404(client: TestClient) -> None:
    assert_error(client.get("/api/nothing-here"), 404, "not_found")


def test_health_ready_and_index_report_what_is_served(
    client: TestClient, web_settings: Settings
) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.head("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 200
    index = client.get("/api/index").json()
    report = ready.json()
    assert report["status"] == "ready"
    assert report["index"] == {"version": index["version"], "model": "fake-trigram"}
    assert report["live"]["version"] == index["version"]
    assert report["live"]["up_to_date"] is True
    assert report["live"]["error"] is None
    assert index["chunk_count"] == 51
    assert index["built_at"]
    assert [doc["name"] for doc in index["documents"]] == ["alles-vloeit-folder.md"]
    assert len(index["documents"][0]["sha256"]) == 64
    live = (web_settings.index_root / "current").resolve().name
    assert index["version"] == live


def test_openapi_describes_the_routes_and_the_answer_contract(
    client: TestClient, web_settings: Settings
) -> None:
    spec = client.get("/api/openapi.json").json()
    assert {"/api/ask", "/api/index", "/healthz", "/readyz"} <= set(spec["paths"])
    assert set(spec["paths"]["/api/ask"]) == {"post"}
    schemas = spec["components"]["schemas"]
    # When Answer.to_dict() gains a field, document it in web/http/api.py (AnswerOut).
    answer = Chatbot(web_settings, HashingEmbedder(), ALWAYS_IN_SCOPE).ask(QUESTION).to_dict()
    assert set(schemas["AnswerOut"]["properties"]) == set(answer)
    assert set(schemas["PassageOut"]["properties"]) == set(answer["passages"][0])
    assert schemas["AskRequest"]["required"] == ["question"]


def test_no_index_means_alive_but_not_ready(no_index_settings: Settings) -> None:
    app = create_app(no_index_settings, Chatbot(no_index_settings, HashingEmbedder()))
    with TestClient(app) as test_client:
        assert not app.state.service.wait_ready(READY_TIMEOUT)
        assert test_client.get("/healthz").status_code == 200
        ready = test_client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["status"] == "unavailable"
        assert "index" in ready.json()["message"].lower()
        ask = test_client.post("/api/ask", json={"question": QUESTION})
        assert_error(ask, 503, "not_ready")
        assert int(ask.headers["retry-after"]) > 0
        assert_error(test_client.get("/api/index"), 503, "not_ready")
        # Why it failed names server paths: for the log and staff, not for the public.
        folder = str(no_index_settings.data_dir)
        assert folder in (app.state.service.problem or "")
        for public in (ready, ask, test_client.get("/api/index")):
            assert folder not in public.text and "Error" not in public.text, public.text


def test_a_failed_load_is_public_without_its_text() -> None:
    status = {"ready": True, "error": {"version": "v2", "message": "/srv/var/x: bad", "at": 1}}
    public = public_live(status)
    assert public["error"]["version"] == "v2" and "/srv" not in str(public)
    assert public_live({"ready": True, "error": None}) == {"ready": True, "error": None}


class _SlowLoadingBot(Chatbot):
    """Loads only once the test lets it."""

    def __init__(self, settings: Settings, release: threading.Event) -> None:
        super().__init__(settings, HashingEmbedder(), ALWAYS_IN_SCOPE)
        self.release = release

    def load(self, *, build_if_missing: bool = False) -> StoredIndex:
        assert self.release.wait(READY_TIMEOUT)
        return super().load(build_if_missing=build_if_missing)


def test_while_the_index_loads_readyz_is_503_then_200(web_settings: Settings) -> None:
    release = threading.Event()
    app = create_app(web_settings, _SlowLoadingBot(web_settings, release))
    with TestClient(app) as test_client:
        assert test_client.get("/healthz").status_code == 200
        assert test_client.get("/readyz").json()["status"] == "starting"
        assert_error(test_client.post("/api/ask", json={"question": QUESTION}), 503, "not_ready")
        release.set()
        assert app.state.service.wait_ready(READY_TIMEOUT)
        assert test_client.get("/readyz").status_code == 200
        assert test_client.post("/api/ask", json={"question": QUESTION}).status_code == 200


class _BuggyBot(Chatbot):
    """Fails on one question, as a bug would."""

    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        if question == "boom":
            raise RuntimeError("secret internals")
        return super().ask(question, history)


def test_a_bug_is_a_json_500_that_reveals_nothing(web_settings: Settings) -> None:
    app = create_app(web_settings, _BuggyBot(web_settings, HashingEmbedder(), ALWAYS_IN_SCOPE))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        assert app.state.service.wait_ready(READY_TIMEOUT)
        response = test_client.post("/api/ask", json={"question": "boom"})
        assert_error(response, 500, "internal_error")
        assert "secret" not in response.text
        assert "Traceback" not in response.text
        assert test_client.get("/readyz").status_code == 200


def test_a_newly_published_index_version_is_served_without_a_restart(
    settings: Settings, built: BuildReport
) -> None:
    settings = settings.model_copy(update={"reload_check_seconds": 0.1})
    app = create_app(settings, Chatbot(settings, HashingEmbedder(), ALWAYS_IN_SCOPE))
    with TestClient(app) as test_client:
        assert app.state.service.wait_ready(READY_TIMEOUT)
        assert test_client.get("/api/index").json()["version"] == built.version
        (settings.corpus_dir / "faq.md").write_text(
            "# Veelgestelde vragen\n\n## Wat is de Vraagbaak?\n\nEen chat over de nota.\n",
            encoding="utf-8",
        )
        new = build_index(settings, HashingEmbedder(), log=lambda _message: None)
        assert new.version != built.version
        wait_for(
            lambda: test_client.get("/api/index").json()["version"] == new.version,
            READY_TIMEOUT,
            what="the new version to be picked up",
        )
        index = test_client.get("/api/index").json()
        assert [doc["name"] for doc in index["documents"]] == ["alles-vloeit-folder.md", "faq.md"]
        live = test_client.get("/readyz").json()["live"]
        assert (live["version"], live["up_to_date"]) == (new.version, True)
