from __future__ import annotations

import re

from chatbot.asked import COUNT_STATED, COUNTED, PERIOD_STATED, YEAR_STATED
from chatbot.evidence import PUBLISHED
from chatbot.lexical import LexicalRanker
from chatbot.sentences import KeySentences, sentence_spans
from indexer.chunking import Chunk


def passage(id_: str, text: str) -> Chunk:
    return Chunk(id_, "nota.md", 8, "Energie", "context", None, None, text)


ENERGY = passage(
    "e",
    "Lokale besturen spelen een rol. Europa wil tegen 2050 klimaatneutraal zijn. "
    "De bouwshift komt er tegen 2040.",
)
OTHER = passage("o", "Gebouwen en besturen werken samen aan de bouwshift in de regio.")
KEY = KeySentences([ENERGY, OTHER])


FOREWORD = passage(
    "f", "Deze samenwerking van meer dan 200 gemeentelijke beleidsmedewerkers is uniek."
)
COLOPHON = passage("c", "Een samenwerking van beleidsmedewerkers uit 12 besturen.")
MUNICIPAL = passage("m", "Het gemeentelijk patrimonium wordt gerenoveerd.")
MADE_BY = KeySentences([FOREWORD, COLOPHON, MUNICIPAL])


def test_a_year_beside_a_word_only_that_passage_has_is_stated() -> None:
    assert KEY.states_with_own_word(ENERGY, "Tegen welk jaar klimaatneutraal?", YEAR_STATED)


def test_a_word_other_passages_have_or_the_year_itself_states_nothing() -> None:
    # "bouwshift" is in both passages; "2040" would find itself
    assert not KEY.states_with_own_word(ENERGY, "Wanneer de bouwshift?", YEAR_STATED)
    assert not KEY.states_with_own_word(ENERGY, "Wat gebeurt er in 2040?", YEAR_STATED)


def test_the_own_word_must_stand_in_the_sentence_that_states_the_year() -> None:
    # "rol" is only in the energy passage, but in a sentence without a year
    assert not KEY.states_with_own_word(ENERGY, "Welke rol, in welk jaar?", YEAR_STATED)


def test_words_that_together_only_one_passage_has_state_its_count() -> None:
    # each word stands in two passages; both together only in the foreword
    question = "Hoeveel gemeentelijke beleidsmedewerkers werkten mee?"
    assert MADE_BY.states_with_own_word(FOREWORD, question, COUNT_STATED)
    assert not MADE_BY.states_with_own_word(COLOPHON, question, COUNT_STATED)
    assert not MADE_BY.states_with_own_word(FOREWORD, "Hoeveel beleidsmedewerkers?", COUNT_STATED)


def test_a_staff_sections_heading_says_what_each_of_its_sentences_is_about() -> None:
    def section(id_: str, heading: str, text: str) -> Chunk:
        return Chunk(id_, "pagina.html", 0, heading, "document", None, None, text, 1, 1, "X")

    evenings = section("i", "Infoavonden", "Donderdag 13 november 2025 om 19.30 u in zaal De Kern.")
    desk = section("w", "Woonloket", "Open op dinsdag 14 november. Kom gerust langs.")
    key = KeySentences([evenings, desk, ENERGY])
    question = "Wanneer is de infoavond?"
    stated = re.compile(r"\bnovember\b")
    assert key.states_with_own_word(evenings, question, stated)
    assert not key.states_with_own_word(desk, question, stated)
    # the note's passages are headed by their recommendation's title, which says no more
    # of one sentence than of another
    note = Chunk("n", "nota.md", 8, "Infoavonden", "context", None, None, "In november 2025.")
    assert not KeySentences([note, desk]).states_with_own_word(note, question, stated)
    # a question heading's words ask: "kost" does not make its entry state any price
    price = re.compile(r"euro")
    entry = section("k", "Hoeveel kost een begraving?", "Reken op 500 euro.")
    asked = "Hoeveel kost een crematie?"
    assert not KeySentences([entry, desk]).states_with_own_word(entry, asked, price)


def test_a_share_states_a_count() -> None:
    assert COUNT_STATED.search("bijna de helft van de vlamingen")
    assert COUNT_STATED.search("40 % van de woningen")
    assert not COUNT_STATED.search("de helpende hand")


def test_the_table_of_contents_has_no_key_sentences() -> None:
    contents = Chunk("i", "nota.md", 0, "Inhoud", "inhoud", None, None, "Energie\nKlimaat\nWonen")
    assert KeySentences([contents, ENERGY]).spans(contents, "Wat over energie?") == ()
    assert KeySentences([ENERGY, OTHER]).spans(ENERGY, "Wanneer klimaatneutraal?") != ()


