"""One build at a time: an advisory lock on ``<index root>/.build.lock``.

The kernel releases the lock when its holder exits, however it exits (SIGKILL included), so a
killed build never blocks the next one. The holder writes who it is into the file, so that a
second build can say whom it waits for.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

LOCK_NAME = ".build.lock"
_POLL_SECONDS = 0.1


class BuildLockedError(RuntimeError):
    """Another build is running and this one did not (or no longer) wait for it."""


@contextlib.contextmanager
def build_lock(
    index_root: Path, *, wait_seconds: float, log: Callable[[str], None]
) -> Iterator[None]:
    """Hold the build lock; wait up to ``wait_seconds`` for another build, then give up."""
    index_root.mkdir(parents=True, exist_ok=True)
    with (index_root / LOCK_NAME).open("a+", encoding="utf-8") as handle:
        if not _try_lock(handle.fileno()):
            holder = _holder(handle)
            if wait_seconds <= 0:
                raise BuildLockedError(
                    f"another build is running ({holder}); try again when it has finished"
                )
            log(f"Another build is running ({holder}); waiting up to {wait_seconds:.0f} s ...")
            deadline = time.monotonic() + wait_seconds
            while not _try_lock(handle.fileno()):
                if time.monotonic() >= deadline:
                    raise BuildLockedError(
                        f"another build is still running after {wait_seconds:.0f} s "
                        f"({_holder(handle)}); try again when it has finished"
                    )
                time.sleep(_POLL_SECONDS)
        try:
            handle.seek(0)
            handle.truncate()
            started = datetime.now(UTC).isoformat(timespec="seconds")
            me = {"pid": os.getpid(), "host": socket.gethostname(), "started_at": started}
            handle.write(json.dumps(me) + "\n")
            handle.flush()
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(handle: TextIO) -> str:
    """Who holds the lock, as its holder wrote it."""
    try:
        handle.seek(0)
        data = json.loads(handle.read())
        return f"process {data['pid']} on {data['host']}, started {data['started_at']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "holder unknown"
