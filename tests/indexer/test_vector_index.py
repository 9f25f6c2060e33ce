"""The dense index: exact below a size, IVF above it with its recall measured and reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from benchmarks.synthetic_corpus import (
    BagOfWordsEmbedder,
    document_name,
    document_text,
    write_corpus,
)
from chatbot.lexical import Thesaurus
from chatbot.retrieval import HybridRetriever
from indexer.build import BuildReport, build_index, load_live_index
from indexer.settings import Settings
from indexer.store import MANIFEST, IndexCorruptError, load_index
from indexer.vector_index import FLAT, IVF, VectorIndexPlan, build_vector_index

QUESTIONS = (
    "Hoe kunnen gemeenten samen werken aan klimaatadaptatie en onthardingsprojecten?",
    "Wat doet de regio voor kinderen en jongeren in de vrije tijd?",
    "Waarom is datadeling tussen lokale besturen belangrijk?",
    "Hoe wordt Rivierenland een bereikbare regio met veilige fietspaden?",
)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus of 1,200 passages in the note's words."""
    folder = tmp_path_factory.mktemp("synthetic") / "corpus"
    write_corpus(folder, 1_200)
    return folder


def _settings(tmp_path: Path, corpus: Path, threshold: int) -> Settings:
    return Settings(
        corpus_dir=corpus,
        data_dir=tmp_path / "var",
        model="fake-bag-of-words-384",
        dense_index_threshold=threshold,
    )


def _build(settings: Settings) -> BuildReport:
    return build_index(settings, BagOfWordsEmbedder(), log=lambda _message: None)


def test_small_corpora_get_exact_search_and_large_ones_ivf() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((400, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    _, below = build_vector_index(vectors, VectorIndexPlan(threshold=401))
    index, above = build_vector_index(vectors, VectorIndexPlan(threshold=400))
    assert below.kind == FLAT and below.exact
    assert above.kind == IVF and above.nlist == 10  # min(sqrt(400) = 20, 400 // 39)
    assert above.recall_at_10 >= 0.99 and above.recall_queries == 400
    assert np.allclose(index.reconstruct(7), vectors[7])  # full vectors kept


def test_a_large_corpus_is_indexed_approximately_with_its_recall_reported(
    tmp_path: Path, synthetic: Path
) -> None:
    report = _build(_settings(tmp_path, synthetic, threshold=1_000))
    info = report.vector_index
    assert (report.chunks, info.kind) == (1_200, IVF)
    assert info.recall_at_10 >= 0.99
    assert info.recall_queries == 500 and info.nlist == 30  # min(sqrt(1200) = 35, 1200 // 39)
    assert f"recall@10 {info.recall_at_10:.4f} against exact search" in report.summary()
    manifest = json.loads((report.path / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["vector_index"] == {
        "kind": "ivf",
        "metric": "inner_product",
        "nlist": info.nlist,
        "nprobe": info.nprobe,
        "train_points": info.train_points,
        "recall_at_10": info.recall_at_10,
        "recall_queries": 500,
        "centroids": "trained",
    }
    loaded = load_index(report.path)
    assert loaded.vector_info == info
    assert loaded.vectors.nprobe == info.nprobe


def test_the_same_corpus_below_the_threshold_is_searched_exactly(
    tmp_path: Path, synthetic: Path
) -> None:
    report = _build(_settings(tmp_path, synthetic, threshold=1_201))
    assert report.vector_index.kind == FLAT
    assert "vector index: flat (exact search)" in report.summary()


def test_the_approximate_retriever_ranks_like_the_exact_one(
    tmp_path: Path, synthetic: Path
) -> None:
    embedder = BagOfWordsEmbedder()
    _build(_settings(tmp_path / "a", synthetic, 10**6))
    _build(_settings(tmp_path / "b", synthetic, 1_000))
    exact = load_live_index(_settings(tmp_path / "a", synthetic, 10**6).index_root)
    approximate = load_live_index(_settings(tmp_path / "b", synthetic, 1_000).index_root)
    assert approximate.vector_info.kind == IVF
    thesaurus = Thesaurus([])
    every = exact.vectors.reconstruct_n(0, len(exact.chunks))
    for question in QUESTIONS:
        query = embedder.embed_queries([question])[0]
        full = every @ query  # every passage scored, as for a corpus of the note's size
        a = HybridRetriever(exact, embedder, thesaurus).score(question, query)
        b = HybridRetriever(approximate, embedder, thesaurus).score(question, query)
        assert a.order()[:5] == b.order()[:5]
        best_dense = [int(i) for i in np.argsort(-full, kind="stable")[:10]]
        assert a.order(a.dense)[:10] == b.order(b.dense)[:10] == best_dense
        assert np.allclose(a.dense[best_dense], b.dense[best_dense], atol=1e-6)
        # the exact index scales by the farthest passage; the approximate one by a passage
        # nearly as far (a real score, so never below it)
        assert float(a.dense.min()) == pytest.approx(full.min(), abs=1e-6)
        spread = float(full.max() - full.min())
        assert full.min() - 1e-6 <= float(b.dense.min()) <= full.min() + 0.1 * spread


def test_an_index_from_before_vector_index_entries_loads_as_flat(built: BuildReport) -> None:
    path = built.path / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["vector_index"]
    path.write_text(json.dumps(data), encoding="utf-8")
    index = load_index(built.path)
    assert index.vector_info.kind == FLAT
    (hits,) = index.search(index.vectors.reconstruct(3)[None, :], 1)
    assert hits[0][0] == 3


def test_a_manifest_naming_another_kind_of_index_is_refused(built: BuildReport) -> None:
    path = built.path / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    data["vector_index"] = {
        "kind": "ivf",
        "metric": "inner_product",
        "nlist": 4,
        "nprobe": 2,
        "train_points": 51,
        "recall_at_10": 1.0,
        "recall_queries": 51,
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="is a flat index, the manifest says ivf"):
        load_index(built.path)


def test_the_vector_index_settings_are_part_of_the_recipe(tmp_path: Path, synthetic: Path) -> None:
    first = _build(_settings(tmp_path, synthetic, threshold=10**6))
    again = _build(_settings(tmp_path, synthetic, threshold=1_000))
    assert first.vector_index.kind == FLAT
    assert again.changed and again.embedded == 0 and again.vector_index.kind == IVF


def test_an_incremental_build_reuses_the_centroids_and_measures_the_recall_again(
    tmp_path: Path, synthetic: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(synthetic, corpus)
    settings = _settings(tmp_path, corpus, threshold=1_000)
    first = _build(settings).vector_index
    changed = corpus / document_name(3)
    changed.write_text(
        document_text(3).replace("Onderdeel 3.1.", "Onderdeel 3.1 (herzien)."), encoding="utf-8"
    )
    again = _build(settings)
    info = again.vector_index
    assert again.embedded == 1 and info.kind == IVF and info.centroids_reused
    assert (info.nlist, info.train_points) == (first.nlist, first.train_points)
    assert info.recall_at_10 >= 0.99 and info.nprobe >= first.nprobe
    assert "the previous version's centroids" in again.summary()
    assert load_index(again.path).vector_info == info
    forced = build_index(settings, BagOfWordsEmbedder(), log=lambda _m: None, force=True)
    assert not forced.vector_index.centroids_reused
