from __future__ import annotations

import pytest

from chatbot.language import carried_language, detect_language
from chatbot.lexical import LexicalRanker, Thesaurus, fold, stems, words
from chatbot.references import Reference, find_reference, picks_a_position, picks_a_project
from chatbot.service import THESAURUS


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("aanbeveling 7", Reference(7)),
        ("Aanbeveling twaalf", Reference(12)),
        ("de zevende aanbeveling", Reference(7)),
        ("recommendation 5", Reference(5)),
        ("Quelle est la recommandation 8 ?", Reference(8)),
        ("doorbraakproject 3 van aanbeveling 2", Reference(2, 3)),
        ("Wat is het tweede doorbraakproject van aanbeveling 9?", Reference(9, 2)),
        ("laatste doorbraakproject van aanbeveling 1", Reference(1, -1)),
        ("Geef de context en uitdagingen van aanbeveling 10", Reference(10, context=True)),
        ("welke aanbevelingen zijn er?", Reference(listing=True)),
        ("Hoeveel aanbevelingen telt de nota?", Reference(listing=True)),
        ("How many recommendations does this document contain?", Reference(listing=True)),
        ("Et combien de recommandations y a-t-il ?", Reference(listing=True)),
        ("Mag ik de titels van alle aanbevelingen, aub?", Reference(listing=True)),
        ("What are the titles of the recommendations?", Reference(listing=True)),
        ("en het tweede doorbraakproject?", Reference(item=2)),
        ("wat zegt aanbeveling 9 over hitte?", Reference(9, only=False)),
        ("Wat is het budget van aanbeveling 3 in euro?", Reference(3, only=False)),
        ("the 5th recommendation", Reference(5)),
        # numbers beyond the note's last, and "the last", are read against the served note
        ("aanbeveling 13", Reference(13)),
        ("de laatste aanbeveling", Reference(-1)),
        # a count names no project, and asks nothing beyond the recommendation
        ("de drie doorbraakprojecten van aanbeveling 4", Reference(4)),
        ("de drie doorbraakprojecten van aanbeveling 4 voor fietsers", Reference(4, only=False)),
        ("what are the three breakthrough projects of recommendation 2?", Reference(2)),
        ("quels sont les trois projets de la recommandation 2 ?", Reference(2)),
        ("wat zijn de twaalf aanbevelingen?", Reference(listing=True)),
        # several recommendations named, in the order named
        ("aanbevelingen 10 en 11", Reference(10, others=(11,))),
        ("recommendations 8, 9 and 12", Reference(8, others=(9, 12))),
        ("de zevende aanbeveling versus aanbeveling 3", Reference(7, only=False, others=(3,))),
        ("recommandations 2 et 3", Reference(2, others=(3,))),
        ("aanbeveling 8 en 9 over wonen", Reference(8, only=False, others=(9,))),
        # two numbers written as ordinals name recommendations as a list shows their numbers
        ("hoe verschillen de 7de en de 10de?", Reference(7, only=False, others=(10,))),
        ("de 2de en 3de aanbeveling", Reference(2, others=(3,))),
        ("the 10th and 12th?", Reference(10, others=(12,))),
        # ... not a count, a school grade, or two that may be a recommendation's projects
        ("in de 21ste eeuw", None),
        ("de 1ste en 2de graad", None),
        ("de 2de en de 3de", None),
        # a word for one, a year, a count, a share or an item's number: no other
        ("aanbeveling 8 en een project", Reference(8)),
        ("aanbeveling 5 en 2030", Reference(5)),
        ("aanbeveling 8 met 3 doorbraakprojecten", Reference(8)),
        ("Hoe werkt aanbeveling 2 met 12 gemeenten samen?", Reference(2, only=False)),
        ("aanbeveling 3 en 4,5 miljoen euro", Reference(3, only=False)),
        ("recommendation 11 of 12", Reference(11)),
        ("doorbraakproject 2 van aanbeveling 3 en 4", Reference(3, 2)),
        # a doorbraakproject numbered as the note is cited, and shortened words
        ("8.1", Reference(8, 1)),
        ("doorbraakproject 8.1", Reference(8, 1)),
        ("aanbeveling 12.3?", Reference(12, 3)),
        ("wat zegt 6.3 over ontharding?", Reference(6, 3, only=False)),
        ("aanb. 5", Reference(5)),
        ("Wat staat er in hoofdstuk 3?", Reference(3)),
        ("chapter 5", Reference(5)),
        ("aanbeveling 120", Reference(120)),
    ],
)
def test_explicit_references(question: str, expected: Reference | None) -> None:
    assert find_reference(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "Wat is een onthardingsmakelaar?",
        "12 gezichten",
        "komen er fietspaden?",
        # a cardinal before the word counts recommendations or projects; it names none
        "Hoe beslissen de gemeenten of ze een aanbeveling uitvoeren?",
        "Gaan er twee aanbevelingen over water?",
        # the part it names is where it asks beyond
        "Staat ontharding enkel in aanbeveling 6, of ook elders?",
        "Naast aanbeveling 6, waar staat ontharding nog?",
        "Apart from recommendation 9, where does climate come up?",
        # a dotted number that is an amount, a measure, a date or a version
        "Is de 1.5 graden doelstelling vermeld?",
        "komt er 2.3 miljoen euro voor fietspaden?",
        "op 1.12 begint het",
        "staat dat in versie 2.1 van de nota?",
        "welke hoofdstukken gaan over water?",
        "de aanbevelingen 2025-2030 voor de regio",
    ],
)
def test_questions_without_a_reference(question: str) -> None:
    reference = find_reference(question)
    assert reference is None or (reference.recommendation is None and not reference.listing)


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Wat zegt de nota over fietspaden?", "nl"),
        ("komen er betere fietspaden", "nl"),
        ("What does the note say about housing?", "en"),
        ("Que dit la note sur la mobilité ?", "fr"),
        ("UiTPAS", "nl"),
        # too few common words of the list to tell: the model is sure
        ("When will Lier get a cycle bridge?", "en"),
        ("Où puis-je laisser mes encombrants à Lier ?", "fr"),
        # as many Dutch common words ("de") as French ones
        ("Combien de bornes de recharge à Duffel ?", "fr"),
        # Dutch keywords the model alone reads as English or French
        ("subsidiemanager regio", "nl"),
        ("crèche tekort", "nl"),
        # more Dutch common words than English ones: the model's sure English does not count
        ("Wat is housing first?", "nl"),
    ],
)
def test_language(question: str, language: str) -> None:
    assert detect_language(question) == language


