"""Starting in seconds: the JSON API answers before the chat page is built; the published
index serves at once and the corpus's changes are built afterwards."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chatbot.service import Chatbot
from indexer.build import BuildReport
from indexer.settings import Settings
from indexer.store import StoredIndex
from tests.conftest import NOTE
from tests.fakes import HashingEmbedder
from tests.web.conftest import ALWAYS_IN_SCOPE, READY_TIMEOUT, note_index
from web.server import create_app

QUESTION = "Wat is een onthardingsmakelaar?"


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)


class _HeldBot(Chatbot):
    """Loads only once the test lets it; counts its builds."""

    def __init__(self, settings: Settings, release: threading.Event) -> None:
        super().__init__(settings, HashingEmbedder(), ALWAYS_IN_SCOPE)
        self.release = release
        self.builds = 0

    def load(self, *, build_if_missing: bool = False) -> StoredIndex:
        assert self.release.wait(READY_TIMEOUT)
        return super().load(build_if_missing=build_if_missing)

    def build(self, *, force: bool = False, wait_seconds: float = 0.0) -> BuildReport:
        self.builds += 1
        return super().build(force=force, wait_seconds=wait_seconds)


def test_the_chat_page_follows_the_api(web_settings: Settings) -> None:
    release = threading.Event()
    app = create_app(web_settings, _HeldBot(web_settings, release), chat_later=True)
    with TestClient(app) as client:
        starting = client.get("/")
        assert starting.status_code == 503
        assert starting.headers["Retry-After"]
        assert client.get("/embed/").status_code == 503
        assert client.get("/healthz").status_code == 200
        assert client.get("/embed.js").status_code == 200  # the widget script is not Gradio's
        release.set()
        assert app.state.service.wait_ready(READY_TIMEOUT)
        assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200
        _until(lambda: client.get("/").status_code == 200)
        assert "gradio" in client.get("/").text.lower()
        assert client.get("/embed/").status_code == 200


def test_the_published_index_serves_before_the_corpus_is_checked(tmp_path: Path) -> None:
    settings = note_index(tmp_path)
    release = threading.Event()
    bot = _HeldBot(settings, release)
    release.set()
    app = create_app(settings, bot, build_if_missing=True)
    with TestClient(app) as client:
        assert app.state.service.wait_ready(READY_TIMEOUT)
        assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200
        _until(lambda: bot.builds == 1)  # after the warm-up: nothing changed, nothing published


@pytest.mark.parametrize("published", [False, True])
def test_load_builds_first_only_without_a_published_index(tmp_path: Path, published: bool) -> None:
    settings = note_index(tmp_path) if published else _empty_index(tmp_path)
    embedder = HashingEmbedder()
    index = Chatbot(settings, embedder, ALWAYS_IN_SCOPE).load(build_if_missing=True)
    assert len(index.chunks) == 51
    assert embedder.passages_embedded == (0 if published else 51)


def _empty_index(root: Path) -> Settings:
    """The note's corpus and an empty data folder."""
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(NOTE, corpus / NOTE.name)
    return Settings(corpus_dir=corpus, data_dir=root / "var", model="fake-trigram")
