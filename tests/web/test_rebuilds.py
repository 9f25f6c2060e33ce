"""Builds started from the staff page: in the background, one at a time, never losing the index."""

from __future__ import annotations

import threading

import pytest

from chatbot.live import LiveStatus
from indexer.build import BuildReport
from indexer.lock import build_lock
from indexer.settings import Settings
from tests.indexer.support import PARAGRAPH_WORD, edit_note
from tests.web.conftest import make_bot
from web.staff.index_panel import index_section
from web.staff.rebuilds import BuildRunningError, BuildState, Rebuilds

TIMEOUT = 60.0


@pytest.fixture
def quiet(settings: Settings) -> Settings:
    """No background checks: only the build's own reload swaps versions."""
    return settings.model_copy(update={"reload_check_seconds": 0.0})


def test_a_build_publishes_and_the_chat_switches_at_once(
    quiet: Settings, built: BuildReport
) -> None:
    bot = make_bot(quiet)
    assert bot.load().manifest.version == built.version
    edit_note(quiet, PARAGRAPH_WORD, "onthardingsbemiddelaar")
    rebuilds = Rebuilds(bot)

    started = rebuilds.start()
    assert started.running
    state = rebuilds.wait(TIMEOUT)

    assert state.state == "published"
    assert state.version is not None and state.version != built.version
    assert "1 changed" in (state.summary or "")
    assert bot.live.status().version == state.version  # no wait for a background check
    answer = bot.ask("onthardingsbemiddelaar")
    assert answer.index.version == state.version
    assert "onthardingsbemiddelaar" in answer.hits[0].chunk.text


def test_nothing_changed_keeps_the_version(quiet: Settings, built: BuildReport) -> None:
    rebuilds = Rebuilds(make_bot(quiet))
    rebuilds.start()
    state = rebuilds.wait(TIMEOUT)
    assert (state.state, state.version) == ("unchanged", built.version)
    assert "Nothing changed" in (state.summary or "")


def test_one_build_at_a_time(quiet: Settings, built: BuildReport) -> None:
    release = threading.Event()

    bot = make_bot(quiet)

    def slow_build(*, force: bool) -> BuildReport:
        release.wait(TIMEOUT)
        return bot.build(force=force)

    rebuilds = Rebuilds(bot, build=slow_build)
    first = rebuilds.start(force=True)
    with pytest.raises(BuildRunningError, match="still running"):
        rebuilds.start()
    assert rebuilds.state() == first
    release.set()
    assert rebuilds.wait(TIMEOUT).state in ("published", "unchanged")
    rebuilds.start()  # free again
    assert rebuilds.wait(TIMEOUT).state == "unchanged"


def test_a_broken_corpus_fails_the_build_and_the_live_version_keeps_serving(
    quiet: Settings, built: BuildReport
) -> None:
    bot = make_bot(quiet)
    bot.load()
    (quiet.corpus_dir / "scan.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    rebuilds = Rebuilds(bot)
    rebuilds.start()
    state = rebuilds.wait(TIMEOUT)

    assert state.state == "failed"
    assert "scan.pdf" in (state.summary or "")
    assert "nothing was published" in (state.summary or "")
    assert state.version is None
    assert bot.live.status().version == built.version
    assert bot.ask("Wat is een onthardingsmakelaar?").index.version == built.version


@pytest.mark.usefixtures("built")
def test_a_build_from_the_command_line_holds_the_lock(quiet: Settings) -> None:
    rebuilds = Rebuilds(make_bot(quiet))
    with build_lock(quiet.index_root, wait_seconds=0, log=lambda _m: None):
        rebuilds.start()
        state = rebuilds.wait(TIMEOUT)
    assert state.state == "failed"
    assert "another build is running" in (state.summary or "")


def test_the_staff_section_follows_a_running_build_and_a_reload() -> None:
    live = LiveStatus(True, "v2", "nu", "v2", True, None, 1, None)
    running = BuildState("running", started_at="2026-11-26T18:00:00+00:00")
    page = index_section(live, running)
    assert "vernieuwt zichzelf" in page and "disabled" in page
    done = BuildState("published", version="v2", summary="Published v2\n  folder: /srv/x")
    page = index_section(live, done, reloaded=True)
    assert "/srv/x" not in page and "Published v2" in page
    assert "Herladen: de chat gebruikt versie <code>v2</code>." in page
    assert "disabled" not in page
