"""Places of Rivierenland named in a question: the note speaks for the region as a whole, so an
answer to a question about one municipality says so."""

from __future__ import annotations

import re

MUNICIPALITIES = (
    "Berlaar", "Bonheiden", "Bornem", "Duffel", "Heist-op-den-Berg", "Lier", "Mechelen",
    "Nijlen", "Putte", "Puurs-Sint-Amands", "Sint-Katelijne-Waver", "Willebroek",
)  # fmt: skip
"""The twelve municipalities of Rivierenland."""
VILLAGES = (
    "Heist", "Puurs", "Sint-Amands", "Walem", "Hombeek", "Koningshooikt", "Kessel", "Itegem",
    "Wiekevorst", "Booischot", "Hallaar", "Schriek", "Grootlo", "Beerzel", "Peulis", "Gestel",
    "Liezele", "Ruisbroek", "Hingene", "Mariekerke", "Tisselt", "Blaasveld", "Heindonk",
    "Onze-Lieve-Vrouw-Waver", "Katelijne", "Rijmenam",
)  # fmt: skip
"""Their best-known villages (deelgemeenten)."""
VILLAGES_THAT_ARE_WORDS = ("Heffen", "Leest", "Weert", "Bevel", "Muizen")
"""Villages whose names are also Dutch words ("belasting heffen"): a place only when written
with a capital."""
MUNICIPALITY_OF = {
    "Heist": "Heist-op-den-Berg", "Itegem": "Heist-op-den-Berg",
    "Wiekevorst": "Heist-op-den-Berg", "Booischot": "Heist-op-den-Berg",
    "Hallaar": "Heist-op-den-Berg", "Schriek": "Heist-op-den-Berg",
    "Grootlo": "Heist-op-den-Berg", "Puurs": "Puurs-Sint-Amands",
    "Sint-Amands": "Puurs-Sint-Amands", "Liezele": "Puurs-Sint-Amands",
    "Ruisbroek": "Puurs-Sint-Amands", "Walem": "Mechelen", "Hombeek": "Mechelen",
    "Heffen": "Mechelen", "Leest": "Mechelen", "Muizen": "Mechelen", "Koningshooikt": "Lier",
    "Kessel": "Nijlen", "Bevel": "Nijlen", "Beerzel": "Putte", "Peulis": "Putte",
    "Gestel": "Berlaar", "Hingene": "Bornem", "Mariekerke": "Bornem", "Weert": "Bornem",
    "Tisselt": "Willebroek", "Blaasveld": "Willebroek", "Heindonk": "Willebroek",
    "Onze-Lieve-Vrouw-Waver": "Sint-Katelijne-Waver", "Katelijne": "Sint-Katelijne-Waver",
    "Rijmenam": "Bonheiden",
}  # fmt: skip
"""The municipality each village belongs to."""
_MUNICIPALITY_NAMED = {
    **{name.casefold(): name for name in MUNICIPALITIES},
    **{village.casefold(): name for village, name in MUNICIPALITY_OF.items()},
}
"""A place as ``places_named`` finds it, casefolded, to the municipality it names."""


def _alternatives(names: tuple[str, ...]) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


_OWN_PLACE = (
    r"mijn (straat|wijk|dorp|gemeente|buurt)|onze (straat|wijk|gemeente|buurt)|ons dorp|bij ons"
)
_PLACE_WORD = re.compile(
    rf"(?i:\b({_alternatives((*MUNICIPALITIES, *VILLAGES))})\b)"
    rf"|\b({_alternatives(VILLAGES_THAT_ARE_WORDS)})\b"
)
_OWN = re.compile(rf"\b({_OWN_PLACE})\b", re.IGNORECASE)
_LIVING_THERE = re.compile(
    r"(?i:\b(ik|we|wij)\s+(woon|wonen)\s+((nu|al|sinds|hier|zelf|ook)\s+(\w+\s+){0,3}?)?"
    rf"(in|te)\s+)(?={_PLACE_WORD.pattern})"
)
"""The words before a place that say the asker lives there ("ik woon al 20 jaar in")."""


def names_a_place(question: str) -> bool:
    """Whether the question is about one municipality, village or the asker's own street."""
    return bool(_PLACE_WORD.search(question) or _OWN.search(question))


def places_named(question: str) -> list[str]:
    """The region's municipalities and villages the question names, as it writes them."""
    return [match.group(0) for match in _PLACE_WORD.finditer(question)]


def municipalities_named(text: str) -> frozenset[str]:
    """The region's municipalities a text names, itself or by one of their villages."""
    return frozenset(
        _MUNICIPALITY_NAMED.get(place.casefold(), place) for place in places_named(text)
    )


def without_places(question: str) -> str:
    """The question with the region's place names left out (they say where, not what), and
    with them the words that say the asker lives there ("ik woon in Lier en de fietspaden
    ..."): the question is about cycle paths, not housing."""
    kept = _PLACE_WORD.sub(" ", _LIVING_THERE.sub(" ", question))
    return " ".join(kept.split())


_OTHER_REGION = re.compile(
    r"\b(?:regio|streek|region|r\u00e9gion)\s+(?:van\s+(?:de\s+|het\s+)?|de\s+|du\s+|of\s+)?"
    r"(?P<after>[A-Z][\w'-]+)"
    r"|\b(?P<before>[A-Z][\w'-]+)\s+(?:region|regio|streek)\b"
)
"""A capitalized name after or before a word for region ("de regio Kempen", "the Ghent region")."""
EXONYMS = ("Malines", "Lierre", "Puers", "Duffle")
"""French and English names of the region's municipalities."""
_NOT_NAMES = frozenset((
    "de", "het", "een", "deze", "die", "dit", "onze", "ons", "uw", "jouw", "hun", "welke", "elke",
    "the", "this", "our", "which", "each", "every", "la", "le", "les", "cette", "notre", "quelle",
    "wat", "hoe", "waar", "wie", "wanneer", "waarom", "mijn", "en", "maar", "in", "voor",
    "what", "how", "where", "who", "when", "why", "my", "and", "but", "for",
    "que", "quoi", "comment", "ma", "mon", "et", "mais", "pour", "dans",
))  # fmt: skip
"""Words that stand before "regio" at the start of a sentence ("De regio wil ...", "Wat regio
doet voor ...?" in broken Dutch)."""


def regions_named(question: str) -> list[str]:
    """Names given to a region in the question ("de regio Kempen", "the Ghent region"), the
    region's own places left out."""
    names = []
    for match in _OTHER_REGION.finditer(question):
        name = match.group("after") or match.group("before")
        if name.casefold() in _NOT_NAMES or name in EXONYMS or _PLACE_WORD.fullmatch(name):
            continue
        names.append(name)
    return names
