"""Places of Rivierenland in a question."""

from __future__ import annotations

from chatbot.places import (
    MUNICIPALITIES,
    MUNICIPALITY_OF,
    VILLAGES,
    VILLAGES_THAT_ARE_WORDS,
    municipalities_named,
    names_a_place,
    regions_named,
    without_places,
)


def test_municipalities_villages_and_ones_own_street_are_places() -> None:
    assert names_a_place("Komt er een fietsstraat in sint-katelijne-waver?")
    assert names_a_place("Wat met de kerk van Hombeek?")
    assert names_a_place("Wordt er bij ons in de straat onthard?")
    assert not names_a_place("Wat doet de regio aan hitte?")


def test_a_village_that_is_also_a_word_counts_only_with_a_capital() -> None:
    assert names_a_place("Wat gebeurt er in Heffen?")
    assert not names_a_place("Gaan ze meer belasting heffen?")
    assert not names_a_place("Hoe weert de regio hitte?")
    assert not names_a_place("Komt er iets in Emblem?")  # not a village of Rivierenland


def test_places_are_left_out_of_what_is_searched() -> None:
    assert without_places("Komen er meer fietspaden tussen Mechelen en Lier?") == (
        "Komen er meer fietspaden tussen en ?"
    )
    assert without_places("Gaan ze meer belasting heffen?") == "Gaan ze meer belasting heffen?"
    # that the asker lives there says where too, not that the question is about housing
    assert without_places("ik woon in lier en de fietspaden zijn slecht") == (
        "en de fietspaden zijn slecht"
    )
    assert without_places("Wij wonen al 30 jaar in Itegem.") == "."
    assert without_places("wij wonen in een appartement in Lier") == (
        "wij wonen in een appartement in"
    )


def test_a_region_named_in_a_question() -> None:
    assert regions_named("Wat doet de regio Kempen aan ontharding?") == ["Kempen"]
    assert regions_named("How does the Ghent region handle traffic?") == ["Ghent"]
    assert regions_named("Is er een plan in de streek van het Pajottenland?") == ["Pajottenland"]
    # the region itself, an article at the start of a sentence, a French name of Mechelen
    assert regions_named("De regio wil meer bomen in Lier.") == []
    # a question word before "regio" in broken Dutch names no region (trial 59, A03)
    assert regions_named("Ik zoek huis. Wat regio doet voor wonen voor mensen zoals mij?") == []
    assert regions_named("Wat doet de regio Mechelen voor jongeren?") == []
    assert regions_named("Que fait la région de Malines contre la chaleur ?") == []


def test_the_municipality_a_text_names_itself_or_by_a_village() -> None:
    assert municipalities_named("Alles Vloeit in Duffel - vragen en antwoorden") == {"Duffel"}
    assert municipalities_named("wat met de kerk van hombeek en in sint-katelijne-waver?") == {
        "Mechelen",
        "Sint-Katelijne-Waver",
    }
    assert municipalities_named("Een straat in Heist of Booischot") == {"Heist-op-den-Berg"}
    assert municipalities_named("Energieloket Rivierenland") == frozenset()
    # every village has its municipality, and each is one of the twelve
    assert set(MUNICIPALITY_OF) == {*VILLAGES, *VILLAGES_THAT_ARE_WORDS}
    assert set(MUNICIPALITY_OF.values()) <= set(MUNICIPALITIES)
