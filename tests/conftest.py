"""Shared fixtures: the real note, settings in a temporary folder, a fast fake embedder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.build import BuildReport, build_index
from indexer.settings import PROJECT_DIR, Settings
from tests.fakes import HashingEmbedder

NOTE = PROJECT_DIR / "corpus" / "alles-vloeit-folder.md"


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A corpus folder holding a copy of the note."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(NOTE, folder / NOTE.name)
    return folder


@pytest.fixture
def settings(tmp_path: Path, corpus_dir: Path) -> Settings:
    """Settings that read the copied corpus and write under the test's temporary folder."""
    return Settings(corpus_dir=corpus_dir, data_dir=tmp_path / "var", model="fake-trigram")


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture
def built(settings: Settings, embedder: HashingEmbedder) -> BuildReport:
    """An index built and published from the note with the fake embedder."""
    return build_index(settings, embedder, log=lambda _message: None)
