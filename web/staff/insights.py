"""What staff learn from the chat: questions per recommendation over time, the questions the
note does not answer, and the feedback. Anonymous counts only; rendered as one HTML page with
charts drawn here as inline SVG (no script, nothing from elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from markupsafe import Markup

from chatbot.lexical import fold
from web.chat.cards import esc
from web.records.store import FeedbackRecord, FeedbackStore, TextCount, utc_now
from web.templating import render, static_text

RECOMMENDATIONS = tuple(range(1, 13))
PERIODS = (4, 12, 26, 52)
"""The periods, in weeks, that the page offers."""
DEFAULT_WEEKS = 12
LATEST_FEEDBACK = 100
GAPS_PER_PAGE = 50
"""Questions outside the note shown on one page; the rest on the next pages."""
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
ANSWERED_COLOUR = "#005a70"
UNANSWERED_COLOUR = "#b53d00"


@dataclass(frozen=True, slots=True)
class Gap:
    """A question the note does not answer, with how often it was asked."""

    question: str
    count: int
    last_asked: datetime


@dataclass(frozen=True, slots=True)
class Insights:
    """Counts for a period of whole weeks (Monday to Sunday, UTC)."""

    weeks: tuple[date, ...]
    """The Monday of each week, oldest first."""
    answered: tuple[int, ...]
    unanswered: tuple[int, ...]
    by_recommendation: Mapping[int, tuple[int, ...]]
    """Recommendation -> questions per week whose answer quoted it."""
    gaps: tuple[Gap, ...]
    up: int
    down: int
    feedback: tuple[FeedbackRecord, ...]

    @property
    def questions(self) -> int:
        """All questions in the period."""
        return sum(self.answered) + sum(self.unanswered)


def gap_key(question: str) -> str:
    """What near-duplicate questions share: their words, case, accents, punctuation, order
    and repetition aside ("Hoe laat opent het zwembad?" = "het zwembad: hoe laat opent het")."""
    return " ".join(sorted(set(re.findall(r"\w+", fold(question)))))


def week_start(moment: date) -> date:
    """The Monday of ``moment``'s week."""
    return moment - timedelta(days=moment.weekday())


