"""A fake model for the child process of the embedding tests: importing this module in the
child stays light (no web app, no Gradio)."""

from __future__ import annotations

import time
from collections.abc import Sequence

from indexer.embedding import Vectors
from tests.fakes import HashingEmbedder


class FailingEmbedder(HashingEmbedder):
    """Refuses one question, as a model might; stamps its weights like a folder model."""

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        if "boom" in texts:
            raise ValueError("cannot embed boom")
        return super().embed_queries(texts)

    def weights_stamp(self) -> str:
        return "stamp-1"


class SlowPassagesEmbedder(HashingEmbedder):
    """Takes 50 ms a passage, like a model embedding a corpus."""

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        time.sleep(0.05 * len(texts))
        return super().embed_passages(texts, progress=progress)
