"""Over HTTP: while a client asks in a loop, new versions go live; answers switch, none fails."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable

import httpx
import pytest
from pydantic import SecretStr

from indexer.build import BuildReport, build_index
from indexer.settings import Settings
from tests.fakes import HashingEmbedder
from tests.indexer.support import PARAGRAPH_WORD, edit_note
from tests.waiting import wait_for
from tests.web.conftest import READY_TIMEOUT, ready_app
from tests.web.servers import AppServer

TOKEN = "sleutel-voor-de-test-van-minstens-32-tekens"
QUESTION = "Werk aan een onthardingsstrategie"
"""Words of the edited passage that the edits leave alone: the same passage always answers."""
WORDS = [PARAGRAPH_WORD, *(f"onthardingsmakelaar{n}" for n in range(1, 5))]


@pytest.mark.slow
def test_answers_switch_to_each_new_version_with_zero_failed_requests(
    settings: Settings, built: BuildReport
) -> None:
    settings = settings.model_copy(
        update={
            "staff_token": SecretStr(TOKEN),
            "rate_limit_per_minute": 0,  # one client asking as fast as it can
            "reload_check_seconds": 0.1,
            "keep_versions": 2,
        }
    )
    seen: list[tuple[str, str]] = []
    failures: list[str] = []
    stop = threading.Event()
    app = ready_app(settings)

    def client(url: str) -> None:
        with httpx.Client(base_url=url, timeout=30) as http:
            while not stop.is_set():
                try:
                    response = http.post("/api/ask", json={"question": QUESTION})
                    body = response.json()
                    if response.status_code != 200:
                        failures.append(f"{response.status_code}: {body}")
                        continue
                    passages = " ".join(p["text"] for p in body["passages"])
                    word = next((w for w in reversed(WORDS) if w in passages), "none")
                    seen.append((body["index"]["version"], word))
                except Exception as error:  # any failure fails the test
                    failures.append(repr(error))

    def more_answers_than(count: int) -> Callable[[], bool]:
        return lambda: bool(failures) or len(seen) > count

    versions = [built.version]
    with AppServer(app) as url:
        assert app.state.service.wait_ready(READY_TIMEOUT)
        thread = threading.Thread(target=client, args=(url,), daemon=True)
        thread.start()
        try:
            with httpx.Client(base_url=url, timeout=30) as staff:
                bearer = {"Authorization": f"Bearer {TOKEN}"}
                for step, (old, new) in enumerate(itertools.pairwise(WORDS)):
                    edit_note(settings, old, new)
                    if step % 2 == 0:  # from the staff route
                        assert staff.post("/staff/rebuild", headers=bearer).status_code == 202
                        wait_for(lambda: app.state.rebuilds.state().state != "running", 30)
                        build = app.state.rebuilds.state()
                        assert build.state == "published", build.summary
                        versions.append(build.version)
                    else:  # from the command line: the server notices it by itself
                        report = build_index(settings, HashingEmbedder(), log=lambda _m: None)
                        versions.append(report.version)
                    wait_for(
                        lambda: bool(failures) or (bool(seen) and seen[-1][0] == versions[-1]), 30
                    )
                    wait_for(more_answers_than(len(seen) + 5), 30)
        finally:
            stop.set()
            thread.join(30)

    assert failures == []
    assert len(seen) > 5 * (len(versions) - 1)  # several answers from every new version
    order = list(dict.fromkeys(version for version, _ in seen))
    assert order == versions  # every version served, in order, none twice
    for version, word in seen:  # each answer comes from the version that served it
        assert word == WORDS[versions.index(version)], version
