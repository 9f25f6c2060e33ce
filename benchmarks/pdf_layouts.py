"""Read and chunk time of each test layout, and a build of a 60-page PDF:
``python benchmarks/pdf_layouts.py [--repeat 5] [--fake]``.

Each layout is typeset once (fpdf2, Chromium, reportlab as in the tests), then read and
chunked ``--repeat`` times; the median is printed. The 60-page PDF is the long variant with
filler paragraphs, built into a temporary data folder by ``python -m indexer build`` in a new
process with the real model (``--fake`` uses the tests' fast fake embedder in process).
Figures go in docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from indexer.chunking import chunk_document  # noqa: E402
from indexer.documents import read_document  # noqa: E402
from tests.indexer.test_pdf_layouts import LAYOUTS  # noqa: E402
from tests.layouts.content import lengthen, note_content  # noqa: E402
from tests.layouts.fpdf_engine import FpdfStyle, typeset  # noqa: E402


def _read_and_chunk(path: Path, repeat: int) -> tuple[float, int, int]:
    times = []
    chunks = 0
    for _ in range(repeat):
        started = time.perf_counter()
        document = read_document(path)
        chunks = len(chunk_document(document))
        times.append(time.perf_counter() - started)
    return statistics.median(times), document.pages or 0, chunks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fake", action="store_true", help="fake embedder, in process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        print(f"{'layout':42} {'pages':>5} {'chunks':>6} {'read+chunk':>11}")
        for name, (make, _) in LAYOUTS.items():
            path = folder / f"{name}.pdf"
            make(path)
            seconds, pages, chunks = _read_and_chunk(path, args.repeat)
            print(f"{name:42} {pages:5d} {chunks:6d} {seconds * 1000:9.0f} ms")
        corpus = folder / "corpus"
        corpus.mkdir()
        long_pdf = corpus / "alles-vloeit-lang.pdf"
        typeset(lengthen(note_content(), extra=28), FpdfStyle(), long_pdf)
        seconds, pages, chunks = _read_and_chunk(long_pdf, args.repeat)
        print(f"{'fpdf2-long-variant':42} {pages:5d} {chunks:6d} {seconds * 1000:9.0f} ms")
        print(f"build of the {pages}-page PDF: {_build(folder, corpus, fake=args.fake):.1f} s")


def _build(folder: Path, corpus: Path, *, fake: bool) -> float:
    data = folder / "var"
    data.mkdir()
    if fake:
        from indexer.build import build_index
        from indexer.settings import Settings
        from tests.fakes import HashingEmbedder

        settings = Settings(corpus_dir=corpus, data_dir=data, model="fake-trigram")
        started = time.perf_counter()
        build_index(settings, HashingEmbedder(), log=lambda _m: None)
        return time.perf_counter() - started
    (data / "models").symlink_to(PROJECT / "var" / "models")  # the materialized model
    env = {**os.environ, "VRAAGBAAK_CORPUS_DIR": str(corpus), "VRAAGBAAK_DATA_DIR": str(data)}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "indexer", "build"],
        cwd=PROJECT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
