"""The build caches: what an unchanged document or passage needs is never computed twice.

    <cache>/vectors/<namespace>/<kk>/<key>.vec   one passage vector: float32 + its digest
    <cache>/chunks/<key>.json                    one document's chunks
    <cache>/models/<stamp>.json                  a model's weights fingerprint

A vector's namespace digests the model's weights fingerprint and the passage prompt, its key
the text that was embedded; a document's key digests the chunking recipe (code, settings,
tokenizer), its name and its bytes. Every entry is a plain file written atomically and
checked when read: a damaged entry is a miss, never a wrong answer. No pickle anywhere.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from indexer.chunking import Chunk
from indexer.embedding import Vectors
from indexer.files import write_atomic
from indexer.store import chunk_from_dict, chunk_to_json

_DIGEST = 16
_VECTOR_SUFFIX = ".vec"


def digest(*parts: str) -> str:
    """A hex sha256 over text parts, separated unambiguously."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8")
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


class VectorCache:
    """Passage vectors by (namespace, embedded text)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @staticmethod
    def key(text: str) -> str:
        return digest(text)[:32]

    def _path(self, namespace: str, key: str) -> Path:
        return self.root / namespace / key[:2] / f"{key}{_VECTOR_SUFFIX}"

    def get(self, namespace: str, texts: Iterable[str]) -> dict[str, Vectors]:
        """The cached vectors of those texts that have one."""
        found: dict[str, Vectors] = {}
        for text in texts:
            path = self._path(namespace, self.key(text))
            try:
                data = path.read_bytes()
            except OSError:
                continue
            raw, check = data[:-_DIGEST], data[-_DIGEST:]
            if len(data) <= _DIGEST or len(raw) % 4 or _vector_digest(raw) != check:
                path.unlink(missing_ok=True)  # damaged: embed again
                continue
            found[text] = np.frombuffer(raw, dtype="<f4").astype(np.float32)
        return found

    def put(self, namespace: str, texts: Sequence[str], vectors: Vectors) -> None:
        """Store one vector per text."""
        for text, vector in zip(texts, vectors, strict=True):
            raw = np.ascontiguousarray(vector, dtype="<f4").tobytes()
            write_atomic(self._path(namespace, self.key(text)), raw + _vector_digest(raw))

    def keep_only(self, wanted: Mapping[str, set[str]]) -> int:
        """Delete every vector not listed (namespace -> texts); returns how many went."""
        removed = 0
        if not self.root.is_dir():
            return 0
        for folder in self.root.iterdir():
            if folder.name not in wanted:
                removed += sum(1 for _ in folder.rglob(f"*{_VECTOR_SUFFIX}"))
                shutil.rmtree(folder, ignore_errors=True)
                continue
            keys = {self.key(text) for text in wanted[folder.name]}
            for path in folder.rglob(f"*{_VECTOR_SUFFIX}"):
                if path.stem not in keys:
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed


def _vector_digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=_DIGEST).digest()


class ChunkCache:
    """A document's chunks by (chunking recipe, document name, document checksum)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @staticmethod
    def key(recipe: str, source: str, sha256: str) -> str:
        return digest(recipe, source, sha256)[:32]

    def get(self, recipe: str, source: str, sha256: str) -> list[Chunk] | None:
        """The cached chunks, or None if there are none (or they do not check out)."""
        path = self.root / f"{self.key(recipe, source, sha256)}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if (data["recipe"], data["source"], data["sha256"]) != (recipe, source, sha256):
                raise ValueError("entry for another document")
            chunks = [chunk_from_dict(item) for item in data["chunks"]]
            if not chunks or any(chunk.document != source for chunk in chunks):
                raise ValueError("chunks of another document")
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            path.unlink(missing_ok=True)  # damaged: read the document again
            return None
        return chunks

    def put(self, recipe: str, source: str, sha256: str, chunks: Sequence[Chunk]) -> None:
        entry = {
            "recipe": recipe,
            "source": source,
            "sha256": sha256,
            "chunks": [json.loads(chunk_to_json(chunk)) for chunk in chunks],
        }
        path = self.root / f"{self.key(recipe, source, sha256)}.json"
        write_atomic(path, json.dumps(entry, ensure_ascii=False).encode("utf-8"))

    def keep_only(self, keys: set[str]) -> int:
        """Delete every entry whose key is not listed; returns how many went."""
        removed = 0
        if self.root.is_dir():
            for path in self.root.glob("*.json"):
                if path.stem not in keys:
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed


@runtime_checkable
class StampedEmbedder(Protocol):
    """An embedder that can tell cheaply, without loading, whether its weights changed."""

    def weights_stamp(self) -> str | None:
        """A digest of the weight files' names, sizes and times, or None if unknown."""
        ...


class Fingerprinted(Protocol):
    """What ``FingerprintCache`` reads of a model (an ``Embedder`` has it)."""

    @property
    def model_id(self) -> str: ...

    def fingerprint(self) -> str: ...


class FingerprintCache:
    """Model fingerprints by weights stamp, so that a build with nothing to embed does not
    load the model just to learn its fingerprint."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def fingerprint(self, embedder: Fingerprinted) -> str:
        """The embedder's fingerprint, from the cache when its weights did not change."""
        stamp = embedder.weights_stamp() if isinstance(embedder, StampedEmbedder) else None
        if stamp is None:
            return embedder.fingerprint()
        path = self.root / f"{digest(embedder.model_id, stamp)[:32]}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data["model"] == embedder.model_id and isinstance(data["fingerprint"], str):
                return str(data["fingerprint"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        fingerprint = embedder.fingerprint()
        entry = {"model": embedder.model_id, "stamp": stamp, "fingerprint": fingerprint}
        write_atomic(path, json.dumps(entry).encode("utf-8"))
        return fingerprint


class BuildCaches:
    """The three caches under one folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.vectors = VectorCache(root / "vectors")
        self.chunks = ChunkCache(root / "chunks")
        self.fingerprints = FingerprintCache(root / "models")
