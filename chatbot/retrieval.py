"""Finding the passages of the note closest to a question."""

from __future__ import annotations

from chatbot.answer import Hit
from indexer.embedding import Embedder
from indexer.store import StoredIndex


class DenseRetriever:
    """Nearest passages by cosine similarity of the question's and the passages' vectors."""

    def __init__(self, index: StoredIndex, embedder: Embedder) -> None:
        self._index = index
        self._embedder = embedder

    def search(self, question: str, k: int) -> list[Hit]:
        """Up to k hits, best first."""
        vector = self._embedder.embed_queries([question])
        (ranked,) = self._index.search(vector, k)
        return [Hit(self._index.chunks[position], score) for position, score in ranked]
