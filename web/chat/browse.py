"""Browse the note: the twelve recommendations (number, title, one line), each opening whole.

Plain ``<details>`` elements: they open and close with the keyboard and need no script.
"""

from __future__ import annotations

from web.chat.cards import esc, new_window_link, recommendation_body
from web.outline import NoteOutline
from web.texts import text


def render_browse(outline: NoteOutline | None, lang: str, note_url: str) -> str:
    """The browse view's HTML; a polite notice while no index is loaded."""
    if outline is None or not outline.recommendations:
        return f'<p class="vb-notice" role="status">{esc(text(lang, "browse_unavailable"))}</p>'
    items = "".join(
        f'<li><details class="vb-rec"><summary><span class="vb-rec-head" lang="nl">'
        f'<span class="vb-rec-number">Aanbeveling {rec.number}</span> · '
        f'<span class="vb-rec-title">{esc(rec.title)}</span></span>'
        f'<span class="vb-rec-line" lang="nl">{esc(rec.summary)}</span></summary>'
        f'<div class="vb-full" lang="nl">{recommendation_body(rec, lang, level=3)}</div>'
        "</details></li>"
        for rec in outline.recommendations
    )
    link = new_window_link(note_url, text(lang, "note_link"), lang)
    source = f'<p class="vb-source">{link}</p>' if link else ""
    return (
        f'<div class="vb-browse"><h2>{esc(text(lang, "tab_browse"))}</h2>'
        f'<p>{esc(text(lang, "browse_intro"))}</p><ol class="vb-recs">{items}</ol>{source}</div>'
    )
