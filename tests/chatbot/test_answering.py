from __future__ import annotations

from pathlib import Path

import pytest

from chatbot.answer import ACROSS_LEADS, LEADS, MAYBE
from chatbot.answering import NOTE_SAYS
from chatbot.choosing import RELATIVE_CUTOFF
from chatbot.lexical import fold, words
from chatbot.scope import ScopeModel
from chatbot.service import Chatbot
from indexer.build import BuildReport, build_index
from indexer.settings import Settings, get_settings
from tests.fakes import HashingEmbedder

ALWAYS = ScopeModel(weights=(0.0, 0.0, 0.0), bias=1.0)
NEVER = ScopeModel(weights=(0.0, 0.0, 0.0), bias=-1.0)
UNSURE = ScopeModel(weights=(0.0, 0.0, 0.0), bias=0.0, threshold=0.4, answer_threshold=0.6)


@pytest.fixture
def bot(built: BuildReport, settings: Settings, embedder: HashingEmbedder) -> Chatbot:
    return Chatbot(settings, embedder, ALWAYS)


def places(
    bot: Chatbot, question: str, history: tuple[str, ...] = ()
) -> list[tuple[int, int | None]]:
    return [(h.chunk.recommendation, h.chunk.item) for h in bot.ask(question, history).hits]


def test_a_recommendation_by_number_gives_its_context_and_doorbraakprojecten(bot: Chatbot) -> None:
    assert places(bot, "aanbeveling 7") == [(7, None), (7, 1), (7, 2), (7, 3)]
    assert places(bot, "Recommendation twelve") == [(12, None), (12, 1), (12, 2), (12, 3)]


def test_several_recommendations_by_number_give_each_one(bot: Chatbot) -> None:
    assert places(bot, "aanbevelingen 3 en 7") == [
        *[(3, item) for item in (None, 1, 2, 3)],
        *[(7, item) for item in (None, 1, 2, 3)],
    ]
    # a question about them quotes the best passage of each, in the order named
    named = "Wat is het verschil tussen aanbeveling 10 en aanbeveling 9 over hitte?"
    assert [r for r, _ in places(bot, named)] == [10, 9]
    # after a list, as ordinals of the numbers the list shows
    listed = bot.answerer.answer(
        "hoe verschillen de 8ste en de 9de?", ["som de aanbevelingen over water op"]
    )
    assert listed.outcome == "answered"
    assert [hit.chunk.recommendation for hit in listed.hits] == [8, 9]
    # only those the served note has, each once, "de laatste" read as its last
    beyond = bot.answerer.resolve("What is the difference between recommendation 9 and 14?")
    assert beyond.reference is not None and beyond.reference.others == ()
    last = bot.answerer.resolve("Is de laatste aanbeveling de 12de aanbeveling?").reference
    assert last is not None and (last.recommendation, last.others) == (12, ())
    assert places(bot, "Is de laatste aanbeveling de 12de aanbeveling?") == places(
        bot, "aanbeveling 12"
    )


def test_an_item_by_number(bot: Chatbot) -> None:
    assert places(bot, "doorbraakproject 3 van aanbeveling 6") == [(6, 3)]
    assert places(bot, "het laatste doorbraakproject van aanbeveling 2") == [(2, 3)]
    assert places(bot, "context van aanbeveling 4") == [(4, None)]
    # numbered as council notes cite them
    assert places(bot, "12.3") == [(12, 3)]
    assert places(bot, "geef me project 3.2") == [(3, 2)]
    assert places(bot, "aanbeveling 12.3") == [(12, 3)]
    assert places(bot, "hfdst 7") == places(bot, "aanbeveling 7")


def test_a_message_without_a_word_quotes_nothing(bot: Chatbot) -> None:
    for message in ("...", "\u200b", "😀 🚲"):
        answer = bot.ask(message)
        assert (answer.outcome, answer.hits) == ("not_found", ())


def test_the_list_of_recommendations(bot: Chatbot) -> None:
    listed = bot.ask("Welke aanbevelingen zijn er?")
    (hit,) = listed.hits
    assert hit.chunk.section == "inhoud"
    assert hit.chunk.text.count("Aanbeveling") == 12
    # how many there are, in the answer's own words, counted in the served note
    assert listed.lead == "De nota heeft 12 aanbevelingen:"
    assert bot.ask("How many recommendations are there?").lead.startswith("The note has 12 ")
    # in a few words, and after another question: still the list, not the last answer shorter
    before = ("Wat zegt aanbeveling 7?",)
    for asked in (
        "Oké. Welke aanbevelingen zijn er eigenlijk, in het kort?",
        "What are the recommendations?",
    ):
        (hit,) = bot.ask(asked, before).hits
        assert hit.chunk.section == "inhoud", asked


def test_what_the_whole_document_is_about_is_its_foreword_and_contents(
    built: BuildReport, settings: Settings, embedder: HashingEmbedder
) -> None:
    unsure = Chatbot(settings, embedder, UNSURE)
    for asked in (
        "Waarover gaat die nota?",
        "What is this document about?",
        # after a greeting, in "waar ... over" (not "where"), by the title in quotes
        "Goedemiddag! waar gaat die tekst over",
        "Dag, ik woon sinds kort in Berlaar. What is the 'Rivierenplan' note about?",
    ):
        answer = unsure.ask(asked)
        assert answer.outcome == "answered", asked
        assert [h.chunk.section for h in answer.hits] == ["voorwoord", "inhoud"], asked
    # with a subject of its own, it is that subject's passages
    assert unsure.ask("Wat zegt de nota over ontharding?").hits[0].chunk.recommendation > 0


def test_a_reference_with_a_subject_searches_within_that_recommendation(bot: Chatbot) -> None:
    assert {r for r, _ in places(bot, "Wat zegt aanbeveling 9 over noodplanning?")} == {9}
    assert places(bot, "Wat zegt aanbeveling 9 over noodplanning?")[0] == (9, 2)


def test_a_named_item_comes_first_when_the_question_says_more(bot: Chatbot) -> None:
    # noodplanning is 9.2's subject; the question names 9.1 and asks about it
    first = "Wat zegt het eerste doorbraakproject van aanbeveling 9 over noodplanning?"
    assert places(bot, first)[0] == (9, 1)
    assert places(bot, "Wat zegt de context van aanbeveling 9 over noodplanning?")[0] == (9, None)


def test_a_fragment_is_read_with_the_question_before_it(
    built: BuildReport, settings: Settings, embedder: HashingEmbedder
) -> None:
    unsure = Chatbot(settings, embedder, UNSURE).answerer
    before = "Wie heeft die nota gemaakt?"
    fragment = unsure.resolve("Met hoeveel mensen?", [before])
    assert fragment.leaning and before in fragment.search
    # nothing but the words that ask: "how many?" of what was just asked about
    for asking in ("hoeveel zijn het er?", "How many are there?", "wanneer dan?"):
        fragment = unsure.resolve(asking, [before])
        assert fragment.leaning and before in fragment.search
    # a preposition without a question word starts a question of its own
    assert not unsure.resolve("Met de fiets naar school?", [before]).leaning


def test_a_follow_up_that_stands_for_the_subject_is_read_with_it(bot: Chatbot) -> None:
    """A short follow-up whose words stand for what was asked ("daarin", "ze") leans on the
    question before it even when the note answers its own words; one that names a thing few
    passages name asks about that thing."""
    answerer = bot.answerer  # ALWAYS: every question is answered on its own words
    before = "Wat zegt de nota over sociaal beleid?"
    pointing = (
        "En welke rol krijgt de gemeente daarin?",
        "en voor wie is ze bedoeld?",
        "en voor wie is die bedoeld?",
        "en waar gaat dat door?",
        "en wie heeft eraan meegewerkt?",
    )
    for follow_up in pointing:
        turn = answerer.resolve(follow_up, [before])
        assert turn.leaning and before in turn.search, follow_up
    for own in ("en erfgoed, staat daar iets over?", "en die uitpas waar ze het over hebben?"):
        assert not answerer.resolve(own, [before]).leaning, own


