"""Questions embedded by ONNX Runtime: the same vectors as sentence-transformers, exported once."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from chatbot.embedders import passage_embedder, question_embedder
from indexer.embedding import SentenceTransformerEmbedder
from indexer.onnx_embedding import (
    OnnxEmbedder,
    OnnxExportError,
    length_groups,
    shared_weights,
    supports,
)
from indexer.onnx_export import LAYOUT, MODEL_FILE, RECORD_FILE, WEIGHTS_FILE
from indexer.settings import DEFAULT_MODEL, Settings, get_settings
from tests.conftest import NOTE

TEXTS = [
    "komen er betere fietspaden?",
    "Wat is een onthardingsmakelaar en wat doet die voor de gemeenten van Rivierenland?",
    "What does the note say about housing? 🏠 café, naïve, coöperatie",
    "",
    " ".join(["Een heel lange passage over water en ruimte."] * 120),  # past 512 tokens
]


@pytest.fixture(scope="module")
def model_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A data folder of its own, with the project's materialized model linked in."""
    data = tmp_path_factory.mktemp("onnx") / "var"
    (data / "models").mkdir(parents=True)
    folder = SentenceTransformerEmbedder.from_settings(get_settings()).folder()
    (data / "models" / DEFAULT_MODEL).symlink_to(folder, target_is_directory=True)
    return Settings(data_dir=data, corpus_dir=NOTE.parent)


@pytest.fixture(scope="module")
def onnx(model_settings: Settings) -> Iterator[OnnxEmbedder]:
    yield OnnxEmbedder.from_settings(model_settings)


@pytest.mark.slow
def test_a_call_made_while_another_runs_gets_the_same_vectors(onnx: OnnxEmbedder) -> None:
    """Such a call runs on the one-thread session over the same shared weights."""
    alone = onnx.embed_queries(TEXTS[:3])
    onnx._running += 1  # as while another call runs
    try:
        beside = onnx.embed_queries(TEXTS[:3])
    finally:
        onnx._running -= 1
    assert onnx._one_thread is not onnx._session
    assert float(np.abs(alone - beside).max()) < 1e-6


@pytest.mark.slow
def test_the_shared_weights_are_the_ones_stored_beside_the_graph(onnx: OnnxEmbedder) -> None:
    onnx.embed_queries(TEXTS[:1])
    folder = next(p.parent for p in onnx._export_dir.rglob(MODEL_FILE))
    weights = shared_weights(folder / MODEL_FILE)
    assert len(weights) > 100  # every layer's weights are stored beside the graph
    embedding = max(weights.values(), key=lambda value: int(np.prod(value.shape())))
    assert embedding.shape()[1] == 384 and embedding.shape()[0] > 200_000  # the vocabulary


@pytest.mark.slow
def test_the_same_vectors_as_sentence_transformers(
    onnx: OnnxEmbedder, model_settings: Settings
) -> None:
    reference = onnx.reference
    passages = [*TEXTS, *NOTE.read_text(encoding="utf-8").split("\n\n")[:40]]
    for ours, theirs in [
        (onnx.embed_queries(TEXTS), reference.embed_queries(TEXTS)),
        (onnx.embed_passages(passages), reference.embed_passages(passages)),
        (onnx.embed_queries(TEXTS[:1]), reference.embed_queries(TEXTS[:1])),  # alone, unpadded
    ]:
        assert ours.shape == theirs.shape and ours.dtype == np.float32
        assert float(np.abs(ours - theirs).max()) < 1e-5
    assert onnx.dimension() == 384
    assert onnx.fingerprint() == reference.fingerprint()  # an index of either serves the other
    assert onnx.count_tokens(TEXTS[1]) == reference.count_tokens(TEXTS[1])
    export_dir = model_settings.models_dir / "onnx" / DEFAULT_MODEL
    record = json.loads((export_dir / RECORD_FILE).read_text())
    assert record["weights_fingerprint"] == onnx.fingerprint()
    assert record["largest_difference"] < 1e-4
    assert record["layout"] == LAYOUT  # the weights beside the graph, mapped when opened
    assert record["tokenizer"] == "sentencepiece"  # the same ids in less memory
    assert (export_dir / WEIGHTS_FILE).stat().st_size > (export_dir / MODEL_FILE).stat().st_size


@pytest.mark.slow
@pytest.mark.parametrize("stale", [{"weights_fingerprint": "old"}, {"layout": "inline"}])
def test_an_export_of_other_weights_or_layout_is_made_again(
    onnx: OnnxEmbedder,
    model_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    stale: dict[str, str],
) -> None:
    onnx.embed_queries(["eerst een export"])
    export_dir = model_settings.models_dir / "onnx" / DEFAULT_MODEL
    record = json.loads((export_dir / RECORD_FILE).read_text())
    (export_dir / RECORD_FILE).write_text(json.dumps({**record, **stale}))
    commands: list[list[str]] = []

    def failing_export(command: list[str], **_kwargs: Any) -> None:
        commands.append(command)
        raise subprocess.CalledProcessError(1, command, stderr="Traceback\nRuntimeError: no room")

    monkeypatch.setattr(subprocess, "run", failing_export)
    fresh = OnnxEmbedder.from_settings(model_settings)
    with pytest.raises(OnnxExportError, match=r"exporting .* failed: RuntimeError: no room"):
        fresh.embed_queries(["vraag"])
    assert commands and commands[0][-1] == onnx.fingerprint()
    assert (export_dir / MODEL_FILE).is_file()  # the old export is left alone
    (export_dir / RECORD_FILE).write_text(json.dumps(record))


def test_only_mean_pooled_normalized_folders_are_exported(tmp_path: Path) -> None:
    assert not supports(tmp_path)  # no modules.json
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "x.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "x.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "x.Normalize"},
    ]
    (tmp_path / "modules.json").write_text(json.dumps(modules))
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text('{"pooling_mode": "cls"}')
    assert not supports(tmp_path)
    (tmp_path / "1_Pooling" / "config.json").write_text('{"pooling_mode": "mean"}')
    assert supports(tmp_path)
    (tmp_path / "modules.json").write_text(json.dumps(modules[:2]))  # not normalized
    assert not supports(tmp_path)


def test_the_runtime_follows_the_setting(settings: Settings) -> None:
    onnx = question_embedder(settings)
    assert isinstance(onnx, OnnxEmbedder)
    assert isinstance(passage_embedder(onnx), SentenceTransformerEmbedder)
    torch = settings.model_copy(update={"query_runtime": "torch"})
    assert isinstance(question_embedder(torch), SentenceTransformerEmbedder)


def test_a_long_text_is_not_padded_together_with_short_ones() -> None:
    lengths = [10, 12, 300, 11, 30, 200]
    # short ones together; 30 tokens is over twice the shortest; 200 and 300 together
    assert length_groups(lengths, 16) == [[0, 3, 1], [4], [5, 2]]
    assert length_groups([5] * 5, 2) == [[0, 1], [2, 3], [4]]  # at most ``size`` each
    assert length_groups([], 16) == []
