"""Where a question's time goes: ``python benchmarks/profile_embedding.py``.

Prints, for the configured question embedder on this machine (ONNX Runtime by default,
sentence-transformers with ``VRAAGBAAK_QUERY_RUNTIME=torch``; median ms over the evaluation
questions):
  * embedding one question, alone and while another Python thread is busy (as the web
    server's event loop and the other answering threads are): PyTorch's contention for
    Python's global lock is why the server embeds questions with ONNX Runtime;
  * embedding questions in batches of 1, 2, 4, 8 and 16;
  * answering a question (scoring, scope, composing) once its vector is known.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indexer.embedding import Vectors


def _median_ms(work: Callable[[str], object], items: Sequence[str]) -> float:
    times = []
    for item in items:
        started = time.perf_counter()
        work(item)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def main() -> int:
    from chatbot.evaluation import load_questions
    from chatbot.service import Chatbot
    from indexer.settings import get_settings

    bot = Chatbot(get_settings())
    bot.ask("Wat is een onthardingsmakelaar?")
    embedder = bot.embedder
    questions = [q.question for q in load_questions()]
    figures: dict[str, float] = {}
    figures["embed one question, alone (ms)"] = _median_ms(
        lambda q: embedder.embed_queries([q]), questions[:60]
    )
    stop = threading.Event()

    def busy() -> None:
        count = 0
        while not stop.is_set():
            count += 1

    thread = threading.Thread(target=busy, daemon=True)
    thread.start()
    try:
        figures["embed one question, another thread busy (ms)"] = _median_ms(
            lambda q: embedder.embed_queries([q]), questions[:20]
        )
    finally:
        stop.set()
        thread.join()
    for size in (1, 2, 4, 8, 16):
        batches = [questions[i : i + size] for i in range(0, 96, size)]
        times = []
        for batch in batches:
            started = time.perf_counter()
            embedder.embed_queries(batch)
            times.append((time.perf_counter() - started) * 1000)
        per_batch = statistics.median(times)
        figures[f"embed a batch of {size:2}, per question (ms)"] = round(per_batch / size, 1)
    vectors = {q: embedder.embed_queries([q]) for q in questions[:100]}
    retriever = bot.answerer.retriever
    real = embedder.embed_queries

    def known(texts: Sequence[str]) -> Vectors:
        return vectors[texts[0]] if len(texts) == 1 and texts[0] in vectors else real(texts)

    embedder.embed_queries = known  # type: ignore[method-assign]
    try:

        def answer(question: str) -> None:
            retriever.forget()
            bot.answerer.answer(question)

        figures["answer once the vector is known (ms)"] = _median_ms(answer, questions[:100])
    finally:
        embedder.embed_queries = real  # type: ignore[method-assign]
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