COLOPHON_LINES = Chunk(
    "col", "nota.md", 0, "Colofon", "colofon", None, None,
    "'Alles Vloeit' - Regionale inspiratienota\nUitgave: 2023 - VU: IGEMO, Schoutetstraat 2 "
    "2800 Mechelen\nDeze folder is een samenvatting.\nLees de hele nota op de website.",
)  # fmt: skip
FOREWORD_SENTENCES = passage(
    "fw",
    "Een inspiratienota brengt uitdagingen in kaart. Deze unieke samenwerking van meer dan 200 "
    "gemeentelijke beleidsmedewerkers verwijst naar de VN-doelen. De nota geldt voor de "
    "volgende legislatuur (2025-2030) en verder.",
)
FACTS = KeySentences([COLOPHON_LINES, FOREWORD_SENTENCES, ENERGY, OTHER])


def marked(chunk: Chunk, question: str, stating: re.Pattern[str] | None) -> list[str]:
    return [chunk.text[start:end] for start, end in FACTS.spans(chunk, question, stating)]


def test_the_sentence_that_states_the_fact_asked_for_is_marked_whatever_its_words() -> None:
    asked = "Wie is de verantwoordelijke uitgever van de folder?"
    assert marked(COLOPHON_LINES, asked, None) == ["Deze folder is een samenvatting."]
    assert marked(COLOPHON_LINES, asked, PUBLISHED)[0].startswith("Uitgave: 2023 - VU: IGEMO")
    # a count that is not a year, though the sentence with the year has the question's "nota"
    counted = marked(FOREWORD_SENTENCES, "Hoeveel ambtenaren schreven aan de nota?", COUNTED)
    assert counted[0].startswith("Deze unieke samenwerking van meer dan 200")
    period = marked(FOREWORD_SENTENCES, "Voor welke legislatuur is de nota?", PERIOD_STATED)
    assert period == [FOREWORD_SENTENCES.text[FOREWORD_SENTENCES.text.index("De nota geldt") :]]
    # nothing states it: the question's words decide, as without
    assert marked(ENERGY, "Wat doen de lokale besturen?", PUBLISHED) == marked(
        ENERGY, "Wat doen de lokale besturen?", None
    )


def test_hours_listed_day_by_day_are_marked_under_the_line_that_names_what_is_asked() -> None:
    """Trial 35's page: "Wanneer is het woonloket in Lier open?" marked Mechelen's Monday,
    the first line with hours, though Lier's stood below "Lier, Kolveniersvest 5"."""
    hours = Chunk(
        "h", "loket.md", 0, "Openingsuren", "document", None, None,
        "Mechelen, Merodestraat 12\n\nmaandag: 9 tot 12 uur\n\nLier, Kolveniersvest 5\n\n"
        "dinsdag: 13 tot 16 uur",
    )  # fmt: skip
    sentences = KeySentences([hours, ENERGY, OTHER])
    opening = re.compile(r"\d{1,2} tot \d{1,2} uur")

    def marks(question: str) -> list[str]:
        return [hours.text[a:b] for a, b in sentences.spans(hours, question, opening)]

    assert marks("Wanneer is het loket in Lier open?") == [
        "Lier, Kolveniersvest 5",
        "dinsdag: 13 tot 16 uur",
    ]
    assert marks("Wanneer is het loket in Mechelen open?") == [
        "Mechelen, Merodestraat 12",
        "maandag: 9 tot 12 uur",
    ]
    # nothing names what is asked: the first hours, as before
    assert marks("Wanneer is het loket open?") == ["maandag: 9 tot 12 uur"]


def test_a_passage_of_one_sentence_is_marked_whole_when_it_answers() -> None:
    """Trial 35: "Hoeveel veerponten ...?" quoted the one-sentence project that says "de 6
    veerponten" unmarked, while the padding after it was bold."""
    assert KEY.spans(OTHER, "Wat is de bouwshift?") == ((0, len(OTHER.text)),)
    assert KEY.spans(OTHER, "Wat is een onthardingsmakelaar?") == ()


COORDINATED = passage(
    "k",
    "Gemeenten kopen samen energie aan. Een regionale energiemanager coördineert de ambities.",
)


FILLERS = [passage(f"x{n}", f"Een ander onderwerp, nummer {n}.") for n in range(4)]


