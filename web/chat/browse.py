"""Browse the note: the twelve recommendations (number, title, one line), each opening whole.

Plain ``<details>`` elements: they open and close with the keyboard and need no script.
"""

from __future__ import annotations

from functools import partial

from markupsafe import Markup

from web.chat.cards import new_window_link, recommendation_body
from web.outline import NoteOutline
from web.templating import render
from web.texts import text


def render_browse(outline: NoteOutline | None, lang: str, note_url: str) -> str:
    """The browse view's HTML; a polite notice while no index is loaded."""
    recommendations = outline.recommendations if outline is not None else ()
    return render(
        "chat/browse.html",
        t=partial(text, lang),
        recommendations=[
            (rec, Markup(recommendation_body(rec, lang, level=3))) for rec in recommendations
        ],
        link=Markup(new_window_link(note_url, text(lang, "note_link"), lang)),
    )
