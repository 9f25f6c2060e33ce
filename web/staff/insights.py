"""What staff learn from the chat: questions per recommendation over time, the questions the
note does not answer, and the feedback. Anonymous counts only; rendered as one HTML page with
charts drawn here as inline SVG (no script, nothing from elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from chatbot.lexical import fold
from web.chat.cards import esc
from web.records.store import FeedbackRecord, FeedbackStore, utc_now

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
    gaps: dict[str, tuple[str, int, datetime]] = {}
    for record in store.questions(since=since):
        slot = min((record.asked_at.date() - first).days // 7, weeks - 1)
        if record.in_scope:
            answered[slot] += 1
            for number in record.recommendations:
                if number in per_rec:
                    per_rec[number][slot] += 1
        else:
            unanswered[slot] += 1
            if record.question:
                key = gap_key(record.question)
                _, count, _ = gaps.get(key, ("", 0, record.asked_at))
                gaps[key] = (record.question, count + 1, record.asked_at)
    ratings = store.feedback(since=since)
    return Insights(
        weeks=starts,
        answered=tuple(answered),
        unanswered=tuple(unanswered),
        by_recommendation={n: tuple(counts) for n, counts in per_rec.items()},
        gaps=tuple(
            sorted(
                (Gap(q, c, last) for q, c, last in gaps.values()),
                key=lambda gap: (-gap.count, -gap.last_asked.timestamp()),
            )
        ),
        up=sum(r.rating == "up" for r in ratings),
        down=sum(r.rating == "down" for r in ratings),
        feedback=tuple(ratings[:LATEST_FEEDBACK]),
    )


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
    """The staff page; ``index_section`` (see ``web.staff.index_panel``) goes last;
    ``free_text_days`` is how long typed text is kept (0: as long as the counts);
    ``gaps_page`` which page of the questions outside the note to show."""
    first = insights.weeks[0]
    share = (
        f"{100 * sum(insights.answered) / insights.questions:.0f} %" if insights.questions else "-"
    )
    current = ' aria-current="page"'
    periods = " · ".join(
        f'<a href="staff?weeks={p}"{current if p == weeks else ""}>{p} weken</a>' for p in PERIODS
    )
    figures = (
        '<dl class="figures">'
        f"<div><dt>Vragen</dt><dd>{insights.questions}</dd></div>"
        f"<div><dt>Beantwoord uit de nota</dt><dd>{sum(insights.answered)} ({share})</dd></div>"
        f"<div><dt>Niet in de nota</dt><dd>{sum(insights.unanswered)}</dd></div>"
        f"<div><dt>Duim omhoog</dt><dd>{insights.up}</dd></div>"
        f"<div><dt>Duim omlaag</dt><dd>{insights.down}</dd></div>"
        "</dl>"
    )
    legend = (
        '<p class="legend"><span class="swatch" style="background:'
        f'{ANSWERED_COLOUR}"></span> beantwoord uit de nota '
        f'<span class="swatch" style="background:{UNANSWERED_COLOUR}"></span> niet in de nota</p>'
    )
    body = (
        '<header><p class="brand">Alles Vloeit Vraagbaak</p><h1>Inzicht voor medewerkers</h1>'
        f"<p>De laatste {weeks} weken, sinds maandag {esc(long_date(first))} (UTC). "
        f"{_privacy_note(free_text_days)}{_version_note(version)}</p>"
        f'<nav aria-label="Periode"><p>Periode: {periods}</p></nav>'
        '<form method="post" action="staff/logout"><button type="submit">Afmelden</button>'
        "</form></header><main>"
        '<section aria-labelledby="h-figures"><h2 id="h-figures">Kerncijfers</h2>'
        f"{figures}</section>"
        '<section aria-labelledby="h-weeks"><h2 id="h-weeks">Vragen per week</h2>'
        f"{legend}{weekly_chart(insights)}{_weekly_table(insights)}</section>"
        f"{_recommendation_table(insights, titles)}{_gap_table(insights, weeks, gaps_page)}"
        f"{_feedback_section(insights)}{index_section}</main>"
    )
    return page("Inzicht · Alles Vloeit Vraagbaak", body, refresh_seconds=refresh_seconds)


def _scroll(label: str) -> str:
    """A wrapper that scrolls a wide table sideways, reachable with the keyboard."""
    return f'<div class="scroll" tabindex="0" role="region" aria-label="{esc(label)}">'


def _weekly_table(insights: Insights) -> str:
    rows = "".join(
        f'<tr><th scope="row">{esc(long_date(start))}</th><td class="num">{a}</td>'
        f'<td class="num">{u}</td></tr>'
        for start, a, u in zip(insights.weeks, insights.answered, insights.unanswered, strict=True)
    )
    return (
        f"<details><summary>Toon de cijfers per week</summary>{_scroll('Vragen per week')}"
        "<table><caption>Vragen per week</caption><thead><tr>"
        '<th scope="col">Week van</th><th scope="col" class="num">Beantwoord</th>'
        f'<th scope="col" class="num">Niet in de nota</th></tr></thead><tbody>{rows}</tbody>'
        "</table></div></details>"
    )


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


def _version_note(version: str | None) -> str:
    return f" De vraagbaak gebruikt nu indexversie <code>{esc(version)}</code>." if version else ""


def _recommendation_table(insights: Insights, titles: Mapping[int, str]) -> str:
    peak = max([1, *(max(c, default=0) for c in insights.by_recommendation.values())])
    rows = []
    for number, counts in insights.by_recommendation.items():
        label = "Vragen per week, van oud naar nieuw: " + ", ".join(str(c) for c in counts)
        rows.append(
            f'<tr><th scope="row">{number}</th><td lang="nl">{esc(titles.get(number, ""))}</td>'
            f'<td>{sparkline(counts, peak, label)}</td><td class="num">{sum(counts)}</td></tr>'
        )
    return (
        '<section aria-labelledby="h-recs"><h2 id="h-recs">Waarover vragen mensen?</h2>'
        "<p>Per aanbeveling: hoe vaak een antwoord eruit citeerde, week per week "
        "(elk staafje is een week).</p>"
        f"{_scroll('Vragen per aanbeveling')}<table><caption>Vragen per aanbeveling</caption>"
        "<thead><tr>"
        '<th scope="col">Aanbeveling</th><th scope="col">Titel</th>'
        '<th scope="col">Per week</th><th scope="col" class="num">Totaal</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def gap_pages(insights: Insights) -> int:
    """How many pages the questions outside the note fill (at least one)."""
    return max(1, -(-len(insights.gaps) // GAPS_PER_PAGE))


def _gap_table(insights: Insights, weeks: int, page_number: int) -> str:
    pages = gap_pages(insights)
    page_number = min(max(page_number, 1), pages)
    shown = insights.gaps[(page_number - 1) * GAPS_PER_PAGE : page_number * GAPS_PER_PAGE]
    if not shown:
        rows = '<tr><td colspan="3">Geen vragen buiten de nota in deze periode.</td></tr>'
    else:
        rows = "".join(
            f'<tr><td>{esc(gap.question)}</td><td class="num">{gap.count}</td>'
            f"<td>{esc(long_date(gap.last_asked.date()))}</td></tr>"
            for gap in shown
        )
    return (
        '<section aria-labelledby="h-gaps"><h2 id="h-gaps">Vragen die de nota niet '
        "beantwoordt</h2><p>De hiaten in de nota: vragen waarop de vraagbaak geen passage "
        "vond, de vaakst gestelde eerst. Bijna gelijke vragen (dezelfde woorden, in een "
        f"andere volgorde of schrijfwijze) zijn samengeteld; {len(insights.gaps)} "
        f"verschillende in deze periode.</p>{_gap_pager(weeks, page_number, pages)}"
        f"{_scroll('Vragen buiten de nota')}<table><caption>Vragen buiten de nota</caption>"
        "<thead><tr>"
        '<th scope="col">Vraag</th><th scope="col" class="num">Aantal</th>'
        f'<th scope="col">Laatst gesteld</th></tr></thead><tbody>{rows}</tbody></table></div>'
        "</section>"
    )


def _gap_pager(weeks: int, page_number: int, pages: int) -> str:
    if pages == 1:
        return ""
    link = 'staff?weeks={weeks}&amp;gaps={n}#h-gaps" rel="{rel}">{label}</a>'
    links = []
    if page_number > 1:
        links.append(
            '<a href="' + link.format(weeks=weeks, n=page_number - 1, rel="prev", label="Vorige")
        )
    links.append(f"pagina {page_number} van {pages}")
    if page_number < pages:
        links.append(
            '<a href="' + link.format(weeks=weeks, n=page_number + 1, rel="next", label="Volgende")
        )
    return (
        f'<nav aria-label="Pagina\'s van de vragen buiten de nota"><p>{" · ".join(links)}</p></nav>'
    )


def _feedback_section(insights: Insights) -> str:
    if not insights.feedback:
        rows = '<tr><td colspan="5">Nog geen beoordelingen in deze periode.</td></tr>'
    else:
        rows = "".join(
            f"<tr><td>{esc(long_date(r.created_at.date()))}</td>"
            f"<td>{'Duim omhoog' if r.rating == 'up' else 'Duim omlaag'}</td>"
            f"<td>{esc(r.question)}</td><td>{esc(r.comment or '')}</td>"
            f'<td lang="nl">{"<br>".join(esc(p.citation) for p in r.passages)}</td></tr>'
            for r in insights.feedback
        )
    return (
        '<section aria-labelledby="h-feedback"><h2 id="h-feedback">Feedback</h2>'
        f"<p>{insights.up} keer duim omhoog, {insights.down} keer duim omlaag. De laatste "
        f"{LATEST_FEEDBACK} beoordelingen staan hieronder; "
        '<a href="staff/feedback.csv" download>download alle feedback als CSV</a>.</p>'
        f"{_scroll('Laatste beoordelingen')}<table><caption>Laatste beoordelingen</caption>"
        "<thead><tr>"
        '<th scope="col">Datum</th><th scope="col">Beoordeling</th><th scope="col">Vraag</th>'
        '<th scope="col">Opmerking</th><th scope="col">Getoonde passages</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div></section>"
    )


STYLE = """
:root { color-scheme: light; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1f2328; background: #fff; }
header, main { max-width: 1080px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 16px; }
.brand { margin: 0; font-weight: 700; color: #005a70; }
h1 { margin: 4px 0 8px; font-size: 1.9rem; }
h2 { margin: 32px 0 8px; font-size: 1.35rem; }
a { color: #00566b; }
a:focus-visible, button:focus-visible, input:focus-visible {
  outline: 3px solid #1d70b8; outline-offset: 2px; }
[aria-current="page"] { font-weight: 700; }
button { font: inherit; padding: 8px 16px; border: 2px solid #005a70; border-radius: 6px;
         background: #005a70; color: #fff; cursor: pointer; }
form { margin: 8px 0; }
.figures { display: flex; flex-wrap: wrap; gap: 12px; margin: 0; }
.figures div { border: 1px solid #8c959f; border-radius: 8px; padding: 8px 14px; min-width: 130px; }
.figures dt { font-size: .9rem; color: #424a53; }
.figures dd { margin: 0; font-size: 1.5rem; font-weight: 700; }
.chart { width: 100%; height: auto; max-width: 720px; font-size: 12px; }
.chart text { fill: #424a53; }
.chart .grid { stroke: #d0d7de; }
.spark rect { fill: #005a70; }
.spark .base { stroke: #8c959f; }
.legend { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 2px; }
.scroll { overflow-x: auto; }
.scroll:focus-visible, summary:focus-visible { outline: 3px solid #1d70b8; outline-offset: 2px; }
summary { cursor: pointer; color: #00566b; font-weight: 700; margin: 8px 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
caption { text-align: left; font-weight: 700; padding: 4px 0; }
th, td { border-bottom: 1px solid #d0d7de; padding: 6px 8px; text-align: left;
         vertical-align: top; }
.num { text-align: right; }
label { display: block; font-weight: 700; margin-bottom: 4px; }
input[type=password] { font: inherit; padding: 8px; border: 2px solid #57606a;
                       border-radius: 6px; width: min(320px, 100%); box-sizing: border-box; }
.error { color: #a40e26; font-weight: 700; }
code { overflow-wrap: anywhere; }
.facts div { display: flex; gap: 1em; flex-wrap: wrap; }
.facts dt { font-weight: 700; min-width: 12em; }
.facts dd { margin: 0; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f3f3f3; padding: .75em; }
form.inline { display: inline-block; margin: 0 1em .5em 0; }
"""


def page(title: str, body: str, *, refresh_seconds: int | None = None) -> str:
    """A complete Dutch HTML document with the staff pages' styles; ``refresh_seconds``
    has the browser reload it (while a build runs)."""
    refresh = f'<meta http-equiv="refresh" content="{refresh_seconds}">' if refresh_seconds else ""
    return (
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8">{refresh}'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex, nofollow">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>{body}</body></html>"
    )


def login_page(*, error: bool, blocked: bool = False) -> str:
    """The form asking for the staff access code (``blocked``: after too many wrong ones)."""
    message = '<p class="error" role="alert">Die toegangscode klopt niet.</p>' if error else ""
    if blocked:
        message = (
            '<p class="error" role="alert">Te veel foute pogingen vanaf dit toestel. '
            "Probeer het later opnieuw.</p>"
        )
    body = (
        '<main><p class="brand">Alles Vloeit Vraagbaak</p><h1>Inzicht voor medewerkers</h1>'
        "<p>Deze pagina is alleen voor medewerkers. Geef de toegangscode uit de configuratie "
        "van de vraagbaak.</p>"
        f'{message}<form method="post" action="staff"><label for="token">Toegangscode</label>'
        '<input id="token" name="token" type="password" autocomplete="current-password" '
        'required> <button type="submit">Aanmelden</button></form></main>'
    )
    return page("Aanmelden · Alles Vloeit Vraagbaak", body)
