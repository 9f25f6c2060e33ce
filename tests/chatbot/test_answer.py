from __future__ import annotations

import re

from markdown_it import MarkdownIt

from chatbot.answer import (
    BESIDE_LEADS,
    LEADS,
    Answer,
    Hit,
    IndexInfo,
    Suggestion,
    citation,
    escape_markdown,
    quote_markdown,
    suggestion_label,
)
from indexer.chunking import Chunk, heading


def chunk(text: str, **changes: object) -> Chunk:
    fields: dict[str, object] = {
        "id": "c1",
        "document": "alles-vloeit-folder.md",
        "recommendation": 6,
        "title": "Baseer ruimtelijke realisaties op een regionale visie",
        "section": "doorbraakproject",
        "item": 3,
        "page": None,
        "text": text,
    }
    fields.update(changes)
    return Chunk(**fields)  # type: ignore[arg-type]


def rendered_text(markdown: str) -> str:
    html = MarkdownIt("commonmark").render(markdown)
    text = re.sub(r"<[^>]+>", "", html)
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


def test_citation_names_recommendation_title_and_item() -> None:
    assert citation(chunk("x")) == (
        "Aanbeveling 6 · Baseer ruimtelijke realisaties op een regionale visie · Doorbraakproject 3"
    )
    assert citation(chunk("x", section="context", item=None, page=9)).endswith(
        "· Context en uitdagingen · pagina 9"
    )
    assert citation(chunk("x", recommendation=0, section="voorwoord", item=None)) == "Voorwoord"


def test_a_quote_renders_as_exactly_the_notes_words() -> None:
    tricky = [
        "1. Werk aan een onthardingsstrategie *met* [hulp](x) van <b>een</b> makelaar_x.",
        "# Kop & CO2-uitstoot > 5 | a ~ b `c` \\ d",
        "Eerste alinea.\n\nTweede regel\nmet een harde regeleinde.",
    ]
    for text in tricky:
        markdown = quote_markdown(chunk(text))
        quote = "\n".join(line for line in markdown.split("\n") if not line.startswith("> —"))
        html = MarkdownIt("commonmark").render(quote)
        assert "<b>" not in html and "<em>" not in html and "<a " not in html
        for line in text.split("\n"):
            if line:
                assert line in rendered_text(markdown), (line, markdown)


def test_escaping_only_adds_backslashes_and_entities() -> None:
    text = "Rol een bovenlokale UiT-pas uit (2025-2030): 12 gezichten!"
    assert rendered_text(escape_markdown(text)).strip() == text


def test_a_line_of_digits_and_a_dash_is_left_as_written() -> None:
    # "2025-2030" on a line of its own is no list: the JSON answer shows it without a backslash
    assert escape_markdown("2025-2030") == "2025-2030"
    assert escape_markdown("2025. Een jaar") == "2025\\. Een jaar"  # that one is a list
    assert escape_markdown("- een streepje") == "\\- een streepje"


def test_answer_json_contract() -> None:
    hit = Hit(chunk("Werk aan een onthardingsstrategie."), 0.8312345)
    answer = Answer("Wat is een onthardingsmakelaar?", True, (hit,), IndexInfo("v1", "m"))
    data = answer.to_dict()
    assert data["question"] == "Wat is een onthardingsmakelaar?"
    assert data["in_scope"] is True
    assert data["outcome"] == "answered"
    assert data["answer"].startswith(LEADS["nl"])
    assert data["passages"] == [
        {
            "id": "c1",
            "recommendation": 6,
            "title": "Baseer ruimtelijke realisaties op een regionale visie",
            "section": "doorbraakproject",
            "item": 3,
            "page": None,
            "source": "alles-vloeit-folder.md",
            "source_title": "",
            "text": "Werk aan een onthardingsstrategie.",
            "score": 0.8312,
            "key_sentences": [],
        }
    ]
    assert data["index"] == {"version": "v1", "model": "m"}