def test_a_follow_up_about_the_note_after_a_question_about_the_note_is_read_alone(
    settings: Settings, built: BuildReport, embedder: HashingEmbedder
) -> None:
    """Its "eraan" is the note itself: the question before it would only add the colophon's
    words (trial 66, B6.2), even when the model does not answer the follow-up alone. Only
    how the note was made asked after how it was made: not of a part it names."""
    refusing = Chatbot(settings, embedder, NEVER).answerer
    before = "Wie heeft Alles Vloeit uitgegeven?"
    turn = refusing.resolve("en hoeveel ambtenaren hebben eraan meegewerkt?", [before])
    assert not turn.leaning and before not in turn.search
    # who signed the foreword is asked of the foreword (dev_trial55, B7.2)
    foreword = "Wat staat er in het voorwoord?"
    assert refusing.resolve("wie heeft het ondertekend?", [foreword]).leaning


def test_a_follow_up_that_leans_on_a_question_the_note_does_not_answer_is_not_found(
    settings: Settings, built: BuildReport, embedder: HashingEmbedder
) -> None:
    """A leaning follow-up is at most "closest" of a subject the note speaks of; after a
    question the note does not answer, "en waar gaat dat door?" asks no more of it (trial 66,
    B7.2)."""
    refusing = Chatbot(settings, embedder, NEVER)
    before = ("Wie is de burgemeester van Lier?",)
    assert refusing.ask(before[0]).outcome == "not_found"
    follow_up = refusing.ask("en waar gaat dat door?", before)
    assert follow_up.outcome == "not_found" and follow_up.hits == ()
    unsure = Chatbot(settings, embedder, UNSURE)  # a subject the note does speak of
    assert unsure.ask("en waar gaat dat door?", ("Wat zegt de nota over ontharding?",)).hits


def test_follow_up_on_an_item_uses_the_previous_subject(bot: Chatbot) -> None:
    history = ("Wat is een onthardingsmakelaar?",)
    assert places(bot, "Wat is een onthardingsmakelaar?")[0] == (6, 3)
    assert places(bot, "en het tweede doorbraakproject?", history) == [(6, 2)]
    assert places(bot, "En doorbraakproject 1?", ("aanbeveling 5",)) == [(5, 1)]
    # after several recommendations named, of each of them
    assert places(bot, "en het tweede project?", ("aanbevelingen 3 en 7",)) == [(3, 2), (7, 2)]
    assert places(bot, "het laatste project daarvan?", ("aanbeveling 9 en 4",)) == [(9, 3), (4, 3)]


def test_the_projects_of_what_was_just_said_are_its_recommendations(bot: Chatbot) -> None:
    """ "hoeveel doorbraakprojecten zijn er daarvoor?" after a subject counts the projects of
    the recommendation its answer was about, not every passage that names projects: its
    projects, then its context."""
    history = ("Wat is een onthardingsmakelaar?",)
    whole = [(6, 1), (6, 2), (6, 3), (6, None)]
    assert places(bot, "hoeveel doorbraakprojecten zijn er daarvoor?", history) == whole
    assert places(bot, "welke projecten horen daarbij?", history) == whole
    # a subject of its own is searched across the note
    own = bot.answerer.resolve("welke projecten gaan over de jeugd?", history)
    assert own.reference is None


def test_why_after_an_answer_quotes_the_context_of_its_recommendation(bot: Chatbot) -> None:
    """A recommendation's "Context en uitdagingen" says why; a why with a place of its own
    is a question of its own."""
    history = ("Wat is een onthardingsmakelaar?",)
    assert places(bot, "waarom is dat nodig?", history) == [(6, None)]
    assert places(bot, "Why?", history) == [(6, None)]
    assert places(bot, "waarom ligt dat fietspad in Lier er nog niet?", history) != [(6, None)]
    # "het" and "die" are articles here, not pointing back
    assert places(bot, "Waarom is het zwembad dicht?", history) != [(6, None)]
    assert places(bot, "Waarom is die nota gemaakt?", history) != [(6, None)]


def test_what_is_proposed_after_an_answer_quotes_its_recommendations_projects(
    bot: Chatbot,
) -> None:
    """The doorbraakprojecten say what the note proposes: those of the recommendation the
    previous answer quoted first, not yet quoted, its context last."""
    asked = "Wat is een onthardingsmakelaar?"
    before = places(bot, asked)
    proposed = places(bot, "hoe willen ze dat oplossen?", (asked,))
    assert proposed and {r for r, _ in proposed} == {before[0][0]}
    assert not set(proposed) & set(before)
    items = [item for _, item in proposed]
    assert items == sorted(items, key=lambda item: item is None)
    # with a subject of its own it is a question of its own
    own = places(bot, "en wat willen ze doen aan de fietspaden?", (asked,))
    assert own != proposed


def test_what_else_continues_with_the_next_passages(bot: Chatbot) -> None:
    first = {h.chunk.id for h in bot.ask("regionale samenwerking kerntaken").hits}
    more = {
        h.chunk.id for h in bot.ask("wat nog meer?", ("regionale samenwerking kerntaken",)).hits
    }
    assert more and not first & more


def test_a_new_topic_starts_fresh(bot: Chatbot) -> None:
    history = ("Wat is een onthardingsmakelaar?",)
    assert places(bot, "Wat is de bovenlokale UiT-pas?", history)[0] == (5, 2)


def test_english_and_french_questions_get_their_framing_but_dutch_quotes(bot: Chatbot) -> None:
    english = bot.ask("What is the onthardingsmakelaar?")
    assert english.language == "en"
    assert english.markdown.startswith(LEADS["en"])
    assert "onthardingsmakelaar" in english.hits[0].chunk.text
    french = bot.ask("Que dit la note sur la UiT-pas ?")
    # one passage or a list across recommendations, as the fake embedder ranks them: either
    # way it is introduced in French
    lead = ACROSS_LEADS["fr"].split("{")[0] if french.across else LEADS["fr"]
    assert french.language == "fr" and french.markdown.startswith(lead)


def test_out_of_scope_says_so_and_suggests_recommendations(
    built: BuildReport, settings: Settings, embedder: HashingEmbedder
) -> None:
    answer = Chatbot(settings, embedder, NEVER).ask("Wanneer is het containerpark open?")
    assert not answer.in_scope
    assert answer.hits == ()
    assert 1 <= len(answer.suggestions) <= 3
    assert len({s.recommendation for s in answer.suggestions}) == len(answer.suggestions)
    assert all(1 <= s.recommendation <= 12 for s in answer.suggestions)
    assert "zegt hier niets over" in answer.markdown
    assert MAYBE["nl"] in answer.markdown
    data = answer.to_dict()
    assert data["suggestions"][0]["recommendation"] == answer.suggestions[0].recommendation


def test_only_passages_close_to_the_best_are_quoted(bot: Chatbot) -> None:
    answer = bot.ask("onthardingsmakelaar")
    assert 1 <= len(answer.hits) <= 3
    assert all(h.score >= RELATIVE_CUTOFF * answer.hits[0].score for h in answer.hits)