def test_folding_and_words_handle_accents_case_and_hyphens() -> None:
    assert fold("FINANCIËN Geïntegreerd") == "financien geintegreerd"
    assert "uitpas" in words("Rol een bovenlokale UiT-pas uit")
    assert "uitpas" in words("UiTPAS")
    assert stems("fietspaden") == stems("fietspad")


def test_folding_drops_every_combining_mark_and_nothing_else() -> None:
    import unicodedata

    bold = "\U0001d401\U0001d428\U0001d425\U0001d41d"  # "Bold" in mathematical bold
    quoted = "\u2018do\u2019s\u2019"
    text = f"Ça s'écrit ﬁjn: Ångström, naïef, Øresund, straße, {bold}, e\u0301e\u0308, {quoted} €5"
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("\u2019", "'"))
    expected = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    assert fold(text) == expected
    assert fold("Ça Øre naïef") == "ca øre naief"


def test_lexical_scores_equal_bm25s_own_scoring() -> None:
    """The one-pass sum gives bm25s' scores, repeated and unknown tokens included."""
    from chatbot.lexical import _scores, ngrams

    passages = [
        "Werk aan een onthardingsstrategie met hulp van een regionale onthardingsmakelaar.",
        "Rol een bovenlokale UiT-pas uit voor alle inwoners van de regio.",
        "Overweeg een regionaal loket voor kinderopvang en onthard speelplaatsen.",
        "Voorzie in mobiliteitscoaches voor duurzame personenmobiliteit.",
        "",
    ]
    ranker = LexicalRanker(passages)
    index = ranker._gram_index
    for question in [
        "onthardingsmakelaar",
        "regio regio regionaal onthard",
        "zzzz qqqq",
        "mobiliteit voor inwoners, kinderopvang en de uitpas " * 8,
    ]:
        tokens = ngrams(question)
        ours = _scores(index, tokens, len(passages))
        known = index.get_tokens_ids(tokens)  # type: ignore[attr-defined]
        theirs = index.get_scores(tokens) if known else [0.0] * len(passages)  # type: ignore[attr-defined]
        assert ours.dtype.name == "float32"
        assert ours.tolist() == pytest.approx(list(theirs), rel=1e-5, abs=1e-6), question
    assert ranker.ngram_scores("regio")[1] > 0
    assert ranker.ngram_scores("").tolist() == [0.0] * len(passages)


def test_ngrams_find_compounds_spelling_variants_and_typos() -> None:
    passages = [
        "Werk aan een onthardingsstrategie met hulp van een regionale onthardingsmakelaar.",
        "Rol een bovenlokale UiT-pas uit.",
        "Overweeg een regionaal loket voor kinderopvang.",
        "Voorzie in mobiliteitscoaches voor duurzame personenmobiliteit.",
    ]
    ranker = LexicalRanker(passages)
    for question, expected in [
        ("makelaar voor ontharding", 0),
        ("UiTPAS", 1),
        ("uit pas", 1),
        ("kinderopvnag", 2),
        ("mobiliteitscoach", 3),
    ]:
        assert int(ranker.ngram_scores(question).argmax()) == expected, question


def test_thesaurus_expands_only_touched_groups() -> None:
    thesaurus = Thesaurus(
        [["kinderopvang", "crèche", "opvang voor kinderen"], ["files", "opstoppingen"]]
    )
    assert thesaurus.expand("Is er plaats in de creche?") == [
        "kinderopvang",
        "opvang voor kinderen",
    ]
    assert thesaurus.expand("wat met de files") == ["opstoppingen"]
    assert thesaurus.expand("Wat is de hoofdstad van Frankrijk?") == []


