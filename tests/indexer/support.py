"""Helpers for the build tests: an embedder that counts what would load a model, corpus edits."""

from __future__ import annotations

from pathlib import Path

from indexer.build import BuildReport, build_index
from indexer.settings import Settings
from tests.fakes import HashingEmbedder

NOTE_NAME = "alles-vloeit-folder.md"
PARAGRAPH_WORD = "onthardingsmakelaar"
"""A word that stands in one chunk of the note only: recommendation 6, doorbraakproject 3."""

FAQ = """# Veelgestelde vragen over de Vraagbaak

## Wat is de Vraagbaak?

De Vraagbaak is een chat die antwoordt met passages uit de nota Alles Vloeit.

## Wie beheert de inhoud?

IGEMO.
"""


class StampedEmbedder(HashingEmbedder):
    """The fake model, plus a weights stamp (as a model folder on disk has one) and counters
    of the calls that would load the real model's weights or tokenizer."""

    def __init__(self, stamp: str = "weights-v1", dimension: int = 256) -> None:
        super().__init__(dimension=dimension)
        self.stamp = stamp
        self.fingerprints_computed = 0
        self.tokens_counted = 0

    def weights_stamp(self) -> str | None:
        return self.stamp

    def fingerprint(self) -> str:
        self.fingerprints_computed += 1
        return super().fingerprint()

    def count_tokens(self, text: str) -> int:
        self.tokens_counted += 1
        return super().count_tokens(text)

    @property
    def loaded_anything(self) -> bool:
        return bool(self.fingerprints_computed or self.tokens_counted or self.passages_embedded)


def build(
    settings: Settings,
    embedder: HashingEmbedder,
    *,
    force: bool = False,
    wait_seconds: float | None = None,
) -> BuildReport:
    """A quiet build."""
    return build_index(
        settings, embedder, log=lambda _m: None, force=force, wait_seconds=wait_seconds
    )


def edit_note(settings: Settings, old: str, new: str) -> None:
    """Replace a word in the note (once: it must be there)."""
    note = settings.corpus_dir / NOTE_NAME
    text = note.read_text(encoding="utf-8")
    assert old in text
    note.write_text(text.replace(old, new, 1), encoding="utf-8")


def leftovers(root: Path) -> list[str]:
    """Hidden temporaries and staging folders under a data folder (none after a build)."""
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob(".*")
        if path.name.startswith((".staging-", ".current-")) or path.name.endswith(".tmp")
    )
