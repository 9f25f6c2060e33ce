"""Which language a question is in: Dutch (the default), English or French."""

from __future__ import annotations

import re
from typing import Literal

from chatbot.lexical import fold

Language = Literal["nl", "en", "fr"]

_COMMON_WORDS: dict[Language, str] = {
    "nl": """de het een en van in is wat wie hoe waar waarom welke wordt worden zijn er over voor
             met op dat die dit niet ook nog kan komt zegt gemeenten nota aanbeveling
             ik je ge gij ze we wij mijn ons onze hier daar iets aan naar bij als maar of om
             da wa nie ni zijde kunde hebt heb heeft moet mag tis ier""",
    "en": """the a an and of in is what who how where why which are there about for with on that
             this not also does do say says note recommendation municipalities""",
    "fr": """le la les un une et de des du est que qui quoi comment ou pourquoi quel quelle quels
             quelles sur pour avec dans ce cette pas aussi dit note recommandation""",
}
_MARKERS = {language: frozenset(text.split()) for language, text in _COMMON_WORDS.items()}
_WORD = re.compile(r"[a-z]+")


def detect_language(question: str) -> Language:
    """The language whose common words the question uses most; Dutch on a tie, and unless
    another language has at least two of its words (a Flemish "of" is not English)."""
    tokens = _WORD.findall(fold(question))
    counts = {lang: sum(t in markers for t in tokens) for lang, markers in _MARKERS.items()}
    best = max(counts.values())
    if best < 2 or counts["nl"] == best:
        return "nl"
    return "en" if counts["en"] == best and counts["en"] > counts["fr"] else "fr"
