"""Which language a question is in: Dutch (the default), English or French.

Its common words decide first. Where they do not tell English or French (too few of them,
or as many Dutch ones: French "de" is Dutch too), a character n-gram model (py3langid,
restricted to the three languages) may, when it is sure and the question has no more Dutch
common words than of the language it names: "When did the council decide?" has one English
word of the list, "Combien de bornes ... à Malines ?" as many Dutch as French ones. On its
own the model is unsure of a Dutch keyword ("subsidiemanager regio": English, 0.43).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from chatbot.lexical import fold

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

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
SURE = 0.95
"""The model's probability from which its English or French is taken. Chosen on every
question of the development sets and the example questions (8,101): at 0.95 it changed 63
from Dutch, each of them English or French but one ("regio deal back up planing"); at 0.9
it also took "crèche tekort" for French."""


def detect_language(question: str) -> Language:
    """The language whose common words the question uses most, Dutch on a tie and unless
    another language has at least two of its words (a Flemish "of" is not English); or the
    model's English or French where those words do not tell it (see the module's text)."""
    return _decided(question) or "nl"


def carried_language(question: str, history: Sequence[str]) -> Language | None:
    """When the question's common words do not tell its language ("Who published it?": one
    English word, no Dutch one), that of the latest earlier question that tells one: a
    conversation goes on in the language it is held in, also where the model alone would
    read a Dutch follow-up's loanwords as English ("Housing first?"). None when the
    question's words tell, or no earlier question does."""
    if _by_words(_counts(question)) is not None:
        return None
    return next((lang for turn in reversed(history) if (lang := _decided(turn))), None)


def _decided(question: str) -> Language | None:
    """The language the question's common words tell, else the model's English or French
    when it is sure; None when neither tells (fewer than two common words of any language,
    none of them Dutch, and the model unsure)."""
    counts = _counts(question)
    by_words = _by_words(counts)
    if by_words in ("en", "fr") or counts["nl"] > max(counts["en"], counts["fr"]):
        return by_words
    guess: str
    probability: float
    guess, probability = _identifier().classify(question)
    named: Language | None = "en" if guess == "en" else "fr" if guess == "fr" else None
    if named is not None and probability >= SURE and counts["nl"] <= counts[named]:
        return named
    return by_words


def _by_words(counts: dict[Language, int]) -> Language | None:
    best = max(counts.values())
    if counts["nl"] == best and best > 0:
        return "nl"
    if best < 2:
        return None
    return "en" if counts["en"] == best and counts["en"] > counts["fr"] else "fr"


_LOADING = threading.Lock()
_LOADED: list[LanguageIdentifier] = []


def _identifier() -> LanguageIdentifier:
    """py3langid's model for the three languages, loaded once (0.5 s, about 90 MB at its
    peak): requests that arrive together wait for the one load. Classifying only reads it."""
    if not _LOADED:
        with _LOADING:
            if not _LOADED:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                identifier.set_languages(["nl", "en", "fr"])
                _LOADED.append(identifier)
    return _LOADED[0]


def _counts(question: str) -> dict[Language, int]:
    tokens = _WORD.findall(fold(question))
    return {lang: sum(t in markers for t in tokens) for lang, markers in _MARKERS.items()}
