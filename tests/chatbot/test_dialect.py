"""Flemish spoken forms written out before a question is searched."""

from __future__ import annotations

import pytest

from chatbot.dialect import standard_dutch


@pytest.mark.parametrize(
    ("asked", "searched"),
    [
        (
            "allee wa gaan ze doen aan da openbaar vervoer, de bus rijdt ni meer",
            "wat gaan ze doen aan dat openbaar vervoer, de bus rijdt niet meer",
        ),
        ("zijde gij van de gemeente?", "ben je jij van de gemeente?"),
        ("ons ma woont alleen in Bornem", "mijn moeder woont alleen in Bornem"),
        ("'k weet nie of da 't juiste is", "ik weet niet of dat het juiste is"),
        ("Wa moete de gemeentes doen?", "wat moeten de gemeenten doen?"),
        (
            "kheb gene velo, hoe geraak ik rap in Mechelen",
            "ik heb geen fiets, hoe geraak ik snel in Mechelen",
        ),
        ("da's ambetant voor de geburen", "dat is vervelend voor de buren"),
        (
            "wnnr is die infoavond vr samen renoveren",
            "wanneer is die infoavond voor samen renoveren",
        ),
        ("wrm moet da gwn zo", "waarom moet dat gewoon zo"),
    ],
)
def test_spoken_forms_are_written_out(asked: str, searched: str) -> None:
    assert standard_dutch(asked) == searched


@pytest.mark.parametrize(
    "asked",
    [
        "Wat staat er in de nota over data delen en de gemeentelijke website?",  # "da" in words
        "Je ne sais pas ce que la note dit sur les communes, tu peux m'aider ?",  # French "ne"
        "Does the note say as much about housing as about mobility?",  # English "as"
        "Wat plant de regio voor de jeugd in Heist-op-den-Berg?",  # "den" in a place name
    ],
)
def test_other_text_is_left_as_asked(asked: str) -> None:
    assert standard_dutch(asked) == asked
