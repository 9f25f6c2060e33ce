"""The index on disk: a directory of plain files that describes itself. No pickle.

manifest.json   format version, model and weights fingerprint, dimension, counts,
                checksums of the corpus files and of the two files below, build time
chunks.jsonl    one chunk per line, in vector order
vectors.faiss   a FAISS inner-product index over L2-normalized vectors
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from indexer.chunking import SECTIONS, Chunk
from indexer.embedding import Vectors

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
VECTORS = "vectors.faiss"


class IndexStoreError(Exception):
    """Base of the index errors; each message says what is wrong and what to do."""


class IndexMissingError(IndexStoreError):
    """There is no index where one was expected."""


class IndexCorruptError(IndexStoreError):
    """An index file is missing, truncated or altered."""


class IndexMismatchError(IndexStoreError):
    """The index was built for another format, model or dimension."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What an index directory holds and how it was made."""

    version: str
    model: str
    model_fingerprint: str
    dimension: int
    chunk_count: int
    documents: dict[str, str]
    """Corpus file name -> sha256 of its bytes."""
    files: dict[str, str]
    """Index file name -> sha256 of its bytes."""
    built_at: str
    build_seconds: float
    format_version: int = FORMAT_VERSION

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data: dict[str, Any] = json.loads(text)
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


@dataclass(frozen=True, slots=True)
class StoredIndex:
    """A loaded, verified index."""

    path: Path
    manifest: Manifest
    chunks: tuple[Chunk, ...]
    vectors: Any  # faiss.Index; faiss ships no type information

    def search(self, query: Vectors, k: int) -> list[list[tuple[int, float]]]:
        """For each query row, up to k (chunk position, cosine score) pairs, best first."""
        k = min(k, len(self.chunks))
        scores, positions = self.vectors.search(np.ascontiguousarray(query, np.float32), k)
        return [
            [(int(p), float(s)) for p, s in zip(row_p, row_s, strict=True) if p >= 0]
            for row_p, row_s in zip(positions, scores, strict=True)
        ]


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_index(
    directory: Path,
    chunks: list[Chunk],
    vectors: Vectors,
    *,
    version: str,
    model: str,
    model_fingerprint: str,
    documents: dict[str, str],
    built_at: str,
    build_seconds: float,
) -> Manifest:
    """Write the three files into an existing, empty directory; the manifest last."""
    import faiss

    if vectors.shape[0] != len(chunks):
        raise ValueError(f"{len(chunks)} chunks but {vectors.shape[0]} vectors")
    flat = faiss.IndexFlatIP(int(vectors.shape[1]))
    flat.add(np.ascontiguousarray(vectors, np.float32))
    faiss.write_index(flat, str(directory / VECTORS))
    with (directory / CHUNKS).open("w", encoding="utf-8") as handle:
        for chunk in chunks:
            handle.write(json.dumps(dataclasses.asdict(chunk), ensure_ascii=False) + "\n")
    manifest = Manifest(
        version=version,
        model=model,
        model_fingerprint=model_fingerprint,
        dimension=int(vectors.shape[1]),
        chunk_count=len(chunks),
        documents=documents,
        files={name: sha256_file(directory / name) for name in (CHUNKS, VECTORS)},
        built_at=built_at,
        build_seconds=round(build_seconds, 3),
    )
    (directory / MANIFEST).write_text(manifest.to_json() + "\n", encoding="utf-8")
    return manifest


def read_manifest(directory: Path) -> Manifest:
    """The manifest alone, checked for format; cheap."""
    path = directory / MANIFEST
    if not path.is_file():
        raise IndexMissingError(
            f"no index at {directory} (no {MANIFEST}); build one with: python -m indexer build"
        )
    try:
        manifest = Manifest.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, TypeError) as exc:
        raise IndexCorruptError(
            f"{path} is not a valid manifest ({exc}); rebuild the index"
        ) from exc
    if manifest.format_version != FORMAT_VERSION:
        raise IndexMismatchError(
            f"{directory} has index format {manifest.format_version}, this program reads "
            f"{FORMAT_VERSION}; rebuild the index with: python -m indexer build"
        )
    return manifest


def load_index(directory: Path) -> StoredIndex:
    """Load an index directory, verifying every checksum and count in its manifest."""
    import faiss

    manifest = read_manifest(directory)
    for name, expected in manifest.files.items():
        path = directory / name
        if not path.is_file():
            raise IndexCorruptError(f"{path} is missing; rebuild the index")
        if sha256_file(path) != expected:
            raise IndexCorruptError(
                f"{path} does not match its checksum in the manifest (truncated or altered); "
                "rebuild the index or roll back to an earlier version"
            )
    chunks = tuple(_read_chunks(directory / CHUNKS))
    vectors = faiss.read_index(str(directory / VECTORS))
    if len(chunks) != manifest.chunk_count or vectors.ntotal != manifest.chunk_count:
        raise IndexCorruptError(
            f"{directory}: manifest says {manifest.chunk_count} chunks, found {len(chunks)} "
            f"chunks and {vectors.ntotal} vectors; rebuild the index"
        )
    if vectors.d != manifest.dimension:
        raise IndexMismatchError(
            f"{directory}: vectors have dimension {vectors.d}, manifest says {manifest.dimension}"
        )
    return StoredIndex(path=directory, manifest=manifest, chunks=chunks, vectors=vectors)


def check_model(manifest: Manifest, model: str, fingerprint: str, dimension: int) -> None:
    """Refuse to serve an index with a model other than the one it was built with."""
    if (manifest.model_fingerprint, manifest.dimension) != (fingerprint, dimension):
        raise IndexMismatchError(
            f"the index {manifest.version} was built with model {manifest.model!r} "
            f"(weights {manifest.model_fingerprint[:12]}, dimension {manifest.dimension}), "
            f"but the configured model is {model!r} (weights {fingerprint[:12]}, dimension "
            f"{dimension}); rebuild the index with: python -m indexer build"
        )


def _read_chunks(path: Path) -> list[Chunk]:
    chunks = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            chunk = Chunk(**json.loads(line))
        except (ValueError, TypeError) as exc:
            raise IndexCorruptError(f"{path}:{number} is not a valid chunk ({exc})") from exc
        if chunk.section not in SECTIONS:
            raise IndexCorruptError(f"{path}:{number} has unknown section {chunk.section!r}")
        chunks.append(chunk)
    return chunks