def test_each_outcome_has_its_own_lead_and_key_sentences_are_exact_words() -> None:
    text = "Eerst dit. Dan de onthardingsstrategie."
    hit = Hit(chunk(text), 0.5, key=((11, len(text)),))
    info = IndexInfo("v1", "m")
    closest = Answer("Mag ik mijn oprit uitbreken?", False, (hit,), info, outcome="closest")
    assert closest.to_dict()["outcome"] == "closest" and closest.to_dict()["in_scope"] is False
    assert closest.lead.startswith("De nota beantwoordt deze vraag niet rechtstreeks")
    assert closest.to_dict()["passages"][0]["key_sentences"] == [
        {"start": 11, "end": len(text), "text": "Dan de onthardingsstrategie."}
    ]
    refused = Answer("Wat is de hoofdstad?", False, (), info)
    assert refused.result == "not_found" and refused.lead.startswith("De nota 'Alles Vloeit'")
    with_faq = Answer("Wat is de hoofdstad?", False, (), IndexInfo("v1", "m", documents=True))
    assert with_faq.lead == "De nota 'Alles Vloeit' en de andere documenten zeggen hier niets over."
    regional = Answer("Onthardt Putte?", True, (hit,), info, regional=True)
    assert regional.lead == "In de nota staat hierover:"
    assert regional.markdown.endswith(regional.note)
    assert regional.note.startswith("De nota spreekt voor de regio Rivierenland als geheel")


def test_closest_and_a_place_speak_for_the_documents_beside_the_note() -> None:
    page = {"recommendation": 0, "section": "document", "item": None, "document": "loket.md"}
    hours = Hit(
        chunk("Het loket in Lier is open op dinsdag.", id="p", title="Openingsuren", **page), 0.7
    )
    served = IndexInfo("v1", "m", documents=True)
    question = "Is het loket in Lier open?"
    closest = Answer(question, False, (hours,), served, outcome="closest", regional=True)
    assert closest.lead.startswith("De nota en de andere documenten beantwoorden deze vraag niet")
    # the page names Lier: "the note speaks for the region" would not be true of it
    assert closest.note == ""
    note_first = Answer("Onthardt Lier?", True, (Hit(chunk("Ontharden."), 0.5), hours), served,
                        regional=True)  # fmt: skip
    assert note_first.note.startswith("De nota spreekt voor de regio")


def test_the_lead_names_every_source_it_quotes() -> None:
    """A trial's resident read "In de nota staat hierover" above a staff FAQ's entry: the
    lead followed the first passage only."""
    info = IndexInfo("v1", "m", documents=True)
    note = Hit(chunk("Onthardingsmakelaar."), 0.8)
    faq = {"recommendation": 0, "section": "document", "item": None, "document": "faq-tuin.md"}
    entry = Hit(chunk("Ja, tot 500 euro.", id="q", title="Krijg ik een premie?", **faq), 0.7)
    other = Hit(chunk("In het gemeentehuis.", id="q2", title="Waar?", **faq), 0.6)
    question = "Krijg ik iets als ik mijn oprit onthard?"
    for hits in [(note, entry, other), (entry, note)]:
        assert Answer(question, True, hits, info).lead == (
            "Hierover staat in de nota en in faq-tuin.md:"
        )
    english = Answer(question, True, (entry, note), info, language="en")
    assert english.lead == BESIDE_LEADS["en"].format(documents="faq-tuin.md")
    assert Answer(question, True, (entry, other), info).lead == "Hierover staat in faq-tuin.md:"
    assert Answer(question, True, (note,), info).lead == LEADS["nl"]


def test_a_document_with_a_title_of_its_own_is_named_by_it() -> None:
    """A trial's resident read "Hierover staat in woonloket.md" above the page's own
    title, "Woonloket Rivierenland"."""
    page = {"recommendation": 0, "section": "document", "item": None, "document": "woonloket.md"}
    titled = {**page, "document_title": "Woonloket Rivierenland"}
    hours = Hit(chunk("Dinsdag: 13 tot 16 uur.", id="h", title="Openingsuren", **titled), 0.7)
    answer = Answer("Wanneer is het loket open?", True, (hours,), IndexInfo("v1", "m", True))
    assert answer.lead == "Hierover staat in Woonloket Rivierenland:"
    assert answer.to_dict()["passages"][0]["source"] == "woonloket.md"
    assert answer.to_dict()["passages"][0]["source_title"] == "Woonloket Rivierenland"
    suggested = Suggestion(0, "Openingsuren", "woonloket.md", "Woonloket Rivierenland")
    assert suggestion_label(suggested) == "Woonloket Rivierenland: Openingsuren"
    refused = Answer(
        "Wat kost het?", False, (), IndexInfo("v1", "m", True), suggestions=(suggested,)
    )
    assert refused.to_dict()["suggestions"][0]["document_title"] == "Woonloket Rivierenland"
    # the page's introduction stands under the page's own title: named once
    intro = Suggestion(0, "Woonloket Rivierenland", "woonloket.md", "Woonloket Rivierenland")
    assert suggestion_label(intro) == "Woonloket Rivierenland"
    intro_chunk = chunk("Het loket helpt.", id="i", title="Woonloket Rivierenland", **titled)
    assert heading(intro_chunk) == "Woonloket Rivierenland"
    # a title is staff's free text: shown as written, never as markup
    starred = {**page, "document_title": "*Woonloket* [Rivierenland]"}
    marked = Hit(chunk("Dinsdag.", id="s", title="Uren", **starred), 0.7)
    shown = Answer("Wanneer?", True, (marked,), IndexInfo("v1", "m", True)).markdown
    assert shown.startswith("Hierover staat in \\*Woonloket\\* \\[Rivierenland\\]:")
    assert suggestion_label(Suggestion(0, "Openingsuren", "loket.md")) == "loket.md: Openingsuren"