def test_a_number_after_the_list_means_that_recommendation(bot: Chatbot) -> None:
    listed = ("Welke aanbevelingen zijn er?",)
    assert places(bot, "Vertel meer over nummer 11", listed) == [
        (11, None),
        (11, 1),
        (11, 2),
        (11, 3),
    ]
    then = (*listed, "Vertel meer over nummer 11")
    assert places(bot, "en het derde project daarvan?", then) == [(11, 3)]
    assert places(bot, "en het tweede?", ("aanbeveling 4",)) == [(4, 2)]


def test_a_small_number_after_the_one_recommendation_asked_for_is_its_project(
    bot: Chatbot,
) -> None:
    """A question for "the" recommendation ("Welke aanbeveling gaat over ...?") asks for a
    list and one answers it: "en nummer 2?" is that recommendation's second project, not
    recommendation 2; after a list of several, a number still names a recommendation."""
    for asked, recommendation in [
        ("Welke aanbeveling gaat over de gemeentefinanciën?", 2),
        ("Welke aanbeveling gaat over jeugd?", 12),
    ]:
        assert {r for r, _ in places(bot, asked)} == {recommendation}
        assert places(bot, "en nummer 2?", (asked,)) == [(recommendation, 2)]
    assert {r for r, _ in places(bot, "nummer 3", ("Welke aanbevelingen zijn er?",))} == {3}


def test_a_number_above_three_means_that_recommendation_after_any_answer(bot: Chatbot) -> None:
    topic = ("Wat zegt de nota over armoede?",)
    assert {r for r, _ in places(bot, "Vertel meer over nummer 10", topic)} == {10}
    assert bot.answerer.resolve("nummer 13", topic).reference is None  # there is none


def test_who_does_it_is_asked_of_the_previous_subject(bot: Chatbot) -> None:
    """``chatbot.turns.who_does_it`` reads the words; here, the subject it goes on with."""
    energy = ("Wat zegt de nota over energie besparen?",)
    assert places(bot, "en wie gaat da allemaal coördineren?", energy)[0][0] == 8
    # who made the note is no such follow-up
    assert places(bot, "en wie heeft dit allemaal opgesteld?", energy)[0][0] != 8
    # "daarbij", "daarvoor": the same pointing back
    assert places(bot, "en wie helpt de gemeenten daarbij?", energy)[0][0] == 8


def test_who_does_it_after_a_project_is_the_project_that_says_who(bot: Chatbot) -> None:
    """Trials 34 and 35: "wie moet dat coördineren?" after the second energy project quoted
    that project again; the third says "Een regionale energiemanager coördineert ..."."""
    project = ("Wat staat er in de nota over energie?", "en het tweede project?")
    assert places(bot, "wie moet dat allemaal coördineren?", project)[0] == (8, 3)
    topic = ("Wat zegt de nota over het renoveren van woningen?",)
    answer = bot.ask("en wie moet dat coördineren?", topic)
    assert not answer.across and (
        answer.hits[0].chunk.recommendation,
        answer.hits[0].chunk.item,
    ) == (8, 3)
    # no passage of the subject says it in those words: the project asked about stays
    children = ("wat doet de regio voor kinderen en jongeren?", "en het tweede project?")
    assert places(bot, "wie moet dat trekken?", children)[0] == (12, 2)


def test_who_does_it_after_an_audience_asks_of_the_conversations_subject(bot: Chatbot) -> None:
    """Trial 53, B5.3: after "en voor gewone huiseigenaars?" (answered on its own words),
    "wie coördineert dat dan?" was asked of the homeowners alone, and the regional
    subsidiemanager came first; the energy the conversation is about comes along now."""
    history = ("Wat wil de nota doen rond energie?", "en voor gewone huiseigenaars?")
    assert bot.answerer.resolve(history[1], history[:1]).search == history[1]
    turn = bot.answerer.resolve("wie coördineert dat dan?", history)
    assert turn.search.startswith(f"{history[0]} {history[1]}") and turn.doing
    # a follow-up with a subject of its own goes on from it alone (the review: "en hoe zit
    # het met de kinderopvang?" was asked of energy)
    for changed in ("Wat zegt de nota over samen renoveren?", "En hoe zit het met de opvang?"):
        own = ("Wat wil de nota doen rond energie?", changed)
        assert not bot.answerer.resolve("wie regelt dat?", own).search.startswith(own[0])


def test_a_counted_list_of_recommendations_is_the_list(bot: Chatbot) -> None:
    (hit,) = bot.ask("Welke 12 aanbevelingen doet de nota?").hits
    assert hit.chunk.section == "inhoud"


def test_what_else_in_dialect_goes_on_like_what_else(bot: Chatbot) -> None:
    history = ("aanbeveling 7", "en het tweede doorbraakproject?")
    assert places(bot, "en wa nog?", history) == places(bot, "wat nog?", history)
    assert places(bot, "en wa nog?", history) == [(7, 1), (7, 3), (7, None)]


def test_what_else_after_one_item_shows_the_rest_of_its_recommendation(bot: Chatbot) -> None:
    history = ("aanbeveling 7", "en het tweede doorbraakproject?")
    assert places(bot, "en het tweede doorbraakproject?", history[:1]) == [(7, 2)]
    assert places(bot, "wat nog?", history) == [(7, 1), (7, 3), (7, None)]


def test_only_the_last_turns_count_so_old_ones_cannot_change_an_answer(bot: Chatbot) -> None:
    recent = ("aanbeveling 7", "en het tweede doorbraakproject?")
    older = ("aanbeveling 3", "nog iets?", "wat nog meer?", "en verder?", "meer?", "nog?")
    assert bot.answerer.resolve("wat nog?", (*older, *recent)) == bot.answerer.resolve(
        "wat nog?", ("aanbeveling 9", "nog?", *recent)
    )


def test_a_cross_cutting_question_gets_one_passage_per_recommendation(bot: Chatbot) -> None:
    answer = bot.ask("Welke aanbevelingen gaan over ontharding?")
    recommendations = [h.chunk.recommendation for h in answer.hits]
    assert len(recommendations) >= 2 and len(set(recommendations)) == len(recommendations)
    assert 6 in recommendations and 0 not in recommendations
    assert answer.across and answer.lead.startswith(
        f"Dit onderwerp komt terug in {len(recommendations)}"
    )


def test_a_count_of_what_the_note_proposes_is_no_list_across_it(bot: Chatbot) -> None:
    """The seven principles stand in one passage: asked how many there are, the answer
    quotes where they are counted, not every recommendation that speaks of cooperation."""
    answer = bot.ask("Hoeveel principes voor samenwerking stelt de nota voor, en welke?")
    assert not answer.across
    assert "7 principes" in answer.hits[0].chunk.text
    # a count of the note's parts asks where the subject stands
    assert bot.ask("In hoeveel aanbevelingen zegt de nota iets over ontharding?").across


def test_a_list_quotes_a_doorbraakproject_with_the_subject_rather_than_the_context(
    bot: Chatbot,
) -> None:
    answer = bot.ask("Welke aanbevelingen gaan over ontharding?")
    assert any(h.chunk.item is not None for h in answer.hits)
    for hit in answer.hits:
        if hit.chunk.section == "context":
            projects = bot.answerer._of_recommendation[hit.chunk.recommendation]
            assert not any(c.item is not None and "onthard" in c.text.lower() for c in projects)


@pytest.mark.slow
def test_a_list_is_led_by_its_subject_not_by_an_example_framed_alike() -> None:
    """With the real model and the project's examples: "welke aanbevelingen stellen
    proefprojecten, experimenten of innovatie voor?" is as close to any list question by its
    framing, and its passages (recommendation 1's context among them) led lists on subjects
    they do not name."""
    bot = Chatbot(get_settings())
    bot.load(build_if_missing=True)
    answer = bot.ask("Welke aanbevelingen hebben met water te maken?")
    assert answer.across
    assert "water" in answer.hits[0].chunk.text.lower()


