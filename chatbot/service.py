"""The chatbot as one object: the live index, the model and the answering, loaded lazily."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from chatbot.answer import LEAD, NOT_FOUND, Answer, IndexInfo
from chatbot.retrieval import DenseRetriever
from indexer.build import build_index, is_up_to_date, load_live_index
from indexer.embedding import Embedder, SentenceTransformerEmbedder
from indexer.settings import Settings
from indexer.store import IndexMissingError, StoredIndex, check_model


@dataclass(frozen=True, slots=True)
class _Loaded:
    index: StoredIndex
    retriever: DenseRetriever
    info: IndexInfo


class Chatbot:
    """Answers questions about the note from the live index; nothing loads until first use."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or SentenceTransformerEmbedder.from_settings(settings)
        self._loaded: _Loaded | None = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, Answer] = OrderedDict()

    def load(self, *, build_if_missing: bool = False) -> StoredIndex:
        """Load the live index (building it first if asked and it is missing or stale)."""
        with self._lock:
            if self._loaded is None:
                if build_if_missing:
                    self._build_if_needed()
                index = load_live_index(self.settings.index_root)
                check_model(
                    index.manifest,
                    self.embedder.model_id,
                    self.embedder.fingerprint(),
                    self.embedder.dimension(),
                )
                self._loaded = _Loaded(
                    index=index,
                    retriever=DenseRetriever(index, self.embedder),
                    info=IndexInfo(version=index.manifest.version, model=index.manifest.model),
                )
            return self._loaded.index

    def _build_if_needed(self) -> None:
        try:
            manifest = load_live_index(self.settings.index_root).manifest
            if is_up_to_date(self.settings, manifest):
                return
        except IndexMissingError:
            pass
        build_index(self.settings, self.embedder)

    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        """Answer one question with the best passages of the note, or say it is not covered.

        ``history`` holds the conversation's earlier questions, oldest first.
        """
        del history  # follow-up questions are not resolved yet
        key = " ".join(question.split()).casefold()
        if (cached := self._cache.get(key)) is not None:
            self._cache.move_to_end(key)
            return replace(cached, question=question)
        self.load()
        assert self._loaded is not None
        hits = self._loaded.retriever.search(question, self.settings.top_k)
        in_scope = bool(hits) and hits[0].score >= self.settings.min_score
        answer = Answer(
            question=question,
            in_scope=in_scope,
            hits=tuple(hits) if in_scope else (),
            index=self._loaded.info,
            lead=LEAD if in_scope else NOT_FOUND,
        )
        if self.settings.cache_size:
            self._cache[key] = answer
            if len(self._cache) > self.settings.cache_size:
                self._cache.popitem(last=False)
        return answer
