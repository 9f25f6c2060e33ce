"""Flemish chat spellings written out as standard Dutch, before a question is searched.

Residents type the way they talk: "wa gaan ze doen aan da openbaar vervoer, de bus rijdt ni
meer". The question model read such words as noise and the passages are in standard Dutch, so
the spoken forms of common words ("wa", "da", "ni", "ne", "zijde") are written out first
("wat", "dat", "niet", "een", "ben je"). Only words with one reading are in the table, and
only Dutch questions are rewritten: "ne" and "as" mean other things in French and English.
The rewritten text is only searched; the question is shown and logged as asked.
"""

from __future__ import annotations

import re
from functools import lru_cache

from chatbot.language import detect_language

SPOKEN: dict[str, str] = {
    # pronouns, articles and small words
    "da": "dat",
    "wa": "wat",
    "ni": "niet",
    "nie": "niet",
    "ne": "een",
    "nen": "een",
    "ene": "een",
    "den": "de",
    "t": "het",
    "'t": "het",
    "k": "ik",
    "'k": "ik",
    "gij": "jij",
    "ge": "je",
    "mijne": "mijn",
    "der": "er",
    "iet": "iets",
    "mor": "maar",
    "as": "als",
    "ns": "eens",
    "vr": "voor",
    "ofwa": "of wat",
    "zijde": "ben je",
    "kunde": "kun je",
    "zen": "zijn",
    "goe": "goed",
    "gene": "geen",
    "genen": "geen",
    "dees": "deze",
    "dieje": "die",
    "omda": "omdat",
    "zoda": "zodat",
    "wadde": "wat",
    "hedde": "heb je",
    "zedde": "ben je",
    "ulder": "jullie",
    "gulder": "jullie",
    "hunne": "hun",
    "nekeer": "eens",
    "efkes": "even",
    "effe": "even",
    "sebiet": "straks",
    "seffens": "straks",
    # "ik" and "het" grown onto the next word
    "kheb": "ik heb",
    "kben": "ik ben",
    "kzou": "ik zou",
    "kweet": "ik weet",
    "kwil": "ik wil",
    "kmoet": "ik moet",
    "kvind": "ik vind",
    "kga": "ik ga",
    "tis": "het is",
    "twas": "het was",
    "da's": "dat is",
    # chat abbreviations with one reading
    "wnnr": "wanneer",
    "wrm": "waarom",
    "hvl": "hoeveel",
    "mss": "misschien",
    "wss": "waarschijnlijk",
    "gwn": "gewoon",
    "tss": "tussen",
    # verbs and nouns that drop their last letter
    "moete": "moeten",
    "worde": "worden",
    "werke": "werken",
    "kunne": "kunnen",
    "eigelijk": "eigenlijk",
    "kinders": "kinderen",
    "gemeentes": "gemeenten",
    "tege": "tegen",
    # Flemish words for things, in the standard words the note uses
    "velo": "fiets",
    "velos": "fietsen",
    "gebuur": "buur",
    "geburen": "buren",
    "camion": "vrachtwagen",
    "camions": "vrachtwagens",
    "kuisen": "schoonmaken",
    "goesting": "zin",
    "ambetant": "vervelend",
    "plezant": "leuk",
    "rap": "snel",
    "frigo": "koelkast",
    # exclamations that say nothing about the subject
    "amai": "",
    "allee": "",
    "allez": "",
    "awel": "",
    "nondeju": "",
    # family, as it is said
    "ons ma": "mijn moeder",
    "ons pa": "mijn vader",
    "mijne pa": "mijn vader",
    "mijne ma": "mijn moeder",
}
"""Spoken form (lower case) -> standard Dutch."""

_SPOKEN = re.compile(
    # a hyphen joins words into a name: "den" in "Heist-op-den-Berg" is no spoken form
    r"(?<![\w'-])("
    + "|".join(re.escape(form) for form in sorted(SPOKEN, key=len, reverse=True))
    + r")(?![\w'-])",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def standard_dutch(question: str) -> str:
    """``question`` with the spoken forms of ``SPOKEN`` written out, if it is Dutch."""
    if detect_language(question) != "nl":
        return question
    typed = question.replace("\u2019", "'")  # a phone's apostrophe
    written = _SPOKEN.sub(lambda match: SPOKEN[match.group(0).lower()], typed)
    return " ".join(written.split()) if written != typed else question
