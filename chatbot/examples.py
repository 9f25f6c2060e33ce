"""Example questions as a retrieval signal: a question close to an example is evidence for the
passages that example is tied to (``indexer.examples``).

The small model relates two questions better than a question and a long passage. Which
examples apply is decided per index from the passages' words, so an example never lends its
weight to text it was not written for; the vectors are computed once per model and question
list and kept in the build cache.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from chatbot.dialect import standard_dutch
from indexer.chunking import Chunk
from indexer.embedding import Embedder
from indexer.examples import (
    AppliedExample,
    documents_with_questions,
    is_page_section,
    is_question_entry,
)
from indexer.files import write_atomic

Vectors = npt.NDArray[np.float32]


class Neighbours:
    """Questions by their vectors: how close a question is to the nearest of them."""

    def __init__(self, texts: Sequence[str], vectors: Vectors) -> None:
        self._texts = list(texts)
        self._vectors = vectors

    def __len__(self) -> int:
        return len(self._texts)

    def only(self, keep: Callable[[str], bool]) -> Neighbours:
        """The questions whose text ``keep`` holds for."""
        rows = [row for row, text in enumerate(self._texts) if keep(text)]
        return Neighbours([self._texts[row] for row in rows], self._vectors[rows])

    def nearest(self, query: Vectors, *, excluding: str = "") -> float:
        """The cosine of the closest question other than ``excluding`` (0 without any)."""
        similarity = self._vectors @ query
        if excluding:  # only when calibrating: a question is not its own neighbour
            similarity = similarity[[text != excluding for text in self._texts]]
        return float(similarity.max()) if len(similarity) else 0.0


class ExampleMemory:
    """Per passage, the similarity of a question to the closest example tied to it."""

    def __init__(
        self,
        chunk_count: int,
        examples: Sequence[AppliedExample],
        vectors: Vectors,
        *,
        standing_in: npt.NDArray[np.bool_] | None = None,
        entries: npt.NDArray[np.bool_] | None = None,
    ) -> None:
        """``standing_in``: the passages that, without examples, stand in by their closeness
        to the question (``scores``); the others, and all of them when it is not given, get
        the median example score. ``entries``: the passages whose example is their own
        question heading (a FAQ's entries): their closeness counts too (``scores``)."""
        # (example, passage) pairs sorted by passage: a question costs one pass over the
        # pairs, not over an examples x passages matrix
        pairs = sorted({(chunk, row) for row, e in enumerate(examples) for chunk in e.chunks})
        self._pair_rows = np.array([row for _, row in pairs], dtype=np.int64)
        pair_chunks = np.array([chunk for chunk, _ in pairs], dtype=np.int64)
        self._covered_positions, self._starts = np.unique(pair_chunks, return_index=True)
        self._covered = np.zeros(chunk_count, dtype=bool)
        self._covered[self._covered_positions] = True
        self._vectors = vectors
        self._questions = Neighbours([e.question for e in examples], vectors)
        self._entries = self._covered & (
            np.zeros(chunk_count, dtype=bool) if entries is None else entries
        )
        self._standing_in = ~self._covered & (
            np.zeros(chunk_count, dtype=bool) if standing_in is None else standing_in
        )

    @property
    def empty(self) -> bool:
        return not bool(self._covered.any())

    def scores(self, query: Vectors, dense: Vectors | None = None) -> Vectors:
        """Max cosine to a passage's examples. A passage without examples gets the median
        example score, or, if it may stand in (``standing_in``: rewritten text of the note,
        a staff page's sections) and ``dense`` (the question's dense score per passage,
        ``HybridRetriever``) is given, that score plus the median gap between the two
        signals over the passages with examples: what examples of its own would most likely
        give.

        The median left a question about rewritten text without a close example anywhere:
        the rewritten passages fell below every passage with a close example, and the scope
        model read it as "not in the note". Which passages may stand in: ``may_stand_in``
        (a FAQ's introduction and the note's table of contents keep the median).

        A FAQ entry's one heading is a thin example: a question shaped like it ("Helpen
        jullie ook ...?") came out as close as one that asks what the entry answers, and
        the entry next to the right one was quoted. Its score is the mean of the heading's
        and of its own closeness to the question (``_blended``)."""
        if self.empty:
            return np.zeros(len(self._covered), dtype=np.float32)
        similarity = self._vectors @ query
        best = np.maximum.reduceat(similarity[self._pair_rows], self._starts)
        scores = np.full(len(self._covered), float(np.median(best)), dtype=np.float32)
        if dense is not None and self._standing_in.any():
            gap = float(np.median(best - dense[self._covered_positions]))
            scores[self._standing_in] = dense[self._standing_in] + gap
        scores[self._covered_positions] = best
        if dense is not None and self._entries.any():
            scores[self._entries] = _blended(scores[self._entries], dense[self._entries])
        return scores

    def nearest(self, query: Vectors, *, excluding: str = "") -> float:
        """The cosine of the closest example other than ``excluding`` (for calibrating on the
        examples themselves, each without its own vector)."""
        return self._questions.nearest(query, excluding=excluding)


def as_searched(
    texts: Sequence[str], vectors: Vectors, embedder: Embedder, cache_dir: Path | None
) -> Vectors:
    """The example questions' vectors as questions are searched: in standard Dutch
    (``chatbot.dialect``). A question typed "wa doen ze aan da fietspad" is embedded as "wat
    doen ze aan dat fietspad"; an example in the same spoken forms, embedded as typed, was
    close to any dialect question by its form alone. ``vectors`` are the texts' own; only
    the texts that change are embedded again."""
    searched = [standard_dutch(text) for text in texts]
    changed = [
        row
        for row, (text, standard) in enumerate(zip(texts, searched, strict=True))
        if text != standard
    ]
    if not changed:
        return vectors
    result = vectors.copy()
    result[changed] = question_vectors([searched[row] for row in changed], embedder, cache_dir)
    return result


def may_stand_in(chunks: Sequence[Chunk]) -> npt.NDArray[np.bool_]:
    """The passages that, without examples of their own, stand in by their closeness to the
    question (``ExampleMemory.scores``): the note's, but not its table of contents (every
    title, in general words), and every passage of a staff document that has no question
    headings (a page: "Openingsuren", "Contact"), which has no examples at all. In a FAQ the
    entries have their headings, and its introduction or "Contact" keeps the median: their
    general words would take the entries' place (docs/EVALUATION.md, sessions 14 and 15)."""
    faqs = documents_with_questions(chunks)
    return np.array(
        [
            chunk.section not in ("inhoud", "document") or is_page_section(chunk, faqs)
            for chunk in chunks
        ],
        dtype=bool,
    )


def question_entries(chunks: Sequence[Chunk]) -> npt.NDArray[np.bool_]:
    """The passages whose example is their own question heading: a FAQ's entries."""
    return np.array([is_question_entry(chunk) for chunk in chunks], dtype=bool)


def question_vectors(texts: Sequence[str], embedder: Embedder, cache_dir: Path | None) -> Vectors:
    """The questions' vectors, from the cache when the model and the list of texts match."""
    if not texts:
        return np.zeros((0, embedder.dimension()), dtype=np.float32)
    key = hashlib.sha256("\n".join([embedder.fingerprint(), *texts]).encode()).hexdigest()[:32]
    path = None if cache_dir is None else cache_dir / "questions" / f"{key}.npy"
    if path is not None and path.is_file():
        try:
            cached: Vectors = np.load(path, allow_pickle=False)
            if cached.shape[0] == len(texts):
                return cached
        except (OSError, ValueError):
            pass
    vectors = np.asarray(embedder.embed_queries(list(texts)), dtype=np.float32)
    if path is not None:
        buffer = io.BytesIO()
        np.save(buffer, vectors, allow_pickle=False)
        write_atomic(path, buffer.getvalue())
    return vectors


def _blended(headings: Vectors, dense: Vectors) -> Vectors:
    """The mean of each entry's heading score and its passage's closeness, that closeness
    moved by the median gap between the two over the entries: the entries keep their level
    against passages with many examples and are told apart by what their text says too."""
    own = dense + float(np.median(headings - dense))
    return ((headings + own) / 2).astype(np.float32)
