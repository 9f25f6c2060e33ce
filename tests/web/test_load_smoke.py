"""The load test as a smoke test: a few clients for a few seconds, no errors allowed.

Only the absence of errors is asserted, never a speed: the figures of this machine are in
docs/BENCHMARKS.md (``python benchmarks/load.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest

from benchmarks.load import LoadResult, mixed_questions, require_loopback, run_load
from indexer.build import BuildReport, build_index
from indexer.settings import PROJECT_DIR, Settings
from tests.fakes import HashingEmbedder
from tests.waiting import wait_for
from tests.web.conftest import READY_TIMEOUT, ready_app
from tests.web.servers import AppServer
from web.records.store import store_for

pytestmark = pytest.mark.load

LOAD_BEFORE_AND_AFTER = 20
"""Questions answered from the old version before the new one is built, and from the new."""
FAQ = "# Veelgestelde vragen\n\n## Wat is de Vraagbaak?\n\nEen chat over de nota.\n"


@pytest.fixture
def server(settings: Settings, built: BuildReport) -> Iterator[tuple[str, Settings]]:
    """The app under uvicorn over its own index; rate limit off (one address asks all)."""
    settings = settings.model_copy(update={"rate_limit_per_minute": 0, "reload_check_seconds": 0.1})
    app = ready_app(settings)
    with AppServer(app) as url:
        assert app.state.service.wait_ready(READY_TIMEOUT)
        yield url, settings


def assert_no_errors(result: LoadResult) -> None:
    figures = result.figures()
    assert figures["errors"] == 0, figures["errors_by_kind"]
    assert figures["answered"] > 10
    assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"] <= figures["max_ms"]
    assert figures["answered_per_second"] > 0


def test_a_short_run_of_four_clients_has_no_errors(server: tuple[str, Settings]) -> None:
    url, _ = server
    result = run_load(url, mixed_questions(), clients=4, seconds=2.0)
    assert_no_errors(result)
    unique = run_load(url, mixed_questions(unique=True), clients=4, seconds=1.0)
    assert_no_errors(unique)


def test_no_errors_while_a_new_index_version_is_published(
    server: tuple[str, Settings], built: BuildReport
) -> None:
    url, settings = server
    swapped = threading.Event()

    def answered_from(version: str) -> int:
        return sum(q.index_version == version for q in store_for(settings).questions())

    def publish() -> None:
        try:
            wait_for(lambda: answered_from(built.version) >= LOAD_BEFORE_AND_AFTER)
            (settings.corpus_dir / "faq.md").write_text(FAQ, encoding="utf-8")
            new = build_index(settings, HashingEmbedder(), log=lambda _message: None)
            wait_for(lambda: answered_from(new.version) >= LOAD_BEFORE_AND_AFTER, READY_TIMEOUT)
        finally:
            swapped.set()

    publisher = threading.Thread(target=publish)
    publisher.start()
    result = run_load(url, mixed_questions(), clients=4, seconds=1.0, until=swapped)
    publisher.join()
    assert_no_errors(result)
    assert built.version in result.versions
    assert len(result.versions) == 2, "answers came from both versions"


@pytest.mark.parametrize(
    "url", ["http://example.com", "http://10.0.0.1:7860", "https://127.0.0.1", "ftp://localhost"]
)
def test_the_load_test_refuses_anything_but_loopback(url: str) -> None:
    with pytest.raises(SystemExit):
        require_loopback(url)


@pytest.mark.slow
def test_the_script_serves_the_real_model_and_reports() -> None:
    if not (PROJECT_DIR / "var" / "index" / "current").exists():
        pytest.skip("no index in var/: python -m indexer build")
    done = subprocess.run(
        [sys.executable, "benchmarks/load.py", "--clients", "2", "--seconds", "2", "--json"],
        cwd=PROJECT_DIR,
        env={**os.environ, "VRAAGBAAK_LOG_FORMAT": "json"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["errors"] == 0
    assert figures["answered"] > 0
    assert figures["server peak memory (MB)"] > 0
