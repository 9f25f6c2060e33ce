"""The examples' classifier: fitted per corpus on the examples that apply, cached, neutral
for the passages it has no examples of."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from chatbot.example_classifier import ExampleClassifier
from chatbot.retrieval import FusionWeights, HybridRetriever
from indexer.build import BuildReport
from indexer.examples import AppliedExample
from indexer.settings import Settings
from indexer.versions import load_live_index
from tests.fakes import HashingEmbedder

DIMENSION = 8


def _around(centre: int, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` unit vectors near the ``centre``-th axis."""
    vectors = rng.normal(scale=0.2, size=(count, DIMENSION))
    vectors[:, centre] += 1.0
    unit: np.ndarray = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    return unit


def _axis(position: int) -> np.ndarray:
    vector = np.zeros(DIMENSION, dtype=np.float32)
    vector[position] = 1.0
    return vector


PASSAGES = 5


def _examples(learned: tuple[int, ...] = (0, 1, 4)) -> tuple[list[AppliedExample], np.ndarray]:
    """Ten examples for each passage in ``learned`` (near its axis), a heading of passage 3
    (on axis 3); passage 2 has none."""
    rng = np.random.default_rng(7)
    examples = [AppliedExample(f"vraag {p}.{i}", (p,)) for p in learned for i in range(10)]
    examples.append(AppliedExample("Een vraag als kop?", (3,), heading=True))
    vectors = np.vstack([*(_around(p, 10, rng) for p in learned), _axis(3)[None, :]])
    return examples, vectors


def test_the_passage_whose_examples_a_question_is_like_gets_one_and_the_other_less() -> None:
    for learned in ((0, 1, 4), (0, 1)):  # two passages: scikit-learn fits one row
        examples, vectors = _examples(learned)
        classifier = ExampleClassifier.fit(PASSAGES, examples, vectors)
        assert classifier is not None and classifier.passages == len(learned)
        for favourite in learned:
            scores = classifier.scores(_axis(favourite))
            assert scores[favourite] == pytest.approx(1.0)
            assert all(scores[other] < 0.2 for other in learned if other != favourite)


def test_passages_it_has_no_examples_of_are_neither_lifted_nor_sunk() -> None:
    """Passage 2 has no examples and passage 3 only its heading: a FAQ entry or rewritten
    text scores as the classifier's favourite does, whatever the question."""
    examples, vectors = _examples()
    classifier = ExampleClassifier.fit(PASSAGES, examples, vectors)
    assert classifier is not None
    for axis in range(PASSAGES):
        scores = classifier.scores(_axis(axis))
        assert scores[2] == scores[3] == scores.max() == pytest.approx(1.0)


def test_a_page_section_scores_as_the_part_of_the_note_its_text_is_taken_for() -> None:
    """Passages 0 and 1 stand in one recommendation, 4 in another; passage 2 is a staff
    page's section (no examples) whose text is of passage 1's kind. It scores as its
    recommendation's best passage: high for a question of passage 0's kind too, low for
    one of passage 4's. Scored as every question's favourite, a work plan's sections took
    the note's own questions (trial 60)."""
    examples, vectors = _examples()
    fitted = ExampleClassifier.fit(PASSAGES, examples, vectors)
    assert fitted is not None
    groups = np.array([{0: 1, 1: 1, 4: 2}[int(p)] for p in fitted.classes], dtype=np.int64)
    lent = fitted.lent_to(np.array([2]), [_axis(1)[None, :]], groups)
    for axis in (0, 1):
        assert lent.scores(_axis(axis))[2] == pytest.approx(1.0, abs=0.05)
    assert lent.scores(_axis(4))[2] < 0.2
    assert fitted.scores(_axis(4))[2] == pytest.approx(1.0)  # the copy, not the original
    assert np.array_equal(
        lent.scores(_axis(4))[[0, 1, 3, 4]], fitted.scores(_axis(4))[[0, 1, 3, 4]]
    )


