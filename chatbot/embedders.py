"""The one place that chooses and builds the embedders: one for questions, one for passages.

Questions are embedded by ONNX Runtime (``query_runtime="onnx"``, the default) or by
sentence-transformers (``"torch"``); passages, when the chatbot builds the index, by
sentence-transformers with the same model. ``for_serving`` is what ``app.py`` runs with: the
passages in a child process that ends with each build, so that PyTorch's memory is only
taken while building, and the questions of concurrent requests embedded together
(``chatbot.batching``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from chatbot.batching import BatchingEmbedder
from indexer.embedding import SentenceTransformerEmbedder
from indexer.onnx_embedding import OnnxEmbedder

if TYPE_CHECKING:
    from indexer.embedding import Embedder
    from indexer.settings import Settings


@dataclass(frozen=True, slots=True)
class Embedders:
    """The embedder for questions and the one for passages (may be the same)."""

    questions: Embedder
    passages: Embedder


def question_embedder(settings: Settings) -> Embedder:
    """The embedder for questions: ONNX Runtime unless ``query_runtime`` is ``torch``."""
    if settings.query_runtime == "onnx":
        return OnnxEmbedder.from_settings(settings)
    return SentenceTransformerEmbedder.from_settings(settings)


def passage_embedder(questions: Embedder) -> Embedder:
    """The embedder for passages that matches ``questions``: sentence-transformers with the
    same model for ONNX Runtime (its reference), else ``questions`` itself."""
    if isinstance(questions, BatchingEmbedder):
        questions = questions.inner
    return questions.reference if isinstance(questions, OnnxEmbedder) else questions


def for_serving(settings: Settings) -> Embedders:
    """The web server's embedders. Passages: sentence-transformers in a child process that
    ends with each build. Questions: ONNX Runtime in this process, concurrent ones in one
    call (``BatchingEmbedder``); with ``query_runtime`` ``torch`` that child, kept running,
    as PyTorch beside the web server's threads starves (docs/BENCHMARKS.md)."""
    from chatbot.embedding_process import ProcessEmbedder

    builder = ProcessEmbedder.from_settings(settings)
    if settings.query_runtime == "onnx":
        return Embedders(BatchingEmbedder(question_embedder(settings)), builder)
    return Embedders(builder.start(), builder)