def test_a_form_most_passages_have_marks_nothing() -> None:
    # "regionaal" stands in most passages: reaching it from "region" says nothing
    regional = [passage(f"r{n}", f"Een regionale aanpak, deel {n}. Iets anders.") for n in range(4)]
    texts = [*regional, OTHER]
    forms = LexicalRanker([c.text for c in texts]).forms
    assert KeySentences(texts, forms).spans(regional[0], "What about the region?") == ()


def test_a_verb_the_stemmer_leaves_another_stem_marks_its_sentence_through_its_forms() -> None:
    # "coördineren" stems to "cordiner", "coördineert" to "cordinert": only their forms in
    # the served text tie the question to the sentence that answers it
    texts = [COORDINATED, OTHER, *FILLERS]
    forms = LexicalRanker([c.text for c in texts]).forms
    question = "Wie moet dat coördineren?"
    coordinates = COORDINATED.text.index("Een regionale")
    assert KeySentences(texts).spans(COORDINATED, question) == ()
    assert KeySentences(texts, forms).spans(COORDINATED, question) == (
        (coordinates, len(COORDINATED.text)),
    )


def test_a_short_stem_is_not_read_in_other_forms() -> None:
    # "best" would reach "besturen": a word the question does not ask about
    governed = passage("b", "Zo werkt het. De besturen werken samen.")
    texts = [governed, OTHER]
    forms = LexicalRanker([c.text for c in texts]).forms
    assert KeySentences(texts, forms).spans(governed, "Wat is de beste aanpak?") == ()


def test_a_compound_marks_the_sentence_with_its_tail_and_a_tail_the_one_with_the_compound() -> None:
    """ "rapport" marks the sentence with "adviesrapport", and "huisbezoek" the one with
    "bezoek": Dutch writes a compound as one word (trial 48, B10 marked the visit's length
    and price instead of when the report comes)."""
    advice = passage(
        "a",
        "Het huisbezoek duurt ongeveer anderhalf uur. "
        "Binnen drie weken na het bezoek ontvangt u een schriftelijk adviesrapport. "
        "Het huisbezoek kost 50 euro. Zet een kan water klaar.",
    )
    # other forms count when few passages have them: the advice is one of several
    others = [passage(f"p{n}", f"Passage {n} over iets anders.") for n in range(5)]
    sentences = KeySentences([advice, ENERGY, OTHER, *others])
    (report,) = sentences.spans(advice, "Wanneer krijg ik het rapport?")
    assert advice.text[slice(*report)].startswith("Binnen drie weken")
    spans = sentences.spans(advice, "Hoelang moet ik wachten op het rapport na het huisbezoek?")
    assert any(advice.text[slice(*span)].startswith("Binnen drie weken") for span in spans)
    # only by the tail of the compound asked: "bezoek" of "energiebezoek"
    (visit,) = sentences.spans(advice, "Wat volgt er op een energiebezoek?")
    assert advice.text[slice(*visit)].startswith("Binnen drie weken")
    # a tail shorter than COMPOUND_PART letters ("uur" of "kantooruur", "water" of
    # "afvalwater") marks nothing
    assert sentences.spans(advice, "Wat zijn de kantooruren?") == ()
    assert sentences.spans(advice, "Hoe zit het met het afvalwater?") == ()


def test_a_year_is_marked_where_the_sentence_beside_it_names_what_it_is_the_year_of() -> None:
    """Trial 50, F03: "Tegen welk jaar wil Europa geen CO2 meer uitstoten?" marked the
    bouwshift's 2040, the year below the CO2 sentence, not the 2050 above it that answers."""
    climate = passage(
        "k",
        "Lokale besturen hebben een sleutelrol in de Europese ambitie om tegen 2050 "
        "klimaatneutraal te zijn. Het verlagen van de CO2-uitstoot is een pijler. De "
        "toekomst brengt uitdagingen: er is de bouwshift tegen 2040.",
    )
    key = KeySentences([climate, OTHER])
    asked = "Tegen welk jaar wil men geen CO2-uitstoot meer?"
    first, _ = key.spans(climate, asked, YEAR_STATED)
    assert climate.text[slice(*first)].endswith("tegen 2050 klimaatneutraal te zijn.")


def test_a_line_broken_after_a_comma_goes_on_with_the_same_sentence() -> None:
    text = "Locatie: zaal De Kroon,\nStationsstraat 28, 2570 Duffel\nInschrijven is gratis."
    sentences = [text[start:end] for start, end in sentence_spans(text)]
    assert sentences == [
        "Locatie: zaal De Kroon,\nStationsstraat 28, 2570 Duffel",
        "Inschrijven is gratis.",
    ]