def test_the_document_whose_examples_a_question_is_like_keeps_its_passages_scores() -> None:
    """Passages 0, 1 and 4 are the note's (ten examples each, near axes 0, 1 and 4); passage 3
    is a FAQ's entry (its one heading, on axis 3); passage 2 is a staff page's (no examples).
    A question of the FAQ's kind sinks the note's passages; one of the note's kind, the
    FAQ's entry; the page is neither."""
    examples, vectors = _with_headings(*_examples())
    documents = ["nota.md", "nota.md", "pagina.md", "faq.md", "nota.md"]
    classifier = ExampleClassifier.fit(PASSAGES, examples, vectors, documents=documents)
    assert classifier is not None and classifier.documents == 2
    faq_kind = classifier.scores(_axis(3))
    assert faq_kind[3] == faq_kind[2] == pytest.approx(1.0)
    assert max(faq_kind[[0, 1, 4]]) < 0.5
    note_kind = classifier.scores(_axis(0))
    assert note_kind[0] == note_kind[2] == pytest.approx(1.0)
    assert note_kind[3] < 0.5
    # a FAQ of one question is too little to learn its kind from: the passages' scores alone
    few, few_vectors = _examples()
    alone = ExampleClassifier.fit(PASSAGES, few, few_vectors, documents=documents)
    plain = ExampleClassifier.fit(PASSAGES, few, few_vectors)
    assert alone is not None and plain is not None and alone.documents == 0
    assert np.array_equal(alone.scores(_axis(3)), plain.scores(_axis(3)))


def _with_headings(
    examples: list[AppliedExample], vectors: np.ndarray
) -> tuple[list[AppliedExample], np.ndarray]:
    """``examples`` and four more headings of passage 3 (a FAQ of five entries' worth)."""
    rng = np.random.default_rng(11)
    more = [AppliedExample(f"Nog een vraag {n}?", (3,), heading=True) for n in range(4)]
    return [*examples, *more], np.vstack([vectors, _around(3, 4, rng)])


def test_nothing_is_fitted_without_two_passages_to_tell_apart() -> None:
    examples, vectors = _examples(learned=(0,))
    assert ExampleClassifier.fit(PASSAGES, examples, vectors) is None


def test_a_fit_is_cached_and_read_back_without_scikit_learn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples, vectors = _with_headings(*_examples())
    documents = ["nota.md", "nota.md", "pagina.md", "faq.md", "nota.md"]
    fitted = ExampleClassifier.fit(
        PASSAGES, examples, vectors, documents=documents, cache_dir=tmp_path
    )
    assert fitted is not None
    assert len(list((tmp_path / "classifier").glob("*.npz"))) == 1
    monkeypatch.setitem(sys.modules, "sklearn.linear_model", None)  # importing it fails
    cached = ExampleClassifier.fit(
        PASSAGES, examples, vectors, documents=documents, cache_dir=tmp_path
    )
    assert cached is not None and cached.documents == 2
    for axis in (1, 3):
        assert np.array_equal(cached.scores(_axis(axis)), fitted.scores(_axis(axis)))
    with pytest.raises(ImportError):  # other examples are fitted anew
        ExampleClassifier.fit(PASSAGES, examples[1:], vectors[1:], cache_dir=tmp_path)


def test_a_damaged_cache_file_is_fitted_again(tmp_path: Path) -> None:
    examples, vectors = _examples()
    fitted = ExampleClassifier.fit(PASSAGES, examples, vectors, cache_dir=tmp_path)
    assert fitted is not None
    (stored,) = (tmp_path / "classifier").glob("*.npz")
    stored.write_bytes(b"not a numpy file")
    again = ExampleClassifier.fit(PASSAGES, examples, vectors, cache_dir=tmp_path)
    assert again is not None
    assert np.array_equal(again.scores(_axis(0)), fitted.scores(_axis(0)))


def test_the_fused_score_counts_it_and_can_be_read_without_it(
    built: BuildReport, settings: Settings, embedder: HashingEmbedder
) -> None:
    index = load_live_index(settings.index_root)
    assert index is not None
    count = len(index.chunks)
    question = "onthardingsmakelaar"
    vector = embedder.embed_queries([question])[0]
    # examples of passage 0 are the question itself: the classifier prefers passage 0
    examples = [AppliedExample(question, (0,)), AppliedExample("iets heel anders", (1,))]
    vectors = embedder.embed_queries([question, "iets heel anders"])
    classifier = ExampleClassifier.fit(count, examples, vectors)
    assert classifier is not None
    weights = FusionWeights()
    plain = HybridRetriever(index, embedder, weights=weights).score(question, vector)
    lifted = HybridRetriever(index, embedder, weights=weights, classifier=classifier).score(
        question, vector
    )
    assert lifted.classified is not None
    assert np.allclose(lifted.unclassified, plain.fused, atol=1e-6)
    assert lifted.fused[0] - plain.fused[0] == pytest.approx(weights.classifier, abs=1e-5)
    assert lifted.fused[1] - plain.fused[1] < weights.classifier
