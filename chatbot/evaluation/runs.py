"""The systems under evaluation, and the content-change runs (the note plus a FAQ document, or
a new version of the corpus served instead).

A run over changed content builds a real index in a temporary folder (sharing only the model
and the content-keyed caches with the project's data folder), so it exercises exactly what
a rebuild by staff does: examples matched to the new passages, the scope model refitted.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from chatbot.answer import Answer
from chatbot.answering import Answerer
from chatbot.evaluation.metrics import Ranked, Ranker
from chatbot.evaluation.sets import FaqQuestion, Question
from chatbot.sentences import sentence_spans
from chatbot.service import Chatbot
from indexer.settings import Settings


def systems(answerer: Answerer) -> dict[str, Ranker]:
    """The product and its two baselines (the dense model alone, BM25 on stems alone)."""
    retriever = answerer.retriever
    chunks = retriever.index.chunks

    def product(question: Question) -> Ranked:
        answer = answerer.answer(question.question, question.history)
        rest = tuple(answerer.ranking(question.question, question.history))
        return Ranked(tuple(h.chunk for h in answer.hits), rest, answer.result, _marked(answer))

    def dense(question: Question) -> Ranked:
        scored = retriever.score(question.question)
        return Ranked(tuple(chunks[i] for i in scored.order(scored.dense)))

    def bm25(question: Question) -> Ranked:
        scores = retriever.lexical.stem_scores(question.question)
        return Ranked(tuple(chunks[i] for i in retriever.score(question.question).order(scores)))

    return {"hybrid (product)": product, "dense alone": dense, "BM25 alone": bm25}


def _marked(answer: Answer) -> tuple[str, ...]:
    """The sentences the answer marks in its first passage; all of it when that passage is
    one sentence (no sentence is marked then: the quote is the one sentence)."""
    if not answer.hits:
        return ()
    first = answer.hits[0]
    if len(sentence_spans(first.chunk.text)) < 2:
        return (first.chunk.text,)
    return tuple(first.chunk.text[start:end] for start, end in first.key)


@contextmanager
def corpus_with(
    settings: Settings, extra: Sequence[Path], *, instead: bool = False
) -> Iterator[Settings]:
    """Settings for a temporary corpus: the project's corpus plus ``extra`` files (or, with
    ``instead``, those files alone), built into a temporary data folder that shares the
    model and caches with the project's."""
    with tempfile.TemporaryDirectory(prefix="vraagbaak-eval-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        if instead:
            corpus.mkdir()
        else:
            shutil.copytree(settings.corpus_dir, corpus)
        for path in extra:
            shutil.copy(path, corpus / path.name)
        data = root / "var"
        data.mkdir()
        for shared in ("models", "cache"):
            source = settings.data_dir / shared
            source.mkdir(parents=True, exist_ok=True)
            (data / shared).symlink_to(source.resolve(), target_is_directory=True)
        yield settings.model_copy(update={"corpus_dir": corpus, "data_dir": data})


@dataclass(frozen=True, slots=True)
class FaqResult:
    """How the questions of an added FAQ document fared."""

    questions: int
    answered_from_faq: float
    """Share answered (outcome ``answered``) with the first passage under the right heading."""
    misses: tuple[str, ...]
    right: dict[str, bool] = field(default_factory=dict)
    """Per question (by id): answered from its entry."""


def faq_run(bot: Chatbot, faq: Path, questions: Sequence[FaqQuestion]) -> FaqResult:
    """Ask a FAQ's questions of a chatbot whose corpus includes ``faq``."""
    answerer = bot.answerer
    misses = []
    right_by_id: dict[str, bool] = {}
    for question in questions:
        answer = answerer.answer(question.question)
        first = answer.hits[0].chunk if answer.hits else None
        right = (
            answer.result == "answered"
            and first is not None
            and first.document == faq.name
            and first.title.strip() == question.heading.strip()
        )
        right_by_id[question.id] = right
        if not right:
            got = f"{first.document}:{first.title[:40]}" if first else "-"
            misses.append(f"{question.id} {answer.result} got={got}: {question.question}")
    good = sum(right_by_id.values())
    return FaqResult(len(questions), good / max(len(questions), 1), tuple(misses), right_by_id)
