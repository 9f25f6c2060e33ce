from __future__ import annotations

import pytest

from chatbot.across import asked_across
from chatbot.lexical import fold


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Welke aanbevelingen gaan over klimaat?", "where"),
        ("Waar in de nota komt ontharding terug?", "where"),
        ("hitte in de zomer? waar staat dat in?", "where"),
        ("Where does the note deal with flooding?", "where"),
        ("Où la note parle-t-elle de la culture ?", "where"),
        ("Wat zegt de nota over fietsen?", "topic"),
        ("parkeren, staat daar iets over in die nota?", "topic"),
        ("iets over sport?", "topic"),
        ("Welke subsidies komen in de nota aan bod?", "topic"),
        ("Naar welke decreten verwijst de nota?", "topic"),
        ("What's in it for young families?", "topic"),
        ("Que dit la note sur le logement ?", "topic"),
        ("Est-ce que la note parle de la pauvreté ?", "topic"),
        ("ontharding?", "topic"),
        ("en sport en cultuur?", "topic"),
        ("Is er iets in over de fiets?", "topic"),
        ("Parkeren: hoe zit dat in de nota?", "topic"),
        ("Ik wil weten wat de nota voorstelt rond tewerkstelling.", "topic"),
        ("Is there anything in it on poverty?", "topic"),
        ("Wat stelt de nota voor om talent te bundelen?", None),
        ("wat nog meer?", None),
        ("waarom?", None),
        ("nummer 11?", None),
        ("Wat is een onthardingsmakelaar?", None),
        ("Wie heeft de nota geschreven?", None),
        ("Hoeveel inwoners telt de regio?", None),
    ],
)
def test_how_a_question_asks_across_the_note(question: str, kind: str | None) -> None:
    assert asked_across(fold(question)) == kind