@pytest.mark.parametrize(
    "asked",
    [
        "Waar gaat de nota in op ontharding?",
        "ontharding, waar staat dat in de nota?",
        "Wat zegt de tekst over ontharding? Ik wil alle aanbevelingen zien.",
    ],
)
def test_more_ways_to_ask_where_across_the_note(bot: Chatbot, asked: str) -> None:
    answer = bot.ask(asked)
    recommendations = [h.chunk.recommendation for h in answer.hits]
    assert answer.across and len(set(recommendations)) == len(recommendations) >= 2


def test_a_list_quotes_each_recommendation_by_the_project_that_names_the_subject(
    bot: Chatbot,
) -> None:
    """The note names its regional posts only in compounds ("subsidiemanager",
    "onthardingsmakelaar", "mobiliteitscoaches", "energiemanager"), each in a third
    doorbraakproject; "nieuwe" and "stellen ... voor" say nothing of the subject."""
    asked = "Welke aanbevelingen stellen nieuwe functies voor: een manager, makelaar of coach?"
    assert bot.answerer.chooser.across_subject(asked) == "functies manager makelaar coach"
    answer = bot.ask(asked)
    quoted = {(h.chunk.recommendation, h.chunk.item) for h in answer.hits}
    assert answer.across and {(2, 3), (6, 3), (7, 3), (8, 3)} <= quoted


@pytest.mark.parametrize(
    ("asked", "wanted"),
    [
        ("Welke doorbraakprojecten zijn er rond talent?", {(3, 1), (3, 2), (3, 3)}),
        ("Which projects are there on talent?", {(3, 1), (3, 2), (3, 3)}),
        ("wat staat er over talent?", {(3, None), (3, 1), (3, 2), (3, 3)}),
    ],
)
def test_a_list_on_a_recommendations_title_quotes_all_of_it(
    bot: Chatbot, asked: str, wanted: set[tuple[int, int | None]]
) -> None:
    """Recommendation 3, "Pool het talent in Rivierenland", is about talent as a whole: a
    list of its projects or a topic question quotes all of it (trial 48, A44); a list of
    projects, none of its context."""
    quoted = set(places(bot, asked))
    assert wanted <= quoted
    assert ((3, None) in quoted) == ((3, None) in wanted)


def test_asking_beyond_a_named_recommendation_lists_across_the_note(bot: Chatbot) -> None:
    asked = "Staat ontharding enkel in aanbeveling 6, of ook elders?"
    assert bot.answerer.chooser.across_subject(asked) == "ontharding"
    answer = bot.ask(asked)
    recommendations = {h.chunk.recommendation for h in answer.hits}
    assert answer.across and 6 in recommendations and len(recommendations) >= 2


def test_asking_beyond_a_recommendation_set_apart_lists_across_the_note(bot: Chatbot) -> None:
    """Recommendation 6 named after "naast" is set apart: the question is where else."""
    asked = "Naast aanbeveling 6, waar staat ontharding nog?"
    assert bot.answerer.chooser.across_subject(asked) == "ontharding"
    answer = bot.ask(asked)
    recommendations = {h.chunk.recommendation for h in answer.hits}
    assert answer.across and len(recommendations) >= 2


def test_where_a_subject_is_named_in_the_text_lists_across_the_note(bot: Chatbot) -> None:
    """The word "vernoemd" asks where, as "vermeld" and "genoemd" do."""
    answer = bot.ask("Waar in de tekst wordt ontharding vernoemd?")
    recommendations = {h.chunk.recommendation for h in answer.hits}
    assert answer.across and 6 in recommendations and len(recommendations) >= 2


def test_what_the_note_says_on_a_topic_is_listed_across_the_note(bot: Chatbot) -> None:
    assert bot.answerer.chooser.across_subject("Wat zegt de nota over ontharding?") == "ontharding"
    answer = bot.ask("Wat zegt de nota over ontharding?")
    recommendations = [h.chunk.recommendation for h in answer.hits]
    assert answer.across and 6 in recommendations and len(set(recommendations)) >= 2
    # "wat nog meer?" goes on with the recommendation quoted first
    more = places(bot, "wat nog meer?", ("Wat zegt de nota over ontharding?",))
    assert more and {r for r, _ in more} == {recommendations[0]}


def test_a_story_or_the_note_itself_is_no_topic_to_list(bot: Chatbot) -> None:
    story = (
        "Wij wonen in Duffel langs de Nete en bij elke zware regenbui loopt onze kelder onder, "
        "de riolering kan het niet aan en de gemeente zegt dat ze er niets aan kan doen, "
        "staat daar iets over in?"
    )
    assert not bot.ask(story).across
    pointing_back = (
        "Mijn moeder in Willebroek heeft zorg nodig en we weten niet waar te beginnen, alles is "
        "zo versnipperd. Wat zegt die nota daarover?"
    )
    assert not bot.ask(pointing_back).across
    legislature = bot.ask("Wat zegt de nota over de legislatuur?")
    # the front matter is quoted, not a list (the fake embedder ranks it within a few
    # hundredths of one context, so its place among the quotes is left open)
    assert not legislature.across
    assert 0 in {hit.chunk.recommendation for hit in legislature.hits}


def test_a_topic_question_is_still_decided_by_the_scope_model(
    built: BuildReport, settings: Settings, embedder: HashingEmbedder
) -> None:
    sceptical = Chatbot(settings, embedder, NEVER)
    assert sceptical.ask("Wat zegt de nota over ontharding?").outcome == "not_found"
    assert sceptical.ask("Waar in de nota komt ontharding terug?").outcome == "answered"


def test_a_topic_the_note_has_no_word_for_is_not_answered_whatever_frames_it(bot: Chatbot) -> None:
    """Trial 54: "wat zegt de nota over" reads as an in-scope question to the scope model, and
    "Wat zegt de nota over de brandweer?" was answered with a list across the note."""
    for unnamed in ("Wat zegt de nota over de brandweer?", "Staat er iets in over zwembaden?"):
        # the closest passages: it may be the note's subject in other words ("huurprijzen")
        assert bot.ask(unnamed).outcome == "closest", unnamed
    assert bot.ask("Wat zegt de nota over ontharding?").outcome == "answered"
    # a long message's story may be what its question means
    story = (
        "Ik ben vrijwilliger bij de heemkundige kring van Nijlen en samen met de buurgemeenten "
        "willen we onze windmolens, kapelletjes en oude hoeves beter bekendmaken bij "
        "wandelaars. Past zoiets in wat de nota voorstelt?"
    )
    assert bot.ask(story).outcome == "answered"


def test_a_cross_cutting_subject_the_passages_state_is_answered_whatever_the_model_says(
    built: BuildReport, settings: Settings, embedder: HashingEmbedder
) -> None:
    sceptical = Chatbot(settings, embedder, NEVER)
    listed = sceptical.ask("Ontharding: in welke aanbevelingen wordt dat vermeld?")
    assert listed.outcome == "answered" and listed.across
    # a subject no passage states, or only a place of the region, is still decided
    assert sceptical.ask("Welke aanbevelingen gaan over voetbal?").outcome == "not_found"
    assert sceptical.ask("Welke aanbevelingen gaan over Mechelen?").outcome == "not_found"


