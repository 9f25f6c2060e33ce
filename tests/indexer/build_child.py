"""Builds in child processes, for the tests that kill builds.

    python -m tests.indexer.build_child CORPUS DATA [--delay S] [--announce] [--kill-at N] [--force]
    python -m tests.indexer.build_child CORPUS DATA_1 ... DATA_N --kill-each

Prints ``ready`` once imported, then builds with the fake embedder (``--delay`` seconds per
passage, to stretch the build out; with ``--announce`` it prints ``passage`` as it starts on
each one, so that a test can act at a known step instead of after a guessed time;
``--force`` embeds every passage again, which an unchanged passage otherwise never is: its
vector comes from the live version) and prints ``built <version>``. ``--kill-at N`` makes
the process SIGKILL itself just before its N-th file-system change (mkdir, write flush,
rename, symlink, delete), which visits every step of a build; ``--kill-at 0`` only counts
them and prints ``ops <count>``.
``--kill-each`` forks one build per data folder, the i-th killed before its i-th change,
and prints ``<i> <exit status>`` for each: the imports are paid once, not N times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from indexer.build import build_index
from indexer.embedding import Vectors
from indexer.settings import Settings
from tests.fakes import HashingEmbedder


class SlowEmbedder(HashingEmbedder):
    """Takes ``delay`` seconds a passage, like a model; may say when it starts on each."""

    def __init__(self, delay: float, *, announce: bool = False) -> None:
        super().__init__()
        self.delay = delay
        self.announce = announce

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        for _ in texts:
            if self.announce:
                print("passage", flush=True)
            time.sleep(self.delay)  # the model's work, not a wait for the test
        return super().embed_passages(texts, progress=progress)


_ops = 0


def _count_ops(kill_at: int) -> None:
    """Wrap every file-system change so that the kill_at-th one never happens."""

    def wrap(owner: Any, name: str) -> None:
        original: Callable[..., Any] = getattr(owner, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            global _ops  # noqa: PLW0603
            _ops += 1
            if _ops == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return original(*args, **kwargs)

        setattr(owner, name, counted)

    for method in ("mkdir", "rename", "replace", "symlink_to", "unlink", "write_bytes"):
        wrap(Path, method)
    wrap(os, "fsync")
    wrap(shutil, "rmtree")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("data", type=Path, nargs="+")
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--announce", action="store_true")
    parser.add_argument("--kill-at", type=int, default=None)
    parser.add_argument("--kill-each", action="store_true")
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    if args.kill_each:
        return _kill_each(args.corpus, args.data)
    settings = Settings(corpus_dir=args.corpus, data_dir=args.data[0], model="fake-trigram")
    if args.kill_at is not None:
        _count_ops(args.kill_at)
    print("ready", flush=True)
    embedder = SlowEmbedder(args.delay, announce=args.announce)
    report = build_index(settings, embedder, log=lambda _m: None, force=args.force)
    print(f"built {report.version}", flush=True)
    if args.kill_at == 0:
        print(f"ops {_ops}", flush=True)
    return 0


def _kill_each(corpus: Path, folders: list[Path]) -> int:
    """Fork a build per folder, two at a time; the i-th is killed before its i-th change."""
    print("ready", flush=True)
    running: dict[int, int] = {}
    for number, folder in enumerate(folders, start=1):
        if len(running) >= 2:
            _reap(running)
        pid = os.fork()
        if pid == 0:  # the build: never returns
            try:
                _count_ops(number)
                settings = Settings(corpus_dir=corpus, data_dir=folder, model="fake-trigram")
                build_index(settings, SlowEmbedder(0.0), log=lambda _m: None)
            finally:
                os._exit(0)
        running[pid] = number
    while running:
        _reap(running)
    return 0


def _reap(running: dict[int, int]) -> None:
    pid, status = os.wait()
    print(f"{running.pop(pid)} {os.waitstatus_to_exitcode(status)}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