def gather(
    store: FeedbackStore, *, weeks: int = DEFAULT_WEEKS, now: datetime | None = None
) -> Insights:
    """The counts of the last ``weeks`` weeks, this one included."""
    today = (now or utc_now()).date()
    first = week_start(today) - timedelta(weeks=weeks - 1)
    starts = tuple(first + timedelta(weeks=i) for i in range(weeks))
    since = datetime.combine(first, datetime.min.time())
    answered, unanswered = [0] * weeks, [0] * weeks
    per_rec = {n: [0] * weeks for n in RECOMMENDATIONS}
    for row in store.question_counts(since=since):
        slot = min((row.day - first).days // 7, weeks - 1)
        if row.in_scope:
            answered[slot] += row.count
            for number in row.recommendations:
                if number in per_rec:
                    per_rec[number][slot] += row.count
        else:
            unanswered[slot] += row.count
    ratings = store.rating_counts(since=since)
    return Insights(
        weeks=starts,
        answered=tuple(answered),
        unanswered=tuple(unanswered),
        by_recommendation={n: tuple(counts) for n, counts in per_rec.items()},
        gaps=group_gaps(store.gap_texts(since=since)),
        up=ratings.get("up", 0),
        down=ratings.get("down", 0),
        feedback=tuple(store.feedback(since=since, limit=LATEST_FEEDBACK)),
    )


def group_gaps(texts: Sequence[TextCount]) -> tuple[Gap, ...]:
    """Near-equal texts (``gap_key``) counted together, shown as the latest of them; the most
    asked first."""
    groups: dict[str, Gap] = {}
    for text in texts:
        key = gap_key(text.text)
        seen = groups.get(key)
        if seen is None:
            groups[key] = Gap(text.text, text.count, text.last_asked)
            continue
        newer = text.last_asked > seen.last_asked
        groups[key] = Gap(
            text.text if newer else seen.question,
            seen.count + text.count,
            max(seen.last_asked, text.last_asked),
        )
    return tuple(sorted(groups.values(), key=lambda gap: (-gap.count, -gap.last_asked.timestamp())))


def short_date(day: date) -> str:
    """'1 sep'."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def long_date(day: date) -> str:
    """'1 sep 2026'."""
    return f"{short_date(day)} {day.year}"


def weekly_chart(insights: Insights) -> str:
    """Questions per week as stacked bars (answered, not in the note), as an inline SVG."""
    width, height, left, bottom, top = 720, 260, 44, 34, 12
    count = len(insights.weeks)
    totals = [a + u for a, u in zip(insights.answered, insights.unanswered, strict=True)]
    peak = max([*totals, 1])
    scale = (height - bottom - top) / peak
    slot = (width - left - 8) / count
    bar = max(2.0, slot * 0.7)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="chart-title" aria-describedby="chart-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title">Vragen per week</title>',
        f'<desc id="chart-desc">{esc(_chart_description(insights))}</desc>',
    ]
    for value in sorted({0, (peak + 1) // 2, peak}):
        y = height - bottom - value * scale
        parts.append(
            f'<line x1="{left}" x2="{width - 4}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>'
        )
    label_every = max(1, count // 12)
    for i, start in enumerate(insights.weeks):
        x = left + i * slot + (slot - bar) / 2
        answered, unanswered = insights.answered[i], insights.unanswered[i]
        y_answered = height - bottom - answered * scale
        y_unanswered = y_answered - unanswered * scale
        parts.append(
            f"<g><title>Week van {esc(long_date(start))}: {answered} beantwoord, "
            f"{unanswered} niet in de nota</title>"
            f'<rect x="{x:.1f}" y="{y_answered:.1f}" width="{bar:.1f}" '
            f'height="{answered * scale:.1f}" fill="{ANSWERED_COLOUR}"/>'
            f'<rect x="{x:.1f}" y="{y_unanswered:.1f}" width="{bar:.1f}" '
            f'height="{unanswered * scale:.1f}" fill="{UNANSWERED_COLOUR}"/></g>'
        )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 18}" text-anchor="middle">'
                f"{esc(short_date(start))}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _chart_description(insights: Insights) -> str:
    weeks = "; ".join(
        f"week van {short_date(start)}: {a} beantwoord, {u} niet in de nota"
        for start, a, u in zip(insights.weeks, insights.answered, insights.unanswered, strict=True)
    )
    return f"Aantal vragen per week. {weeks}."


def sparkline(counts: Sequence[int], peak: int, label: str) -> str:
    """A recommendation's questions per week as small bars, with the numbers as its label."""
    width, height = 156, 28
    slot = width / max(1, len(counts))
    bars = "".join(
        f'<rect x="{i * slot + 1:.1f}" y="{height - h:.1f}" width="{max(1.0, slot - 2):.1f}" '
        f'height="{h:.1f}"/>'
        for i, value in enumerate(counts)
        if (h := (value / max(peak, 1)) * (height - 2)) > 0
    )
    baseline = f'<line x1="0" x2="{width}" y1="{height - 0.5}" y2="{height - 0.5}" class="base"/>'
    return (
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{esc(label)}" xmlns="http://www.w3.org/2000/svg">'
        f"{baseline}{bars}</svg>"
    )


def render_page(
    insights: Insights,
    titles: Mapping[int, str],
    *,
    weeks: int,
    version: str | None,
    index_section: str = "",
    refresh_seconds: int | None = None,
    free_text_days: int = 0,
    gaps_page: int = 1,
) -> str:
    """The staff page; ``index_section`` (HTML, see ``web.staff.index_panel``) goes last;
    ``free_text_days`` is how long typed text is kept (0: as long as the counts);
    ``gaps_page`` which page of the questions outside the note to show."""
    questions = insights.questions
    share = f"{100 * sum(insights.answered) / questions:.0f} %" if questions else "-"
    peak = max([1, *(max(c, default=0) for c in insights.by_recommendation.values())])
    pages = gap_pages(insights)
    gaps_page = min(max(gaps_page, 1), pages)
    shown = insights.gaps[(gaps_page - 1) * GAPS_PER_PAGE : gaps_page * GAPS_PER_PAGE]
    return staff_page(
        "staff/insights.html",
        "Inzicht",
        refresh_seconds,
        insights=insights,
        weeks=weeks,
        since=long_date(insights.weeks[0]),
        privacy=_privacy_note(free_text_days),
        version=version,
        periods=PERIODS,
        share=share,
        answered=sum(insights.answered),
        unanswered=sum(insights.unanswered),
        answered_colour=ANSWERED_COLOUR,
        unanswered_colour=UNANSWERED_COLOUR,
        chart=Markup(weekly_chart(insights)),
        weekly=[
            (long_date(start), a, u)
            for start, a, u in zip(
                insights.weeks, insights.answered, insights.unanswered, strict=True
            )
        ],
        recommendations=[
            (number, titles.get(number, ""), Markup(_sparkline_of(counts, peak)), sum(counts))
            for number, counts in insights.by_recommendation.items()
        ],
        gap_pages=pages,
        gaps_page=gaps_page,
        gaps=[(g.question, g.count, long_date(g.last_asked.date())) for g in shown],
        latest_feedback=LATEST_FEEDBACK,
        feedback=[
            (
                long_date(r.created_at.date()),
                r.rating,
                r.question,
                r.comment or "",
                [p.citation for p in r.passages],
            )
            for r in insights.feedback
        ],
        index_section=Markup(index_section),
    )


def _sparkline_of(counts: Sequence[int], peak: int) -> str:
    label = "Vragen per week, van oud naar nieuw: " + ", ".join(str(c) for c in counts)
    return sparkline(counts, peak, label)


def _privacy_note(free_text_days: int) -> str:
    """What is kept, truthfully: no one's identity, but the text people typed for a while."""
    kept = f"{free_text_days} dagen" if free_text_days else "even lang als de aantallen"
    return (
        "Er wordt niets bewaard over wie een vraag stelde (geen IP-adres, sessie of naam). "
        "De tekst van vragen die de nota niet beantwoordt en van beoordelingen en opmerkingen "
        "wordt wel bewaard, zoals getypt maar zonder e-mailadressen, telefoonnummers en "
        f"rijksregisternummers, en {kept} lang; daarna blijven alleen de aantallen. "
        "Andere persoonsgegevens (een naam, een adres) kunnen er nog in staan."
    )


def gap_pages(insights: Insights) -> int:
    """How many pages the questions outside the note fill (at least one)."""
    return max(1, -(-len(insights.gaps) // GAPS_PER_PAGE))


def login_page(*, error: bool, blocked: bool = False) -> str:
    """The form asking for the staff access code (``blocked``: after too many wrong ones)."""
    return staff_page("staff/login.html", "Aanmelden", None, error=error, blocked=blocked)


def staff_page(template: str, title: str, refresh_seconds: int | None, **values: Any) -> str:
    """A staff page from ``template`` (which extends ``staff/page.html``), titled ``title``;
    ``refresh_seconds`` has the browser reload it (while a build runs)."""
    return render(
        template,
        title=f"{title} · Alles Vloeit Vraagbaak",
        style=static_text("staff.css"),
        refresh_seconds=refresh_seconds,
        **values,
    )
