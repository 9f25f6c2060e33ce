"""Incremental builds with the real model: no change loads no model; one edit, one embedding."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.chunking import chunk_document
from indexer.documents import read_document
from indexer.embedding import SentenceTransformerEmbedder
from indexer.settings import PROJECT_DIR, Settings
from indexer.versions import load_live_index
from tests.conftest import NOTE
from tests.indexer.support import NOTE_NAME, PARAGRAPH_WORD, edit_note

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The note built with the real model, in a temporary data folder; the materialized model
    is the project's (made on first use, as ``scripts/serve.sh`` does)."""
    root = tmp_path_factory.mktemp("real")
    (root / "corpus").mkdir()
    shutil.copy(NOTE, root / "corpus" / NOTE_NAME)
    (root / "var").mkdir()
    models = PROJECT_DIR / "var" / "models"
    models.mkdir(parents=True, exist_ok=True)
    (root / "var" / "models").symlink_to(models)
    settings = Settings(corpus_dir=root / "corpus", data_dir=root / "var")
    report = build_index(settings, SentenceTransformerEmbedder.from_settings(settings), log=print)
    assert report.embedded == 51
    return settings


def test_counting_tokens_needs_the_tokenizer_only_and_counts_like_the_model(
    real: Settings,
) -> None:
    texts = [chunk.text for chunk in chunk_document(read_document(NOTE))]
    light = SentenceTransformerEmbedder.from_settings(real)
    counts = [light.count_tokens(text) for text in texts]
    assert not light.is_loaded
    model = SentenceTransformerEmbedder.from_settings(real).model
    prompt = model.prompts["document"]
    assert prompt == "passage: "
    assert counts == [len(model.tokenizer(f"{prompt}{text}")["input_ids"]) for text in texts]


def test_nothing_changed_takes_seconds_and_loads_no_model(real: Settings) -> None:
    embedder = SentenceTransformerEmbedder.from_settings(real)
    report = build_index(real, embedder, log=print)
    assert not report.changed and not embedder.is_loaded
    env = {
        **os.environ,
        "VRAAGBAAK_CORPUS_DIR": str(real.corpus_dir),
        "VRAAGBAAK_DATA_DIR": str(real.data_dir),
    }
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "indexer", "build", "--quiet"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    assert done.stdout.startswith("Nothing changed: 1 document(s), 51 chunks;")
    assert seconds < 5, seconds


def test_one_edited_paragraph_is_the_only_passage_embedded(
    real: Settings, capfd: pytest.CaptureFixture[str]
) -> None:
    edit_note(real, PARAGRAPH_WORD, "onthardingsbemiddelaar")
    embedder = SentenceTransformerEmbedder.from_settings(real)
    report = build_index(real, embedder, log=print)
    assert (report.embedded, report.from_cache) == (1, 50)
    assert embedder.is_loaded and "Loading weights" not in capfd.readouterr().err
    index = load_live_index(real.index_root)
    (hits,) = index.search(embedder.embed_queries(["Wat doet een onthardingsbemiddelaar?"]), 1)
    best = index.chunks[hits[0][0]]
    assert (best.recommendation, best.item) == (6, 3)
    assert "onthardingsbemiddelaar" in best.text


def test_verify_with_the_model(real: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    from indexer.cli import main

    assert main(["verify"], real) == 0
    assert "51 vectors find their passage, the model multilingual-e5-small agrees" in (
        capsys.readouterr().out
    )


def test_a_path_like_model_folder_has_a_stamp(real: Settings) -> None:
    folder = real.models_dir / "multilingual-e5-small"
    by_name = SentenceTransformerEmbedder.from_settings(real)
    by_path = SentenceTransformerEmbedder(str(folder), models_dir=Path("/nonexistent"))
    assert by_name.weights_stamp() is not None and by_path.weights_stamp() is not None
    assert SentenceTransformerEmbedder("some/hub-model", models_dir=folder).weights_stamp() is None
