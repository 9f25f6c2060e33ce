"""Two replicas of the app, each a process of its own, sharing one PostgreSQL database and one
index folder, as in production behind a load balancer: questions asked on both are counted
in one place, feedback given on one shows on the other's staff page, and a version published
in the shared folder is served by both."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from indexer.build import build_index
from indexer.settings import PROJECT_DIR, Settings
from tests.fakes import HashingEmbedder
from tests.waiting import wait_for
from tests.web.conftest import READY_TIMEOUT, note_index
from tests.web.postgres import PostgresServer
from tests.web.servers import bound_socket

pytestmark = pytest.mark.postgres

TOKEN = "een-lange-geheime-code-voor-twee-replicas"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
FAQ = "# Zwembad\n\nHet stedelijk zwembad opent elke dag om negen uur voor de baantjeszwemmers.\n"


@dataclass(frozen=True)
class Replicas:
    """The replicas' addresses and the settings they share."""

    urls: tuple[str, str]
    settings: Settings


def served_version(url: str) -> str | None:
    """The index version a replica serves (None while it is not ready)."""
    try:
        ready = httpx.get(f"{url}/readyz", timeout=5)
    except httpx.TransportError:
        return None
    if ready.status_code != 200:
        return None
    version: str = ready.json()["index"]["version"]
    return version


@pytest.fixture(scope="module")
def replicas(
    postgres: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Replicas]:
    root = tmp_path_factory.mktemp("replicas")
    settings = note_index(
        root,
        feedback_database_url=postgres.create_database(),
        rate_limit_per_minute=0,
        reload_check_seconds=0.1,
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("VRAAGBAAK_")},
        "VRAAGBAAK_CORPUS_DIR": str(settings.corpus_dir),
        "VRAAGBAAK_DATA_DIR": str(settings.data_dir),
        "VRAAGBAAK_MODEL": settings.model,
        "VRAAGBAAK_FEEDBACK_DATABASE_URL": settings.feedback_url,
        "VRAAGBAAK_STAFF_TOKEN": TOKEN,
        "VRAAGBAAK_RATE_LIMIT_PER_MINUTE": "0",
        "VRAAGBAAK_RELOAD_CHECK_SECONDS": "0.1",
    }
    processes: list[tuple[subprocess.Popen[bytes], Path]] = []
    urls: list[str] = []
    try:
        for n in range(2):
            sock = bound_socket()
            urls.append(f"http://127.0.0.1:{sock.getsockname()[1]}")
            log = root / f"replica-{n}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [sys.executable, "-m", "tests.web.replica", str(sock.fileno())],
                    cwd=PROJECT_DIR,
                    env=env,
                    pass_fds=[sock.fileno()],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            sock.close()  # the replica holds its own copy
            processes.append((process, log))
        for url, (process, log) in zip(urls, processes, strict=True):

            def up(
                url: str = url, process: subprocess.Popen[bytes] = process, log: Path = log
            ) -> bool:
                assert process.poll() is None, f"replica died:\n{log.read_text()[-3000:]}"
                return served_version(url) is not None

            wait_for(up, 90, what=f"{url} to be ready")
        yield Replicas((urls[0], urls[1]), settings)
    finally:
        for process, _log in processes:
            process.terminate()
        for process, _log in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def staff_page(url: str) -> str:
    page = httpx.get(f"{url}/staff?weeks=4", headers=BEARER, timeout=30)
    assert page.status_code == 200, page.text
    return page.text


def question_count(page: str) -> int:
    match = re.search(r"<dt>Vragen</dt><dd>(\d+)</dd>", page)
    assert match, "the page shows the number of questions"
    return int(match.group(1))


def ask(url: str, question: str) -> dict[str, Any]:
    answer = httpx.post(f"{url}/api/ask", json={"question": question}, timeout=30)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_questions_asked_on_both_replicas_are_counted_in_one_database(
    replicas: Replicas,
) -> None:
    first, second = replicas.urls
    before = question_count(staff_page(first))
    for n in range(3):
        ask(first, f"Wat doet de regio aan ontharding? ({n})")
    for n in range(2):
        ask(second, f"Hoe verloopt de samenwerking tussen de gemeenten? ({n})")
    # A replica writes its counts in the background; its own staff page waits for them.
    assert question_count(staff_page(first)) >= before + 3
    assert question_count(staff_page(second)) == before + 5
    assert question_count(staff_page(first)) == before + 5


@pytest.mark.browser
def test_feedback_given_on_one_replica_shows_on_the_others_staff_page(
    replicas: Replicas, browser: Any
) -> None:
    first, second = replicas.urls
    question = "Wat is de UiT-pas voor twee replica's?"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        page.goto(f"{first}/")
        box = page.get_by_role("textbox", name=re.compile("Uw vraag"))
        box.fill(question)
        box.press("Enter")
        page.wait_for_function("() => document.querySelectorAll('#vb-chat .vb-answer').length > 0")
        page.get_by_role("button", name=re.compile("^(Vind ik leuk|Like)$")).last.click()
        page.wait_for_function(
            "() => document.querySelector('#vb-status [role=status]')"
            ".textContent.includes('Bedankt')"
        )
    finally:
        context.close()
    assert "Wat is de UiT-pas voor twee replica's?" in html.unescape(staff_page(second))
    export = httpx.get(f"{second}/staff/feedback.csv", headers=BEARER, timeout=30)
    assert export.status_code == 200 and question in export.text


def test_a_version_published_in_the_shared_folder_is_served_by_both(replicas: Replicas) -> None:
    first, second = replicas.urls
    old = served_version(first)
    assert old is not None and served_version(second) == old
    (replicas.settings.corpus_dir / "faq-zwembad.md").write_text(FAQ, encoding="utf-8")
    report = build_index(replicas.settings, HashingEmbedder(), log=lambda _message: None)
    assert report.changed and report.version != old
    for url in (first, second):

        def switched(url: str = url) -> bool:
            return served_version(url) == report.version

        wait_for(switched, READY_TIMEOUT, what=f"{url} to switch")
        answer = ask(url, "Wanneer opent het stedelijk zwembad?")
        assert answer["index"]["version"] == report.version
        assert any(p["source"] == "faq-zwembad.md" for p in answer["passages"])