def test_a_subject_a_passage_states_asked_whether_or_as_keywords_is_answered(
    built: BuildReport, settings: Settings, embedder: HashingEmbedder
) -> None:
    sceptical = Chatbot(settings, embedder, NEVER)
    mentioned = sceptical.ask("wordt cybersecurity vermeld?")
    assert mentioned.outcome == "answered"
    assert "cybersecurity" in mentioned.hits[0].chunk.text.lower()
    assert sceptical.ask("is er sprake van windmolens?").outcome == "answered"
    # every word of the subject must stand in one passage; a question word asks for a fact
    assert sceptical.ask("wordt het nieuwe zwembad vermeld?").outcome == "not_found"
    assert sceptical.ask("is er sprake van windmolens op de kerktoren?").outcome == "not_found"
    # "kosten" stands in several passages: a question word still asks for a fact
    assert sceptical.ask("Welke kosten worden besproken?").outcome == "not_found"
    # the note speaks for the region, not for one town; an adjective is no such question
    assert sceptical.ask("Wordt de kinderopvang in Duffel besproken?").outcome == "not_found"
    assert sceptical.ask("Worden de besproken maatregelen uitgevoerd?").outcome == "not_found"
    # so are keywords that one passage states, typed as into a search box
    found = sceptical.ask("zonneparken windmolens waar")
    assert found.outcome == "answered"
    assert {"zonneparken", "windmolens"} <= set(words(found.hits[0].chunk.text))
    # words no passage states together, or an open question around them: still decided
    assert sceptical.ask("windmolens kerktoren").outcome == "not_found"
    assert sceptical.ask("wie betaalt hier de zonneparken en windmolens?").outcome == "not_found"
    # asked whether, the passage that alone names them answers (``chatbot.evidence``)
    assert sceptical.ask("komen er hier zonneparken en windmolens bij?").outcome == "answered"
    # one word alone is what it asks about, when few passages have it; most have "regio"
    water = sceptical.ask("en da water?")
    assert water.outcome == "answered" and "water" in water.hits[0].chunk.text
    assert sceptical.ask("regio?").outcome == "not_found"
    assert sceptical.ask("zwembad?").outcome == "not_found"
    # a word that names no subject, or one beside words that ask or say more, is no topic
    for asked in ("zeker?", "goed?", "ik woon in", "wa gaat da kosten?"):
        assert sceptical.ask(asked).outcome == "not_found", asked


def test_a_region_the_note_never_names_is_not_its_subject(bot: Chatbot) -> None:
    elsewhere = bot.ask("Wat doet de regio Kempen aan ontharding?")
    assert elsewhere.outcome == "not_found" and not elsewhere.hits
    # a region the note does name is answered as the question without it
    named = bot.ask("Wat doet de regio Rivierenland aan ontharding?")
    assert named.outcome == bot.ask("Wat doet de regio aan ontharding?").outcome == "answered"


def test_how_the_note_came_about_is_answered_from_its_front_matter(bot: Chatbot) -> None:
    """The colophon says from which collaboration the note came: a recommendation that names
    another "samenwerkingsverband" does not come first, and a question about that one is
    still answered from it."""
    asked = "Uit welk samenwerkingsverband is deze nota voortgekomen?"
    assert bot.ask(asked).hits[0].chunk.section in ("colofon", "voorwoord")
    first = bot.ask("Wat is het samenwerkingsverband Bereikbare Regio?").hits[0].chunk
    assert (first.recommendation, first.item) == (7, 1)
    # who worked on it asks about the note, named or not; so does who is behind it
    assert bot.ask("Wie heeft er allemaal aan meegeschreven?").hits[0].chunk.section in (
        "colofon",
        "voorwoord",
    )
    behind = bot.answerer.ranking("Combien d'administrations locales sont derrière ce document ?")
    assert {c.section for c in behind[:2]} & {"colofon", "voorwoord"}


def test_a_place_adds_that_the_note_speaks_for_the_region(bot: Chatbot) -> None:
    answer = bot.ask("Komt er in Putte een onthardingsmakelaar?")
    assert answer.hits[0].chunk.item == 3 and answer.regional
    assert "als geheel" in answer.markdown.split("\n\n")[-1]
    assert not bot.ask("Wat is een onthardingsmakelaar?").regional


def test_key_sentences_are_exact_sentences_of_the_passage(bot: Chatbot) -> None:
    hit = bot.ask("context van aanbeveling 9 over schaduw tegen hitte-eilanden").hits[0]
    assert (hit.chunk.recommendation, hit.chunk.section) == (9, "context")
    assert hit.key and len(hit.key) <= 2
    sentences = [hit.chunk.text[start:end] for start, end in hit.key]
    assert all(s == s.strip() and s[-1] in ".?!" for s in sentences)
    assert any("hitte-eilanden" in s for s in sentences)
    # a passage of one sentence that answers is marked whole (the cards then show no
    # separate key sentence: the quote is all of it)
    first = bot.ask("Wat is een onthardingsmakelaar?").hits[0]
    assert first.key == ((0, len(first.chunk.text)),)


def test_a_question_that_joins_subjects_gets_another_recommendation_second(bot: Chatbot) -> None:
    joined = places(bot, "Wat doet de regio rond kinderopvang en werk?")
    assert joined[0][0] == 12 and joined[1][0] != 12
    # the same words without the join keep the ranking's order: nothing is moved up
    question = "Wat doet de regio rond kinderopvang werk?"
    alone = places(bot, question)
    ranked = [(c.recommendation, c.item) for c in bot.answerer.ranking(question)]
    assert alone[0][0] == 12 and alone == [p for p in ranked if p in alone]


def test_a_number_that_opens_a_conversation_names_a_recommendation(bot: Chatbot) -> None:
    assert places(bot, "Wat staat er in nummer 7?") == [(7, None), (7, 1), (7, 2), (7, 3)]
    assert {r for r, _ in places(bot, "de laatste?")} == {12}
    assert places(bot, "en nummer 9?", ("Wat staat er in nummer 7?",))[0] == (9, None)
    assert bot.answerer.resolve("nummer 13").reference is None  # there is none


def test_a_number_names_no_recommendation_in_a_corpus_without_them(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "faq.md").write_text(
        "# Vragen\n\n## Waar is het loket?\n\nHet loket is in het stadhuis.\n", "utf-8"
    )
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "var", model="fake-trigram")
    embedder = HashingEmbedder()
    build_index(settings, embedder, log=lambda _message: None)
    answerer = Chatbot(settings, embedder, ALWAYS).answerer
    assert answerer.resolve("de laatste?").reference is None
    assert answerer.resolve("de laatste?", ("Welke aanbevelingen zijn er?",)).reference is None
    assert answerer.resolve("nummer 2").reference is None
    assert answerer.resolve("de laatste aanbeveling").reference is None
    # a note's number in a corpus without a note is no place it can name as missing
    assert answerer.answer("aanbeveling 13").beyond is None


def test_a_recommendation_the_note_does_not_have_is_told_with_how_many_it_has(
    bot: Chatbot,
) -> None:
    answer = bot.ask("Wat zegt aanbeveling 13?")
    assert answer.result == "not_found" and not answer.hits and not answer.in_scope
    assert answer.lead == "De nota heeft 12 aanbevelingen; een aanbeveling 13 staat er niet in."
    english = bot.ask("What does recommendation 14 say?")
    assert english.lead == "The note has 12 recommendations; there is no recommendation 14."
    assert english.to_dict()["answer"].startswith(english.lead)
    assert {r for r, _ in places(bot, "wat zegt de laatste aanbeveling?")} == {12}


def test_a_number_after_a_recommendation_names_another_recommendation(bot: Chatbot) -> None:
    assert places(bot, "vertel meer over nummer 5", ("Vertel iets over aanbeveling 7",)) == [
        (5, None), (5, 1), (5, 2), (5, 3),
    ]  # fmt: skip


def test_what_else_after_a_whole_recommendation_continues_on_its_subject(bot: Chatbot) -> None:
    answer = bot.ask("wat nog meer?", ("aanbeveling 5",))
    assert answer.result != "not_found" and answer.hits
    assert all(h.chunk.recommendation != 5 for h in answer.hits)


