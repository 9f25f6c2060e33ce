"""An answer as accessible HTML cards: one per quoted passage, with where it stands in the note.

Everything that comes from a person or from the corpus is HTML-escaped here and shown as text;
the only markup is this module's own. The HTML is one line with no blank lines, so that the
chat's Markdown renderer passes it through as an HTML block without touching its contents.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from urllib.parse import urlsplit

from chatbot.answer import MAYBE, Answer, Suggestion, citation, match_spans, suggestion_label
from indexer.chunking import Chunk, heading
from web.http.corpus_files import corpus_link
from web.outline import NoteOutline, Recommendation
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
    return (
        f'<a href="{esc(url)}" target="_blank" rel="noopener">{esc(label)}'
        f'<span class="vb-sr"> {esc(text(lang, "new_window"))}</span></a>'
    )


def render_question(question: str) -> str:
    """The user's message, shown exactly as typed."""
    lines = [esc(line) for line in question.strip().split("\n")]
    return f'<p class="vb-question">{"<br>".join(lines)}</p>'


def render_notice(message: str) -> str:
    """A message of the chat's own (no answer): a hint, "not ready", a refusal."""
    return f'<p class="vb-notice">{esc(message)}</p>'


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
    parts = [f'<p class="vb-lead" lang="{esc(answer.language)}">{esc(answer.lead)}</p>']
    spans = [match_spans(answer.question, hit.chunk.text) for hit in answer.hits]
    if any(spans):
        parts.append(f'<p class="vb-hint">{esc(text(lang, "matched"))}</p>')
    for hit, hit_spans in zip(answer.hits, spans, strict=True):
        parts.append(render_card(hit.chunk, hit_spans, lang, outline, key=hit.key))
    if answer.note:
        parts.append(f'<p class="vb-hint" lang="{esc(answer.language)}">{esc(answer.note)}</p>')
    if answer.suggestions:
        parts.append(suggestions_html(answer, lang, listed=archived))
    link = new_window_link(note_url, text(lang, "note_link"), lang)
    if link and answer.hits:
        parts.append(f'<p class="vb-source">{link}</p>')
    kind = "vb-answer" if answer.in_scope else "vb-answer vb-out"
    return f'<div class="{kind}">{"".join(parts)}</div>'


def suggestions_html(answer: Answer, lang: str, *, listed: bool) -> str:
    """ "Misschien bedoelt u:" with the suggested recommendations listed, or a pointer to the
    buttons that the chat shows under the answer."""
    maybe = f'<p class="vb-maybe" lang="{esc(answer.language)}">{esc(MAYBE[answer.language])}</p>'
    if not listed:
        return f'{maybe}<p class="vb-hint">{esc(text(lang, "suggestions"))}</p>'
    items = "".join(f'<li lang="nl">{esc(suggestion_label(s))}</li>' for s in answer.suggestions)
    return f'{maybe}<ul class="vb-suggestions">{items}</ul>'


def suggestion_question(suggestion: Suggestion) -> str:
    """The question a chosen suggestion asks: the whole recommendation, or a document's
    section by its heading."""
    if suggestion.recommendation == 0:
        return suggestion.title or suggestion.document
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
    title = esc(_card_title(chunk))
    meta = [f'{esc(text(lang, "part"))}: <span lang="nl">{esc(_part(chunk))}</span>']
    where = esc(chunk.document)
    if chunk.page is not None:
        where += f", {esc(text(lang, 'page', page=chunk.page))}"
    if chunk.document.lower().endswith(".pdf"):  # the PDF opens at the passage's page
        where = (
            f'<a href="{esc(corpus_link(chunk.document, chunk.page))}" target="_blank" '
            f'rel="noopener">{where}<span class="vb-sr"> {esc(text(lang, "new_window"))}'
            "</span></a>"
        )
    meta.append(f"{esc(text(lang, 'document'))}: {where}")
    quote = (
        f'<blockquote class="vb-quote" lang="nl">{paragraphs(chunk.text, spans)}'
        f'<p class="vb-cite">— <em>{esc(citation(chunk))}</em></p></blockquote>'
    )
    return (
        f'<article class="vb-card"><h3 class="vb-card-title" lang="nl">{title}</h3>'
        f'<p class="vb-meta">{" · ".join(meta)}</p>{_key_sentences(chunk, key, lang)}{quote}'
        f"{_expansion(chunk, lang, outline)}</article>"
    )


def _key_sentences(chunk: Chunk, key: Sequence[Span], lang: str) -> str:
    if not key or (len(key) == 1 and key[0] == (0, len(chunk.text))):
        return ""
    quoted = " … ".join(f"“{esc(chunk.text[start:end])}”" for start, end in key)
    return (
        f'<p class="vb-key"><strong>{esc(text(lang, "key_sentence"))}:</strong> '
        f'<span lang="nl">{quoted}</span></p>'
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
        return chunk.title or chunk.document
    return chunk.title  # the foreword, the colophon, the table of contents


def _expansion(chunk: Chunk, lang: str, outline: NoteOutline | None) -> str:
    if outline is None:
        return ""
    rec = outline.recommendation(chunk.recommendation, chunk.document)
    if chunk.recommendation > 0 and chunk.section != "document" and rec is not None:
        label = text(lang, "expand", number=rec.number)
        body = recommendation_body(rec, lang, current=chunk)
    else:
        section = outline.section_of(chunk)
        if len(section) < 2:
            return ""
        label = text(lang, "expand_section")
        body = _section_html(section, lang, chunk, level=4, title=None)
    return (
        f'<details class="vb-more"><summary>{esc(label)}</summary>'
        f'<div class="vb-full" lang="nl">{body}</div></details>'
    )


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
    quoted = current is not None and any(c.id == current.id for c in chunks)
    note = (
        f' <span class="vb-quoted" lang="{esc(lang)}">{esc(text(lang, "quoted_here"))}</span>'
        if quoted
        else ""
    )
    head = f"<h{level}>{esc(title)}{note}</h{level}>" if title else ""
    body = "".join(paragraphs(chunk.text) for chunk in chunks)
    css = "vb-section vb-current" if quoted else "vb-section"
    return f'<section class="{css}">{head}{body}</section>'
