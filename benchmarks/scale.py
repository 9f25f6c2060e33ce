"""How the Vraagbaak scales with the corpus: ``python benchmarks/scale.py [options]``.

For each size it writes a synthetic corpus (``benchmarks/synthetic_corpus.py``: documents of
ten numbered sections of the note's sentences, one passage per section) and, each in a fresh
process so that memory figures are its own:

build   a full build; an incremental build after one document changed; the build's peak
        memory; the index version's size on disk (chunks.jsonl + vectors.faiss) and the cache's
query   loading the index and preparing it (examples matched, scope model fitted); the memory
        then; questions answered in process (answer cache off, every question new) p50/p95;
        the dense search alone, with the index the build chose and with the other kind;
        with ``--http``, the same questions over HTTP (``POST /api/ask``, one client)

Embedding 100,000 passages with the real model takes hours on two cores, so ``--fake-embedder``
embeds with ``BagOfWordsEmbedder`` (deterministic, 384 dimensions, normalized, about 10,000
passages a second); the output says so, and, unless ``--rate-passages 0``, measures the real
model's passage rate on the same passages and extrapolates the real full-build time. With the
fake embedder the question's embedding costs nearly nothing: add the model's (about 7-9 ms
per question through ONNX Runtime, docs/BENCHMARKS.md) to the in-process figures.

Targets (printed, never asserted): 100,000 passages: query p50 <= 50 ms in process, an
incremental build of one changed document <= 30 s.

    python benchmarks/scale.py --fake-embedder                      # 1,000 10,000 100,000
    python benchmarks/scale.py --fake-embedder --sizes 1000 --http
    python benchmarks/scale.py --sizes 1000                          # the real model
    python benchmarks/scale.py --dense-only --sizes 10000 20000 50000 100000

``--dense-only`` measures what the threshold between exact and IVF search is chosen by: per
size, the IVF build (k-means, adding, measuring the recall) and one question's top 100 from
each kind, on the stand-in's vectors of the synthetic passages, in one process.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:  # run as a script: the project's packages first
    sys.path.insert(0, str(PROJECT))

from benchmarks.synthetic_corpus import (  # noqa: E402
    BagOfWordsEmbedder,
    document_name,
    document_text,
    write_corpus,
)
from indexer.embedding import Embedder  # noqa: E402
from indexer.settings import Settings  # noqa: E402

QUERY_TARGET_MS = 50.0
INCREMENTAL_TARGET_S = 30.0
EVALUATION = PROJECT / "evaluation" / "questions.jsonl"


def settings_for(root: Path, threshold: int | None) -> Settings:
    """Settings over the benchmark's corpus and data folder (models from the project's)."""
    extra: dict[str, Any] = {} if threshold is None else {"dense_index_threshold": threshold}
    return Settings(
        corpus_dir=root / "corpus",
        data_dir=root / "data",
        cache_size=0,
        rate_limit_per_minute=0,
        **extra,
    )


def link_models(root: Path) -> None:
    """The data folder shares the project's materialized models (no copy, no download)."""
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    models = Settings().models_dir
    if models.is_dir() and not (data / "models").exists():
        (data / "models").symlink_to(models)


def embedder_for(settings: Settings, fake: bool) -> Embedder:
    if fake:
        return BagOfWordsEmbedder()
    from indexer.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder.from_settings(settings)


def memory_mb() -> tuple[float, float]:
    """This process's resident memory now and at its peak, in MB (Linux)."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def _quiet(_message: str) -> None:
    """A build's log, discarded: only the timings are printed."""


