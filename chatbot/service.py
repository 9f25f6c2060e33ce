"""The chatbot as one object: the live index, the model and the answering, loaded lazily.

The index is followed live: when a new version is published, it is loaded, verified and
prepared in the background and swapped in between requests (see chatbot/live.py).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
from cachetools import LRUCache

from chatbot.answer import Answer, IndexInfo
from chatbot.answering import Answerer
from chatbot.calibrate import Calibration, calibrate, unanswered
from chatbot.embedders import passage_embedder, question_embedder
from chatbot.example_classifier import ExampleClassifier
from chatbot.examples import (
    ExampleMemory,
    as_searched,
    may_stand_in,
    question_entries,
    question_vectors,
)
from chatbot.lexical import Thesaurus
from chatbot.live import LiveIndex
from chatbot.retrieval import HybridRetriever
from chatbot.scope import ScopeModel
from chatbot.turns import MAX_HISTORY
from indexer.build import BuildReport, rebuild_and_publish
from indexer.chunking import Chunk
from indexer.embedding import Embedder
from indexer.examples import (
    documents_with_questions,
    is_page_section,
    load_example_questions,
    match_examples,
)
from indexer.settings import Settings
from indexer.store import StoredIndex, check_model
from indexer.versions import pointer_target

THESAURUS = Path(__file__).resolve().parent / "data" / "thesaurus.txt"
_logger = logging.getLogger(__name__)


class Chatbot:
    """Answers questions about the note from the live index; nothing loads until first use.

    ``embedder`` embeds the questions (by default as ``chatbot.embedders`` chooses);
    ``build_embedder`` the passages when the chatbot builds the index itself (by default
    sentence-transformers with the same model). A ``build_embedder`` with a ``close()``,
    such as a ``ProcessEmbedder``, is closed after each build to give its memory back,
    unless it embeds the questions too.
    """

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        scope: ScopeModel | None = None,
        *,
        build_embedder: Embedder | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder or question_embedder(settings)
        self.build_embedder = build_embedder or passage_embedder(self.embedder)
        self._scope = scope
        self._thesaurus = Thesaurus.from_file(THESAURUS)
        self.live: LiveIndex[Answerer] = LiveIndex(
            settings, prepare=self._answerer_for, on_swap=self._swapped
        )
        self._build_lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self._cache: LRUCache[tuple[str, ...], Answer] = LRUCache(max(settings.cache_size, 1))

    def load(self, *, build_if_missing: bool = False) -> StoredIndex:
        """Load the live index; with ``build_if_missing``, build (incrementally) first when
        no published version loads. Whether the corpus changed since is ``build``'s to find
        out, once the published version serves (``web.questions.backend`` does so after its
        warm-up)."""
        if build_if_missing:
            if pointer_target(self.settings.index_root) is not None:
                try:
                    return self.live.index()
                except Exception as exc:  # e.g. built with another model: build anew
                    _logger.warning("The published index does not load, building: %s", exc)
            self.build(wait_seconds=self.settings.build_wait_seconds)
        return self.live.index()

    def preload(self) -> threading.Thread:
        """Start loading the published index and the question model in a background thread
        (for ``app.py``, while the web app is being set up); a ``load`` meanwhile waits for it.
        A failure is left to that ``load`` to report."""

        def load_quietly() -> None:
            try:
                self.live.index()
            except Exception:
                _logger.debug("preloading the index failed", exc_info=True)

        thread = threading.Thread(target=load_quietly, name="vraagbaak-preload", daemon=True)
        thread.start()
        return thread

    def build(self, *, force: bool = False, wait_seconds: float = 0.0) -> BuildReport:
        """Build and publish if anything changed (the live index follows by itself).
        ``BuildLockedError`` if another build runs longer than ``wait_seconds``."""
        try:
            with self._build_lock:
                return rebuild_and_publish(
                    self.settings,
                    self.build_embedder,
                    force=force,
                    wait_seconds=wait_seconds,
                )
        finally:
            close = getattr(self.build_embedder, "close", None)
            if callable(close) and self.build_embedder is not self.embedder:
                close()

    def _answerer_for(self, index: StoredIndex) -> Answerer:
        check_model(
            index.manifest,
            self.embedder.model_id,
            self.embedder.fingerprint(),
            self.embedder.dimension(),
        )
        try:
            examples = load_example_questions(self.settings.examples_file)
        except (OSError, ValueError) as exc:
            # the chat keeps answering, from the passages alone; staff see why in the log
            _logger.error("Example questions not used: %s", exc)
            examples = []
        match = match_examples(examples, index.chunks)
        answerable = [example.question for example in match.applied]
        vectors = question_vectors(
            [*answerable, *match.unanswerable], self.embedder, self.settings.cache_dir
        )
        searched = as_searched(
            answerable, vectors[: len(answerable)], self.embedder, self.settings.cache_dir
        )
        memory = ExampleMemory(
            len(index.chunks), match.applied, searched,
            standing_in=may_stand_in(index.chunks), entries=question_entries(index.chunks),
        )  # fmt: skip
        outside = unanswered(memory, match.unanswerable, vectors[len(answerable) :])
        classifier = ExampleClassifier.fit(
            len(index.chunks), match.applied, searched,
            documents=[chunk.document for chunk in index.chunks],
            cache_dir=self.settings.cache_dir,
        )  # fmt: skip
        if classifier is not None:
            classifier = _lent_to_pages(classifier, index)
        retriever = HybridRetriever(
            index, self.embedder, self._thesaurus,
            examples=memory, unanswerable=outside, classifier=classifier,
        )  # fmt: skip
        info = IndexInfo(
            version=index.manifest.version,
            model=index.manifest.model,
            documents=any(chunk.section == "document" for chunk in index.chunks),
        )
        if self._scope is not None:
            calibration = Calibration(self._scope, 0, 0, 0)
        else:
            calibration = calibrate(
                retriever,
                answerable,
                match.unanswerable,
                vectors,
                cache_dir=self.settings.cache_dir,
                key=f"{index.manifest.version} {self.embedder.fingerprint()}",
                passages=[example.chunks[0] for example in match.applied],
            )
            retriever.forget()
        return Answerer(
            retriever,
            calibration.model,
            info,
            self.settings.top_k,
            examples=match,
            calibration=calibration,
        )

    def _swapped(self, old: Answerer | None, new: Answerer) -> None:
        del old, new
        with self._cache_lock:
            self._cache.clear()

    @property
    def answerer(self) -> Answerer:
        """The answerer over the live index (loading it on first use)."""
        return self.live.current()

    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        """Answer one question with the best passages of the note, or say it is not covered.

        ``history`` holds the conversation's earlier questions, oldest first. The whole
        request is answered from one index version, even if another is swapped in meanwhile.
        """
        answerer = self.live.current()
        history = [turn for turn in history if turn.strip()][-MAX_HISTORY:]
        # white space does not change an answer; case can (the model reads it)
        key = (answerer.info.version, *(" ".join(q.split()) for q in (*history, question)))
        with self._cache_lock:
            cached = self._cache.get(key)
        if cached is not None:
            return replace(cached, question=question)
        answer = answerer.answer(question, history)
        if self.settings.cache_size:
            with self._cache_lock:
                self._cache[key] = answer
        return answer


_LENDING_BATCH = 8192
"""Page sections whose vectors are read back at once to learn their kind: 12 MB, not the
whole index's (150 MB at 100,000 passages)."""