def test_what_else_once_its_recommendation_was_all_shown_is_only_the_closest(
    bot: Chatbot,
) -> None:
    """What answers was shown: the passages after it are the nearest the note has, said so,
    and the next "wat nog meer?" does not take up the recommendation they stand in."""
    shown = ("aanbeveling 5",)
    assert bot.ask("wat nog meer?", shown).result == "closest"
    again = bot.ask("wat nog meer?", (*shown, "wat nog meer?"))
    assert again.result == "closest" and again.hits
    # after a recommendation named by its number, the words of its own title: not "maak van
    # Rivierenland een ... regio", which four other titles have
    for named in (("aanbeveling 8",), ("welke aanbevelingen zijn er?", "nummer 8")):
        search = bot.answerer.resolve("wat nog meer?", named).search
        assert "energiezuinige" in search and "rivierenland" not in search.lower()


def test_being_told_more_of_a_recommendation_quoted_whole_says_the_note_has_no_more(
    bot: Chatbot,
) -> None:
    """Trial 52 (B3.2): after "Aanbeveling 3?" quoted all of it, "meer daarover" quoted other
    recommendations under "the note does not answer this directly", as if it had not been
    asked about the recommendation at all."""
    more = bot.ask("kan je daar meer over vertellen?", ("Aanbeveling 3?",))
    assert more.result == "closest" and more.hits
    assert more.lead.startswith("Over aanbeveling 3 zegt de nota niet meer dan wat eerder")
    # after one passage, the rest of its recommendation is more, and answers
    rest = bot.ask("vertel eens wat meer", ("Wat is een onthardingsmakelaar?",))
    assert rest.result == "answered" and {h.chunk.recommendation for h in rest.hits} == {6}
    assert not rest.lead.startswith("Over aanbeveling")


def test_flemish_chat_is_not_taken_for_english() -> None:
    from chatbot.language import detect_language

    assert detect_language("tis hier altij file, doen ze daar iets aan of nie?") == "nl"
    assert detect_language("What does the note say about traffic jams?") == "en"
    assert detect_language("Que dit la note sur les embouteillages ?") == "fr"


def test_sentences_end_at_a_full_stop_before_a_capital_not_inside_numbers_or_addresses() -> None:
    from chatbot.sentences import sentence_spans

    text = "Er zijn 3.000 woningen, o.a. in Lier. Zie www.igemo.be voor meer! Hoe dan?\nEen regel"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Er zijn 3.000 woningen, o.a. in Lier.",
        "Zie www.igemo.be voor meer!",
        "Hoe dan?",
        "Een regel",
    ]


def test_other_ways_of_asking_for_the_list(bot: Chatbot) -> None:
    for question in (
        "kunt ge mij een overzicht geven van alle aanbevelingen",
        "What are the key recommendations of this note?",
        "Can you list the recommendations please",
    ):
        assert [h.chunk.section for h in bot.ask(question).hits] == ["inhoud"], question


def test_the_last_one_after_the_list_and_after_a_recommendation(bot: Chatbot) -> None:
    assert places(bot, "en de laatste?", ("Welke aanbevelingen zijn er?",)) == [
        (12, None),
        (12, 1),
        (12, 2),
        (12, 3),
    ]
    assert places(bot, "en de laatste?", ("aanbeveling 7",)) == [(7, 3)]
    assert places(bot, "Tell me more about number 4", ("Which recommendations are there?",))[0] == (
        4,
        None,
    )


def test_which_of_them_after_the_list_asks_across_the_recommendations(bot: Chatbot) -> None:
    answer = bot.ask("en welke daarvan gaan over ontharding?", ("Welke aanbevelingen zijn er?",))
    recommendations = [h.chunk.recommendation for h in answer.hits]
    assert answer.across and 6 in recommendations and 0 not in recommendations
    assert len(set(recommendations)) == len(recommendations)


def test_who_made_the_note_is_answered_from_its_front_matter(
    built: BuildReport, settings: Settings, embedder: HashingEmbedder
) -> None:
    sceptical = Chatbot(settings, embedder, NEVER)
    answer = sceptical.ask("Wie is de verantwoordelijke uitgever van deze folder?")
    assert answer.outcome == "answered" and answer.hits[0].chunk.section == "colofon"
    # at whose request it was made: the foreword says, in the sentence marked
    for asked in (
        "Op wiens vraag is deze nota gemaakt?",
        "wie heeft om die nota gevraagd?",
        # in English and French, also where the foreword ranks far down by the words alone
        "At whose request was this regional analysis made?",
        "Le document a été rédigé à la demande de quelle organisation ?",
    ):
        answer = sceptical.ask(asked)
        assert answer.outcome == "answered" and answer.hits[0].chunk.section == "voorwoord"
        first = answer.hits[0]
        assert any(first.chunk.text[a:b].startswith("Op vraag van") for a, b in first.key)
    follow_up = sceptical.ask("Wie heeft erom gevraagd?", ("Waarom is deze nota gemaakt?",))
    assert follow_up.outcome == "answered" and follow_up.hits[0].chunk.section == "voorwoord"
    assert sceptical.ask("Hoe laat gaat het zwembad open?").outcome == "not_found"


def test_a_year_the_note_states_beside_the_questions_own_word_is_answered(
    built: BuildReport, settings: Settings, embedder: HashingEmbedder
) -> None:
    sceptical = Chatbot(settings, embedder, NEVER)
    answer = sceptical.ask("Tegen welk jaar moet Europa klimaatneutraal zijn volgens de nota?")
    assert answer.outcome == "answered" and answer.hits[0].chunk.recommendation == 8
    assert "2050" in answer.hits[0].chunk.text
    # the year asked about is no word of the subject: "2040" alone finds the bouwshift
    assert sceptical.ask("Hoeveel gebouwen moeten tegen 2040 energiezuinig zijn?").outcome == (
        "not_found"
    )
    # a story around another question: the question sentences decide
    story = (
        "Ik las dat Europa tegen 2050 klimaatneutraal wil zijn, en hoeveel dat wel niet kost. "
        "Maar mijn vraag is eenvoudiger. Krijg ik een premie voor mijn nieuwe warmtepomp?"
    )
    assert sceptical.ask(story).outcome == "not_found"


def test_words_that_change_the_subject_change_nothing_else(bot: Chatbot) -> None:
    plain = bot.ask("Wat staat er over windmolens?", ("Wat is een onthardingsmakelaar?",))
    typed = "nog iets anders: wat staat er over windmolens?"
    changed = bot.ask(typed, ("Wat is een onthardingsmakelaar?",))
    assert changed.question == typed  # echoed as typed
    assert [h.chunk.id for h in changed.hits] == [h.chunk.id for h in plain.hits]
    assert changed.outcome == plain.outcome
    # what is searched and decided is the question alone
    before = ("Wat is een onthardingsmakelaar?",)
    assert bot.answerer.resolve(typed, before).search == "wat staat er over windmolens?"