def timed(action: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


# --- the workers (each runs in its own process) ---------------------------------------------


def work_build(root: Path, fake: bool, threshold: int | None) -> dict[str, Any]:
    from indexer.build import build_index

    settings = settings_for(root, threshold)
    embedder = embedder_for(settings, fake)
    quiet: Callable[[str], None] = lambda _message: None  # noqa: E731
    full, full_s = timed(lambda: build_index(settings, embedder, log=quiet))
    changed = settings.corpus_dir / document_name(0)
    changed.write_text(
        document_text(0).replace("Onderdeel 0.1.", "Onderdeel 0.1 (herzien)."), encoding="utf-8"
    )
    again, again_s = timed(lambda: build_index(settings, embedder, log=quiet))
    steps = _incremental_steps(settings, embedder)
    version = again.path
    return {
        "chunks": full.chunks,
        "documents": full.documents,
        "full_build_s": full_s,
        "incremental_build_s": again_s,
        "incremental_embedded": again.embedded,
        "incremental_steps": steps,
        "vector_index": again.vector_index.describe(),
        "index_mb": folder_mb(version),
        "vectors_mb": (version / "vectors.faiss").stat().st_size / 1e6,
        "chunks_mb": (version / "chunks.jsonl").stat().st_size / 1e6,
        "cache_mb": folder_mb(settings.cache_dir),
        "build_peak_mb": memory_mb()[1],
    }


def _incremental_steps(settings: Settings, embedder: Embedder) -> dict[str, float]:
    """The parts of an incremental build, timed one by one (after the builds above)."""
    from indexer.build import _chunk_corpus, _embed, build_recipe, vector_index_plan
    from indexer.cache import BuildCaches
    from indexer.documents import corpus_files
    from indexer.store import load_index, sha256_file
    from indexer.vector_index import build_vector_index
    from indexer.versions import load_live_index

    steps: dict[str, float] = {}
    live, steps["load and verify the live version"] = timed(
        lambda: load_live_index(settings.index_root)
    )
    files = {
        p.relative_to(settings.corpus_dir).as_posix(): p for p in corpus_files(settings.corpus_dir)
    }
    checksums, steps["checksum the corpus"] = timed(
        lambda: {source: sha256_file(path) for source, path in files.items()}
    )
    caches = BuildCaches(settings.cache_dir)
    recipe = build_recipe(settings, embedder.model_id, embedder.fingerprint())
    (chunks, _), steps["chunks from the live version and cache"] = timed(
        lambda: _chunk_corpus(
            settings,
            files,
            checksums,
            recipe=recipe["chunks"],
            cache=caches.chunks,
            embedder=embedder,
            live=live,
            log=_quiet,
            step=_quiet,
        )
    )
    (vectors, _), steps["vectors from the live version and cache"] = timed(
        lambda: _embed(
            chunks,
            recipe["vectors"],
            caches,
            embedder,
            live=live,
            force=False,
            progress=False,
            step=_quiet,
        )
    )
    _, steps["vector index (with its recall)"] = timed(
        lambda: build_vector_index(vectors, vector_index_plan(settings))
    )
    _, steps["load a version (checksums, chunks)"] = timed(lambda: load_index(live.path))
    return steps


def work_query(root: Path, fake: bool, count: int, http: bool) -> dict[str, Any]:
    from chatbot.service import Chatbot

    settings = settings_for(root, None)
    embedder = embedder_for(settings, fake)
    bot = Chatbot(settings, embedder=embedder, build_embedder=embedder)
    before = memory_mb()[0]
    index, load_s = timed(bot.load)
    rss_loaded = memory_mb()[0]
    _, prepare_s = timed(lambda: bot.ask("Wat is de regionale inspiratienota?"))
    questions = _questions(count)
    times = []
    for question in questions:
        _, seconds = timed(lambda q=question: bot.ask(q))  # type: ignore[misc]
        times.append(seconds * 1000)
    result: dict[str, Any] = {
        "load_s": load_s,
        "first_answer_s": prepare_s,
        "ask_p50_ms": statistics.median(times),
        "ask_p95_ms": _p95(times),
        "rss_start_mb": before,
        "rss_loaded_mb": rss_loaded,
        "rss_after_questions_mb": memory_mb()[0],
        "kind": index.vector_info.kind,
    }
    result |= _dense_alone(index, embedder, questions)
    result |= _lexical_alone(bot, questions)
    if http:
        result |= _over_http(settings, bot, questions)
    return result


def _questions(count: int) -> list[str]:
    texts = [json.loads(line)["question"] for line in EVALUATION.read_text().splitlines()]
    return [f"{texts[i % len(texts)]} ({i})" for i in range(count)]


def _p95(values: Sequence[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def _dense_alone(index: Any, embedder: Embedder, questions: list[str]) -> dict[str, float]:
    """The dense search of the index the build chose, and of the other kind, per question."""
    import faiss
    import numpy as np

    from indexer.vector_index import VectorIndexPlan, build_vector_index

    queries = embedder.embed_queries(questions[:100])
    count = len(index.chunks)
    vectors = index.vectors.reconstruct_n(0, count)
    flat, _ = build_vector_index(vectors, VectorIndexPlan(threshold=count + 1))
    ivf, info = build_vector_index(vectors, VectorIndexPlan(threshold=1))
    del vectors

    def per_query(search: Any, k: int) -> float:
        started = time.perf_counter()
        for query in queries:
            search(np.ascontiguousarray(query[None, :]), k)
        return (time.perf_counter() - started) * 1000 / len(queries)

    faiss.omp_set_num_threads(1)  # one question at a time, as the server answers them
    figures = {
        "dense_flat_all_ms": per_query(flat.search, count),
        "dense_flat_top100_ms": per_query(flat.search, 100),
        "dense_ivf_top100_ms": per_query(ivf.search, 100),
        "ivf_nprobe": float(info.nprobe),
    }
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    return figures


def _lexical_alone(bot: Any, questions: list[str]) -> dict[str, float]:
    """BM25 on stems and n-grams alone, per question (the other O(n) part of a question)."""
    retriever = bot.live.current().retriever
    started = time.perf_counter()
    for question in questions[:100]:
        retriever.lexical.stem_scores(question)
        retriever.lexical.ngram_scores(question)
    return {"lexical_ms": (time.perf_counter() - started) * 1000 / min(100, len(questions))}


def _over_http(settings: Settings, bot: Any, questions: list[str]) -> dict[str, float]:
    import http.client
    import socket
    import threading

    import uvicorn

    from web.server import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(settings, bot, warm_up=True)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    deadline = time.monotonic() + 120
    while True:
        try:
            connection.request("GET", "/readyz")
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                break
        except OSError:
            connection.close()
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not get ready")
        time.sleep(0.2)
    times = []
    for question in questions:
        body = json.dumps({"question": f"{question} http"}).encode()
        started = time.perf_counter()
        connection.request("POST", "/api/ask", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        times.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError(f"POST /api/ask answered {response.status}")
    server.should_exit = True
    thread.join(timeout=10)
    return {"http_p50_ms": statistics.median(times), "http_p95_ms": _p95(times)}


def work_rate(passages: int) -> dict[str, float]:
    """The real model's passage rate on synthetic passages, as index builds embed them."""
    from indexer.embedding import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder.from_settings(Settings())
    texts = [part for i in range(passages) for part in document_text(i, 1).split("## ")[1:]]
    embedder.embed_passages(texts[:8])  # load and warm up
    _, seconds = timed(lambda: embedder.embed_passages(texts[:passages]))
    return {"passages_per_s": passages / seconds}


def dense_only(sizes: Sequence[int], queries: int = 200) -> None:
    """The exact-or-IVF trade-off per size (see the module's text)."""
    import faiss
    import numpy as np

    from indexer.vector_index import VectorIndexPlan, build_vector_index

    embedder = BagOfWordsEmbedder()
    questions = embedder.embed_queries(_questions(queries))
    print("passages | ivf build s (nlist, nprobe, recall@10) | top 100 ms: flat / ivf (one thread)")
    for size in sizes:
        texts = [
            part for i in range((size + 9) // 10) for part in document_text(i).split("## ")[1:]
        ][:size]
        vectors = embedder.embed_passages(texts)
        flat, _ = build_vector_index(vectors, VectorIndexPlan(threshold=size + 1))
        (ivf, info), build_s = timed(
            lambda v=vectors: build_vector_index(v, VectorIndexPlan(threshold=1))  # type: ignore[misc]
        )
        faiss.omp_set_num_threads(1)
        times = []
        for index in (flat, ivf):
            started = time.perf_counter()
            for query in questions:
                index.search(np.ascontiguousarray(query[None, :]), 100)
            times.append((time.perf_counter() - started) * 1000 / len(questions))
        faiss.omp_set_num_threads(os.cpu_count() or 1)
        print(
            f"{size:>8,} | {build_s:6.1f} ({info.nlist}, {info.nprobe}, {info.recall_at_10:.4f}) "
            f"| {times[0]:.2f} / {times[1]:.2f}",
            flush=True,
        )


# --- the driver --------------------------------------------------------------------------


def run_worker(args: list[str]) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=PROJECT)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"worker {args[0]} failed ({done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def report(size: int, built: dict[str, Any], asked: dict[str, Any], rate: float | None) -> str:
    lines = [
        f"== {built['chunks']:,} passages in {built['documents']:,} documents ==",
        f"  {built['vector_index']}",
        f"  full build            {built['full_build_s']:8.1f} s",
        f"  incremental build     {built['incremental_build_s']:8.1f} s   (one document "
        f"changed, {built['incremental_embedded']} passage(s) embedded)   target <= "
        f"{INCREMENTAL_TARGET_S:.0f} s: "
        f"{_met(built['incremental_build_s'] <= INCREMENTAL_TARGET_S)}",
    ]
    for step, seconds in built["incremental_steps"].items():
        lines.append(f"      {step:<36}{seconds:7.2f} s")
    if rate:
        lines.append(
            f"  real model, extrapolated full build: {built['full_build_s'] + size / rate:,.0f} s "
            f"({size:,} passages at {rate:.1f} a second)"
        )
    lines += [
        f"  on disk: version {built['index_mb']:.1f} MB (vectors.faiss "
        f"{built['vectors_mb']:.1f}, chunks.jsonl {built['chunks_mb']:.1f}); build cache "
        f"{built['cache_mb']:.1f} MB",
        f"  memory: build peak {built['build_peak_mb']:.0f} MB; answering process "
        f"{asked['rss_loaded_mb']:.0f} MB loaded ({asked['rss_start_mb']:.0f} before), "
        f"{asked['rss_after_questions_mb']:.0f} MB after the questions",
        f"  load and prepare the version (examples, scope model) {asked['load_s']:.2f} s, "
        f"first answer {asked['first_answer_s']:.2f} s",
        f"  question in process   p50 {asked['ask_p50_ms']:6.2f} ms  p95 "
        f"{asked['ask_p95_ms']:6.2f} ms   target p50 <= {QUERY_TARGET_MS:.0f} ms: "
        f"{_met(asked['ask_p50_ms'] <= QUERY_TARGET_MS)}",
        f"      dense search: flat, all scores {asked['dense_flat_all_ms']:.2f} ms; flat top "
        f"100 {asked['dense_flat_top100_ms']:.2f} ms; ivf top 100 "
        f"{asked['dense_ivf_top100_ms']:.2f} ms (nprobe {asked['ivf_nprobe']:.0f}); one thread",
        f"      lexical (BM25 stems + n-grams) {asked['lexical_ms']:.2f} ms",
    ]
    if "http_p50_ms" in asked:
        lines.append(
            f"  question over HTTP    p50 {asked['http_p50_ms']:6.2f} ms  p95 "
            f"{asked['http_p95_ms']:6.2f} ms (one client)"
        )
    return "\n".join(lines)


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument(
        "--fake-embedder",
        action="store_true",
        help="embed with the deterministic bag-of-words stand-in instead of the model",
    )
    parser.add_argument("--questions", type=int, default=200, help="questions per size")
    parser.add_argument("--http", action="store_true", help="also ask over HTTP (one client)")
    parser.add_argument(
        "--threshold", type=int, default=None, help="dense_index_threshold (default: setting)"
    )
    parser.add_argument(
        "--rate-passages",
        type=int,
        default=64,
        help="passages to measure the real model's rate on (0: skip)",
    )
    parser.add_argument("--keep", type=Path, default=None, help="keep the corpora here")
    parser.add_argument(
        "--dense-only", action="store_true", help="only flat against IVF search, per size"
    )
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker(args.worker)
    if args.dense_only:
        dense_only(args.sizes)
        return 0
    fake = args.fake_embedder
    print(
        "Embedder: "
        + (
            "BagOfWordsEmbedder (fake: deterministic, 384 dimensions; a question's embedding "
            "costs ~0.1 ms instead of the model's 7-9 ms)"
            if fake
            else "the real model (sentence-transformers for builds)"
        )
    )
    rate = None
    if args.rate_passages and fake:
        rate = run_worker(["rate", str(args.rate_passages)])["passages_per_s"]
        print(f"Real model: {rate:.1f} passages a second (sentence-transformers, this machine)")
    base = args.keep or Path(tempfile.mkdtemp(prefix="vraagbaak-scale-"))
    try:
        for size in args.sizes:
            root = base / str(size)
            shutil.rmtree(root, ignore_errors=True)
            _, seconds = timed(lambda r=root, s=size: write_corpus(r / "corpus", s))  # type: ignore[misc]
            link_models(root)
            print(f"\n(corpus of {size:,} passages written in {seconds:.1f} s)", flush=True)
            threshold = "" if args.threshold is None else str(args.threshold)
            built = run_worker(["build", str(root), str(int(fake)), threshold])
            asked = run_worker(
                ["query", str(root), str(int(fake)), str(args.questions), str(int(args.http))]
            )
            print(report(size, built, asked, rate), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


def _worker(args: list[str]) -> int:
    kind = args[0]
    if kind == "build":
        threshold = int(args[3]) if len(args) > 3 and args[3] else None
        result = work_build(Path(args[1]), bool(int(args[2])), threshold)
    elif kind == "query":
        result = work_query(Path(args[1]), bool(int(args[2])), int(args[3]), bool(int(args[4])))
    else:
        result = work_rate(int(args[1]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
