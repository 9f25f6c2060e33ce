"""Which passages an answer quotes (``chatbot.choosing``), on the note's own text."""

from __future__ import annotations

import numpy as np
import pytest

from chatbot.choosing import (
    ACROSS_CUTOFF,
    GRAM_JOIN_CUTOFF,
    GRAM_SHARE,
    LONG_LIST,
    LONG_LIST_CUTOFF,
    MAIN_PASSAGES,
    OTHER_FUSED_CUTOFF,
    RELATED_JOIN_CUTOFF,
    RELATIVE_CUTOFF,
    PassageChooser,
)
from chatbot.lexical import LexicalRanker, Thesaurus
from chatbot.scope import ScopeModel
from chatbot.service import Chatbot
from indexer.build import BuildReport
from indexer.chunking import Chunk
from indexer.settings import Settings
from tests.fakes import HashingEmbedder


@pytest.fixture
def chooser(built: BuildReport, settings: Settings, embedder: HashingEmbedder) -> PassageChooser:
    bot = Chatbot(settings, embedder, ScopeModel(weights=(0.0, 0.0, 0.0), bias=1.0))
    return bot.answerer.chooser


def _projects(chooser: PassageChooser, *places: tuple[int, int]) -> list[int]:
    """The positions of the doorbraakprojecten at ``(recommendation, item)``, in that order."""
    at = {(c.recommendation, c.item): i for i, c in enumerate(chooser._chunks) if c.item}
    return [at[place] for place in places]


def test_words_most_passages_use_do_not_make_the_subject_of_a_cross_cutting_question(
    chooser: PassageChooser,
) -> None:
    # "regionale" and "regio" stand in most passages of the note, "ontharding" in two
    asked = "Welke aanbevelingen gaan over regionale ontharding in de regio?"
    assert chooser.across_subject(asked) == "ontharding"
    assert chooser.across_subject("Welke aanbevelingen gaan over de regio?") == "regio"
    # how a passage speaks of a subject is framing too
    assert chooser.across_subject("Waar wordt er gesproken over ontharding?") == "ontharding"
    assert chooser.across_subject("Welke delen behandelen ontharding?") == "ontharding"
    # who asks is no subject: "gemeenteraadslid" shares its letters with every "gemeente"
    asked = "Als gemeenteraadslid wil ik weten: in welke aanbevelingen komt ontharding aan bod?"
    assert chooser.across_subject(asked) == "ontharding"
    assert chooser.across_subject("Schepen van jeugd hier. Waar staat sport?") == "jeugd sport"
    # nor is asking for every place the theme comes back
    asked = "Waar komt het thema ontharding terug? Kunt u alle plaatsen geven?"
    assert chooser.across_subject(asked) == "ontharding"


def test_in_a_list_a_project_ranked_above_its_context_is_quoted_instead(
    chooser: PassageChooser,
) -> None:
    """Where no project of a recommendation has the subject's words, the one the ranking puts
    above its context speaks for it ("het eigen karakter van onze dorpen": "dorpse
    identiteiten" in 5.3, the word "dorpen" only in the context)."""
    chunks = chooser._chunks
    at = {(c.recommendation, c.item, c.section): i for i, c in enumerate(chunks)}
    context, first, second = (
        at[(5, None, "context")],
        at[(5, 3, "doorbraakproject")],
        at[(5, 1, "doorbraakproject")],
    )
    words_only_in_context = np.array([i == context for i in range(len(chunks))])
    other = at[(6, 2, "doorbraakproject")]
    order = [other, first, second, context]
    assert chooser._project_instead(context, order, words_only_in_context) == first
    # ranked below its context, a project without the words does not replace it
    assert (
        chooser._project_instead(context, [other, context, first], words_only_in_context) == context
    )


