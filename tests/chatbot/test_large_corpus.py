"""A large corpus: the answer orders only its best passages, with the result of a full sort."""

from __future__ import annotations

import numpy as np
import pytest

import chatbot.answering
from benchmarks.synthetic_corpus import BagOfWordsEmbedder, write_corpus
from chatbot.answer import Answer, IndexInfo
from chatbot.answering import ORDERED_PASSAGES, Answerer
from chatbot.examples import ExampleMemory
from chatbot.lexical import Thesaurus
from chatbot.retrieval import HybridRetriever, best_first
from chatbot.scope import ScopeModel
from indexer.build import build_index, load_live_index
from indexer.examples import AppliedExample
from indexer.settings import Settings
from indexer.store import StoredIndex

PASSAGES = 2_000
ASKED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Hoe kunnen gemeenten samen werken aan klimaatadaptatie en onthardingsprojecten?", ()),
    ("Wat doet de regio voor kinderen en jongeren in de vrije tijd?", ()),
    ("Welke delen gaan over fietspaden en mobiliteit?", ()),  # across the corpus
    ("wat nog meer?", ("Waarom is datadeling tussen lokale besturen belangrijk?",)),
)


def test_the_best_first_are_those_of_a_full_stable_sort() -> None:
    rng = np.random.default_rng(3)
    values = rng.integers(0, 20, size=5_000).astype(np.float32)  # many ties
    full = np.argsort(-values, kind="stable")
    for limit in (1, 7, 300, 4_999, 5_000, 10_000):
        assert best_first(values, limit).tolist() == full[:limit].tolist()
    assert best_first(values).tolist() == full.tolist()


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> StoredIndex:
    root = tmp_path_factory.mktemp("large")
    write_corpus(root / "corpus", PASSAGES)
    settings = Settings(
        corpus_dir=root / "corpus", data_dir=root / "var", model="fake-bag-of-words-384"
    )
    build_index(settings, BagOfWordsEmbedder(), log=lambda _message: None)
    return load_live_index(settings.index_root)


def _answerer(index: StoredIndex, scope: ScopeModel) -> Answerer:
    retriever = HybridRetriever(index, BagOfWordsEmbedder(), Thesaurus([]))
    return Answerer(retriever, scope, IndexInfo("large", "fake"), top_k=3)


def _said(answer: Answer) -> tuple[object, ...]:
    return (answer.outcome, answer.across, answer.suggestions)


def _hits(answer: Answer) -> list[tuple[str, float]]:
    return [(h.chunk.id, h.score) for h in answer.hits]


@pytest.mark.parametrize("threshold", [0.5, 0.99])  # answered; not found, with suggestions
def test_a_large_corpus_is_answered_as_with_every_passage_sorted(
    large: StoredIndex, threshold: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    answerer = _answerer(large, ScopeModel(threshold=threshold))
    cut = [(answerer.answer(q, h), answerer.ranking(q, h)) for q, h in ASKED]
    monkeypatch.setattr(chatbot.answering, "ORDERED_PASSAGES", 10 * PASSAGES)
    full = [(answerer.answer(q, h), answerer.ranking(q, h)) for q, h in ASKED]
    for (answer, ranking), (full_answer, full_ranking) in zip(cut, full, strict=True):
        assert len(ranking) == ORDERED_PASSAGES < len(full_ranking)
        assert ranking == full_ranking[:ORDERED_PASSAGES]
        assert _said(answer) == _said(full_answer)
        if answer.across:
            # one passage per document near the best: those the cut keeps, in the full list's
            # order (a document stands where its best passage ranks)
            kept = {chunk.id for chunk in ranking}
            within = [hit for hit in _hits(full_answer) if hit[0] in kept]
            assert len(answer.hits) > 1 and _hits(answer) == within
        else:
            assert _hits(answer) == _hits(full_answer)
    across = [answer for answer, _ in cut if answer.across]
    assert any(answer.hits for answer, _ in cut if not answer.across) == (threshold == 0.5)
    # a cross-cutting subject the passages state is listed whatever the scope model says
    assert [answer.outcome for answer in across] == ["answered"]


def test_example_scores_are_the_best_of_each_passage_s_examples() -> None:
    rng = np.random.default_rng(5)
    chunks = 40
    examples = [
        AppliedExample(f"vraag {row}", tuple(int(c) for c in rng.choice(chunks, 3, replace=False)))
        for row in range(12)
    ]
    vectors = rng.standard_normal((12, 8)).astype(np.float32)
    query = rng.standard_normal(8).astype(np.float32)
    scores = ExampleMemory(chunks, examples, vectors).scores(query)
    similarity = vectors @ query
    covered = sorted({c for e in examples for c in e.chunks})
    best = {c: max(similarity[r] for r, e in enumerate(examples) if c in e.chunks) for c in covered}
    neutral = float(np.median([best[c] for c in covered]))
    assert scores.tolist() == [float(best.get(c, neutral)) for c in range(chunks)]
