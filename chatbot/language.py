"""Which language a question is in: Dutch (the default), English or French."""

from __future__ import annotations

import re
from collections.abc import Sequence
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
    return _decided(question) or "nl"


def carried_language(question: str, history: Sequence[str]) -> Language | None:
    """When the question's words do not tell its language ("Who published it?": one English
    word, no Dutch one), that of the latest earlier question whose words do: a conversation
    goes on in the language it is held in. None when the question tells, or none does."""
    if _decided(question) is not None:
        return None
    return next((lang for turn in reversed(history) if (lang := _decided(turn))), None)


def _decided(question: str) -> Language | None:
    """The language the question's common words tell, or None when they do not (fewer than
    two words of any language, none of them Dutch)."""
    counts = _counts(question)
    best = max(counts.values())
    if counts["nl"] == best and best > 0:
        return "nl"
    if best < 2:
        return None
    return "en" if counts["en"] == best and counts["en"] > counts["fr"] else "fr"


def _counts(question: str) -> dict[Language, int]:
    tokens = _WORD.findall(fold(question))
    return {lang: sum(t in markers for t in tokens) for lang, markers in _MARKERS.items()}