def test_a_long_list_goes_on_only_with_passages_near_the_best(chooser: PassageChooser) -> None:
    """Past ``LONG_LIST`` passages, a recommendation that has the subject's words joins the
    list only when it scores within ``LONG_LIST_CUTOFF`` of the best, not ``ACROSS_CUTOFF``."""
    chunks = chooser._chunks
    search = "Welke aanbevelingen gaan over het regionale?"  # "regionale": in all twelve
    stated = chooser._lexical.stem_scores(chooser.asked_subject(search)) > 0
    one_each: dict[int, int] = {}
    for i, chunk in enumerate(chunks):
        if stated[i] and chunk.recommendation > 0:
            one_each.setdefault(chunk.recommendation, i)
    ranked = list(one_each.values())[: LONG_LIST + 2]
    assert len(ranked) == LONG_LIST + 2
    order = ranked + [i for i in range(len(chunks)) if i not in ranked]

    recommendations = [chunks[i].recommendation for i in ranked]

    def listed(late: float) -> list[int]:
        fused = np.zeros(len(chunks))
        fused[ranked] = [1.0 - 0.01 * n for n in range(LONG_LIST)] + [late, late]
        return [chunks[i].recommendation for i in chooser.listed_across(order, fused, search)]

    near, far = LONG_LIST_CUTOFF + 0.05, LONG_LIST_CUTOFF - 0.05
    assert far > ACROSS_CUTOFF  # close enough for a shorter list
    assert listed(near) == recommendations
    assert listed(far) == recommendations[:LONG_LIST]


