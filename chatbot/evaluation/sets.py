"""The question sets: labelled questions, conversations and FAQ questions, and the rule that no
training text may repeat one of them.

Which set is for what (docs/EVALUATION.md): ``evaluation/frozen/`` (written on 30 November
by three note-only passes, measured once) is reported and never used to choose anything;
``evaluation/dev/``, ``evaluation/dev_nov29/`` and ``evaluation/dev_nov29_evening/`` (earlier
frozen sets, each measured more than once), ``evaluation/dev_nov30/`` (a new-user trial's
questions and two note-only sets, used to choose at once), ``questions.jsonl`` and
``questions_unseen.jsonl`` are development sets.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from chatbot.lexical import fold
from indexer.chunking import Chunk
from indexer.settings import PROJECT_DIR

EVALUATION = PROJECT_DIR / "evaluation"
FROZEN = EVALUATION / "frozen"
DEV = EVALUATION / "dev"
QUESTIONS = FROZEN / "questions.jsonl"


@dataclass(frozen=True, slots=True)
class Expected:
    """A passage that answers a question: a recommendation, and optionally an item/section."""

    recommendation: int
    item: int | None = None
    section: str | None = None

    def matches(self, chunk: Chunk) -> bool:
        if chunk.section == "document" or chunk.recommendation != self.recommendation:
            return False
        if self.item is not None and chunk.item != self.item:
            return False
        return self.section is None or chunk.section == self.section

    @property
    def group(self) -> tuple[int, str | None]:
        """What must be found for the question to count: its recommendation (for the note
        itself, any of the labelled sections will do)."""
        return (self.recommendation, None)


@dataclass(frozen=True, slots=True)
class Question:
    """One labelled question; no expected passages means the note does not answer it."""

    id: str
    question: str
    kind: str
    expected: tuple[Expected, ...]
    history: tuple[str, ...] = ()
    phrase: str | None = None
    """Words the first quoted passage must contain, for a question about one fact."""

    @property
    def answerable(self) -> bool:
        return bool(self.expected)

    @property
    def groups(self) -> list[list[Expected]]:
        """The recommendations a complete answer needs, each with its acceptable passages."""
        grouped: dict[tuple[int, str | None], list[Expected]] = {}
        for expected in self.expected:
            grouped.setdefault(expected.group, []).append(expected)
        return list(grouped.values())


@dataclass(frozen=True, slots=True)
class FaqQuestion:
    """A question that a FAQ document answers under ``heading``."""

    id: str
    question: str
    heading: str
    kind: str


_WithId = TypeVar("_WithId", Question, FaqQuestion)


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def _expected(data: dict[str, Any]) -> tuple[Expected, ...]:
    return tuple(
        Expected(e["recommendation"], e.get("item"), e.get("section")) for e in data["expected"]
    )


def _unique(items: list[_WithId], path: Path) -> list[_WithId]:
    """``items``, when no id comes twice: results are kept per id (``Metrics.found_first``)."""
    if twice := sorted(i for i, n in Counter(item.id for item in items).items() if n > 1):
        raise ValueError(f"{path}: ids used more than once: {', '.join(twice)}")
    return items


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    """A question set (JSON Lines); ids are unique."""
    questions = [
        Question(
            d["id"],
            d["question"],
            d["kind"],
            _expected(d),
            tuple(d.get("history", ())),
            d.get("phrase") or None,
        )
        for d in _lines(path)
    ]
    return _unique(questions, path)


def load_conversations(path: Path) -> list[list[Question]]:
    """Conversations: each turn a Question whose ``history`` is the turns before it."""
    conversations = []
    for data in _lines(path):
        turns: list[Question] = []
        for number, turn in enumerate(data["turns"], 1):
            history = tuple(t.question for t in turns)
            turns.append(
                Question(
                    f"{data['id']}.{number}",
                    turn["question"],
                    turn["kind"],
                    _expected(turn),
                    history,
                    turn.get("phrase") or None,
                )
            )
        conversations.append(turns)
    _unique([turn for turns in conversations for turn in turns], path)
    return conversations


FAQ_DOCUMENTS = (
    "faq.md",
    "faq.txt",
    "faq.pdf",
    "faq.docx",
    "faq.odt",
    "faq.pptx",
    "faq.xlsx",
    "faq.ods",
    "faq.html",
    "faq.eml",
)
"""The names a set's staff document may have, one of them: Markdown, plain text, PDF, Word,
OpenDocument, PowerPoint, Excel, Calc, a saved web page or an e-mail."""


def faq_document(folder: Path) -> Path | None:
    """The staff document a set adds to the corpus, if it has one with its questions."""
    if not (folder / "faq_questions.jsonl").is_file():
        return None
    return next((folder / n for n in FAQ_DOCUMENTS if (folder / n).is_file()), None)


VERSION_FOLDER = "version"
"""A set's folder of a new version of the corpus (a typeset PDF of a revised note, say): its
files are served instead of the project's corpus for the questions of
``version_questions.jsonl``, labelled with places in the new version."""


def new_version(folder: Path) -> tuple[list[Path], Path] | None:
    """The files a set serves instead of the project's corpus, and the questions asked of
    them, if it has both."""
    files = sorted(
        p for p in (folder / VERSION_FOLDER).glob("*") if p.is_file() and not p.name.startswith(".")
    )
    asked = folder / "version_questions.jsonl"
    return (files, asked) if files and asked.is_file() else None


def load_faq_questions(path: Path) -> list[FaqQuestion]:
    """Questions a FAQ document answers, each with the heading it stands under."""
    asked = [FaqQuestion(d["id"], d["question"], d["faq_heading"], d["kind"]) for d in _lines(path)]
    return _unique(asked, path)


def evaluation_texts(root: Path = EVALUATION) -> list[str]:
    """Every question of every evaluation set (turns of conversations included)."""
    texts: list[str] = []
    for path in sorted(root.rglob("*.jsonl")):
        for data in _lines(path):
            if "turns" in data:
                texts.extend(turn["question"] for turn in data["turns"])
            elif "question" in data:
                texts.append(data["question"])
    return texts


_TOKEN = re.compile(r"[a-z0-9]+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def near_duplicate(a: str, b: str, jaccard: float = 0.6) -> bool:
    """Equal once folded (case, accents, punctuation), or sharing ``jaccard`` of their words."""
    ta, tb = _tokens(a), _tokens(b)
    if ta == tb:
        return True
    sa, sb = set(ta), set(tb)
    return bool(sa | sb) and len(sa & sb) / len(sa | sb) >= jaccard


def near_duplicates(texts: Iterable[str], questions: Iterable[str]) -> list[tuple[str, str]]:
    """The (text, question) pairs that are near-duplicates."""
    asked = list(questions)
    return [(t, q) for t in texts for q in asked if near_duplicate(t, q)]
