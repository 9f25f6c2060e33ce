"""Anonymous feedback and question counts, in any database SQLAlchemy takes (SQLite by default).

Stored per answer rated: thumbs up or down, an optional comment, the question, the passages
shown and the index version. Stored per question asked in the chat: when, which
recommendations the answer quoted, and, only for a question the note does not cover, its text
(the gaps in the note). Never an IP address, a session or anything else about the person:
e-mail addresses, phone numbers and national register numbers in free text are replaced
before it is written (``web.records.scrub``), and free text is erased after its own, shorter
retention period while the counts stay.

``python -m web.records.store export [--output FILE]`` writes the feedback as CSV.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import queue
import re
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, TextIO

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import make_url

from chatbot.answer import Answer, citation
from indexer.settings import Settings, get_settings
from web.records.scrub import scrub

Rating = Literal["up", "down"]
MAX_TEXT = 2000
"""The longest question or comment kept, in characters."""

metadata = MetaData()
QUESTIONS = Table(
    "vraagbaak_questions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("asked_at", DateTime, nullable=False, index=True),
    Column("view", String(16), nullable=False),
    Column("language", String(8), nullable=False),
    Column("in_scope", Boolean, nullable=False),
    Column("recommendations", String(64), nullable=False),
    Column("question", Text, nullable=True),
    Column("index_version", String(100), nullable=False),
)
FEEDBACK = Table(
    "vraagbaak_feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", DateTime, nullable=False, index=True),
    Column("updated_at", DateTime, nullable=False),
    Column("rating", String(8), nullable=False),
    Column("comment", Text, nullable=True),
    Column("question", Text, nullable=False),
    Column("in_scope", Boolean, nullable=False),
    Column("passages", Text, nullable=False),
    Column("index_version", String(100), nullable=False),
    Column("language", String(8), nullable=False),
    Column("view", String(16), nullable=False),
)
CSV_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "rating",
    "comment",
    "question",
    "in_scope",
    "passages",
    "passage_ids",
    "index_version",
    "language",
    "view",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

log = logging.getLogger(__name__)
MAX_BATCH = 500
"""Questions counted in one transaction at most."""
EXPORT_BATCH = 500
"""Ratings read from the database (and sent) at a time by the CSV export."""
PRUNE_SECONDS = 3600.0
"""How often what is past the retention period is deleted (``web.records.pruning``)."""
MAX_PENDING = 10_000
"""Questions waiting to be counted at most; beyond, new ones are not counted (and logged)."""
FLUSH_SECONDS = 10.0
"""How long a read of the counts waits for those still being written."""
MAX_GAP_TEXTS = 5000
"""Distinct question texts outside the note that the staff page reads at most (the most asked)."""


@dataclass(frozen=True, slots=True)
class Passage:
    """A passage shown with an answer: its id and its citation."""

    id: str
    citation: str


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    """One rated answer."""

    id: int
    created_at: datetime
    updated_at: datetime
    rating: str
    comment: str | None
    question: str
    in_scope: bool
    passages: tuple[Passage, ...]
    index_version: str
    language: str
    view: str


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    """One question asked in the chat, as counted (its text only when out of scope)."""

    asked_at: datetime
    view: str
    language: str
    in_scope: bool
    recommendations: tuple[int, ...]
    question: str | None
    index_version: str


@dataclass(frozen=True, slots=True)
class DayCount:
    """How many questions of one day had the same scope and quoted the same recommendations."""

    day: date
    in_scope: bool
    recommendations: tuple[int, ...]
    count: int


@dataclass(frozen=True, slots=True)
class TextCount:
    """One question text outside the note: how often it was asked, and when last."""

    text: str
    count: int
    last_asked: datetime


def passages_of(answer: Answer) -> tuple[Passage, ...]:
    """The passages an answer showed."""
    return tuple(Passage(hit.chunk.id, citation(hit.chunk)) for hit in answer.hits)


def clean_text(value: str, limit: int = MAX_TEXT) -> str:
    """Text as stored: without control characters (newlines and tabs kept), without e-mail
    addresses, phone numbers and national register numbers, trimmed and capped."""
    return scrub(_CONTROL.sub("", value)).strip()[:limit]


def utc_now() -> datetime:
    """Now, in UTC, without a time zone (as stored)."""
    return datetime.now(UTC).replace(tzinfo=None)


def _sqlite_wal(connection: Any, _record: object) -> None:
    """Write-ahead logging: the staff page reads while questions are counted, and a commit is
    one append to the log instead of a synced rewrite. A crash may lose the last counts,
    never corrupt the database."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class FeedbackStore:
    """The feedback and question tables in one database; safe to share between threads."""

    def __init__(
        self,
        url: str,
        *,
        retention_days: int = 0,
        free_text_days: int = 0,
        max_pending: int = MAX_PENDING,
    ) -> None:
        parsed = make_url(url)
        if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        connect_args = {"timeout": 15} if parsed.drivername.startswith("sqlite") else {}
        self.url = url
        # hide_parameters: a failed write must not put a comment or question in the log
        self.engine: Engine = create_engine(
            url, connect_args=connect_args, pool_pre_ping=True, hide_parameters=True
        )
        if parsed.drivername.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_wal)
        metadata.create_all(self.engine)
        self._pending: queue.Queue[dict[str, Any]] = queue.Queue(maxsize=max_pending)
        self.retention = timedelta(days=retention_days) if retention_days else None
        """How long questions and feedback are kept (None: for good)."""
        self.free_text_retention = timedelta(days=free_text_days) if free_text_days else None
        """How long the text of questions and comments is kept (None: as long as the rest)."""
        self._pruned_at = float("-inf")
        self.prune()
        self._writer: threading.Thread | None = None
        self._writer_lock = threading.Lock()

    def close(self) -> None:
        """Close the database connections."""
        self.engine.dispose()

    def count_later(self, answer: Answer, *, view: str) -> None:
        """Count a question in the background: one writer thread, many questions in one
        transaction, so that answering never waits for the database (under load, writers
        each in their own transaction queued on SQLite's lock). When ``max_pending`` questions
        are already waiting (the database is away or too slow), this one is not counted."""
        try:
            self._pending.put_nowait(question_row(answer, view, None))
        except queue.Full:
            log.warning(
                "Not counting a question: %d are waiting to be written", self._pending.maxsize
            )
            return
        with self._writer_lock:
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(
                    target=self._write_counts, name="question-counter", daemon=True
                )
                self._writer.start()

    def prune(self, now: datetime | None = None) -> int:
        """Delete the questions and feedback older than the retention period, and erase the
        text of those older than the free-text retention; how many were deleted."""
        self._pruned_at = time.monotonic()
        now = now or utc_now()
        if self.free_text_retention is not None:
            self._erase_text(now - self.free_text_retention)
        if self.retention is None:
            return 0
        before = now - self.retention
        with self.engine.begin() as connection:
            questions = connection.execute(delete(QUESTIONS).where(QUESTIONS.c.asked_at < before))
            ratings = connection.execute(delete(FEEDBACK).where(FEEDBACK.c.created_at < before))
        removed = int(questions.rowcount or 0) + int(ratings.rowcount or 0)
        if removed:
            log.info("Deleted %d question(s) and rating(s) past the retention period", removed)
        return removed

    def _erase_text(self, before: datetime) -> None:
        """Forget the free text (question, comment) of what was written before ``before``."""
        with self.engine.begin() as connection:
            connection.execute(
                update(QUESTIONS)
                .where(QUESTIONS.c.asked_at < before, QUESTIONS.c.question.is_not(None))
                .values(question=None)
            )
            connection.execute(
                update(FEEDBACK)
                .where(
                    FEEDBACK.c.created_at < before,
                    (FEEDBACK.c.question != "") | FEEDBACK.c.comment.is_not(None),
                )
                .values(question="", comment=None)
            )

    def flush(self, timeout: float = FLUSH_SECONDS) -> bool:
        """Wait until every question counted so far is written, at most ``timeout`` seconds
        (a hung database must not hold the staff page); whether they all were."""
        deadline = time.monotonic() + timeout
        done = self._pending.all_tasks_done  # the condition Queue.join waits on
        with done:
            while self._pending.unfinished_tasks:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                done.wait(left)
        return True

    def _write_counts(self) -> None:
        while True:
            rows = [self._pending.get()]
            while len(rows) < MAX_BATCH:
                try:
                    rows.append(self._pending.get_nowait())
                except queue.Empty:
                    break
            try:
                with self.engine.begin() as connection:
                    connection.execute(insert(QUESTIONS), rows)
                if time.monotonic() - self._pruned_at > PRUNE_SECONDS:
                    self.prune()
            except Exception:
                log.exception("Could not count %d question(s)", len(rows))
            finally:
                for _ in rows:
                    self._pending.task_done()

    def add_feedback(
        self,
        *,
        rating: Rating,
        question: str,
        in_scope: bool,
        passages: Sequence[Passage],
        index_version: str,
        language: str,
        view: str,
        comment: str | None = None,
        at: datetime | None = None,
    ) -> int:
        """Store a rating of one answer; its id (to add a comment or change it later)."""
        now = at or utc_now()
        payload = json.dumps([{"id": p.id, "citation": p.citation} for p in passages])
        with self.engine.begin() as connection:
            result = connection.execute(
                insert(FEEDBACK).values(
                    created_at=now,
                    updated_at=now,
                    rating=rating,
                    comment=clean_text(comment) or None if comment else None,
                    question=clean_text(question),
                    in_scope=in_scope,
                    passages=payload,
                    index_version=index_version,
                    language=language,
                    view=view,
                )
            )
            key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def rate(self, feedback_id: int, rating: Rating) -> bool:
        """Change a rating; whether it exists."""
        return self._update(feedback_id, rating=rating)

    def comment(self, feedback_id: int, comment: str) -> bool:
        """Add (or replace) the comment of a rating; whether it exists."""
        return self._update(feedback_id, comment=clean_text(comment) or None)

    def _update(self, feedback_id: int, **values: object) -> bool:
        with self.engine.begin() as connection:
            result = connection.execute(
                update(FEEDBACK)
                .where(FEEDBACK.c.id == feedback_id)
                .values(updated_at=utc_now(), **values)
            )
        return bool(result.rowcount)

    def withdraw(self, feedback_id: int) -> None:
        """Forget a rating (the person took the thumb back)."""
        with self.engine.begin() as connection:
            connection.execute(delete(FEEDBACK).where(FEEDBACK.c.id == feedback_id))

    def feedback(
        self, *, since: datetime | None = None, limit: int | None = None
    ) -> list[FeedbackRecord]:
        """Ratings, newest first."""
        query = select(FEEDBACK).order_by(FEEDBACK.c.created_at.desc(), FEEDBACK.c.id.desc())
        if since is not None:
            query = query.where(FEEDBACK.c.created_at >= since)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [_feedback_record(row) for row in rows]

    def question_counts(self, *, since: datetime) -> list[DayCount]:
        """Questions counted since ``since``, grouped in the database by day (UTC), in or out
        of scope and the recommendations quoted: a few hundred rows for a year, however many
        questions (including those still being written)."""
        self.flush()
        day = func.date(QUESTIONS.c.asked_at)
        query = (
            select(day, QUESTIONS.c.in_scope, QUESTIONS.c.recommendations, func.count())
            .where(QUESTIONS.c.asked_at >= since)
            .group_by(day, QUESTIONS.c.in_scope, QUESTIONS.c.recommendations)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [
            DayCount(
                day=value if isinstance(value, date) else date.fromisoformat(str(value)),
                in_scope=bool(in_scope),
                recommendations=tuple(int(n) for n in recommendations.split(",") if n),
                count=int(count),
            )
            for value, in_scope, recommendations, count in rows
        ]

    def gap_texts(self, *, since: datetime, limit: int = MAX_GAP_TEXTS) -> list[TextCount]:
        """The texts of questions the note did not answer, since ``since``, each with how often
        it was asked and when last: the ``limit`` most asked, grouped in the database."""
        self.flush()
        asked, last = func.count(), func.max(QUESTIONS.c.asked_at)
        query = (
            select(QUESTIONS.c.question, asked, last)
            .where(
                QUESTIONS.c.asked_at >= since,
                QUESTIONS.c.in_scope.is_(False),
                QUESTIONS.c.question.is_not(None),
            )
            .group_by(QUESTIONS.c.question)
            .order_by(asked.desc(), last.desc())
            .limit(limit)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [TextCount(str(text), int(count), latest) for text, count, latest in rows]

    def rating_counts(self, *, since: datetime) -> dict[str, int]:
        """Ratings since ``since`` per rating ("up", "down"), counted in the database."""
        query = (
            select(FEEDBACK.c.rating, func.count())
            .where(FEEDBACK.c.created_at >= since)
            .group_by(FEEDBACK.c.rating)
        )
        with self.engine.connect() as connection:
            return {str(rating): int(count) for rating, count in connection.execute(query)}

    def questions(self, *, since: datetime | None = None) -> list[QuestionRecord]:
        """Questions counted, oldest first (including those still being written)."""
        self.flush()
        query = select(QUESTIONS).order_by(QUESTIONS.c.asked_at, QUESTIONS.c.id)
        if since is not None:
            query = query.where(QUESTIONS.c.asked_at >= since)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [
            QuestionRecord(
                asked_at=row["asked_at"],
                view=row["view"],
                language=row["language"],
                in_scope=bool(row["in_scope"]),
                recommendations=tuple(int(n) for n in row["recommendations"].split(",") if n),
                question=row["question"],
                index_version=row["index_version"],
            )
            for row in rows
        ]

    def export_csv(self, out: TextIO) -> int:
        """Write every rating as CSV (oldest first); how many rows."""
        count = 0
        for piece, rows in self._csv_pieces(EXPORT_BATCH):
            out.write(piece)
            count += rows
        return count

    def iter_csv(self, batch: int = EXPORT_BATCH) -> Iterator[str]:
        """Every rating as CSV text, oldest first, in pieces of ``batch`` rows: the database
        is read as the pieces are sent, never all of it at once."""
        for piece, _rows in self._csv_pieces(batch):
            yield piece

    def _csv_pieces(self, batch: int) -> Iterator[tuple[str, int]]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        query = select(FEEDBACK).order_by(FEEDBACK.c.created_at, FEEDBACK.c.id)
        with self.engine.connect() as connection:
            result = connection.execution_options(yield_per=batch).execute(query).mappings()
            for rows in result.partitions():
                writer.writerows(csv_row(_feedback_record(row)) for row in rows)
                yield buffer.getvalue(), len(rows)
                buffer.seek(0)
                buffer.truncate()
        if buffer.getvalue():
            yield buffer.getvalue(), 0  # only the header: no ratings


def _feedback_record(row: Any) -> FeedbackRecord:
    return FeedbackRecord(
        id=row["id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        rating=row["rating"],
        comment=row["comment"],
        question=row["question"],
        in_scope=bool(row["in_scope"]),
        passages=tuple(Passage(p["id"], p["citation"]) for p in json.loads(row["passages"])),
        index_version=row["index_version"],
        language=row["language"],
        view=row["view"],
    )


def write_csv(records: Iterable[FeedbackRecord], out: TextIO) -> None:
    """Ratings as CSV; no cell runs as a formula in a spreadsheet (see ``_cell``)."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_row(r) for r in records)


def csv_row(r: FeedbackRecord) -> list[str]:
    """One rating as the export's cells."""
    return [
        _cell(value)
        for value in (
            r.id,
            r.created_at.isoformat(timespec="seconds"),
            r.updated_at.isoformat(timespec="seconds"),
            r.rating,
            r.comment or "",
            r.question,
            "yes" if r.in_scope else "no",
            " | ".join(p.citation for p in r.passages),
            " ".join(p.id for p in r.passages),
            r.index_version,
            r.language,
            r.view,
        )
    ]


def _cell(value: object) -> str:
    """``value`` as a cell that no spreadsheet runs as a formula, however it splits the line.

    A spreadsheet may split a cell at any separator it guesses (``;`` is the Dutch and
    Belgian default, then ``,``, tabs, ``|``) or line break, so every piece that would start
    with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (after spaces or quotes) gets a
    ``'`` in front, not just the cell's first character.
    """
    return _FORMULA_START.sub(lambda match: f"{match.group(1)}'", str(value))


_FORMULA_START = re.compile(r"((?:^|[,;|\t\r\n])[ \"']*)(?=[=+\-@\t\r])")
"""Where a piece of a cell starts with what a spreadsheet reads as a formula."""


_STORES: dict[str, FeedbackStore] = {}
_STORES_LOCK = threading.Lock()


def question_row(answer: Answer, view: str, at: datetime | None) -> dict[str, Any]:
    """A counted question: its recommendations, and its text only if out of scope."""
    recommendations = dict.fromkeys(h.chunk.recommendation for h in answer.hits)
    return {
        "asked_at": at or utc_now(),
        "view": view,
        "language": answer.language,
        "in_scope": answer.in_scope,
        "recommendations": ",".join(str(n) for n in recommendations if n > 0),
        "question": None if answer.in_scope else clean_text(answer.question, 500),
        "index_version": answer.index.version,
    }


def store_for(settings: Settings) -> FeedbackStore:
    """The process's store for the configured database (one engine per database URL)."""
    url = settings.feedback_url
    with _STORES_LOCK:
        store = _STORES.get(url)
        if store is None:
            store = _STORES[url] = FeedbackStore(
                url,
                retention_days=settings.retention_days,
                free_text_days=settings.free_text_retention_days,
            )
        return store


def main(argv: Sequence[str] | None = None) -> int:
    """``export``: the feedback as CSV, to a file or standard output."""
    parser = argparse.ArgumentParser(
        prog="python -m web.records.store", description="The chat's anonymous feedback."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write every rating as CSV")
    export.add_argument("--output", "-o", type=Path, help="the CSV file (default: standard output)")
    export.add_argument(
        "--database-url",
        help="an SQLAlchemy URL (default: VRAAGBAAK_FEEDBACK_DATABASE_URL, else the data folder)",
    )
    args = parser.parse_args(argv)
    store = FeedbackStore(args.database_url or get_settings().feedback_url)
    try:
        if args.output is None:
            count = store.export_csv(sys.stdout)
        else:
            with args.output.open("w", encoding="utf-8", newline="") as out:
                count = store.export_csv(out)
    finally:
        store.close()
    print(f"{count} rating(s) exported", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