def _lent_to_pages(classifier: ExampleClassifier, index: StoredIndex) -> ExampleClassifier:
    """The classifier with each section of a staff page (no question headings, so no
    examples) scored by the kind of questions its text is taken for
    (``ExampleClassifier.lent_to``)."""
    faqs = documents_with_questions(index.chunks)
    pages = np.array(
        [i for i, chunk in enumerate(index.chunks) if is_page_section(chunk, faqs)],
        dtype=np.int64,
    )
    if not len(pages):
        return classifier
    parts: dict[tuple[str, int, str], int] = {}
    groups = np.array(
        [parts.setdefault(_part_of(index.chunks[int(i)]), len(parts)) for i in classifier.classes],
        dtype=np.int64,
    )
    batches = (
        index.vectors.reconstruct_batch(pages[start : start + _LENDING_BATCH])
        for start in range(0, len(pages), _LENDING_BATCH)
    )
    return classifier.lent_to(pages, batches, groups)


def _part_of(chunk: Chunk) -> tuple[str, int, str]:
    """The part of its document a passage stands in: its recommendation, else its section
    (the foreword, the colophon), else its own heading (a FAQ entry)."""
    if chunk.recommendation:
        return chunk.document, chunk.recommendation, ""
    return chunk.document, 0, chunk.title if chunk.section == "document" else chunk.section
