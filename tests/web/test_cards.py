"""Answers as HTML cards: citations, highlights, the whole recommendation, and escaping."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from chatbot.answer import Answer, Hit, IndexInfo, Suggestion, match_spans
from indexer.chunking import Chunk
from indexer.settings import Settings
from tests.web.conftest import make_bot
from web.chat.browse import render_browse
from web.chat.cards import marked_text, paragraphs, render_answer, render_notice, render_question
from web.outline import NoteOutline, build_outline

NOTE_URL = "https://igemo.be/regionale-inspiratienota/"
CITATION = (
    "Aanbeveling 6 · Baseer ruimtelijke realisaties op een regionale visie · Doorbraakproject 3"
)
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" \'single\''


class Tags(HTMLParser):
    """Collects the tags and attributes of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture(scope="module")
def outline(web_settings: Settings) -> NoteOutline:
    index = make_bot(web_settings).load()
    return build_outline(index.manifest.version, index.chunks)


def chunk(
    text: str, *, rec: int = 6, section: str = "doorbraakproject", item: int | None = 3
) -> Chunk:
    return Chunk(
        id="c1",
        document="alles-vloeit-folder.md",
        recommendation=rec,
        title="Baseer ruimtelijke realisaties op een regionale visie",
        section=section,  # type: ignore[arg-type]
        item=item,
        page=4,
        text=text,
    )


def answer(question: str, *chunks: Chunk, suggestions: tuple[Suggestion, ...] = ()) -> Answer:
    hits = tuple(Hit(c, 0.9) for c in chunks)
    return Answer(question, bool(hits), hits, IndexInfo("v1", "fake"), "nl", suggestions)


def test_a_card_shows_where_the_passage_stands_and_its_citation(outline: NoteOutline) -> None:
    passage = outline.recommendation(6)
    assert passage is not None
    quoted = passage.items[2][1][0]
    html = render_answer(
        answer("Wat is een onthardingsmakelaar?", quoted),
        "nl",
        outline=outline,
        note_url=NOTE_URL,
    )
    assert "In de nota staat hierover:" in html
    assert '<h3 class="vb-card-title" lang="nl">Aanbeveling 6 · Baseer' in html
    assert 'Onderdeel: <span lang="nl">Doorbraakproject 3</span>' in html
    assert "Document: alles-vloeit-folder.md" in html
    assert f"<em>{CITATION}</em>" in html
    assert '<blockquote class="vb-quote" lang="nl">' in html
    assert "<mark>onthardingsmakelaar</mark>" in html
    assert f'href="{NOTE_URL}"' in html and 'rel="noopener"' in html
    assert "\n" not in html, "one line: the Markdown renderer passes it through untouched"


def test_a_card_names_a_staff_document_by_its_own_title() -> None:
    page = Chunk(
        id="w1", document="woonloket.md", recommendation=0, title="Openingsuren",
        section="document", item=None, page=None, text="dinsdag: 13 tot 16 uur",
        document_title="Woonloket Rivierenland",
    )  # fmt: skip
    html = render_answer(answer("Wanneer open?", page), "nl", outline=None, note_url="")
    assert "Hierover staat in Woonloket Rivierenland:" in html
    assert "Document: Woonloket Rivierenland" in html and "woonloket.md" not in html


def test_the_quote_stays_the_notes_exact_words(outline: NoteOutline) -> None:
    rec = outline.recommendation(1)
    assert rec is not None
    for quoted in rec.chunks:
        html = render_answer(answer("kerntaken principes", quoted), "nl", outline=None, note_url="")
        quote = re.search(r'<blockquote class="vb-quote" lang="nl">(.*?)<p class="vb-cite">', html)
        assert quote is not None
        text = re.sub(r"</p><p>", "\n\n", quote.group(1))
        text = re.sub(r"<br>", "\n", text)
        text = re.sub(r"</?(p|mark)>", "", text)
        assert unescape(text) == quoted.text


def unescape(text: str) -> str:
    from html import unescape as html_unescape

    return html_unescape(text)


