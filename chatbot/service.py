"""The chatbot as one object: the live index, the model and the answering, loaded lazily."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from chatbot.answer import Answer, IndexInfo
from chatbot.answering import Answerer
from chatbot.lexical import Thesaurus
from chatbot.retrieval import HybridRetriever
from chatbot.scope import ScopeModel
from indexer.build import build_index, is_up_to_date, load_live_index
from indexer.embedding import Embedder, SentenceTransformerEmbedder
from indexer.settings import Settings
from indexer.store import IndexMissingError, StoredIndex, check_model

THESAURUS = Path(__file__).resolve().parent / "data" / "thesaurus.txt"


class Chatbot:
    """Answers questions about the note from the live index; nothing loads until first use."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        scope: ScopeModel | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder or SentenceTransformerEmbedder.from_settings(settings)
        self.scope = scope or ScopeModel()
        self._answerer: Answerer | None = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, ...], Answer] = OrderedDict()

    def load(self, *, build_if_missing: bool = False) -> StoredIndex:
        """Load the live index (building it first if asked and it is missing or stale)."""
        with self._lock:
            if self._answerer is None:
                if build_if_missing:
                    self._build_if_needed()
                self._answerer = self._answerer_for(load_live_index(self.settings.index_root))
            return self._answerer.retriever.index

    def _answerer_for(self, index: StoredIndex) -> Answerer:
        check_model(
            index.manifest,
            self.embedder.model_id,
            self.embedder.fingerprint(),
            self.embedder.dimension(),
        )
        retriever = HybridRetriever(index, self.embedder, Thesaurus.from_file(THESAURUS))
        info = IndexInfo(version=index.manifest.version, model=index.manifest.model)
        return Answerer(retriever, self.scope, info, self.settings.top_k)

    def _build_if_needed(self) -> None:
        try:
            manifest = load_live_index(self.settings.index_root).manifest
            if is_up_to_date(self.settings, manifest):
                return
        except IndexMissingError:
            pass
        build_index(self.settings, self.embedder)

    @property
    def answerer(self) -> Answerer:
        """The answerer over the loaded index (loading it on first use)."""
        self.load()
        assert self._answerer is not None
        return self._answerer

    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        """Answer one question with the best passages of the note, or say it is not covered.

        ``history`` holds the conversation's earlier questions, oldest first.
        """
        key = tuple(" ".join(q.split()).casefold() for q in (*history[-2:], question))
        if (cached := self._cache.get(key)) is not None:
            self._cache.move_to_end(key)
            return replace(cached, question=question)
        answer = self.answerer.answer(question, history)
        if self.settings.cache_size:
            self._cache[key] = answer
            if len(self._cache) > self.settings.cache_size:
                self._cache.popitem(last=False)
        return answer
