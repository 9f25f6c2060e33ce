"""The real server on a loopback port: over HTTP, with Gradio's own client, and ``app.py``."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

from indexer.settings import PROJECT_DIR
from tests.web.conftest import Live
from tests.web.servers import bound_socket

QUESTION = "Wat is een onthardingsmakelaar?"
QUOTE = "Werk aan een onthardingsstrategie"
CITATION = (
    "Aanbeveling 6 · Baseer ruimtelijke realisaties op een regionale visie · Doorbraakproject 3"
)


def test_the_api_over_http(live: Live) -> None:
    with httpx.Client(base_url=live.url, timeout=30) as http:
        assert http.get("/healthz").json() == {"status": "ok"}
        assert http.get("/readyz").status_code == 200
        answer = http.post("/api/ask", json={"question": QUESTION})
        assert answer.status_code == 200
        assert answer.json()["passages"][0]["text"].startswith(QUOTE)
        bad = http.post("/api/ask", content=b"{", headers={"Content-Type": "application/json"})
        assert bad.status_code == 400
        assert bad.json()["error"] == "invalid_json"


def test_gradios_client_calls_the_named_chat_endpoint(live: Live) -> None:
    client = Client(live.url, verbose=False, analytics_enabled=False)
    try:
        assert "/ask" in client.view_api(print_info=False, return_format="dict")["named_endpoints"]
        reply = client.predict(QUESTION, api_name="/ask")
    finally:
        client.close()
    assert isinstance(reply, str)
    assert reply.startswith("In de nota staat hierover:")
    assert f"> **{QUOTE}" in reply  # the one sentence that answers, marked whole
    assert CITATION in reply


def test_gradios_ask_takes_the_earlier_questions(live: Live) -> None:
    """A follow-up needs the earlier questions; ``/ask`` once had an input nothing filled
    (second review, finding 10)."""
    client = Client(live.url, verbose=False, analytics_enabled=False)
    try:
        alone = client.predict("Wat nog meer?", api_name="/ask")
        followed = client.predict("Wat nog meer?", [QUESTION], api_name="/ask")
        messages = client.predict(
            "Wat nog meer?", [{"role": "user", "content": QUESTION}], api_name="/ask"
        )
    finally:
        client.close()
    assert followed != alone and followed == messages
    assert followed.startswith("In de nota staat hierover:")


def test_the_embed_views_endpoint_is_for_the_widget_only(live: Live) -> None:
    client = Client(f"{live.url}/embed/", verbose=False, analytics_enabled=False)
    try:
        assert client.view_api(print_info=False, return_format="dict")["named_endpoints"] == {}
    finally:
        client.close()


@pytest.fixture
def app_process(tmp_path: Path) -> Iterator[str]:
    """``python app.py --host --port`` over an empty data folder and a model that cannot load."""
    sock = bound_socket()
    port = sock.getsockname()[1]
    sock.close()
    env = {
        **os.environ,
        "VRAAGBAAK_DATA_DIR": str(tmp_path / "var"),
        "VRAAGBAAK_CORPUS_DIR": str(tmp_path / "corpus"),
        "VRAAGBAAK_MODEL": str(tmp_path / "no-such-model"),
    }
    process = subprocess.Popen(
        [sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(port)],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_for(url: str, timeout: float = 60) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_app_py_serves_at_once_and_is_not_ready_without_an_index(app_process: str) -> None:
    assert wait_for(f"{app_process}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{app_process}/readyz")
    assert ready.status_code == 503
    assert ready.json()["status"] in {"starting", "unavailable"}
    assert httpx.get(f"{app_process}/embed.js").status_code == 200
    deadline = time.monotonic() + 60
    while (page := httpx.get(f"{app_process}/")).status_code != 200:  # the chat page follows
        assert page.status_code == 503 and time.monotonic() < deadline
        time.sleep(0.2)
