"""Building the index from the corpus and publishing it atomically.

    <index root>/versions/<version>/   one complete, verified index per build
    <index root>/current                symlink to the live version, switched with os.replace

A build writes into a hidden temporary folder, verifies it by loading it back, renames it
into ``versions/`` and only then moves ``current``. A failed or killed build therefore never
touches the live index.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from indexer.chunking import Chunk, chunk_document
from indexer.documents import DocumentError, corpus_files, read_document
from indexer.embedding import Embedder
from indexer.settings import Settings
from indexer.store import (
    IndexMissingError,
    Manifest,
    StoredIndex,
    load_index,
    read_manifest,
    sha256_file,
    write_index,
)

CURRENT = "current"
VERSIONS = "versions"
Log = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did."""

    version: str
    path: Path
    documents: int
    chunks: int
    model: str
    seconds: float

    def summary(self) -> str:
        return (
            f"Index {self.version}: {self.documents} document(s), {self.chunks} chunks, "
            f"model {self.model}, built in {self.seconds:.1f} s -> {self.path}"
        )


def live_index_dir(index_root: Path) -> Path:
    """The folder of the live version; IndexMissingError if nothing was published yet."""
    pointer = index_root / CURRENT
    if not pointer.is_symlink() and not pointer.is_dir():
        raise IndexMissingError(
            f"no index published under {index_root}; build one with: python -m indexer build"
        )
    return pointer.resolve()


def load_live_index(index_root: Path) -> StoredIndex:
    """Load and verify the live version."""
    return load_index(live_index_dir(index_root))


def corpus_checksums(corpus_dir: Path) -> dict[str, str]:
    """Corpus file name (relative to the corpus folder) -> sha256."""
    return {
        path.relative_to(corpus_dir).as_posix(): sha256_file(path)
        for path in corpus_files(corpus_dir)
    }


def is_up_to_date(settings: Settings, manifest: Manifest) -> bool:
    """Whether an index was built from the current corpus with the configured model."""
    return manifest.model == settings.model and manifest.documents == corpus_checksums(
        settings.corpus_dir
    )


def read_chunks(settings: Settings, embedder: Embedder) -> tuple[list[Chunk], dict[str, str]]:
    """Read and chunk every corpus document; returns the chunks and the corpus checksums."""
    files = corpus_files(settings.corpus_dir)
    if not files:
        raise DocumentError(f"no documents (.md, .txt, .pdf) in {settings.corpus_dir}")
    chunks: list[Chunk] = []
    for path in files:
        source = path.relative_to(settings.corpus_dir).as_posix()
        document = read_document(path, source)
        chunks.extend(chunk_document(document, embedder.count_tokens, settings.max_tokens))
    checksums = {
        path.relative_to(settings.corpus_dir).as_posix(): sha256_file(path) for path in files
    }
    return chunks, checksums


def build_index(
    settings: Settings, embedder: Embedder, *, progress: bool = False, log: Log = print
) -> BuildReport:
    """Build a new version from the corpus, verify it and make it live."""
    started = time.perf_counter()
    root = settings.index_root
    with _build_lock(root, log):
        chunks, documents = read_chunks(settings, embedder)
        log(f"Read {len(documents)} document(s) into {len(chunks)} chunks; embedding ...")
        vectors = embedder.embed_passages([c.embedding_text for c in chunks], progress=progress)
        fingerprint = embedder.fingerprint()
        version = _version_name(chunks, fingerprint)
        versions = root / VERSIONS
        staging = versions / f".staging-{version}-{os.getpid()}"
        staging.mkdir(parents=True)
        try:
            write_index(
                staging,
                chunks,
                vectors,
                version=version,
                model=settings.model,
                model_fingerprint=fingerprint,
                documents=documents,
                built_at=datetime.now(UTC).isoformat(timespec="seconds"),
                build_seconds=time.perf_counter() - started,
            )
            _verify_answers(load_index(staging), vectors)
            final = versions / version
            if final.exists():  # the same content was built before: republish it
                shutil.rmtree(staging)
            else:
                staging.rename(final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        publish(root, version)
        _prune(root, keep=settings.keep_versions)
    return BuildReport(
        version=version,
        path=final,
        documents=len(documents),
        chunks=len(chunks),
        model=settings.model,
        seconds=time.perf_counter() - started,
    )


def publish(index_root: Path, version: str) -> None:
    """Point ``current`` at a version, atomically."""
    target = index_root / VERSIONS / version
    read_manifest(target)
    temporary = index_root / f".{CURRENT}-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(Path(VERSIONS) / version)
    temporary.replace(index_root / CURRENT)  # rename(2): atomic


def list_versions(index_root: Path) -> list[str]:
    """Published versions, oldest first (names start with the build time)."""
    versions = index_root / VERSIONS
    if not versions.is_dir():
        return []
    return sorted(p.name for p in versions.iterdir() if p.is_dir() and not p.name.startswith("."))


def _version_name(chunks: list[Chunk], fingerprint: str) -> str:
    digest = hashlib.sha256(fingerprint.encode())
    for chunk in chunks:
        digest.update(chunk.id.encode())
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    return f"{stamp}-{digest.hexdigest()[:8]}"


def _verify_answers(index: StoredIndex, vectors: np.ndarray) -> None:
    """Each stored vector must find its own chunk first: the index answers, in order."""
    probes = sorted({0, len(index.chunks) // 2, len(index.chunks) - 1})
    for position, hits in zip(probes, index.search(vectors[probes], 1), strict=True):
        if not hits or hits[0][0] != position:
            raise RuntimeError(f"verification failed: vector {position} did not find its chunk")


def _prune(index_root: Path, keep: int) -> None:
    live = live_index_dir(index_root).name
    for name in list_versions(index_root)[:-keep]:
        if name != live:
            shutil.rmtree(index_root / VERSIONS / name, ignore_errors=True)


@contextlib.contextmanager
def _build_lock(index_root: Path, log: Log) -> Iterator[None]:
    """One build at a time: a second build waits for the first, saying so."""
    index_root.mkdir(parents=True, exist_ok=True)
    with (index_root / ".build.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log("Another build is running; waiting for it to finish ...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
