"""Example questions as a retrieval signal, tied to the passages they were written for."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from chatbot.calibrate import unanswered
from chatbot.examples import (
    ExampleMemory,
    Neighbours,
    as_searched,
    may_stand_in,
    question_vectors,
)
from chatbot.retrieval import FusionWeights, HybridRetriever
from chatbot.scope import BASIC_FEATURES, ScopeModel
from indexer.chunking import Chunk
from indexer.embedding import Vectors
from indexer.examples import AppliedExample
from indexer.settings import Settings
from indexer.versions import load_live_index
from tests.fakes import HashingEmbedder

QUESTION = "xyzzy plugh quux"
"""Words of no passage: only the example can lead to the right one."""


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.queries = 0

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self.queries += len(texts)
        return super().embed_queries(texts)


def test_vectors_are_computed_once_per_model_and_list(tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    first = question_vectors(["een", "twee"], embedder, tmp_path)
    again = question_vectors(["een", "twee"], embedder, tmp_path)
    assert embedder.queries == 2
    assert np.array_equal(first, again)
    other = question_vectors(["een", "twee", "drie"], embedder, tmp_path)
    assert other.shape[0] == 3 and embedder.queries == 5


def test_an_example_in_spoken_forms_is_embedded_as_a_question_is_searched() -> None:
    embedder = CountingEmbedder()
    texts = ["wa doen ze aan da fietspad", "Wat doet de regio aan fietspaden?"]
    typed = question_vectors(texts, embedder, None)
    searched = as_searched(texts, typed, embedder, None)
    assert embedder.queries == 3  # only the example in spoken forms is embedded again
    written_out = HashingEmbedder().embed_queries(["wat doen ze aan dat fietspad"])[0]
    assert np.allclose(searched[0], written_out) and not np.allclose(typed[0], written_out)
    assert np.array_equal(searched[1], typed[1])
    assert np.array_equal(as_searched(texts[1:], typed[1:], embedder, None), typed[1:])
    assert embedder.queries == 3


@pytest.mark.usefixtures("built")
def test_a_question_like_an_example_finds_the_examples_passage(settings: Settings) -> None:
    index = load_live_index(settings.index_root)
    embedder = HashingEmbedder()
    target = next(n for n, c in enumerate(index.chunks) if (c.recommendation, c.item) == (6, 3))
    examples = [AppliedExample(QUESTION, (target,)), AppliedExample("iets anders", (5,))]
    vectors = question_vectors([e.question for e in examples], embedder, None)
    memory = ExampleMemory(len(index.chunks), examples, vectors)
    scores = memory.scores(embedder.embed_queries([QUESTION])[0])
    assert int(np.argmax(scores)) == target

    weights = FusionWeights(examples=1.0)
    with_examples = HybridRetriever(index, embedder, weights=weights, examples=memory)
    assert with_examples.score(QUESTION).order()[0] == target
    without = HybridRetriever(index, embedder, weights=weights)
    assert without.score(QUESTION).examples is None


def test_a_passage_without_examples_stands_in_by_its_own_closeness() -> None:
    """Passages 0 and 1 have examples, 2 and 3 (new text) have none: those get their cosine
    to the question plus the median gap between the two signals where both exist."""
    vectors = np.eye(4, dtype=np.float32)[:2]  # example 0 of passage 0, example 1 of passage 1
    memory_examples = [AppliedExample("a", (0,)), AppliedExample("b", (1,))]
    every = np.ones(4, dtype=bool)
    memory = ExampleMemory(4, memory_examples, vectors, standing_in=every)
    query = np.array([0.8, 0.6, 0.0, 0.0], dtype=np.float32)
    dense = np.array([0.5, 0.3, 0.7, 0.1], dtype=np.float32)
    scores = memory.scores(query, dense)
    # examples: 0.8 and 0.6; gaps 0.3 and 0.3
    assert np.allclose(scores, [0.8, 0.6, 1.0, 0.4])
    # without the question's cosines, new text gets the median example score, as before
    assert np.allclose(memory.scores(query), [0.8, 0.6, 0.7, 0.7])
    # a passage that may not stand in (a FAQ's introduction) keeps the median
    only_two = np.array([True, True, True, False])
    kept = ExampleMemory(4, memory_examples, vectors, standing_in=only_two)
    assert np.allclose(kept.scores(query, dense), [0.8, 0.6, 1.0, 0.7])
    # unless told which may, none does
    assert np.allclose(ExampleMemory(4, memory_examples, vectors).scores(query, dense)[2:], 0.7)


def test_a_faq_entry_is_scored_by_its_heading_and_its_own_text_together() -> None:
    """Passages 1, 2 and 3 are FAQ entries, each with its heading as its one example. A
    question shaped like heading 1 but about what entry 2 says goes to entry 2; passage 0
    (a recommendation) keeps its example score."""
    vectors = np.eye(4, dtype=np.float32)
    memory_examples = [AppliedExample(name, (i,)) for i, name in enumerate("abcd")]
    entries = np.array([False, True, True, True])
    query = np.array([0.7, 0.9, 0.6, 0.5], dtype=np.float32)
    dense = np.array([0.4, 0.6, 1.0, 0.5], dtype=np.float32)
    headings_only = ExampleMemory(4, memory_examples, vectors).scores(query, dense)
    assert int(np.argmax(headings_only[1:])) + 1 == 1
    scores = ExampleMemory(4, memory_examples, vectors, entries=entries).scores(query, dense)
    assert int(np.argmax(scores[1:])) + 1 == 2
    assert scores[0] == pytest.approx(0.7)
    # the entry that is both (its heading's and its own text's median) is left as it was
    assert scores[3] == pytest.approx(headings_only[3])


def test_the_notes_passages_and_a_pages_stand_in_but_a_faqs_introduction_does_not() -> None:
    def passage(document: str, section: str, title: str = "T") -> Chunk:
        number = 0 if section in ("document", "inhoud") else 1
        return Chunk(f"{document}{title}", document, number, title, section, None, None, "x")  # type: ignore[arg-type]

    chunks = [
        passage("note.md", "context"),
        passage("note.md", "inhoud"),
        passage("faq.md", "document", "Inleiding"),
        passage("faq.md", "document", "Waar is het loket?"),
        passage("page.md", "document", "Openingsuren"),
        passage("page.md", "document", "Contact"),
    ]
    assert may_stand_in(chunks).tolist() == [True, False, False, False, True, True]


@pytest.mark.usefixtures("built")
def test_the_scope_model_can_weigh_how_close_an_example_is(settings: Settings) -> None:
    index = load_live_index(settings.index_root)
    embedder = HashingEmbedder()
    examples = [AppliedExample(QUESTION, (3,)), AppliedExample("iets heel anders", (7,))]
    vectors = question_vectors([e.question for e in examples], embedder, None)
    memory = ExampleMemory(len(index.chunks), examples, vectors)
    retriever = HybridRetriever(index, embedder, examples=memory)
    scope = ScopeModel(weights=(1.0,), bias=-0.9, ranking=("examples_max",))
    assert scope.in_scope(retriever.score(QUESTION))
    assert not scope.in_scope(retriever.score("de waterstand van de Dijle"))
    query = embedder.embed_queries([QUESTION])[0]
    assert memory.nearest(query) == pytest.approx(1.0)
    assert memory.nearest(query, excluding=QUESTION) < 0.9
    assert ScopeModel.from_dict(scope.to_dict()) == scope
    older = {k: v for k, v in scope.to_dict().items() if k != "ranking"}
    assert ScopeModel.from_dict(older).ranking == BASIC_FEATURES


def test_three_outcomes_from_two_thresholds() -> None:
    scope = ScopeModel(threshold=0.2, answer_threshold=0.6)
    assert scope.outcome(0.1) == "not_found"
    assert scope.outcome(0.3) == "closest"
    assert scope.outcome(0.6) == "answered"
    assert ScopeModel(threshold=0.5).outcome(0.5) == "answered"
    assert ScopeModel.from_dict(scope.to_dict()) == scope


@pytest.mark.usefixtures("built")
def test_a_question_is_measured_against_the_out_of_scope_examples_content_leaves_open(
    settings: Settings,
) -> None:
    index = load_live_index(settings.index_root)
    embedder = HashingEmbedder()
    answerable = [AppliedExample(QUESTION, (3,))]
    memory = ExampleMemory(
        len(index.chunks), answerable, question_vectors([QUESTION], embedder, None)
    )
    outside = ["openingsuren zwembad zaterdag", QUESTION.upper(), "recept voor stoofvlees"]
    vectors = question_vectors([o.lower() for o in outside], embedder, None)
    left = unanswered(memory, outside, vectors)
    assert len(left) == 2  # the one an applicable example answers is not held against it
    query = embedder.embed_queries(["openingsuren zwembad zaterdag"])[0]
    assert left.nearest(query) == pytest.approx(1.0)
    assert left.nearest(query, excluding="openingsuren zwembad zaterdag") < 0.9
    assert Neighbours([], vectors[:0]).nearest(query) == 0.0

    retriever = HybridRetriever(index, embedder, examples=memory, unanswerable=left)
    scored = retriever.score("openingsuren zwembad zaterdag")
    assert scored.unanswerable == pytest.approx(1.0)
    assert retriever.with_words(scored, "zwembad").unanswerable == scored.unanswerable
    assert HybridRetriever(index, embedder).score("zwembad").unanswerable is None
