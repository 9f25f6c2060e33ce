"""Places of Rivierenland named in a question: the note speaks for the region as a whole, so an
answer to a question about one municipality says so."""

from __future__ import annotations

import re

from chatbot.lexical import fold

MUNICIPALITIES = (
    "Berlaar", "Bonheiden", "Bornem", "Duffel", "Heist-op-den-Berg", "Lier", "Mechelen",
    "Nijlen", "Putte", "Puurs-Sint-Amands", "Sint-Katelijne-Waver", "Willebroek",
)  # fmt: skip
"""The twelve municipalities of Rivierenland."""
VILLAGES = (
    "Heist", "Puurs", "Sint-Amands", "Walem", "Muizen", "Heffen", "Hombeek", "Leest",
    "Kessel", "Bevel", "Itegem", "Wiekevorst", "Booischot", "Hallaar", "Schriek", "Grootlo",
    "Beerzel", "Peulis", "Gestel", "Liezele", "Ruisbroek", "Hingene", "Mariekerke", "Weert",
    "Tisselt", "Blaasveld", "Heindonk", "Onze-Lieve-Vrouw-Waver", "Katelijne", "Rijmenam",
    "Emblem", "Pulderbos", "Pulle", "Zandvliet", "Koningshooikt",
)  # fmt: skip
"""Their best-known villages (deelgemeenten)."""
_OWN_PLACE = (
    r"mijn (straat|wijk|dorp|gemeente|buurt)|onze (straat|wijk|gemeente|buurt)|ons dorp|bij ons"
)
_PLACE = re.compile(
    r"\b("
    + "|".join(
        re.escape(fold(name))
        for name in sorted({*MUNICIPALITIES, *VILLAGES}, key=len, reverse=True)
    )
    + rf"|{_OWN_PLACE})\b"
)


_PLACE_WORD = re.compile(
    r"\b("
    + "|".join(
        re.escape(name) for name in sorted({*MUNICIPALITIES, *VILLAGES}, key=len, reverse=True)
    )
    + r")\b",
    re.IGNORECASE,
)


def names_a_place(question: str) -> bool:
    """Whether the question is about one municipality, village or the asker's own street."""
    return bool(_PLACE.search(fold(question)))


def without_places(question: str) -> str:
    """The question with the region's place names left out (they say where, not what)."""
    kept = _PLACE_WORD.sub(" ", question)
    return " ".join(kept.split())
