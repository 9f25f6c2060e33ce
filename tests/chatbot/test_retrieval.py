"""The hybrid retriever's signals for one question."""

from __future__ import annotations

import numpy as np
import pytest

from chatbot.retrieval import FusionWeights, HybridRetriever
from indexer.settings import Settings
from indexer.versions import load_live_index
from tests.chatbot.test_examples import CountingEmbedder

MESSAGE = "Komt er een onthardingsmakelaar voor de pleinen in Mechelen?"
WORDS = "Komt er een onthardingsmakelaar voor de pleinen in ?"


@pytest.mark.usefixtures("built")
def test_other_words_keep_the_vector_and_are_not_remembered(settings: Settings) -> None:
    embedder = CountingEmbedder()
    retriever = HybridRetriever(load_live_index(settings.index_root), embedder)
    message = retriever.score(MESSAGE)
    assert embedder.queries == 1

    reworded = retriever.with_words(message, WORDS)
    assert embedder.queries == 1  # no second model call
    assert np.array_equal(reworded.query, message.query)
    assert np.array_equal(reworded.dense, message.dense)
    assert not np.array_equal(reworded.ngrams, message.ngrams)  # "Mechelen" no longer counts

    own = retriever.score(WORDS)  # asked itself, it is embedded as itself
    assert embedder.queries == 2
    assert not np.array_equal(own.query, message.query)
    assert np.array_equal(own.ngrams, reworded.ngrams)


@pytest.mark.usefixtures("built")
def test_the_words_of_an_english_or_french_question_count_for_less(settings: Settings) -> None:
    index = load_live_index(settings.index_root)
    embedder = CountingEmbedder()
    words_only = {"dense": 0.0, "examples": 0.0}
    full = HybridRetriever(index, embedder, weights=FusionWeights(**words_only, other_language=1))
    half = HybridRetriever(index, embedder, weights=FusionWeights(**words_only, other_language=0.5))
    english = "What does the plan say about the region and its municipalities?"
    assert np.allclose(half.score(english).fused, 0.5 * full.score(english).fused)
    dutch = "Wat zegt het plan over de regio en de gemeenten?"
    assert np.allclose(half.score(dutch).fused, full.score(dutch).fused)
    assert full.score(dutch).fused.max() > 0