def test_past_a_long_list_a_compound_of_the_kind_asked_still_joins(
    chooser: PassageChooser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The note has "managers" only inside compounds ("subsidiemanager" in 2.3): each names
    one of the kind asked, so 2.3 joins a list past ``LONG_LIST`` within ``ACROSS_CUTOFF``
    of the best, where a passage with only the subject's other word ("gemeenten") does not.
    "nieuwe regionale functies, zoals managers, makelaars of coaches?" lost 2.3 so. The note
    has no subject word in more than ``LONG_LIST`` recommendations, so the list is shortened."""
    monkeypatch.setattr("chatbot.choosing.LONG_LIST", 2)
    chunks = chooser._chunks
    search = "Welke aanbevelingen gaan over gemeenten en managers?"
    assert chooser.asked_subject(search) == "gemeenten managers"
    (manager,) = _projects(chooser, (2, 3))
    stated = chooser._lexical.stem_scores("gemeenten") > 0
    one_each: dict[int, int] = {}
    for i, chunk in enumerate(chunks):
        if stated[i] and chunk.recommendation not in (0, 2, 8):
            one_each.setdefault(chunk.recommendation, i)
    first, second, third = list(one_each.values())[:3]
    ranked = [first, second, third, manager]
    order = ranked + [i for i in range(len(chunks)) if i not in ranked]
    late = LONG_LIST_CUTOFF - 0.05
    assert late > max(ACROSS_CUTOFF, GRAM_JOIN_CUTOFF)
    fused = np.zeros(len(chunks))
    fused[ranked] = [1.0, 0.99, late, late]
    listed = chooser.listed_across(order, fused, search)
    assert [chunks[i].recommendation for i in listed] == [
        chunks[first].recommendation,
        chunks[second].recommendation,
        2,
    ]


def test_another_recommendation_is_quoted_only_when_the_classifier_keeps_it_near(
    chooser: PassageChooser,
) -> None:
    """Near the best by words and meaning (``plain``), a passage of another recommendation is
    quoted only when the fused score, the examples' classifier included, keeps it within
    ``OTHER_FUSED_CUTOFF``; the first passage's own recommendation needs no more."""
    chunks = chooser._chunks
    first, own, other = _projects(chooser, (5, 2), (5, 1), (7, 3))
    order = [first, own, other] + [i for i in range(len(chunks)) if i not in (first, own, other)]
    plain = np.zeros(len(chunks))
    plain[[first, own, other]] = [1.0, RELATIVE_CUTOFF + 0.05, RELATIVE_CUTOFF + 0.05]

    def quoted(other_fused: float, *, several: bool = False) -> list[int]:
        fused = plain.copy()
        fused[own] = 0.1  # the classifier prefers the first passage alone
        fused[other] = other_fused
        return chooser.best(order, plain, fused, several=several)

    assert quoted(OTHER_FUSED_CUTOFF + 0.05) == [first, own, other]
    assert quoted(OTHER_FUSED_CUTOFF - 0.05) == [first, own]
    # a question that joins two subjects ("sport en cultuur") still gets the other second
    assert quoted(OTHER_FUSED_CUTOFF - 0.05, several=True) == [first, other, own]


def test_a_list_keeps_each_recommendation_where_its_best_passage_ranks(
    chooser: PassageChooser,
) -> None:
    """2.1 has no word of "managers en coaches" and ranks second; 2.3's "subsidiemanager"
    speaks for recommendation 2 there, before 7.3's "mobiliteitscoaches", not after it."""
    chunks = chooser._chunks
    energy, subsidies, coaches, manager = _projects(chooser, (8, 3), (2, 1), (7, 3), (2, 3))
    ranked = [energy, subsidies, coaches, manager]
    order = ranked + [i for i in range(len(chunks)) if i not in ranked]
    fused = np.zeros(len(chunks))
    fused[ranked] = [1.0, 0.9, 0.8, 0.5]
    search = "Welke aanbevelingen gaan over managers en coaches?"
    assert chooser.listed_across(order, fused, search) == [energy, manager, coaches]


def test_a_topic_list_is_followed_by_the_rest_of_the_recommendation_it_is_about(
    chooser: PassageChooser,
) -> None:
    """A topic ("wat zegt de nota over de financiën van gemeenten?"): when ``MAIN_PASSAGES``
    passages of the list's first recommendation outrank every other recommendation's best,
    its other passages follow the list (the others keep their places); when only one does,
    the list stays as it is."""
    chunks = chooser._chunks
    at = {(c.recommendation, c.item, c.section): i for i, c in enumerate(chunks)}
    first, context, second, third = (
        at[(2, 1, "doorbraakproject")],
        at[(2, None, "context")],
        at[(2, 2, "doorbraakproject")],
        at[(2, 3, "doorbraakproject")],
    )
    other, foreword = at[(8, 2, "doorbraakproject")], at[(0, None, "voorwoord")]
    order = [first, foreword, context, second, other, third]
    order += [i for i in range(len(chunks)) if i not in order]
    fused = np.zeros(len(chunks))
    fused[order[:6]] = [1.0, 0.95, 0.9, 0.8, 0.7, 0.6]  # the foreword is no recommendation
    listed = [first, other]
    assert MAIN_PASSAGES == 2
    assert chooser.with_main_recommendation(listed, order, fused) == [
        first, other, context, second,
    ]  # fmt: skip
    fused[other] = 0.95  # only 2.1 outranks 8.2: the list is left alone
    assert chooser.with_main_recommendation(listed, order, fused) == listed
    # a list that starts with the front matter is left alone too
    assert chooser.with_main_recommendation([foreword, other], order, fused) == [foreword, other]
    # with no other recommendation near, the whole of the first follows
    alone = [first, context, second, third]
    fused[other] = 0.0
    assert chooser.with_main_recommendation([first], alone, fused) == alone


def test_a_list_that_asks_for_projects_quotes_doorbraakprojecten(chooser: PassageChooser) -> None:
    """ "welke doorbraakprojecten zijn er rond klimaat?": each recommendation with its best
    project instead of its context, then the first recommendation's other projects that
    outrank every other recommendation's best project (a context above them does not count)."""
    chunks = chooser._chunks
    at = {(c.recommendation, c.item, c.section): i for i, c in enumerate(chunks)}
    first, second, third = (at[(9, n, "doorbraakproject")] for n in (1, 2, 3))
    context, project = at[(8, None, "context")], at[(8, 1, "doorbraakproject")]
    order = [first, context, third, second, project]
    order += [i for i in range(len(chunks)) if i not in order]
    fused = np.zeros(len(chunks))
    fused[order[:5]] = [1.0, 0.95, 0.9, 0.85, 0.8]
    listed = [first, context]
    # the topic's rule alone: 8's context outranks 9's other projects, nothing follows
    assert chooser.with_main_recommendation(listed, order, fused) == listed

    def projects() -> list[int]:
        of_each = chooser.projects_listed(listed, order, fused)
        return chooser.with_main_recommendation(of_each, order, fused, projects=True)

    assert projects() == [first, project, third, second]
    fused[project] = 0.88  # 8.1 now outranks 9.2: only 9.3 follows
    assert projects() == [first, project, third]
    # a project far below the context that names the subject does not take its place
    fused[project] = 0.3
    assert projects() == [first, context, third, second]


def test_a_list_on_a_recommendations_title_is_followed_by_all_of_that_recommendation(
    chooser: PassageChooser,
) -> None:
    """ "projecten rond klimaat?": 9's title ("klimaatrobuuste regio") names the subject, so
    all of 9's projects follow the list, also those another recommendation's project
    outranks; a topic gets 9's context too. A word most passages have ("regio"), one
    several titles start with ("region"), or one no title has, names no recommendation."""
    chunks = chooser._chunks
    first, second, third = _projects(chooser, (9, 1), (9, 2), (9, 3))
    (project,) = _projects(chooser, (8, 1))
    context = next(i for i, c in enumerate(chunks) if c.recommendation == 9 and not c.item)
    order = [first, project, third, context, second]
    order += [i for i in range(len(chunks)) if i not in order]
    listed = [first, project]
    asked = "welke doorbraakprojecten zijn er rond klimaat?"
    led = chooser.with_titled_recommendation(listed, order, asked, projects=True)
    assert led == [first, project, third, second]
    topic = chooser.with_titled_recommendation(listed, order, "iets over klimaat?")
    assert topic == [first, project, third, context, second]
    for other in (
        "welke doorbraakprojecten zijn er voor de regio?",
        "iets over overstromingen?",
        "Que dit la note sur la région ?",
    ):
        assert chooser.with_titled_recommendation(listed, order, other) is None


def test_a_staff_documents_practical_answer_quotes_no_passage_of_the_note() -> None:
    """``only_staff``: after a staff document's entry ranked first, the note's passages near
    it are left out, the staff passages near it stay; without it both are quoted."""
    chunks = [
        Chunk("f", "faq.md", 0, "Hoe vraag ik een rit aan?", "document", None, None,
              "Bel de mindermobielencentrale op 015 12 34 56."),
        Chunk("n", "nota.md", 7, "Mobiliteit", "doorbraakproject", 3, None,
              "Werk een regionaal mobiliteitspunt uit."),
        Chunk("k", "faq.md", 0, "Wat kost een rit?", "document", None, None,
              "Een rit kost 0,40 euro per kilometer."),
    ]  # fmt: skip
    chooser = PassageChooser(chunks, LexicalRanker([c.embedding_text for c in chunks]), 3)
    scores = np.array([1.0, 0.95, 0.9])
    assert chooser.best([0, 1, 2], scores, scores, several=False) == [0, 1, 2]
    assert chooser.best([0, 1, 2], scores, scores, several=False, only_staff=True) == [0, 2]
    # a list across the note that a staff document's entry opens is not extended
    assert chooser.with_main_recommendation([0, 1], [0, 2, 1], scores) == [0, 1]


def test_a_comparison_of_recommendations_quotes_the_context_of_each(
    chooser: PassageChooser,
) -> None:
    chunks = chooser._chunks
    at = {(c.recommendation, c.item, c.section): i for i, c in enumerate(chunks)}
    order = [at[(10, 3, "doorbraakproject")], at[(11, 1, "doorbraakproject")]]
    order += [i for i in range(len(chunks)) if i not in order]
    assert [chunks[i].recommendation for i in chooser.best_of_each(order, (10, 11))] == [10, 11]
    assert [
        (chunks[i].recommendation, chunks[i].section)
        for i in chooser.context_of_each(order, (11, 10))
    ] == [(11, "context"), (10, "context")]


def test_why_takes_the_context_of_the_first_passages_recommendation_first(
    chooser: PassageChooser,
) -> None:
    chunks = chooser._chunks
    at = {(c.recommendation, c.item, c.section): i for i, c in enumerate(chunks)}
    project, context = at[(1, 1, "doorbraakproject")], at[(1, None, "context")]
    other = at[(6, 3, "doorbraakproject")]
    order = [project, other, context]
    # from the ranking when it was not chosen, into an answer from that recommendation alone
    assert chooser.context_first([project], order) == [context, project]
    assert chooser.context_first([project, other], order) == [project, other]
    assert chooser.context_first([project, other, context], order) == [context, project, other]
    assert chooser.context_first([project, context], order) == [context, project]
    # not without its own recommendation's context in the ranking, nor after a context first
    assert chooser.context_first([other, project], [other, project, context]) == [other, project]
    assert chooser.context_first([context, project], order) == [context, project]
    # the foreword is the note's own context, first before the colophon
    colophon, foreword = at[(0, None, "colofon")], at[(0, None, "voorwoord")]
    assert chooser.context_first([colophon], [colophon, foreword]) == [foreword, colophon]
    assert chooser.context_first([colophon, foreword], [colophon, foreword]) == [foreword, colophon]
    assert chooser.context_first([colophon, project], [colophon, foreword]) == [colophon, project]


def test_a_list_takes_its_subject_from_the_question_not_the_story_before_it(
    chooser: PassageChooser,
) -> None:
    story = "Ik woon in Lier, vlak bij de Nete, en mijn kelder loopt elke winter onder water. " * 2
    assert chooser.asked_subject(story + "Welke aanbevelingen gaan over kinderopvang?") == (
        "kinderopvang"
    )
    # a question that only points back at the story takes its subject from the story
    assert "kelder" in chooser.asked_subject(story + "Waar staat daar iets over?").split()
    # a short message is read whole
    assert chooser.asked_subject("Het woord kerntaken. In welke hoofdstukken?") == "kerntaken"


def test_a_passage_with_only_the_subjects_letters_joins_a_list_only_when_close(
    chooser: PassageChooser,
) -> None:
    """ "wateroverlast" is no word of the note; passages that share its letters ("water")
    join a list only within ``GRAM_JOIN_CUTOFF`` of the best, not ``ACROSS_CUTOFF``."""
    search = "Welke aanbevelingen gaan over wateroverlast?"
    lexical = chooser._lexical
    assert not (lexical.stem_scores("wateroverlast") > 0).any()
    grams = lexical.ngram_scores("wateroverlast")
    ranked = [int(i) for i in np.argsort(-grams) if chooser._chunks[i].recommendation > 0]
    first = ranked[0]
    second = next(
        i
        for i in ranked
        if chooser._chunks[i].recommendation != chooser._chunks[first].recommendation
    )
    assert grams[second] > GRAM_SHARE * grams[first]
    order = [int(first), int(second)]
    order += [i for i in range(len(grams)) if i not in order]
    fused = np.full(len(grams), 0.01, dtype=np.float32)
    fused[first] = 1.0
    fused[second] = (GRAM_JOIN_CUTOFF + ACROSS_CUTOFF) / 2
    place = chooser._chunks[first].recommendation, chooser._chunks[second].recommendation

    def listed() -> list[int]:
        return [
            chooser._chunks[i].recommendation for i in chooser.listed_across(order, fused, search)
        ]

    assert listed() == [place[0]]
    fused[second] = GRAM_JOIN_CUTOFF + 0.05
    assert listed() == list(place)


def test_a_list_takes_in_a_passage_with_a_thesaurus_word_for_the_subject_when_close(
    chooser: PassageChooser,
) -> None:
    """A recommendation whose passage has no word of the subject but one of its thesaurus
    group joins a list when it scores within ``RELATED_JOIN_CUTOFF`` of the best (a passage
    with only the subject's letters needs ``GRAM_JOIN_CUTOFF``), where its passage ranks."""
    chunks = chooser._chunks
    climate, energy, data = _projects(chooser, (9, 1), (8, 3), (7, 2))
    search = "Welke aanbevelingen gaan over ontharding?"  # in 9.1 and 7.2, not in 8.3
    ranked = [climate, energy, data]
    order = ranked + [i for i in range(len(chunks)) if i not in ranked]
    fused = np.full(len(chunks), 0.01)
    fused[ranked] = [1.0, 0.9, 0.8]
    related = Thesaurus([("ontharding", "energiemanager")])

    def listed(thesaurus: Thesaurus) -> list[int]:
        chosen = PassageChooser(chunks, chooser._lexical, chooser.top_k, thesaurus)
        return chosen.listed_across(order, fused, search)

    assert listed(Thesaurus([])) == [climate, data]
    assert listed(related) == [climate, energy, data]
    # a member most passages have relates nothing ("regio")
    assert listed(Thesaurus([("ontharding", "energiemanager", "regio")])) == [climate, energy, data]
    fused[energy] = RELATED_JOIN_CUTOFF - 0.05
    assert fused[energy] > GRAM_JOIN_CUTOFF
    assert listed(related) == [climate, data]


def test_a_list_of_posts_finds_the_notes_managers_brokers_and_coaches(
    chooser: PassageChooser,
) -> None:
    """The thesaurus's group of posts takes "profielen" to the heads of the note's compounds,
    so the recommendations of its subsidiemanager (2.3), onthardingsmakelaar (6.3),
    mobiliteitscoaches (7.3) and energiemanager (8.3) are listed; none says "profiel"."""
    chunks = chooser._chunks
    search = "Welke gedeelde profielen stelt de nota voor?"
    assert not (chooser._lexical.stem_scores("profielen") > 0).any()
    order = list(range(len(chunks)))
    fused = np.ones(len(chunks))

    def listed(chosen: PassageChooser) -> set[int]:
        return {chunks[i].recommendation for i in chosen.listed_across(order, fused, search)}

    alone = PassageChooser(chunks, chooser._lexical, chooser.top_k, Thesaurus([]))
    added = listed(chooser) - listed(alone)
    assert {2, 6, 7, 8} <= listed(chooser)
    assert {7, 8} <= added
    # and no more than those, and 10.1's "in functie van" (the group has "functies")
    assert added <= {2, 6, 7, 8, 10}
