from __future__ import annotations

import pytest

from chatbot.lexical import fold
from chatbot.proper_names import NAME_ASKED, proper_names


def test_a_capital_that_does_not_open_the_sentence_is_a_name() -> None:
    sentence = "De inspiratienota is het resultaat van Strategio, een samenwerking."
    assert proper_names(sentence) == ["Strategio"]
    assert proper_names("12 Gemeenten werken samen in Strategio.") == ["Strategio"]
    assert proper_names('"Samen sterk" is het motto van Strategio.') == ["Strategio"]


def test_an_opening_an_item_or_a_word_of_where_is_no_name() -> None:
    assert proper_names("Aanbeveling 2: Optimaliseer financiën") == []
    assert proper_names("• Berlaar") == []
    assert proper_names("De Vlaamse overheid en de Europese regels voor Vlamingen.") == []


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Hoe heet het samenwerkingsverband waaruit de nota voortkomt?", True),
        ("Uit welke samenwerking komt ze? Ik heb de naam nodig.", True),
        ("What is the name of the group behind the note?", True),
        ("Comment s'appelle ce groupe ?", True),
        ("Hoe heet mag het water in de zwemvijver zijn?", False),
        ("Wie spreekt in naam van de lokale besturen?", False),
        ("Hoe noemen ze die functie?", False),
        ("Welke samenwerking zit achter de nota?", False),
    ],
)
def test_what_asks_for_a_name(question: str, asks: bool) -> None:
    assert bool(NAME_ASKED.search(fold(question))) is asks
