"""The staff page's section on the index: what is served, the last build, rebuild and reload."""

from __future__ import annotations

from chatbot.calibrate import Calibration
from chatbot.live import LiveStatus
from indexer.examples import ExampleMatch
from web.staff.rebuilds import BuildState
from web.templating import render

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
    return render(
        "_partials/index_panel.html",
        live=live,
        build=build,
        state=BUILD_STATES[build.state],
        summary=_for_staff(build.summary) if build.summary else "",
        refresh_seconds=REFRESH_SECONDS,
        reloaded=reloaded,
    )


def _for_staff(summary: str) -> str:
    """The build summary without the server's folder path (of no use on the page)."""
    return "\n".join(
        line for line in summary.splitlines() if not line.strip().startswith("folder:")
    )


STALE_SHOWN = 30
"""Stale example questions listed on the page at most (the build log has them all)."""


def examples_section(
    match: ExampleMatch,
    fit: Calibration,
    examples_file: str = "the examples file",
    *,
    classified: int = 0,
) -> str:
    """What the served version learned from: the example questions that apply to its text,
    those whose passage changed or disappeared, the scope fit made for it, and how many
    passages the examples' classifier tells apart (``classified``)."""
    return render(
        "_partials/examples_panel.html",
        match=match,
        fit=fit,
        classified=classified,
        own=len(match.applied) - match.headings,
        shown=STALE_SHOWN,
        examples_file=examples_file,
    )