def test_opening_the_whole_recommendation_in_place(outline: NoteOutline) -> None:
    rec = outline.recommendation(6)
    assert rec is not None
    html = render_answer(answer("ontharding", rec.context[0]), "en", outline=outline, note_url="")
    more = re.search(r'<details class="vb-more"><summary>(.*?)</summary>(.*?)</details>', html)
    assert more is not None
    assert more.group(1) == "Read all of recommendation 6"
    body = more.group(2)
    for heading in ("Context en uitdagingen", *(f"Doorbraakproject {n}" for n in (1, 2, 3))):
        assert f"<h4>{heading}" in body
    assert body.count('class="vb-section vb-current"') == 1
    assert "(quoted above)" in body
    assert "onthardingsmakelaar" in body


def test_document_text_and_questions_are_escaped_never_markup() -> None:
    hostile = chunk(f"Tekst {HOSTILE}\n\nTweede alinea\nmet regel")
    html = render_answer(answer(HOSTILE, hostile), "nl", outline=None, note_url=NOTE_URL)
    assert "<script" not in html and "<img" not in html
    plain = re.sub(r"</?mark>", "", html)  # the question's words are highlighted
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror" in plain
    assert {tag for tag, _ in tags_of(html)} <= {
        "div", "p", "article", "h3", "span", "blockquote", "em", "mark", "br", "a",
    }  # fmt: skip
    assert all(not name.startswith("on") for _, attrs in tags_of(html) for name in attrs)
    question = render_question(f"{HOSTILE}\n*geen* **Markdown**")
    assert question.startswith('<p class="vb-question">&lt;script&gt;')
    assert "<br>*geen* **Markdown**</p>" in question
    assert render_notice("<b>x</b>") == '<p class="vb-notice">&lt;b&gt;x&lt;/b&gt;</p>'


def test_a_link_is_only_made_for_a_web_address() -> None:
    html = render_answer(
        answer("x", chunk("tekst")), "nl", outline=None, note_url="javascript:alert(1)"
    )
    assert "<a " not in html and "javascript" not in html


def test_suggestions_are_buttons_under_the_latest_answer_and_a_list_once_archived() -> None:
    suggestions = (Suggestion(9, "Maak van Rivierenland een klimaatrobuuste regio"),)
    out = answer("Hoe laat opent het zwembad?", suggestions=suggestions)
    latest = render_answer(out, "nl", outline=None, note_url=NOTE_URL)
    assert "De nota 'Alles Vloeit' zegt hier niets over." in unescape(latest)
    assert "Misschien bedoelt u:" in latest
    assert "<li" not in latest and "Kies een onderwerp" in latest
    archived = render_answer(out, "nl", outline=None, note_url=NOTE_URL, archived=True)
    assert (
        '<li lang="nl">Aanbeveling 9: Maak van Rivierenland een klimaatrobuuste regio</li>'
        in archived
    )
    assert "vb-out" in archived and "igemo.be" not in archived


def test_highlighting_matches_stems_and_parts_of_compounds() -> None:
    text = "Fietspaden en een onthardingsmakelaar; de financiën van de UiT-pas."

    def found(question: str) -> list[str]:
        return [text[a:b] for a, b in match_spans(question, text)]

    assert found("Komen er betere fietspaden?") == ["Fietspaden"]
    assert found("Wie is de makelaar?") == ["onthardingsmakelaar"]
    assert found("Hoe zit het met de financien?") == ["financiën"]
    assert found("Wat is de UiTPAS") == ["UiT-pas"]
    assert found("de het een en van") == []
    overlapping = [(2, 3), (0, 1), (1, 4)]
    assert marked_text("a<b c", overlapping) == "<mark>a</mark><mark>&lt;b </mark>c"
    assert paragraphs("a\nb\n\nc") == "<p>a<br>b</p><p>c</p>"


def test_browsing_lists_the_twelve_recommendations_each_whole(outline: NoteOutline) -> None:
    html = render_browse(outline, "nl", NOTE_URL)
    assert html.count('<details class="vb-rec">') == 12
    assert html.count("<h3>Context en uitdagingen") == 12
    assert html.count("<h3>Doorbraakproject 3") == 12
    assert "Aanbeveling 12</span> · <span" in html
    for rec in outline.recommendations:
        assert len(rec.summary) <= 150 and "\n" not in rec.summary
        assert rec.context and len(rec.items) == 3
    assert "De inkomsten van lokale overheden staan onder druk." in html
    assert "nog geladen" in render_browse(None, "nl", NOTE_URL)
