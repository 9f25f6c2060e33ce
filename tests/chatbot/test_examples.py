"""Labelled example questions as a retrieval signal."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from chatbot.examples import EXAMPLES, Example, ExampleMemory, answers, example_vectors
from chatbot.examples import load_examples as load
from chatbot.retrieval import FusionWeights, HybridRetriever
from chatbot.scope import BASIC_FEATURES, ScopeModel
from indexer.chunking import Chunk, Section
from indexer.embedding import Vectors
from indexer.settings import Settings
from indexer.store import StoredIndex
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


def chunk(recommendation: int, item: int | None, section: Section) -> Chunk:
    return Chunk("id", "n.md", recommendation, "T", section, item, None, "t")


def test_labels_name_a_context_a_project_or_the_note_itself() -> None:
    context, project = chunk(6, None, "context"), chunk(6, 3, "doorbraakproject")
    foreword = chunk(0, None, "voorwoord")
    assert answers(context, (6, None)) and not answers(project, (6, None))
    assert answers(project, (6, 3)) and not answers(project, (6, 2))
    assert not answers(project, (7, 3))
    assert answers(foreword, (0, None)) and not answers(context, (0, None))


@pytest.mark.usefixtures("built")
def test_the_shipped_examples_are_labelled_passages_of_the_note(settings: Settings) -> None:
    examples = load(EXAMPLES)
    assert len(examples) >= 300
    chunks = load_live_index(settings.index_root).chunks
    for example in examples:
        for label in example.labels:
            assert any(answers(c, label) for c in chunks), (example.question, label)


def test_out_of_scope_lines_are_not_examples(tmp_path: Path) -> None:
    path = tmp_path / "examples.jsonl"
    lines = [
        {"question": "fietspaden", "in_scope": True, "expected": [{"recommendation": 7}]},
        {"question": "ophaling afval", "in_scope": False, "expected": []},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    assert load(path) == [Example("fietspaden", ((7, None),))]
    assert load(tmp_path / "missing.jsonl") == []


def test_vectors_are_computed_once_per_model(tmp_path: Path) -> None:
    examples = [Example("een", ((1, None),)), Example("twee", ((2, 1),))]
    embedder = CountingEmbedder()
    first = example_vectors(examples, embedder, tmp_path)
    again = example_vectors(examples, embedder, tmp_path)
    assert embedder.queries == 2
    assert np.array_equal(first, again)
    other = example_vectors([*examples, Example("drie", ((3, 2),))], embedder, tmp_path)
    assert other.shape[0] == 3 and embedder.queries == 5


@pytest.mark.usefixtures("built")
def test_a_question_like_an_example_finds_the_examples_passage(settings: Settings) -> None:
    index: StoredIndex = load_live_index(settings.index_root)
    embedder = HashingEmbedder()
    examples = [Example(QUESTION, ((6, 3),)), Example("iets anders", ((2, None),))]
    memory = ExampleMemory(index.chunks, examples, example_vectors(examples, embedder, None))
    scores = memory.scores(embedder.embed_queries([QUESTION])[0])
    best = index.chunks[int(np.argmax(scores))]
    assert (best.recommendation, best.item) == (6, 3)

    weights = FusionWeights(examples=1.0)
    with_examples = HybridRetriever(index, embedder, weights=weights, examples=memory)
    (hit,) = with_examples.search(QUESTION, 1)
    assert (hit.chunk.recommendation, hit.chunk.item) == (6, 3)
    without = HybridRetriever(index, embedder, weights=weights)
    assert without.score(QUESTION).examples is None


@pytest.mark.usefixtures("built")
def test_the_scope_model_can_weigh_how_close_an_example_is(settings: Settings) -> None:
    index = load_live_index(settings.index_root)
    embedder = HashingEmbedder()
    examples = [Example(QUESTION, ((6, 3),)), Example("iets heel anders", ((2, None),))]
    memory = ExampleMemory(index.chunks, examples, example_vectors(examples, embedder, None))
    retriever = HybridRetriever(index, embedder, examples=memory)
    scope = ScopeModel(weights=(1.0,), bias=-0.9, ranking=("examples_max",))
    assert scope.in_scope(retriever.score(QUESTION))
    assert not scope.in_scope(retriever.score("de waterstand van de Dijle"))
    # fitting on the examples themselves: each without its own vector
    query = embedder.embed_queries([QUESTION])[0]
    assert memory.nearest(query, excluding="nothing") == pytest.approx(1.0)
    assert memory.nearest(query, excluding=QUESTION) < 0.9
    assert ScopeModel.from_dict(scope.to_dict()) == scope
    older = {k: v for k, v in scope.to_dict().items() if k != "ranking"}
    assert ScopeModel.from_dict(older).ranking == BASIC_FEATURES