def test_a_list_across_the_note_counts_recommendations_not_the_foreword() -> None:
    info = IndexInfo("v1", "m")
    foreword = Hit(chunk("Beste lezer.", id="f", recommendation=0, section="voorwoord"), 0.9)
    six = Hit(chunk("Onthardingsmakelaar."), 0.8)
    nine = Hit(chunk("Ontharding.", id="n", recommendation=9, item=1), 0.7)
    listed = Answer(
        "Wat zegt de nota over ontharding?", True, (foreword, six, nine), info, across=True
    )
    assert listed.lead == "Dit onderwerp komt terug in 2 aanbevelingen van de nota:"
    # the rest of a recommendation after the list does not count it again
    context = Hit(chunk("Verharding.", id="c", item=None, section="context"), 0.6)
    longer = Answer("Ontharding?", True, (six, nine, context), info, across=True)
    assert longer.lead == "Dit onderwerp komt terug in 2 aanbevelingen van de nota:"


def test_a_list_across_the_note_counts_a_staff_document_apart() -> None:
    info = IndexInfo("v1", "m")
    six = Hit(chunk("Onthardingsmakelaar."), 0.8)
    faq = {"recommendation": 0, "section": "document", "item": None, "document": "faq-regio.md"}
    entry = Hit(chunk("Ja, tot 500 euro.", id="q", title="Krijg ik een premie?", **faq), 0.7)
    other = Hit(chunk("In het gemeentehuis.", id="q2", title="Waar?", **faq), 0.6)
    question = "Wat zegt de nota over ontharding?"
    listed = Answer(question, True, (six, entry, other), info, across=True)
    assert (
        listed.lead
        == "Dit onderwerp komt terug in 1 aanbeveling van de nota en in 1 ander document:"
    )
    english = Answer(question, True, (six, entry), info, language="en", across=True)
    assert english.lead.startswith(
        "This subject comes back in 1 recommendation of the note and in 1 other document"
    )
    only = Answer(question, True, (entry, other), info, across=True)
    assert only.lead == "Dit onderwerp komt terug in 1 document:"


def test_a_missing_recommendation_is_told_with_the_count_in_its_number() -> None:
    info = IndexInfo("v1", "m")
    one = Answer("Wat zegt aanbeveling 2?", False, (), info, outcome="not_found", beyond=(2, 1))
    assert one.lead == "De nota heeft 1 aanbeveling; een aanbeveling 2 staat er niet in."
    french = Answer("Et la 5 ?", False, (), info, language="fr", outcome="not_found", beyond=(5, 4))
    assert french.lead.startswith("La note compte 4 recommandations ; il n'y a pas")


def test_the_sentences_that_answer_are_in_bold_in_the_quote() -> None:
    text = "Eerste alinea.\n\nHet gebeurt *snel*. Tegen 2050 is het klaar. Daarna niet."
    start = text.index("Tegen")
    key = ((start, start + len("Tegen 2050 is het klaar.")),)
    passage = chunk(text)
    html = MarkdownIt("commonmark").render(quote_markdown(passage, key))
    assert re.findall(r"<strong>(.*?)</strong>", html) == ["Tegen 2050 is het klaar."]
    answer = Answer("wanneer?", True, (Hit(passage, 1.0, key),), IndexInfo("v1", "m"))
    assert "**Tegen 2050 is het klaar.**" in answer.markdown
    assert "<strong>" not in MarkdownIt("commonmark").render(quote_markdown(passage))


def test_a_shorter_answer_says_in_a_sentence_how_many_quotes_it_left_out() -> None:
    hit = Hit(chunk("Ontharden."), 0.5)
    info = IndexInfo("v1", "m")
    one = Answer("korter?", True, (hit,), info, left_out=1)
    assert one.note.endswith(" 1 citaat uit het vorige antwoord is weggelaten.")
    two = Answer("shorter?", True, (hit,), info, language="en", left_out=2)
    assert two.note.endswith(" 2 quotes of the previous answer were left out.")
    assert two.markdown.endswith(two.note)
