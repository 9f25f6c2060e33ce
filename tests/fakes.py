"""A deterministic stand-in for the embedding model, for fast tests."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence

import numpy as np

from indexer.embedding import Vectors


class HashingEmbedder:
    """Character-trigram hashing into a fixed number of dimensions, L2-normalized.

    Texts that share words get similar vectors, which is enough to test the plumbing.
    """

    def __init__(self, dimension: int = 256, model_id: str = "fake-trigram") -> None:
        self._dimension = dimension
        self._model_id = model_id
        self.passages_embedded = 0
        self.queries_embedded = 0

    @property
    def model_id(self) -> str:
        return self._model_id

    def fingerprint(self) -> str:
        return hashlib.sha256(f"{self._model_id}:{self._dimension}".encode()).hexdigest()[:32]

    def dimension(self) -> int:
        return self._dimension

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 2

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        self.passages_embedded += len(texts)
        return self._embed(texts)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self.queries_embedded += len(texts)
        return self._embed(texts)

    def _embed(self, texts: Sequence[str]) -> Vectors:
        vectors = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            plain = unicodedata.normalize("NFKD", text.casefold())
            for word in plain.split():
                padded = f" {word} "
                for i in range(len(padded) - 2):
                    digest = hashlib.blake2b(padded[i : i + 3].encode(), digest_size=4).digest()
                    vectors[row, int.from_bytes(digest, "little") % self._dimension] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        normalized: Vectors = vectors / np.maximum(norms, 1e-9)
        return normalized
