"""The staff page's section on the index: what is served, the last build, rebuild and reload."""

from __future__ import annotations

from html import escape as esc

from chatbot.calibrate import Calibration
from chatbot.live import LiveStatus
from indexer.examples import ExampleMatch
from web.staff.rebuilds import BuildState

BUILD_STATES = {
    "idle": "Sinds de start van de vraagbaak is hier niet opgebouwd.",
    "running": "Bezig met opbouwen. De chat blijft antwoorden met de huidige versie.",
    "published": "Een nieuwe versie is gepubliceerd.",
    "unchanged": "Er was niets veranderd: de huidige versie blijft.",
    "failed": "Het opbouwen is mislukt; er is niets gepubliceerd en de huidige versie blijft.",
}


REFRESH_SECONDS = 3
"""While a build runs, the staff page reloads itself this often."""


def index_section(live: LiveStatus, build: BuildState, *, reloaded: bool = False) -> str:
    """The section: facts, the last build's summary, and the two buttons. ``reloaded``:
    the page follows a click on "Opnieuw laden", so say what it did."""
    facts = [
        ("Gebruikte versie", _code(live.version)),
        ("Gepubliceerde versie", _code(live.published)),
        ("Geladen op", esc(live.loaded_at or "-")),
        ("Bijgewerkt", "ja" if live.up_to_date else "nee, de nieuwe versie wordt geladen"),
    ]
    if live.error is not None:
        facts.append(
            ("Laatste fout bij laden", f"{_code(live.error.version)}: {esc(live.error.message)}")
        )
    rows = "".join(f"<div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in facts)
    summary = f"<pre>{esc(_for_staff(build.summary))}</pre>" if build.summary else ""
    when = f" Gestart {esc(build.started_at)}." if build.started_at else ""
    refresh = (
        f" Deze pagina vernieuwt zichzelf elke {REFRESH_SECONDS} seconden." if build.running else ""
    )
    disabled = " disabled" if build.running else ""
    reload_note = ""
    if reloaded:
        served = f"versie {_code(live.version)}" if live.version else "geen versie"
        pending = "" if live.up_to_date else " De gepubliceerde versie wordt nog geladen."
        reload_note = f'<p role="status">Herladen: de chat gebruikt {served}.{pending}</p>'
    return (
        '<section aria-labelledby="h-index"><h2 id="h-index">Index en bijwerken</h2>'
        f'<dl class="facts">{rows}</dl>{reload_note}'
        f'<p role="status">{BUILD_STATES[build.state]}{when}{refresh}</p>{summary}'
        "<p>Na een wijziging in de map <code>corpus/</code>: opbouwen leest alleen de "
        "gewijzigde bestanden, publiceert een nieuwe versie en schakelt de chat erop over "
        "zonder onderbreking. Herladen laat de chat een versie laden die buiten deze pagina "
        "werd gepubliceerd of teruggezet.</p>"
        '<form method="post" action="staff/rebuild" class="inline">'
        '<label><input type="checkbox" name="force" value="1"> alles opnieuw inbedden</label> '
        f'<button type="submit"{disabled}>Opnieuw opbouwen</button></form> '
        '<form method="post" action="staff/reload" class="inline">'
        '<button type="submit">Opnieuw laden</button></form></section>'
    )


def _code(text: str | None) -> str:
    return f"<code>{esc(text)}</code>" if text else "-"


def _for_staff(summary: str) -> str:
    """The build summary without the server's folder path (of no use on the page)."""
    return "\n".join(
        line for line in summary.splitlines() if not line.strip().startswith("folder:")
    )


STALE_SHOWN = 30
"""Stale example questions listed on the page at most (the build log has them all)."""


def examples_section(match: ExampleMatch, fit: Calibration) -> str:
    """What the served version learned from: the example questions that apply to its text,
    those whose passage changed or disappeared, and the scope fit made for it."""
    own = len(match.applied) - match.headings
    lines = [
        f"{own} voorbeeldvragen gelden voor de tekst van deze versie, {match.headings} komen "
        f"uit de vraagkoppen van documenten; {len(match.stale)} zijn verouderd.",
        f"Het oordeel &lsquo;staat niet in de nota&rsquo; is voor deze versie afgestemd op "
        f"{fit.answerable} beantwoordbare en {fit.unanswerable} niet-beantwoordbare vragen.",
    ]
    stale = ""
    if match.stale:
        items = "".join(
            f"<li>{esc(e.question)} <small>(stond bij {esc(e.where or '?')})</small></li>"
            for e in match.stale[:STALE_SHOWN]
        )
        more = len(match.stale) - STALE_SHOWN
        rest = f"<p>en nog {more}; het bouwlogboek noemt ze allemaal.</p>" if more > 0 else ""
        stale = (
            "<p>Verouderd: hun passage is gewijzigd of verdwenen, dus tellen ze niet meer mee. "
            "Koppel ze aan de nieuwe tekst of verwijder ze in "
            "<code>chatbot/data/example_questions.jsonl</code>.</p>"
            f"<ul>{items}</ul>{rest}"
        )
    body = "".join(f"<p>{line}</p>" for line in lines)
    return (
        '<section aria-labelledby="h-examples"><h2 id="h-examples">Voorbeeldvragen</h2>'
        f"{body}{stale}</section>"
    )
