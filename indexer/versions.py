"""The published index versions and the ``current`` pointer.

    <index root>/versions/<version>/   one complete, verified index per build (never changed)
    <index root>/current                symlink to the live version, switched with rename(2)

Version names start with their build time (UTC), so sorting them sorts them by age.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from indexer.files import fsync_dir
from indexer.store import IndexMissingError, IndexStoreError, StoredIndex, load_index, read_manifest

CURRENT = "current"
VERSIONS = "versions"
STAGING_PREFIX = ".staging-"
_POINTER_TEMP = f".{CURRENT}-"


def live_index_dir(index_root: Path) -> Path:
    """The folder of the live version; IndexMissingError if nothing was published yet."""
    pointer = index_root / CURRENT
    if not pointer.is_symlink() and not pointer.is_dir():
        raise IndexMissingError(
            f"no index published under {index_root}; build one with: python -m indexer build"
        )
    return pointer.resolve()


def live_version(index_root: Path) -> str | None:
    """The live version's name, or None if nothing was published."""
    try:
        return live_index_dir(index_root).name
    except IndexMissingError:
        return None


def pointer_target(index_root: Path) -> str | None:
    """What ``current`` points at, read with one system call: cheap enough for every request.

    None if there is no pointer. A plain folder named ``current`` (not a symlink) is reported
    with its manifest's modification time, so a change to it is noticed too.
    """
    pointer = index_root / CURRENT
    try:
        return str(pointer.readlink())
    except FileNotFoundError:
        return None
    except OSError:  # not a symlink
        try:
            return f"{CURRENT}@{(pointer / 'manifest.json').stat().st_mtime_ns}"
        except OSError:
            return None


def target_dir(index_root: Path, target: str) -> Path:
    """The folder a ``pointer_target`` value stands for."""
    return index_root / target.split("@", 1)[0]


def load_live_index(index_root: Path) -> StoredIndex:
    """Load and verify the live version."""
    return load_index(live_index_dir(index_root))


def publish(index_root: Path, version: str) -> None:
    """Point ``current`` at a version, atomically and durably."""
    target = index_root / VERSIONS / version
    read_manifest(target)
    temporary = index_root / f"{_POINTER_TEMP}{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(Path(VERSIONS) / version)
    temporary.replace(index_root / CURRENT)  # rename(2): atomic
    fsync_dir(index_root)


def list_versions(index_root: Path) -> list[str]:
    """Published versions, oldest first (names start with the build time)."""
    versions = index_root / VERSIONS
    if not versions.is_dir():
        return []
    return sorted(p.name for p in versions.iterdir() if p.is_dir() and not p.name.startswith("."))


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One version as ``python -m indexer list`` shows it."""

    version: str
    live: bool
    built_at: str
    chunks: int
    documents: int
    model: str
    summary: str
    problem: str = ""
    """Why its manifest cannot be read, if it cannot."""


def describe_versions(index_root: Path) -> list[VersionInfo]:
    """Every version with what its manifest says (not verified: see ``load_index``)."""
    live = live_version(index_root)
    described = []
    for name in list_versions(index_root):
        try:
            m = read_manifest(index_root / VERSIONS / name)
        except IndexStoreError as exc:
            described.append(VersionInfo(name, name == live, "", 0, 0, "", "", str(exc)))
            continue
        described.append(
            VersionInfo(
                name, name == live, m.built_at, m.chunk_count, len(m.documents), m.model, m.summary
            )
        )
    return described


def previous_version(index_root: Path) -> str:
    """The version published before the live one; IndexMissingError if there is none."""
    live = live_index_dir(index_root).name
    older = [name for name in list_versions(index_root) if name < live]
    if not older:
        raise IndexMissingError(f"there is no version older than the live one ({live})")
    return older[-1]


def prune(index_root: Path, keep: int) -> list[str]:
    """Delete all but the ``keep`` newest versions, never the live one; returns the deleted."""
    live = live_version(index_root)
    deleted = []
    for name in list_versions(index_root)[:-keep]:
        if name != live:
            shutil.rmtree(index_root / VERSIONS / name, ignore_errors=True)
            deleted.append(name)
    return deleted


def remove_leftovers(index_root: Path) -> list[str]:
    """Delete the staging folders and pointer temporaries of killed builds; call this only
    while holding the build lock (no build is running then). Returns what was deleted."""
    removed = []
    versions = index_root / VERSIONS
    if versions.is_dir():
        for path in versions.iterdir():
            if path.name.startswith(STAGING_PREFIX):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
    if index_root.is_dir():
        for path in index_root.glob(f"{_POINTER_TEMP}*"):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path.name)
    return removed