def test_chat_words_weigh_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from chatbot import lexical

    assert lexical.words("allee wa gaan ze doen aan al die files, ge staat daar") == ["files"]
    before = lexical.lexical_recipe()
    monkeypatch.setattr(lexical, "_stopwords", lambda: frozenset({"de"}))
    assert lexical.lexical_recipe() != before  # cached scope fits are keyed on it


def test_the_passages_that_have_a_stem() -> None:
    ranker = LexicalRanker(["De onthardingsmakelaar helpt.", "Fietsen in Lier.", "Wij fietsen."])
    (fiets,) = stems("fietsen")
    assert ranker.passages_with_stem(fiets).tolist() == [1, 2]
    assert ranker.passages_with_stem("xyzzy").tolist() == []


def test_a_word_the_passages_use_only_in_compounds_finds_the_compounds() -> None:
    passages = [
        "Investeer in een regionaal gedeelde subsidiemanager.",
        "Een regionale energiemanager coördineert de aanpak.",
        "Fietsen in Lier.",
    ]
    ranker = LexicalRanker(passages)
    (manager,) = stems("managers")
    assert sorted(ranker.compounds(manager)) == sorted(stems("subsidiemanager energiemanager"))
    found = ranker.stem_scores("welke managers?")
    assert found[0] > 0 and found[1] > 0 and found[2] == 0
    # a word the passages also use on its own is found as itself, not in compounds
    alone = LexicalRanker([*passages, "De manager beslist."])
    assert alone.compounds(manager) == []
    assert alone.stem_scores("welke managers?").tolist()[:3] == [0.0, 0.0, 0.0]
    # nor is a short word looked for as a compound's end ("werk" in "netwerk")
    (werk,) = stems("werk")
    assert LexicalRanker(["Een netwerk van besturen."]).compounds(werk) == []


def test_a_question_too_short_to_tell_its_language_goes_on_in_the_conversations() -> None:
    english = ["What does the note say about heat?", "And for older people?"]
    assert carried_language("Who?", english) == "en"
    assert carried_language("Qui ?", ["Que dit la note sur la chaleur ?"]) == "fr"
    assert carried_language("Who wrote it?", english) == "en"
    assert detect_language("Who wrote it?") == "en"  # alone, the model tells
    # a Dutch conversation's follow-up in loanwords stays Dutch (the model alone: English)
    assert carried_language("Housing first?", ["Wat zegt de nota over wonen?"]) == "nl"
    # its own words tell, or nothing before does
    assert carried_language("Wie heeft het geschreven?", english) is None
    assert carried_language("Who?", ["hitte?"]) is None
    assert carried_language("Who?", []) is None


def test_a_word_is_known_to_the_passages_itself_in_another_form_or_as_a_compounds_parts() -> None:
    ranker = LexicalRanker(
        [
            "Het personeel en het beleid.",
            "De tewerkstellingsinitiatieven.",
            "Het UiTloket.",
            "Elk project.",
        ]
    )
    for word in ("beleid", "loket", "personeelsbeleid", "tewerkstellingsproject"):
        (stem,) = stems(word)
        assert ranker.knows(stem), word
    # "personeelsbeleid" of two words the passages use; not a word that only starts like one
    for word in ("brandweer", "politie", "personeelsfeest", "zwembad"):
        (stem,) = stems(word)
        assert not ranker.knows(stem), word


def test_a_stems_other_forms_are_found_in_the_passages() -> None:
    ranker = LexicalRanker(["Zij coördineert het.", "Coördinatie.", "Hij bouwt.", "De bouwshift."])
    # the stemmer leaves "-eert" whole ("cordinert" beside "cordiner")
    assert ranker.forms("cordiner") == ["cordiner", "cordinert"]
    # a stem with more than two letters more is another word: "bouwshift" is no "bouw"
    assert ranker.forms("bouw") == ["bouwt"]
    assert ranker.forms("trek") == []


def test_the_products_thesaurus_expands_no_everyday_word_into_a_subject() -> None:
    """A member whose stem an everyday word shares ("beek" and "bekend" stem to "bek",
    "sloot" and "tot slot" to "slot") pulled the flooding group into any question."""
    thesaurus = Thesaurus.from_file(THESAURUS)
    for everyday in ("Is dat al bekend?", "Tot slot nog een vraag.", "Wie is er bekend?"):
        assert thesaurus.expand(everyday) == []


def test_an_ordinal_after_het_picks_a_project_and_after_de_a_recommendation() -> None:
    for project in ("en het tweede?", "leg het derde eens uit", "En het laatste?"):
        assert picks_a_position(project) and picks_a_project(project)
    for recommendation in ("vertel meer over de tweede", "en het tweede aanbeveling?"):
        assert not picks_a_project(recommendation)
