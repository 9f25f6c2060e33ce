"""A build killed with SIGKILL, at any moment, leaves the live index intact; the next succeeds."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from indexer.build import BuildLockedError
from indexer.settings import PROJECT_DIR, Settings
from indexer.store import StoredIndex, verify_answers
from indexer.versions import list_versions, load_live_index
from tests.fakes import HashingEmbedder
from tests.indexer.support import PARAGRAPH_WORD, build, edit_note, leftovers

CHILD = [sys.executable, "-m", "tests.indexer.build_child"]


def start(
    settings: Settings, *options: str, data: list[Path] | None = None
) -> subprocess.Popen[str]:
    """A child build (in ``data`` folders if given), returned once it is ready to build."""
    folders = [str(folder) for folder in data or [settings.data_dir]]
    child = subprocess.Popen(
        [*CHILD, str(settings.corpus_dir), *folders, *options],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


def read_lines(child: subprocess.Popen[str], count: int) -> None:
    """Read ``count`` lines of the child's output, or all there are if it ends first."""
    assert child.stdout is not None
    for _ in range(count):
        if not child.stdout.readline():
            return


def survivor(settings: Settings, allowed: set[str]) -> StoredIndex:
    """The live index after a kill: it loads, verifies and is one of the allowed versions."""
    index = load_live_index(settings.index_root)
    verify_answers(index)
    assert index.manifest.version in allowed
    return index


def next_build_succeeds(settings: Settings, word: str) -> None:
    report = build(settings, HashingEmbedder())
    live = load_live_index(settings.index_root)
    assert live.manifest.version == report.version
    assert any(word in chunk.text for chunk in live.chunks)
    assert not leftovers(settings.data_dir)


def test_builds_killed_at_random_moments(settings: Settings) -> None:
    rng = random.Random(20231126)
    build(settings, HashingEmbedder())
    word = PARAGRAPH_WORD
    for round_ in range(4):
        before = set(list_versions(settings.index_root))
        live_before = load_live_index(settings.index_root).manifest.version
        edit_note(settings, word, f"{PARAGRAPH_WORD}{round_}")
        word = f"{PARAGRAPH_WORD}{round_}"
        cold = round_ % 2 == 1
        passages = 1  # a warm cache: only the edited passage is embedded
        if cold:  # a cold cache, forced: the whole note is embedded again, slowly
            shutil.rmtree(settings.cache_dir)
            passages = 51
        child = start(settings, "--delay", "0.004", "--announce", *(["--force"] if cold else []))
        # killed as it starts on a random passage, or just after the last (while it
        # publishes), or once it has said it is done
        read_lines(child, rng.randrange(0, passages + 2))
        child.send_signal(signal.SIGKILL)
        child.communicate()
        published = set(list_versions(settings.index_root)) - before
        survivor(settings, {live_before} | published)
        next_build_succeeds(settings, word)


def test_a_build_killed_before_each_of_its_file_system_changes(
    settings: Settings, tmp_path: Path
) -> None:
    build(settings, HashingEmbedder())
    live_before = load_live_index(settings.index_root).manifest.version
    edit_note(settings, PARAGRAPH_WORD, "onthardingsbemiddelaar")
    counting = copy_of(settings, tmp_path / "count")
    out, _ = start(counting, "--kill-at", "0").communicate(timeout=60)
    ops = int(out.split("ops ")[1])
    assert ops >= 10
    copies = [copy_of(settings, tmp_path / f"kill-{n}") for n in range(1, ops + 1)]
    driver = start(settings, "--kill-each", data=[copy.data_dir for copy in copies])
    out, _ = driver.communicate(timeout=120)
    statuses = dict(line.split() for line in out.splitlines())
    assert statuses == {str(n): str(-signal.SIGKILL) for n in range(1, ops + 1)}
    for copy in copies:
        new = set(list_versions(copy.index_root)) - {live_before}
        survivor(copy, {live_before} | new)
        next_build_succeeds(copy, "onthardingsbemiddelaar")


def copy_of(settings: Settings, folder: Path) -> Settings:
    """The same corpus with a copy of the data folder (index, caches, lock)."""
    shutil.copytree(settings.data_dir, folder, symlinks=True)
    return settings.model_copy(update={"data_dir": folder})


def test_a_concurrent_build_in_another_process_is_refused_by_name(settings: Settings) -> None:
    build(settings, HashingEmbedder())
    edit_note(settings, PARAGRAPH_WORD, "onthardingsbemiddelaar")
    shutil.rmtree(settings.cache_dir)
    child = start(settings, "--delay", "0.02", "--announce", "--force")  # about a second
    read_lines(child, 1)  # embedding its first passage: it holds the build lock
    try:
        build(settings, HashingEmbedder(), wait_seconds=0)
    except BuildLockedError as exc:
        assert f"process {child.pid} on " in str(exc)
    else:
        raise AssertionError("the second build did not notice the first")
    out, _ = child.communicate(timeout=60)
    assert "built " in out
    assert not build(settings, HashingEmbedder(), wait_seconds=5).changed
