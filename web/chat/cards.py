"""An answer as accessible HTML cards: one per quoted passage, with where it stands in the note.

The markup is the templates' in ``web/templates/chat`` (autoescaped: everything that comes
from a person or from the corpus is shown as text) and this module's ``<mark>`` highlighting.
The HTML is one line with no blank lines, so that the chat's Markdown renderer passes it
through as an HTML block without touching its contents.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from html import escape
from urllib.parse import urlsplit

from markupsafe import Markup

from chatbot.answer import MAYBE, Answer, Suggestion, citation, match_spans, suggestion_label
from indexer.chunking import Chunk, heading
from web.http.corpus_files import corpus_link
from web.outline import NoteOutline, Recommendation
from web.templating import render
from web.texts import text

Span = tuple[int, int]


def esc(value: object) -> str:
    """``value`` as HTML text (quotes escaped too, so it is safe in attributes)."""
    return escape(str(value), quote=True)


def marked_text(value: str, spans: Sequence[Span] = ()) -> str:
    """Escaped text with the given character spans wrapped in ``<mark>``."""
    parts: list[str] = []
    position = 0
    for start, end in sorted(spans):
        if start < position or end <= start:
            continue
        parts.append(esc(value[position:start]))
        parts.append(f"<mark>{esc(value[start:end])}</mark>")
        position = end
    parts.append(esc(value[position:]))
    return "".join(parts)


def paragraphs(value: str, spans: Sequence[Span] = ()) -> str:
    """A passage as ``<p>`` paragraphs (blank lines) and ``<br>`` line breaks, highlighted."""
    html = marked_text(value, spans)
    blocks = [block.replace("\n", "<br>") for block in html.split("\n\n") if block.strip()]
    return "".join(f"<p>{block}</p>" for block in blocks)


def new_window_link(url: str, label: str, lang: str) -> str:
    """A link that opens in a new tab and says so to screen readers; empty if not http(s)."""
    if urlsplit(url).scheme not in ("http", "https"):
        return ""
    return render("chat/link.html", url=url, label=label, t=partial(text, lang))


def render_question(question: str) -> str:
    """The user's message, shown exactly as typed."""
    return render("chat/question.html", lines=question.strip().split("\n"))


def render_notice(message: str) -> str:
    """A message of the chat's own (no answer): a hint, "not ready", a refusal."""
    return render("chat/notice.html", message=message)


def render_answer(
    answer: Answer,
    lang: str,
    *,
    outline: NoteOutline | None,
    note_url: str,
    archived: bool = False,
) -> str:
    """The whole answer: its lead, a card per passage, suggestions, and the note's link.

    Suggestions are listed in the card only when ``archived`` (the chat shows them as buttons
    under the latest answer instead).
    """
    spans = [match_spans(answer.question, hit.chunk.text) for hit in answer.hits]
    cards = [
        Markup(render_card(hit.chunk, hit_spans, lang, outline, key=hit.key))
        for hit, hit_spans in zip(answer.hits, spans, strict=True)
    ]
    return render(
        "chat/answer.html",
        t=partial(text, lang),
        answer=answer,
        matched=any(spans),
        cards=cards,
        maybe=MAYBE[answer.language],
        listed=archived,
        suggestions=[suggestion_label(s) for s in answer.suggestions],
        link=Markup(new_window_link(note_url, text(lang, "note_link"), lang)),
    )


def suggestion_question(suggestion: Suggestion) -> str:
    """The question a chosen suggestion asks: the whole recommendation, or a document's
    section by its heading."""
    if suggestion.recommendation == 0:
        return suggestion.title or suggestion.document_title or suggestion.document
    return f"Aanbeveling {suggestion.recommendation}"


def render_card(
    chunk: Chunk,
    spans: Sequence[Span],
    lang: str,
    outline: NoteOutline | None,
    *,
    key: Sequence[Span] = (),
) -> str:
    """One quoted passage: title, where it stands, its key sentences (the words that answer,
    quoted exactly, so they are in view at once), the quote with its citation, and a way to
    open the whole recommendation (or the whole section) in place."""
    where = chunk.document_name
    if chunk.page is not None:
        where += f", {text(lang, 'page', page=chunk.page)}"
    pdf = chunk.document.lower().endswith(".pdf")  # the PDF opens at the passage's page
    whole = len(key) == 1 and key[0] == (0, len(chunk.text))
    label, expansion = _expansion(chunk, lang, outline)
    return render(
        "chat/card.html",
        t=partial(text, lang),
        title=_card_title(chunk),
        part=_part(chunk),
        where=where,
        pdf_link=corpus_link(chunk.document, chunk.page) if pdf else "",
        key=[] if whole else [chunk.text[start:end] for start, end in key],
        quote=Markup(paragraphs(chunk.text, spans)),
        citation=citation(chunk),
        expansion_label=label,
        expansion=Markup(expansion),
    )


def _card_title(chunk: Chunk) -> str:
    if chunk.recommendation > 0 and chunk.section != "document":
        return f"Aanbeveling {chunk.recommendation} · {chunk.title}"
    return heading(chunk) if chunk.section == "document" else chunk.title


def _part(chunk: Chunk) -> str:
    if chunk.section == "doorbraakproject":
        return f"Doorbraakproject {chunk.item}"
    if chunk.section == "context":
        return "Context en uitdagingen"
    if chunk.section == "document":
        return chunk.title or chunk.document_name
    return chunk.title  # the foreword, the colophon, the table of contents


def _expansion(chunk: Chunk, lang: str, outline: NoteOutline | None) -> tuple[str, str]:
    """The label and the HTML of the whole recommendation or section; empty if none."""
    if outline is None:
        return "", ""
    rec = outline.recommendation(chunk.recommendation, chunk.document)
    if chunk.recommendation > 0 and chunk.section != "document" and rec is not None:
        label = text(lang, "expand", number=rec.number)
        return label, recommendation_body(rec, lang, current=chunk)
    section = outline.section_of(chunk)
    if len(section) < 2:
        return "", ""
    return text(lang, "expand_section"), _section_html(section, lang, chunk, level=4, title=None)


def recommendation_body(
    rec: Recommendation, lang: str, *, current: Chunk | None = None, level: int = 4
) -> str:
    """A whole recommendation: 'Context en uitdagingen', then each doorbraakproject."""
    sections: list[tuple[str, tuple[Chunk, ...]]] = []
    if rec.context:
        sections.append(("Context en uitdagingen", rec.context))
    sections.extend((f"Doorbraakproject {item}", chunks) for item, chunks in rec.items)
    return "".join(
        _section_html(chunks, lang, current, level=level, title=title) for title, chunks in sections
    )


def _section_html(
    chunks: Iterable[Chunk], lang: str, current: Chunk | None, *, level: int, title: str | None
) -> str:
    chunks = tuple(chunks)
    return render(
        "chat/section.html",
        t=partial(text, lang),
        lang=lang,
        quoted=current is not None and any(c.id == current.id for c in chunks),
        title=title,
        level=level,
        body=Markup("".join(paragraphs(chunk.text) for chunk in chunks)),
    )
