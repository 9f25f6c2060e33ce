"""Fake models for the child process of the embedding tests: importing this module in the
child stays light (no web app, no Gradio)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path

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


class LoggingSlowEmbedder(HashingEmbedder):
    """Takes 50 ms a passage, like a model embedding a corpus, and writes each request it
    serves to ``log`` (one line each), so a test can see their order."""

    def __init__(self, log: Path) -> None:
        super().__init__()
        self._log = log

    def _note(self, line: str) -> None:
        with self._log.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        self._note("passages")
        time.sleep(0.05 * len(texts))  # the work of a model, not a wait for the test
        return super().embed_passages(texts, progress=progress)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self._note("question")
        return super().embed_queries(texts)


class HangingEmbedder(HashingEmbedder):
    """Never answers the question "hang": writes its process id to ``started`` and waits
    until it is killed."""

    def __init__(self, started: Path) -> None:
        super().__init__()
        self._started = started

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        if "hang" in texts:
            partial = self._started.with_suffix(".partial")
            partial.write_text(str(os.getpid()), encoding="utf-8")
            partial.replace(self._started)  # whole, or not there
            threading.Event().wait()
        return super().embed_queries(texts)


def broken_model() -> HashingEmbedder:
    """A model that cannot be loaded."""
    raise OSError("no weights in the model folder")
