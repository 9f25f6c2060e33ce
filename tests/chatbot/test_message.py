from __future__ import annotations

from chatbot.message import (
    LONG_MESSAGE_WORDS,
    asked_part,
    asks_difference,
    asks_for_projects,
    asks_overview,
    asks_several,
    asks_what_is_done,
    asks_why,
    question_sentences,
    word_count,
)


def test_a_long_message_is_read_by_its_question_sentences() -> None:
    story = "Wij wonen al jaren in Lier en het water staat vaak in de straat. " * 3
    message = story + "Doet de regio daar iets aan? Bedankt alvast."
    assert len(message.split()) > LONG_MESSAGE_WORDS
    assert asked_part(message) == "Doet de regio daar iets aan?"
    assert asked_part("Doet de regio iets aan wateroverlast?") == ""


def test_without_a_question_mark_the_last_sentence_asks() -> None:
    assert question_sentences("Het regent. Vertel iets over water") == "Vertel iets over water"
    assert question_sentences("Water?") == ""  # fewer than two words


def test_a_question_for_projects_asks_for_projects() -> None:
    assert asks_for_projects("Welke doorbraakprojecten zijn er rond klimaat?")
    assert asks_for_projects("Which projects does the note propose on mobility?")
    assert asks_for_projects("Welke klimaatprojecten stelt de nota voor?")
    assert not asks_for_projects("Welke aanbevelingen gaan over klimaat?")
    # the story before the question does not count
    assert not asks_for_projects("Onze projecten in Lier lopen vast. Wat zegt de nota over water?")


def test_a_question_that_joins_subjects_asks_several() -> None:
    assert asks_several("Wat met sport en cultuur?")
    assert asks_several("Zowel hitte als water: doet de regio iets?")
    assert asks_several("fietsen, parkeren, bussen?")
    assert asks_several("staat er elders nog iets over financiering?")
    assert not asks_several("Wat is een onthardingsmakelaar?")
    # the story before the question does not count
    assert not asks_several("Ik woon in Lier en heb een tuin. Komt er hulp bij ontharding?")


def test_a_question_about_what_will_be_done_asks_for_proposals() -> None:
    assert asks_what_is_done("Welke oplossing schuift de nota naar voren?")
    assert asks_what_is_done("de bus rijdt amper, gaan ze daar iets aan doen?")
    assert asks_what_is_done("Komt er een regionale UiT-pas?")
    assert asks_what_is_done("What does the region propose against heat?")
    assert not asks_what_is_done("Waarom is samenwerken nodig?")
    assert not asks_what_is_done("Wat is een onthardingsmakelaar?")
    # a long message is read by its question sentences
    story = "Of gaan ze daar echt iets aan doen, dat weet hier niemand zeker. " * 4
    assert asks_what_is_done(story)
    assert not asks_what_is_done(story + "Waarom vinden ze dat nodig?")


def test_a_question_about_the_whole_document_asks_for_an_overview() -> None:
    for asked in (
        "Waarover gaat die nota eigenlijk?",
        "waar gaat dat document over",
        "What is this document about?",
        "De quoi parle cette note ?",
        "Geef me in een paar zinnen een overzicht van de nota.",
        "In a nutshell, what is the note about?",
        "waarover gaat de tekst, in een notendop?",
        # its question sentence after a greeting or a word about oneself; a title in quotes
        "Dag! Ik woon sinds kort in Bornem. Waarover gaat die nota?",
        "What is the 'Rivierenplan' document about?",
    ):
        assert asks_overview(asked), asked
    # a subject of its own, a part of the note, or no document named: not the whole
    for asked in (
        "Wat zegt de nota over fietsen?",
        "What does this note say about the elderly?",
        "Waarover gaat aanbeveling 4?",
        "Wie heeft de nota geschreven?",
        "Which years does it cover?",
        "waarover gaat dat plan?",
        "Ik las de folder. Wat zegt de nota over fietsen?",
        "Wat zegt de nota over 'ontharding'?",
        # a question sentence that points back asks about the story before it
        "Onze straat loopt elke winter onder water. Staat daar iets over in de nota?",
    ):
        assert not asks_overview(asked), asked


def test_a_question_why_is_read_by_its_question_sentences() -> None:
    assert asks_why("Waarom wil de regio samen aanwerven?")
    assert asks_why("wrm doen ze da eigenlijk")
    assert asks_why("Why would towns share staff?")
    # what something is for asks why it is there
    assert asks_why("Wat is eigenlijk het doel van dat partnerschap?")
    assert asks_why("What is the point of a regional energy manager?")
    assert asks_why("À quoi sert un loket régional ?")
    assert not asks_why("Wat is het partnerschap?")
    # a story that says why, then asks something else
    story = (
        "Ik vroeg me af waarom onze gemeente geen eigen dienst meer heeft, want ik woon hier al "
        "veertig jaar en zag alles veranderen in de dorpskern en de straten rond de kerk. "
        "Welke aanbevelingen gaan over personeel?"
    )
    assert not asks_why(story)
    # not why and something else, nor why of one's own case
    assert not asks_why("Waarom willen ze dat en wie gaat het betalen?")
    assert not asks_why("Waarom moet ik elk jaar opnieuw een aanvraag doen?")
    assert not asks_why("Wat is een subsidiemanager en waarom?")
    assert not asks_why("Waarom is dat zo traag? Staat er iets in om het sneller te maken?")


def test_a_question_how_things_differ_asks_a_difference() -> None:
    assert asks_difference("Wa is 't verschil tss aanbeveling 2 en 5?")
    assert asks_difference("How do recommendations 7 and 9 differ?")
    assert asks_difference("Pouvez-vous comparer les recommandations 1 et 3 ?")
    assert not asks_difference("Wat zeggen aanbeveling 2 en 5 over personeel?")


def test_a_word_count_counts_no_lone_punctuation() -> None:
    assert word_count("Et qui doit prendre l'initiative de tout cela ?") == 8
    assert word_count("wat nog meer ? - !") == 3
    assert word_count("  ") == 0
