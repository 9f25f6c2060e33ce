"""What a follow-up asks of the turn before it (``chatbot.turns``), on the words alone."""

from __future__ import annotations

import pytest

from chatbot.dialect import standard_dutch
from chatbot.lexical import fold
from chatbot.turns import (
    asks_again,
    asks_for_its_projects,
    asks_more,
    asks_shorter,
    asks_what_is_proposed,
    asks_why_of_it,
    language_asked,
    of_the_list,
    stands_for_it,
    starts_like_a_follow_up,
    who_does_it,
)


def spoken(message: str) -> str:
    """A message as the turns are read: folded, in standard Dutch."""
    return fold(standard_dutch(message))


@pytest.mark.parametrize("message", ["wat nog meer?", "en verder?", "iets anders nog?", "more"])
def test_what_else_goes_on_from_the_turn_before(message: str) -> None:
    assert asks_more(spoken(message))


@pytest.mark.parametrize(
    "message",
    [
        "vertel meer",
        "vertel eens wat meer",
        "kunde daar wa meer over vertellen",
        "kan je wat meer uitleg geven?",
        "leg eens meer uit",
        "meer info aub",
        "tell me more",
        "dis-m'en plus",
        "vertel ne keer meer",
        "leg dat eens meer uit",
        "ik wil er meer over weten",
        "more info please",
        "tu peux m'en dire plus ?",
    ],
)
def test_asking_to_be_told_more_goes_on_from_the_turn_before(message: str) -> None:
    """Trial 52 (B3.2): "kan je daar meer over vertellen?" was read as a question of its own
    and quoted recommendations 10 and 5 after recommendation 3."""
    assert asks_more(spoken(message))


@pytest.mark.parametrize(
    "message",
    [
        "wat is er nog meer over fietsen?",
        "meer groen in Lier?",
        "vertel meer over nummer 4",
        "vertel meer over energie",
        "kan je meer vertellen over de fietspaden?",
    ],
)
def test_a_subject_of_its_own_is_no_request_for_more(message: str) -> None:
    assert not asks_more(spoken(message))


def test_the_previous_passages_are_asked_for_again() -> None:
    assert asks_again(spoken("som ze eens op"))
    assert asks_again(spoken("kun je die gewoon even oplijsten?"))
    assert not asks_again(spoken("som de zeven principes op"))


def test_shorter_is_asked_of_the_previous_answer_not_of_a_place_named() -> None:
    assert asks_shorter(spoken("kan je dat wat korter zeggen?"))
    assert not asks_shorter(spoken("welke aanbevelingen zijn er, kort samengevat?"))


def test_why_is_asked_of_what_was_said_only_without_a_subject_of_its_own() -> None:
    assert asks_why_of_it("en waarom is dat zo belangrijk?")
    assert not asks_why_of_it("waarom is het containerpark op maandag dicht?")


@pytest.mark.parametrize(
    "message",
    ["en wat willen ze daaraan doen?", "hoe pakken ze dat aan?", "And what do they propose?"],
)
def test_what_is_proposed_is_asked_of_what_was_said(message: str) -> None:
    assert asks_what_is_proposed(spoken(message))


@pytest.mark.parametrize(
    "message", ["en wat doen ze aan de fietspaden?", "Wat stelt de nota voor rond water?"]
)
def test_a_subject_of_its_own_is_no_question_what_is_proposed(message: str) -> None:
    assert not asks_what_is_proposed(spoken(message))


def test_a_follow_up_starts_like_one_or_points_back() -> None:
    assert starts_like_a_follow_up(spoken("en voor de jongeren?"))
    assert starts_like_a_follow_up(spoken("met hoeveel gemeenten dan?"))
    assert starts_like_a_follow_up(spoken("hoeveel zijn het er?"))
    assert not starts_like_a_follow_up(spoken("hoeveel gemeenten zijn er?"))
    assert not starts_like_a_follow_up(spoken("Welke rol speelt IGEMO in de regio?"))
    # "such" ones point back too (trial 67, B6.2)
    such = spoken("hoeveel jongeren zijn er zo?")
    assert starts_like_a_follow_up(such) and stands_for_it(such)
    assert not stands_for_it(spoken("hoe zo?")) and not stands_for_it(spoken("is er zorg?"))


def test_picking_among_the_recommendations_listed_asks_across_the_note() -> None:
    picked = of_the_list(spoken("welke daarvan gaan over mobiliteit?"))
    assert picked is not None
    assert picked.startswith("welke aanbevelingen") and "mobiliteit" in picked
    assert "daarvan" not in picked
    assert of_the_list(spoken("wat zegt de nota over mobiliteit?")) is None


def test_who_does_it_points_back_and_is_not_who_made_the_note() -> None:
    assert who_does_it(spoken("en wie gaat da allemaal coördineren?"))
    assert who_does_it(spoken("en wie helpt de gemeenten daarbij?"))
    assert not who_does_it(spoken("en wie heeft dit allemaal opgesteld?"))
    assert not who_does_it(spoken("Wie is de burgemeester van Lier?"))
    # eight words: French typography's "?" after a space is no ninth
    assert who_does_it(spoken("Et qui doit prendre l'initiative de tout cela ?"))
    assert not who_does_it(
        spoken("et qui doit prendre l'initiative de tout cela dans la commune ?")
    )


class Alone:
    """A stand-in for whether the note answers some words on their own, that records what
    it was asked."""

    def __init__(self, answers: bool) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, words: str) -> bool:
        self.asked.append(words)
        return self.answers


def test_a_language_named_alone_asks_for_the_previous_answer_in_it() -> None:
    alone = Alone(answers=True)
    assert language_asked(spoken("in het Frans aub"), alone) == "fr"
    assert language_asked(spoken("And in English?"), alone) == "en"
    assert language_asked(spoken("en in het Nederlands"), alone) == "nl"
    assert alone.asked == []  # a bare request is not looked up


def test_a_question_of_its_own_in_a_language_is_no_such_request() -> None:
    alone = Alone(answers=False)
    assert language_asked(spoken("bestaat de nota ook in het Engels?"), alone) is None
    assert language_asked(spoken("wat zegt de nota over fietsen, in het Frans?"), alone) is None
    assert alone.asked == []


def test_words_that_point_back_ask_again_unless_the_note_answers_them_alone() -> None:
    message = spoken("wat betekent dat in het Frans?")
    assert language_asked(message, Alone(answers=False)) == "fr"
    answered = Alone(answers=True)
    assert language_asked(message, answered) is None
    assert answered.asked == ["wat betekent dat"]


@pytest.mark.parametrize(
    "message",
    ["hoeveel doorbraakprojecten zijn er daarvoor?", "welke projecten horen daarbij?",
     "How many projects are there for it?", "en welke projecten stellen ze voor?"],
)  # fmt: skip
def test_asking_for_the_projects_of_what_was_just_said(message: str) -> None:
    assert asks_for_its_projects(spoken(message))


@pytest.mark.parametrize(
    "message",
    ["welke projecten gaan over water?", "hoeveel projecten zijn er?", "hoeveel kost dat?"],
)
def test_projects_with_a_subject_of_their_own_or_none_asked(message: str) -> None:
    assert not asks_for_its_projects(spoken(message))
