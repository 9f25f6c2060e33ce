"""The index on disk: a directory of plain files that describes itself. No pickle.

manifest.json   format version, model and weights fingerprint, dimension, counts,
                checksums of the corpus files and of the two files below, build time,
                the build recipe (what the caches are keyed by) and the build's summary
chunks.jsonl    one chunk per line, in vector order
vectors.faiss   a FAISS inner-product index over L2-normalized vectors: exact (flat) or,
                for a large corpus, approximate (IVF); the manifest's ``vector_index`` says
                which, with its parameters and measured recall (``indexer.vector_index``)

Loading checks every checksum and count, and that each chunk's id still matches its content,
so an index that was truncated, altered or mixed up is refused with a named error.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from indexer.chunking import SECTIONS, Chunk, expected_id
from indexer.embedding import Embedder, Vectors
from indexer.files import fsync_dir, fsync_file, write_atomic
from indexer.vector_index import VectorIndexInfo, apply_search_parameters, kind_of

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
    recipe: dict[str, str] = field(default_factory=dict)
    """What the chunks and vectors depend on besides the documents (code, settings, model);
    a build with the same documents and recipe has nothing to do. Empty in older indexes."""
    summary: str = ""
    """The build's one-line summary: documents and chunks added, changed, removed."""
    vector_index: dict[str, str | int | float] = field(default_factory=dict)
    """Which kind of FAISS index vectors.faiss is, its parameters and its recall
    (``VectorIndexInfo.to_manifest``); empty in older indexes, which are flat."""

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse a manifest; ValueError or TypeError if it is not one."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
        hints = typing.get_type_hints(cls)
        known = {f.name for f in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        for name, value in values.items():
            if not _has_type(value, hints[name]):
                raise TypeError(f"{name} is {value!r}, expected {hints[name]}")
        return cls(**values)


@dataclass(frozen=True, slots=True)
class StoredIndex:
    """A loaded, verified index."""

    path: Path
    manifest: Manifest
    chunks: tuple[Chunk, ...]
    vectors: Any  # faiss.Index; faiss ships no type information
    vector_info: VectorIndexInfo = field(default_factory=VectorIndexInfo)
    """What kind of index ``vectors`` is (exact or approximate) and its parameters."""

    def search(self, query: Vectors, k: int) -> list[list[tuple[int, float]]]:
        """For each query row, up to k (chunk position, cosine score) pairs, best first."""
        scores, positions = self.search_arrays(query, k)
        return [
            [(int(p), float(s)) for p, s in zip(row_p, row_s, strict=True) if p >= 0]
            for row_p, row_s in zip(positions, scores, strict=True)
        ]

    def search_arrays(
        self, query: Vectors, k: int, *, groups: int | None = None
    ) -> tuple[Any, Any]:
        """FAISS's own answer: (scores, positions) arrays of shape (queries, k), best first;
        position -1 where an approximate index found fewer than k. ``groups``: an IVF index
        searches that many groups instead of its ``nprobe`` (a flat one ignores it)."""
        rows = np.ascontiguousarray(query, np.float32).reshape(-1, self.manifest.dimension)
        k = min(k, len(self.chunks))
        if groups is not None and not self.vector_info.exact:
            import faiss

            params = faiss.SearchParametersIVF()
            params.nprobe = groups
            scores, positions = self.vectors.search(rows, k, params=params)
            return scores, positions
        scores, positions = self.vectors.search(rows, k)
        return scores, positions


def _has_type(value: object, hint: Any) -> bool:
    """A shallow check of a JSON value against a simple type hint."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_has_type(value, arg) for arg in typing.get_args(hint))
    if origin is dict:
        key_type, value_type = typing.get_args(hint)
        return isinstance(value, dict) and all(
            _has_type(k, key_type) and _has_type(v, value_type) for k, v in value.items()
        )
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is type(None):
        return value is None
    return isinstance(value, hint)


def chunk_to_json(chunk: Chunk) -> str:
    """One line of chunks.jsonl (the fields in their order, as ``dataclasses.asdict`` gives
    them, without its deep copy: 100,000 chunks are written in every build)."""
    names, _, _ = _chunk_fields()
    return json.dumps({name: getattr(chunk, name) for name in names}, ensure_ascii=False)


Check = Callable[[object], bool]


def _checker(hint: Any) -> Check:
    """``_has_type`` for one hint, resolved once (it runs for every field of every chunk)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        parts = tuple(_checker(arg) for arg in typing.get_args(hint))
        return lambda value: any(part(value) for part in parts)
    if hint is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if hint is type(None):
        return lambda value: value is None
    if typing.get_origin(hint) is typing.Literal:  # the section: checked against SECTIONS
        return lambda value: True
    return lambda value: _has_type(value, hint)


@functools.cache
def _chunk_fields() -> tuple[tuple[str, ...], frozenset[str], dict[str, Check]]:
    """Chunk's fields in order, its required fields and a check per field (computed once)."""
    hints = typing.get_type_hints(Chunk)
    names = tuple(f.name for f in dataclasses.fields(Chunk))
    required = frozenset(
        f.name for f in dataclasses.fields(Chunk) if f.default is dataclasses.MISSING
    )
    return names, required, {name: _checker(hints[name]) for name in names}


def chunk_from_dict(data: object) -> Chunk:
    """A chunk from its JSON object, every field and its id checked; ValueError if not one."""
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    _, required, checks = _chunk_fields()
    if unknown := data.keys() - checks.keys():
        raise ValueError(f"unknown fields {sorted(unknown)}")
    if missing := required - data.keys():
        raise ValueError(f"missing fields {sorted(missing)}")
    for name, value in data.items():
        if not checks[name](value):
            raise ValueError(f"{name} is {value!r}")
    if data["section"] not in SECTIONS:
        raise ValueError(f"unknown section {data['section']!r}")
    chunk = Chunk(**data)
    if chunk.id != expected_id(chunk):
        raise ValueError(f"chunk {chunk.id} does not match its content (text or place altered)")
    return chunk


def read_chunks_file(path: Path) -> list[Chunk]:
    """The chunks of a chunks.jsonl, each checked; IndexCorruptError naming the bad line."""
    chunks = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            chunk = chunk_from_dict(json.loads(line))
        except ValueError as exc:
            raise IndexCorruptError(
                f"{path}:{number} is not a valid chunk ({exc}); rebuild the index or roll back "
                "to an earlier version"
            ) from exc
        if chunk.id in seen:
            raise IndexCorruptError(f"{path}:{number} repeats chunk {chunk.id}; rebuild the index")
        seen.add(chunk.id)
        chunks.append(chunk)
    return chunks


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
    recipe: dict[str, str] | None = None,
    summary: str = "",
    vector_index: tuple[Any, VectorIndexInfo] | None = None,
) -> Manifest:
    """Write the three files into an existing, empty directory, flushed to the disk; the
    manifest last, so a directory with a manifest is complete. ``vector_index`` is the FAISS
    index over ``vectors`` and what it is (``indexer.vector_index.build_vector_index``);
    without it the index is flat."""
    import faiss

    if vectors.shape[0] != len(chunks):
        raise ValueError(f"{len(chunks)} chunks but {vectors.shape[0]} vectors")
    if len({chunk.id for chunk in chunks}) != len(chunks):
        raise ValueError("two chunks have the same id")
    if vector_index is None:
        flat = faiss.IndexFlatIP(int(vectors.shape[1]))
        flat.add(np.ascontiguousarray(vectors, np.float32))
        vector_index = (flat, VectorIndexInfo())
    searchable, info = vector_index
    if searchable.ntotal != len(chunks):
        raise ValueError(f"{len(chunks)} chunks but the vector index holds {searchable.ntotal}")
    faiss.write_index(searchable, str(directory / VECTORS))
    with (directory / CHUNKS).open("w", encoding="utf-8") as handle:
        for chunk in chunks:
            handle.write(chunk_to_json(chunk) + "\n")
    for name in (VECTORS, CHUNKS):
        fsync_file(directory / name)
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
        recipe=dict(recipe or {}),
        summary=summary,
        vector_index=info.to_manifest(),
    )
    write_atomic(directory / MANIFEST, (manifest.to_json() + "\n").encode(), durable=True)
    fsync_dir(directory)
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
    if missing := {CHUNKS, VECTORS} - set(manifest.files):
        raise IndexCorruptError(
            f"{directory / MANIFEST} has no checksum for {', '.join(sorted(missing))}; "
            "rebuild the index"
        )
    for name, expected in manifest.files.items():
        path = directory / name
        if not path.is_file():
            raise IndexCorruptError(f"{path} is missing; rebuild the index")
        if sha256_file(path) != expected:
            raise IndexCorruptError(
                f"{path} does not match its checksum in the manifest (truncated or altered); "
                "rebuild the index or roll back to an earlier version"
            )
    chunks = tuple(read_chunks_file(directory / CHUNKS))
    try:
        vectors = faiss.read_index(str(directory / VECTORS))
    except RuntimeError as exc:  # faiss reports a file it cannot parse this way
        raise IndexCorruptError(f"{directory / VECTORS} cannot be read ({exc})") from exc
    if len(chunks) != manifest.chunk_count or vectors.ntotal != manifest.chunk_count:
        raise IndexCorruptError(
            f"{directory}: manifest says {manifest.chunk_count} chunks, found {len(chunks)} "
            f"chunks and {vectors.ntotal} vectors; rebuild the index"
        )
    if vectors.d != manifest.dimension:
        raise IndexMismatchError(
            f"{directory}: vectors have dimension {vectors.d}, manifest says {manifest.dimension}"
        )
    try:
        info = VectorIndexInfo.from_manifest(manifest.vector_index)
    except (KeyError, ValueError, TypeError) as exc:
        raise IndexCorruptError(
            f"{directory / MANIFEST}: its vector_index entry is not valid ({exc}); "
            "rebuild the index"
        ) from exc
    if kind_of(vectors) != info.kind:
        raise IndexCorruptError(
            f"{directory / VECTORS} is a {kind_of(vectors)} index, the manifest says "
            f"{info.kind}; rebuild the index"
        )
    apply_search_parameters(vectors, info)
    return StoredIndex(
        path=directory, manifest=manifest, chunks=chunks, vectors=vectors, vector_info=info
    )


