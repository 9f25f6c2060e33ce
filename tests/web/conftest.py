"""Fixtures of the web tests: one fake-embedder index per session, apps in process and live."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import insert

from chatbot.answer import Answer
from chatbot.scope import ScopeModel
from chatbot.service import Chatbot
from indexer.build import build_index
from indexer.settings import Settings
from tests.conftest import NOTE
from tests.fakes import HashingEmbedder
from tests.web.postgres import PostgresServer, PostgresUnavailableError
from tests.web.servers import AppServer, HostSite
from web.records.store import QUESTIONS, FeedbackStore, question_row
from web.server import create_app

ALWAYS_IN_SCOPE = ScopeModel(weights=(0.0, 0.0, 0.0), bias=1.0)
"""The fake embedder's scores mean little; let every question be answered."""
READY_TIMEOUT = 30.0
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def make_bot(settings: Settings) -> Chatbot:
    """A chatbot over the fake embedder that answers every question with its best passages."""
    return Chatbot(settings, HashingEmbedder(), ALWAYS_IN_SCOPE)


def ready_app(settings: Settings) -> FastAPI:
    """The app over the session's index."""
    return create_app(settings, make_bot(settings))


@pytest.fixture(scope="session")
def web_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over an index of the note built once for all web tests."""
    # tests ask in bursts from one address; test_limits.py tests the limit
    return note_index(tmp_path_factory.mktemp("web"), rate_limit_per_minute=0)


def note_index(root: Path, **fields: Any) -> Settings:
    """Settings for a corpus of the note under ``root``, indexed with the fake embedder."""
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(NOTE, corpus / NOTE.name)
    settings = Settings(corpus_dir=corpus, data_dir=root / "var", model="fake-trigram", **fields)
    build_index(settings, HashingEmbedder(), log=lambda _message: None)
    return settings


@pytest.fixture(scope="module")
def client(web_settings: Settings) -> Iterator[TestClient]:
    """The app in process, started (lifespan) and ready; allows one foreign origin."""
    settings = web_settings.model_copy(update={"allowed_origins": ("https://www.igemo.be",)})
    app = ready_app(settings)
    with TestClient(app) as test_client:
        assert app.state.service.wait_ready(READY_TIMEOUT)
        yield test_client


@dataclass(frozen=True)
class Live:
    """The app under uvicorn, and two host sites: one on its allow-list, one not."""

    url: str
    allowed: HostSite
    foreign: HostSite
    settings: Settings


@pytest.fixture(scope="session")
def live(web_settings: Settings) -> Iterator[Live]:
    """The real server on a free loopback port, ready to answer."""
    allowed, foreign = HostSite(), HostSite()
    settings = web_settings.model_copy(update={"allowed_origins": (allowed.origin,)})
    app = ready_app(settings)
    try:
        with AppServer(app) as url:
            assert app.state.service.wait_ready(READY_TIMEOUT)
            allowed.app_url = foreign.app_url = url
            yield Live(url=url, allowed=allowed, foreign=foreign, settings=settings)
    finally:
        allowed.close()
        foreign.close()


@pytest.fixture
def no_index_settings(tmp_path: Path) -> Settings:
    """Settings whose data folder holds no index."""
    return Settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "var", model="fake-trigram")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium (scripts/test.sh installs it), driven by Playwright; never a
    downloaded browser. One per test module."""
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        pytest.skip("Chromium is missing: apt-get install chromium chromium-driver")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def in_ci() -> bool:
    """Whether the tests run in CI, where a missing dependency must fail, not skip."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL server for the session (``tests/web/postgres.py``). Skipped
    when it cannot be started, except in CI (``CI=true``), where that fails the tests."""
    try:
        import psycopg  # noqa: F401  (the driver the app would use)

        server = PostgresServer().__enter__()
    except (ImportError, PostgresUnavailableError, OSError) as error:
        message = f"PostgreSQL cannot be started for the tests: {error}"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty feedback database: SQLite in a folder not yet made, and a fresh database on
    the session's PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sub' / 'feedback.sqlite3'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database()


def record_question(
    store: FeedbackStore, answer: Answer, *, view: str, at: datetime | None = None
) -> None:
    """Count a question at once (back-dated with ``at``), as ``count_later`` does later."""
    with store.engine.begin() as connection:
        connection.execute(insert(QUESTIONS), [question_row(answer, view, at)])