def test_a_question_and_answer_document_answers_what_it_ranks_first_for(
    corpus_dir: Path, settings: Settings, embedder: HashingEmbedder
) -> None:
    (corpus_dir / "faq-bib.md").write_text(
        "# Vragen\n\n## Wat zijn de openingsuren van de bibliotheek?\n\n"
        "De bibliotheek is open van dinsdag tot zaterdag, telkens van 10 tot 18 uur.\n",
        encoding="utf-8",
    )
    (corpus_dir / "zwembad.md").write_text(
        "# Het zwembad\n\n## Openingsuren zwembad\n\n"
        "Het zwembad is open op woensdag en zondag, telkens van 9 tot 17 uur.\n",
        encoding="utf-8",
    )
    build_index(settings, embedder, log=lambda _message: None)
    unsure = Chatbot(settings, embedder, UNSURE)
    for asked in ("Wat zijn de openingsuren van de bibliotheek?", "wanneer is de bib open"):
        answer = unsure.ask(asked)
        assert answer.outcome == "answered" and answer.hits[0].chunk.document == "faq-bib.md"
    # a page whose heading asks nothing does not say which questions it answers
    pool = unsure.ask("Hoe zit het met het zwembad?")
    assert pool.hits[0].chunk.document == "zwembad.md" and pool.outcome == "closest"
    # unless it states the number asked for beside a word only it has
    assert unsure.ask("Tot wanneer is het zwembad open?").outcome == "answered"
    # the note's passages are not lifted for being ranked first ...
    assert unsure.ask("Hoe kan een makelaar helpen met ontharden?").outcome == "closest"
    # ... but for naming alone the term a question asks the meaning of
    assert unsure.ask("Wat is een onthardingsmakelaar?").outcome == "answered"


def test_what_else_after_a_question_goes_on_with_the_recommendation_quoted_first(
    bot: Chatbot,
) -> None:
    first = bot.ask("Wat is een onthardingsmakelaar?").hits[0].chunk
    assert (first.recommendation, first.item) == (6, 3)
    more = places(bot, "wat nog meer?", ("Wat is een onthardingsmakelaar?",))
    assert more and {r for r, _ in more} == {6} and (6, 3) not in more
    # the other doorbraakprojecten first: the context speaks of them all in general words
    assert more[:2] == [(6, 1), (6, 2)] and more[-1] == (6, None)
    # the same when it names what it goes on with
    for said in ("wat nog meer bij die aanbeveling?", "en verder daarover?"):
        assert places(bot, said, ("Wat is een onthardingsmakelaar?",)) == more


def test_a_follow_up_that_asks_for_a_date_the_passages_do_not_state_is_not_found(
    bot: Chatbot,
) -> None:
    """Searched with the turn before it, the follow-up still asks for a date."""
    earlier = ("Wat wil men doen tegen wateroverlast?",)
    answer = bot.ask("Is er al een datum voor die informatiecampagne?", earlier)
    assert answer.outcome == "not_found" and answer.hits == ()


def test_a_count_asked_of_passages_that_give_no_figure_is_only_the_closest(bot: Chatbot) -> None:
    """The scope model says "answered", but no quoted passage gives a figure: they are the
    closest the note comes to a count (trial 55, B4.3)."""
    answer = bot.ask("hoeveel onthardingsmakelaars komen er?")
    assert answer.outcome == "closest" and places(bot, "hoeveel onthardingsmakelaars?") == [(6, 3)]
    assert bot.ask("Wat doet een onthardingsmakelaar?").outcome == "answered"
    # a figure stated in a quoted passage answers it ("bijna de helft van de Vlamingen")
    assert bot.ask("Hoeveel Vlamingen missen digitale vaardigheden?").outcome == "answered"


def test_the_projects_of_a_recommendation_asked_for_come_before_its_context(
    bot: Chatbot,
) -> None:
    projects = [(7, 1), (7, 2), (7, 3), (7, None)]
    assert places(bot, "welke doorbraakprojecten heeft aanbeveling 7?") == projects
    assert places(bot, "wat zijn de doorbraakprojecten daarvan?", ("aanbeveling 7",)) == projects
    # the recommendation itself is asked for: its context first, as the note has it
    assert places(bot, "Wat is aanbeveling 7?")[0] == (7, None)


def test_words_of_another_language_mark_the_sentences_of_their_thesaurus_group(
    bot: Chatbot,
) -> None:
    """An English question shares no word with the note: the note's words of its thesaurus
    groups mark the sentences ("childcare": "... een regionaal loket voor kinderopvang ...")."""
    hit = bot.ask("childcare in recommendation 12, project 1?").hits[0]
    assert (hit.chunk.recommendation, hit.chunk.item) == (12, 1)
    assert any("kinderopvang" in hit.chunk.text[a:b] for a, b in hit.key)


def test_the_context_of_the_recommendation_just_asked_about(bot: Chatbot) -> None:
    assert places(bot, "en wat is de context daarvan?", ("aanbeveling 9",)) == [(9, None)]


def test_a_follow_up_read_with_the_named_recommendation_is_still_decided(
    built: BuildReport, settings: Settings, embedder: HashingEmbedder
) -> None:
    sceptical = Chatbot(settings, embedder, NEVER)
    before = ("aanbeveling 7",)
    assert sceptical.ask(before[0]).outcome == "answered"  # a reference needs no decision
    assert sceptical.ask("en het tweede project?", before).outcome == "answered"
    # read together with "aanbeveling 7" (so never "not in the note" by the model), but
    # nothing says the note answers it
    asked = sceptical.ask("en wat doen ze daar dan precies aan?", before)
    assert asked.outcome == "closest"
    assert {hit.chunk.recommendation for hit in asked.hits} == {7}
    # a vote is a fact no passage states (chatbot.asked): not in the note, subject or not
    voted = sceptical.ask("en heeft de gemeenteraad daar al over gestemd?", before)
    assert voted.outcome == "not_found" and not voted.hits


def test_a_place_named_after_a_question_the_note_does_not_answer_is_of_the_subject_before(
    built: BuildReport, settings: Settings, embedder: HashingEmbedder
) -> None:
    """ "en het eerste project?" after an aside the note is silent on goes back to the subject
    the conversation was about; "wat nog meer?" still asks more of the aside."""
    sceptical = Chatbot(settings, embedder, NEVER)
    history = ("aanbeveling 12", "Wie is de schepen van jeugd in Lier?")
    assert sceptical.ask(history[1], history[:1]).outcome == "not_found"
    first = sceptical.ask("en het eerste project?", history)
    assert first.outcome == "answered"
    assert [(h.chunk.recommendation, h.chunk.item) for h in first.hits] == [(12, 1)]
    assert sceptical.ask("wat nog meer?", history).outcome == "not_found"
    # a place of the aside's own subject, or pointing at it, is not the earlier subject's
    assert sceptical.ask("wat is het eerste project daarvan?", history).outcome == "not_found"
    assert sceptical.ask("en het eerste project van die schepen?", history).outcome == "not_found"
    # with nothing answered before the aside, there is no subject to go back to
    aside = ("Wie is de schepen van jeugd in Lier?",)
    assert sceptical.ask("en het eerste project?", aside).outcome == "not_found"


def test_an_ordinal_after_a_list_across_the_note_counts_places_in_the_list(bot: Chatbot) -> None:
    listed = "Welke aanbevelingen gaan over ontharding?"
    shown = list(dict.fromkeys(h.chunk.recommendation for h in bot.ask(listed).hits))
    assert len(shown) >= 2 and shown[1] != 2
    assert {r for r, _ in places(bot, "vertel meer over de tweede", (listed,))} == {shown[1]}
    assert {r for r, _ in places(bot, "en de laatste?", (listed,))} == {shown[-1]}
    # a request to explain one is a number too
    assert places(bot, "Leg het derde eens uit", ("aanbeveling 5",)) == [(5, 3)]
    assert places(bot, "licht het tweede even toe", ("aanbeveling 5",)) == [(5, 2)]
    # a number, as the list's citations show it, is still the recommendation's own
    assert {r for r, _ in places(bot, "vertel meer over nummer 2", (listed,))} == {2}
    # "het" takes a doorbraakproject, not an "aanbeveling": the first one listed's
    assert places(bot, "en het tweede?", (listed,)) == [(shown[0], 2)]
    # a recommendation has three: "het vierde" is the fourth one listed
    longer = "Welke aanbevelingen gaan over samenwerking?"
    many = list(dict.fromkeys(h.chunk.recommendation for h in bot.ask(longer).hits))
    assert len(many) >= 4
    assert {r for r, _ in places(bot, "en het vierde?", (longer,))} == {many[3]}
    # after the table of contents there is no subject: "het tweede" is recommendation 2
    for contents in ("Welke aanbevelingen staan er in de nota?", "wat is de inhoudstafel?"):
        assert {r for r, _ in places(bot, "en het tweede?", (contents,))} == {2}