def check_model(manifest: Manifest, model: str, fingerprint: str, dimension: int) -> None:
    """Refuse to serve an index with a model other than the one it was built with."""
    if (manifest.model_fingerprint, manifest.dimension) != (fingerprint, dimension):
        raise IndexMismatchError(
            f"the index {manifest.version} was built with model {manifest.model!r} "
            f"(weights {manifest.model_fingerprint[:12]}, dimension {manifest.dimension}), "
            f"but the configured model is {model!r} (weights {fingerprint[:12]}, dimension "
            f"{dimension}); rebuild the index with: python -m indexer build"
        )


MAX_PROBES = 256
_SAME = 1e-3  # cosine tolerance for "the same vector"


def verify_answers(index: StoredIndex, embedder: Embedder | None = None) -> int:
    """Check that the index answers: stored vectors are unit length and each finds itself
    (or an identical vector) first; with ``embedder``, a few passages embedded again find
    their own chunk, which proves the model matches. Returns how many probes were checked.

    Raises IndexCorruptError (or IndexMismatchError for another model) naming the chunk.
    """
    count = len(index.chunks)
    if count == 0:
        raise IndexCorruptError(f"{index.path}: the index holds no chunks; rebuild it")
    step = max(1, count // MAX_PROBES)
    probes = sorted({*range(0, count, step), count - 1})
    stored = np.vstack([index.vectors.reconstruct(p) for p in probes]).astype(np.float32)
    _check_probes(index, probes, stored, "stored vector", IndexCorruptError)
    if embedder is not None:
        check_model(index.manifest, embedder.model_id, embedder.fingerprint(), embedder.dimension())
        few = sorted({0, count // 2, count - 1})
        fresh = embedder.embed_passages([index.chunks[p].embedding_text for p in few])
        _check_probes(index, few, fresh, "passage embedded again", IndexMismatchError)
    return len(probes)


def _check_probes(
    index: StoredIndex,
    probes: list[int],
    vectors: Vectors,
    what: str,
    error: type[IndexStoreError],
) -> None:
    for position, vector, hits in zip(probes, vectors, index.search(vectors, 1), strict=True):
        norm = float(np.dot(vector, vector))
        best, score = hits[0] if hits else (-1, 0.0)
        same = best == position or (
            best >= 0
            and float(np.dot(vector, index.vectors.reconstruct(best))) >= norm - _SAME
            and index.chunks[best].embedding_text == index.chunks[position].embedding_text
        )
        if abs(norm - 1.0) > _SAME or score < norm - _SAME or not same:
            chunk = index.chunks[position]
            raise error(
                f"{index.path}: the {what} of chunk {chunk.id} ({chunk.document}) does not "
                f"find it (best hit {best}, score {score:.3f}); rebuild the index"
            )
