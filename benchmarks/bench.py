"""Speed and memory figures of this machine: ``python benchmarks/bench.py [--quick]``.

Prints, each measured now in fresh processes where it matters:
  * full index build (empty data folder, the model already materialized) and a no-change rebuild
  * cold start to first answer (a new process: load model and index, answer one question)
  * median and p95 time per question in process (cache off), over the evaluation questions
  * peak memory (max RSS) of a process that loaded everything and answered
Uses a temporary data folder; the project's own index is not touched.
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
from collections.abc import Sequence
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

_CHILD = """
import json, resource, sys, time
started = time.perf_counter()
from indexer.settings import get_settings
from chatbot.service import Chatbot
bot = Chatbot(get_settings())
answer = bot.ask(sys.argv[1])
first = time.perf_counter() - started
questions = json.loads(sys.argv[2])
times = []
for question in questions:
    t = time.perf_counter()
    bot.answerer.answer(question)
    times.append((time.perf_counter() - t) * 1000)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"first_answer_s": first, "times_ms": times, "max_rss_mb": rss,
                  "in_scope": answer.in_scope}))
"""


def _run(args: Sequence[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        list(args), cwd=PROJECT, env=env, capture_output=True, text=True, check=True
    )
    return time.perf_counter() - started, done.stdout


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=200, help="questions to time")
    args = parser.parse_args(argv)

    from chatbot.evaluation import load_questions

    questions = [q.question for q in load_questions()][: args.questions]
    data = Path(tempfile.mkdtemp(prefix="vraagbaak-bench-"))
    models = PROJECT / "var" / "models"
    if models.is_dir():  # reuse the materialized model: materializing is a one-off
        (data / "models").symlink_to(models)
    env = {**os.environ, "VRAAGBAAK_DATA_DIR": str(data)}
    try:
        build_s, _ = _run([PYTHON, "-m", "indexer", "build", "--quiet"], env)
        rebuild_s, _ = _run([PYTHON, "-m", "indexer", "build", "--quiet"], env)
        _, out = _run(
            [PYTHON, "-c", _CHILD, "Wat is een onthardingsmakelaar?", json.dumps(questions)], env
        )
    finally:
        shutil.rmtree(data, ignore_errors=True)
    child = json.loads(out.strip().splitlines()[-1])
    times = sorted(child["times_ms"])
    figures = {
        "full build (s)": round(build_s, 1),
        "no-change rebuild (s)": round(rebuild_s, 2),
        "cold start to first answer (s)": round(child["first_answer_s"], 2),
        "questions timed": len(times),
        "median per question in process (ms)": round(statistics.median(times), 1),
        "p95 per question in process (ms)": round(times[int(0.95 * (len(times) - 1))], 1),
        "peak memory of the answering process (MB)": round(child["max_rss_mb"]),
    }
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