def test_asked_to_say_it_shorter_the_answer_keeps_its_first_passage(bot: Chatbot) -> None:
    asked = "Wat zegt aanbeveling 7?"
    whole = places(bot, asked)
    assert len(whole) > 1
    assert places(bot, "kan je da korter zeggen?", (asked,)) == whole[:1]
    assert places(bot, "In het kort graag", (asked,)) == whole[:1]
    # it says so, and how many quotes it left out
    shorter = bot.ask("kan je da korter zeggen?", (asked,))
    assert shorter.left_out == len(whole) - 1
    left_out = f"{len(whole) - 1} citaten uit het vorige antwoord zijn weggelaten."
    assert shorter.note.endswith(left_out) and shorter.note in shorter.markdown
    assert bot.ask(asked).note == ""
    # what follows goes on from the question before the request
    assert places(bot, "en het tweede project?", (asked, "kan je da korter zeggen?")) == [(7, 2)]


def test_asked_to_sum_it_up_after_a_refusal_the_answer_before_it_is_shortened(
    bot: Chatbot,
) -> None:
    asked = "Wat zegt aanbeveling 7?"
    refused = "Hoeveel kost een parkeerkaart voor bewoners in Lier?"
    assert bot.ask(refused, (asked,)).outcome == "not_found"
    assert places(bot, "kan je alles kort samenvatten?", (asked, refused)) == places(bot, asked)[:1]


@pytest.mark.slow
def test_a_count_asked_after_a_list_across_the_note_is_one_fact() -> None:
    """A count ("hoeveel ... zijn er zo?") leans on the question before it, which asked for
    a list across the note; the count stands in one passage, which comes first, without a list
    (trial 67, B6.2: not found, then fifth in a list of five)."""
    bot = Chatbot(get_settings())
    bot.load(build_if_missing=True)
    asked = "Staat er iets in de nota over mensen die digitaal niet mee kunnen?"
    assert bot.ask(asked).across
    count = bot.ask("hoeveel mensen zijn er zo?", (asked,))
    assert count.outcome == "answered" and not count.across
    assert count.hits[0].chunk.recommendation == 4 and "bijna de helft" in count.hits[0].chunk.text


def test_asked_to_list_them_the_previous_answer_comes_again(bot: Chatbot) -> None:
    asked = "Welke principes moeten de gemeenten volgens de nota hanteren?"
    before = bot.ask(asked)
    again = bot.ask("som ze eens op", (asked,))
    assert again.hits and [h.chunk.id for h in again.hits] == [h.chunk.id for h in before.hits]
    assert again.outcome == before.outcome and again.question == "som ze eens op"
    # alone, it has nothing to list again
    assert bot.answerer.resolve("som ze eens op").search == "som ze eens op"
    # what follows goes on from the question before the request
    assert places(bot, "en het tweede project?", ("aanbeveling 7", "noem ze eens")) == [(7, 2)]
    for request in ("kan je ze gewoon even opsommen", "zet die eens op een rij"):
        listed = bot.ask(request, (asked,))
        assert [h.chunk.id for h in listed.hits] == [h.chunk.id for h in before.hits], request


def test_asked_in_another_language_the_previous_answer_comes_again_in_it(bot: Chatbot) -> None:
    asked = "What does the note say about flooding and heat waves?"
    before = bot.ask(asked)
    for request, language in [
        ("can you give me that last one in Dutch for my neighbour?", "nl"),
        ("en in het Frans?", "fr"),
        ("and in English please", "en"),
    ]:
        again = bot.ask(request, (asked,))
        assert [h.chunk.id for h in again.hits] == [h.chunk.id for h in before.hits], request
        assert again.language == language and again.question == request
    # whether the document exists in a language is a question of its own
    own = bot.answerer.resolve("Bestaat de nota ook in het Engels?", (asked,))
    assert own.repeat is None


def test_a_front_matter_section_named_in_another_language_comes_first(bot: Chatbot) -> None:
    for question in ("What is the main message of the foreword?", "Que dit la préface ?"):
        assert bot.ask(question).hits[0].chunk.section == "voorwoord", question
    assert bot.ask("What does the colophon say?").hits[0].chunk.section == "colofon"


def test_a_short_follow_up_is_answered_in_the_conversations_language(bot: Chatbot) -> None:
    answer = bot.ask("Who?", ("What is the main message of the foreword?",))
    assert answer.language == "en"
    assert bot.ask("Who?").language == "nl"
    # a few words of its own tell it: "Who published it?" is English on its own
    assert bot.ask("Who published it?").language == "en"


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("Wat staat er in die regionale nota over fietspaden?", True),
        ("Voorziet de nota iets voor mantelzorgers?", True),
        ("Moeten we volgens de inspiratienota meer samenwerken?", True),
        ("Que dit la note sur le logement ?", True),
        ("What does the note say about flooding?", True),
        ("Waar in de nota gaat het over gedeelde data?", True),
        ("Wordt er in die nota een kinderparlement vermeld?", True),
        ("Welke aanbevelingen hebben het over ontharding?", True),
        ("Wat verwacht de inspiratienota van kleine gemeenten?", True),
        ("Door welke diensten werd de nota opgesteld?", True),
        # the note as a thing, which a staff FAQ about it answers
        ("Waar kan ik een papieren versie van de nota halen?", False),
        ("Komt er een infoavond over de inspiratienota?", False),
        ("Kan de nota mij aan een job helpen?", False),
    ],
)
def test_a_question_that_asks_what_the_note_says(question: str, says: bool) -> None:
    """Such a question gets the note's passages before a staff document's on its subject."""
    assert bool(NOTE_SAYS.search(fold(question))) is says


def test_a_document_about_one_municipality_does_not_answer_for_another(
    corpus_dir: Path, settings: Settings, embedder: HashingEmbedder
) -> None:
    (corpus_dir / "duffel.md").write_text(
        "# Alles Vloeit in Duffel\n\n## Welke straat wordt de eerste proefstraat?\n\n"
        "De Kapelstraat wordt de eerste onthardingsstraat van Duffel; de werken starten in "
        "september.\n",
        encoding="utf-8",
    )
    build_index(settings, embedder, log=lambda _message: None)
    bot = Chatbot(settings, embedder, ALWAYS)

    def first_document(asked: str) -> str | None:
        hits = bot.ask(asked).hits
        return hits[0].chunk.document if hits else None

    assert first_document("Welke straat in Duffel wordt de eerste proefstraat?") == "duffel.md"
    assert first_document("Welke straat wordt de eerste proefstraat?") == "duffel.md"
    # a village of Duffel's neighbour Mechelen, or another municipality, is elsewhere
    for elsewhere in ("Willebroek", "Walem"):
        asked = f"Welke straat in {elsewhere} wordt de eerste proefstraat?"
        assert all(h.chunk.document != "duffel.md" for h in bot.ask(asked).hits)
    # naming Duffel beside another keeps it
    both = "Welke straat in Willebroek of Duffel wordt de eerste proefstraat?"
    assert first_document(both) == "duffel.md"
