"""Labelled example questions: a retrieval signal learned from how people ask.

``chatbot/data/example_questions.jsonl`` holds questions written from the note, apart from
both evaluation sets, each labelled with the passage(s) that answer it: a recommendation's
context, one of its doorbraakprojecten, or the note itself (recommendation 0). A question
close in meaning to an example is evidence for that example's passages; the small model
relates two questions better than a question and a long passage. The examples' vectors are
computed once per model and kept in the build cache.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from indexer.chunking import Chunk
from indexer.embedding import Embedder
from indexer.files import write_atomic

EXAMPLES = Path(__file__).resolve().parent / "data" / "example_questions.jsonl"
Label = tuple[int, int | None]
"""(recommendation, item): item None for the context; recommendation 0 for the note itself."""


@dataclass(frozen=True, slots=True)
class Example:
    """One answerable example question and what answers it."""

    question: str
    labels: tuple[Label, ...]


def load_examples(path: Path = EXAMPLES) -> list[Example]:
    """The answerable examples of a JSON Lines file (out-of-scope lines are skipped)."""
    if not path.is_file():
        return []
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        labels = tuple((int(e["recommendation"]), e.get("item")) for e in data["expected"])
        if data.get("in_scope", True) and labels:
            examples.append(Example(data["question"], labels))
    return examples


def answers(chunk: Chunk, label: Label) -> bool:
    """Whether ``chunk`` is a passage that ``label`` names."""
    recommendation, item = label
    if chunk.recommendation != recommendation:
        return False
    if recommendation == 0:
        return True
    return chunk.item == item if item is not None else chunk.section == "context"


class ExampleMemory:
    """Per passage, the similarity of a question to the closest example labelled with it."""

    def __init__(
        self, chunks: Sequence[Chunk], examples: Sequence[Example], vectors: npt.NDArray[np.float32]
    ) -> None:
        membership = np.array(
            [[any(answers(c, label) for label in e.labels) for c in chunks] for e in examples],
            dtype=bool,
        ).reshape(len(examples), len(chunks))
        self._vectors = vectors
        self._membership = membership
        self._covered = membership.any(axis=0)
        self._texts = [e.question for e in examples]
        self._useful = membership.any(axis=1)
        """Examples that name a passage of this index."""

    @property
    def empty(self) -> bool:
        return not bool(self._covered.any())

    def scores(self, query: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Max cosine to a passage's examples; passages without examples get the lowest."""
        if self.empty:
            return np.zeros(self._membership.shape[1], dtype=np.float32)
        similarity = self._vectors @ query
        best = np.where(self._membership, similarity[:, None], -np.inf).max(axis=0)
        floor = float(best[self._covered].min())
        return np.where(self._covered, best, floor).astype(np.float32)

    def nearest(self, query: npt.NDArray[np.float32], *, excluding: str) -> float:
        """The cosine of the closest example other than ``excluding`` (for fitting the
        scope model on the examples themselves, each without its own vector)."""
        keep = self._useful & np.array([text != excluding for text in self._texts], dtype=bool)
        if not keep.any():
            return 0.0
        return float((self._vectors[keep] @ query).max())


def example_vectors(
    examples: Sequence[Example], embedder: Embedder, cache_dir: Path | None
) -> npt.NDArray[np.float32]:
    """The examples' question vectors, from the cache when the model and examples match."""
    texts = [e.question for e in examples]
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    key = hashlib.sha256("\n".join([embedder.fingerprint(), *texts]).encode()).hexdigest()[:32]
    path = None if cache_dir is None else cache_dir / "examples" / f"{key}.npy"
    if path is not None and path.is_file():
        try:
            cached: npt.NDArray[np.float32] = np.load(path, allow_pickle=False)
            if cached.shape[0] == len(texts):
                return cached
        except (OSError, ValueError):
            pass
    vectors = np.asarray(embedder.embed_queries(texts), dtype=np.float32)
    if path is not None:
        buffer = io.BytesIO()
        np.save(buffer, vectors, allow_pickle=False)
        write_atomic(path, buffer.getvalue())
    return vectors
