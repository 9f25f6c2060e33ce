"""Synthetic corpora in the note's language, and a fast stand-in embedder, for scale tests.

    python benchmarks/synthetic_corpus.py OUT_DIR --passages 10000

writes ``passages / sections`` Markdown documents into OUT_DIR. Each has a title and
``--sections`` numbered headings (``## 3. Regionale mobiliteit en fietspaden``), each over a
paragraph of sentences of the note, drawn at random: the generic chunker makes one passage
per heading, so the corpus has exactly ``--passages`` passages. Documents are reproducible
one by one (document ``i`` depends only on the seed and ``i``), so a benchmark can change one
and build again.

``BagOfWordsEmbedder`` stands in for the model where embedding 100,000 passages with it would
take hours on this machine: deterministic, dimension 384, L2-normalized; each word has a
fixed random vector and a text is the sum of its words', so texts sharing words are close,
as with a real model (though its neighbourhoods are not the model's).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

PROJECT = Path(__file__).resolve().parent.parent
NOTE = PROJECT / "corpus" / "alles-vloeit-folder.md"
SECTIONS_PER_DOCUMENT = 10
SENTENCES_PER_SECTION = (3, 5)
Vectors = npt.NDArray[np.float32]

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[a-zà-ÿ]{4,}")


@cache
def note_sentences() -> tuple[str, ...]:
    """The note's prose sentences (no headings, tables, links), at least six words each."""
    sentences: list[str] = []
    for raw in NOTE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line[0] in "#|[<!-*" or line[0].isdigit():
            continue
        for part in _SENTENCE.split(line):
            sentence = " ".join(part.split())
            if len(sentence.split()) >= 6 and sentence[-1] in ".!?":
                sentences.append(sentence)
    return tuple(dict.fromkeys(sentences))


@cache
def note_words() -> tuple[str, ...]:
    """The note's longer words, for headings."""
    return tuple(sorted(set(_WORD.findall(" ".join(note_sentences()).lower()))))


def document_text(number: int, sections: int = SECTIONS_PER_DOCUMENT, seed: int = 0) -> str:
    """Document ``number``: a title and ``sections`` numbered sections of note sentences."""
    rng = random.Random(f"{seed}:{number}")
    sentences, words = note_sentences(), note_words()
    topic = " ".join(rng.sample(words, 2))
    lines = [f"# Werkdocument {number}: {topic}", ""]
    for section in range(1, sections + 1):
        heading = " en ".join(rng.sample(words, 2)).capitalize()
        lines += [f"## {section}. {heading}", ""]
        count = rng.randint(*SENTENCES_PER_SECTION)
        # a sentence of the note's words in a new order spreads the passages out in meaning;
        # the number makes every passage's text unique, as real documents' passages are
        mixed = " ".join(rng.sample(words, rng.randint(8, 16))).capitalize() + "."
        body = " ".join([*rng.sample(sentences, count), mixed])
        lines.append(f"Onderdeel {number}.{section}. {body}")
        lines.append("")
    return "\n".join(lines)


def document_name(number: int) -> str:
    return f"werkdocument-{number:06d}.md"


def write_corpus(
    folder: Path, passages: int, sections: int = SECTIONS_PER_DOCUMENT, seed: int = 0
) -> list[Path]:
    """Write the documents of a corpus of ``passages`` passages; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    documents = max(1, passages // sections)
    paths = []
    for number in range(documents):
        count = sections if number < documents - 1 else passages - sections * (documents - 1)
        path = folder / document_name(number)
        path.write_text(document_text(number, count, seed), encoding="utf-8")
        paths.append(path)
    return paths


class BagOfWordsEmbedder:
    """Deterministic stand-in for the model: the normalized sum of fixed random word vectors."""

    DIMENSION = 384

    def __init__(self, model_id: str = "fake-bag-of-words-384") -> None:
        self._model_id = model_id
        self._rows: dict[str, int] = {}
        self._table = np.zeros((0, self.DIMENSION), dtype=np.float32)

    @property
    def model_id(self) -> str:
        return self._model_id

    def fingerprint(self) -> str:
        return hashlib.sha256(f"{self._model_id}:{self.DIMENSION}".encode()).hexdigest()[:32]

    def dimension(self) -> int:
        return self.DIMENSION

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 2

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        return self._embed(texts)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts)

    def _embed(self, texts: Sequence[str]) -> Vectors:
        tokenized = [re.findall(r"\w+", text.lower()) for text in texts]
        self._grow({word for words in tokenized for word in words})
        vectors = np.zeros((len(texts), self.DIMENSION), dtype=np.float32)
        vectors[:, 0] = 1e-3  # a text without words is not the zero vector
        for row, words in enumerate(tokenized):
            if words:  # a sum, not a BLAS product: no threads to wake for a hundred rows
                ids = np.fromiter((self._rows[w] for w in words), np.int64, len(words))
                vectors[row] += self._table[ids].sum(axis=0)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        normalized: Vectors = vectors / np.maximum(norms, 1e-9)
        return normalized

    def _grow(self, words: set[str]) -> None:
        new = sorted(words - self._rows.keys())
        if not new:
            return
        rows = [
            np.random.default_rng(
                int.from_bytes(hashlib.blake2b(w.encode()).digest()[:8], "little")
            )
            .standard_normal(self.DIMENSION)
            .astype(np.float32)
            for w in new
        ]
        for word in new:
            self._rows[word] = len(self._rows)
        self._table = np.vstack([self._table, *rows])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where to write the documents")
    parser.add_argument("--passages", type=int, default=1_000)
    parser.add_argument("--sections", type=int, default=SECTIONS_PER_DOCUMENT)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = write_corpus(args.folder, args.passages, args.sections, args.seed)
    print(f"{len(paths)} documents, {args.passages} passages in {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
