"""Writing files so that a crash or a kill leaves either the old content or the new, never half.

A file is written under a temporary name in the same folder, flushed to disk and renamed over
its final name (rename(2) is atomic). Temporaries of killed writers end in ``.tmp`` and start
with a dot; ``remove_temporaries`` clears them while no writer runs (under the build lock).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def temporary_name(path: Path) -> Path:
    """A unique hidden sibling of ``path`` for writing it."""
    return path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}{TEMP_SUFFIX}")


def write_atomic(path: Path, data: bytes, *, durable: bool = False) -> None:
    """Replace ``path`` with ``data`` in one step; ``durable`` also flushes it to the disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = temporary_name(path)
    try:
        with temporary.open("wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(path.parent)


def fsync_file(path: Path) -> None:
    """Flush a written file's content to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (new names, renames) to the disk."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_temporaries(root: Path) -> int:
    """Delete the temporaries that killed writers left anywhere under ``root``; how many."""
    removed = 0
    if not root.is_dir():
        return 0
    for path in root.rglob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed
