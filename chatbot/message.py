"""The parts of a message: a long one is also read by the sentences that ask something."""

from __future__ import annotations

import re

from chatbot.dialect import standard_dutch
from chatbot.lexical import fold, words

A_TOKEN = re.compile(r"[^\W_]+")
"""A run of letters or digits: a message without one asks nothing."""
_POINTING_BACK_WORDS = """
    daarover hierover erover daarvan hiervan ervan daaraan hieraan eraan daarmee hiermee ermee
    daarbij hierbij erbij daarvoor hiervoor daarin hierin daarop hierop
    daar hier dat dit da die het it that this there ca cela
"""
POINTING_BACK = frozenset(_POINTING_BACK_WORDS.split())
"""Words that point back to what a message said before its question."""
LONG_MESSAGE_WORDS = 30
"""A longer message is also searched by its question sentences alone."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WHAT_IS_DONE = re.compile(
    r"\b(oplossing(en)?|voorstel(len)?|maatregel(en)?|stelt\b.*\bvoor|schuift\b.*\bnaar voren|"
    r"komt er|gaan ze|gaat de regio|plannen ze|plant|is er een plan|wat wil(len)?\b.*\bdoen|"
    r"wat (gaan|zullen)\b.*\bdoen|doen ze|wat doet de regio|"
    r"how (will|do|does)\b.*\b(tackle|solve|address)|what (will|do|does)\b.*\b(do|propose)|"
    r"propose|que (fait|propose|prevoit))\b"
)
_DIFFERENCE = re.compile(
    r"\b(verschil|verschillen|verschilt|onderscheid|vergelijk|vergelijken|vergeleken|"
    r"difference|differences|differ|differs|compare|comparison|versus|vs|comparer|comparaison)\b"
)
"""Words that ask how things differ (French folded: "différence" as "difference")."""
OPENING = r"^\W*((en|maar|and|but|et|mais)\s+)?"
"""The start of a question, with the "en", "maar" a follow-up may open with."""
_WHY = re.compile(
    rf"{OPENING}(waarom|why|pourquoi|wrm"
    # what something is for asks why it is there: "wat is de bedoeling van het kerntakendebat?"
    r"|wat is (nu |eigenlijk |dan )?(de bedoeling|het doel) van|waarvoor dient|waartoe dient"
    r"|what is the (point|purpose|aim) of|a quoi sert|quel est (le but|l'objectif) d)\b"
)
_ANOTHER_ASK = re.compile(
    r"\b(en|and|et)\s+(met\s+)?(wat|wie|hoe|welke|waar|wanneer|what|who|how|which|quoi|qui|comment)\b"
)
_FIRST_PERSON = re.compile(r"\b(ik|mijn|me|mij|we|wij|ons|onze|i|my|je|j'|mon|ma|mes)\b")
_JOINED = re.compile(r"\b(en|als|and|et|zowel|elders)\b|,")
_PROJECTS_ASKED = re.compile(r"\b(\w*projecten|doorbraken|projects|projets)\b")
_DOCUMENT_NAMED = re.compile(
    r"\b(inspiratienota|nota|folder|brochure|pamflet|document|tekst|boekske|note)\b"
)
_OVERVIEW_ASKED = re.compile(
    r"\b(waarover|over|about|quoi|samenvatting|samenvatten|samengevat|overzicht|summary|"
    r"summari[sz]e|overview|resume|resumer|zegt|say|says|bevat|contains?|covers?|hoofdlijnen)\b"
)
_QUOTED = r"['\"\u2018\u201c][^'\"\u2019\u201d]{1,60}['\"\u2019\u201d]"
_TITLE_QUOTED = re.compile(
    rf"{_QUOTED}(?=\s+{_DOCUMENT_NAMED.pattern})|(?P<named>{_DOCUMENT_NAMED.pattern})\s+{_QUOTED}"
)
"""A title in quotes beside the word for a document ("this 'Alles Vloeit' note", "de nota
'Alles Vloeit'"): the document's name, not a subject of the question."""
_POINTS_BACK = re.compile(
    r"\b(daar|hier|er|d'r)(over|van|in|aan|mee|voor|bij|op|rond)?\b|\b(it|ca|cela)\b"
    rf"|\b(this|that)\b(?!\s+{_DOCUMENT_NAMED.pattern})"
)
"""A word that points back at what was said before it ("this", "that" unless they name the
document: "this note")."""
_OVERVIEW_WORD_LIST = """
    waarover over gaat gaan handelt about quoi parle traite samenvatting samenvatten samengevat
    overzicht summary summarize summarise overview resume resumer zegt say says bevat contain
    contains cover covers geef give kort korte beknopt paar zinnen woorden few sentences words
    lines brief briefly short staat main points hoofdlijnen grote lijnen what waar cette
    nutshell notendop gist essence essentie kern
"""
_OVERVIEW_WORDS = frozenset(_OVERVIEW_WORD_LIST.split())


def word_count(text: str) -> int:
    """How many words ``text`` has: its runs between spaces that hold a letter or a digit,
    so French typography's "?" after a space ("... de tout cela ?") is no word."""
    return sum(1 for token in text.split() if A_TOKEN.search(token))


def asked_part(message: str) -> str:
    """The question sentences of a message longer than ``LONG_MESSAGE_WORDS``, else ""."""
    return question_sentences(message) if len(message.split()) > LONG_MESSAGE_WORDS else ""


def question_sentences(message: str) -> str:
    """The sentences of a message that ask something (those ending in '?'), or its last one;
    "" when they hold fewer than two words."""
    chosen = " ".join(asked_sentences(message))
    return chosen if len(words(chosen)) >= 2 else ""


def asked_sentences(message: str) -> list[str]:
    """The sentences ending in '?', or the last sentence when none does."""
    sentences = [s.strip() for s in _SENTENCE_END.split(message) if s.strip()]
    return [s for s in sentences if s.endswith("?")] or sentences[-1:]


def _asked_folded(message: str) -> str:
    """The question sentences in standard Dutch, folded: what the ``asks_...`` patterns read."""
    return fold(standard_dutch(" ".join(asked_sentences(message))))


def asks_several(message: str) -> bool:
    """Whether the question sentences join several subjects ("sport en cultuur", "zowel
    ... als", a list) or ask for another place ("staat er elders nog iets over?")."""
    return bool(_JOINED.search(_asked_folded(message)))


def asks_for_projects(message: str) -> bool:
    """Whether the question sentences ask for projects ("welke doorbraakprojecten zijn er
    rond klimaat?"): what the note proposes, its doorbraakprojecten, not their context."""
    return bool(_PROJECTS_ASKED.search(_asked_folded(message)))


def asks_difference(message: str) -> bool:
    """Whether the question sentences ask how things differ or compare ("wat is het verschil
    tussen aanbeveling 10 en 11?", "compare recommendations 3 and 4")."""
    return bool(_DIFFERENCE.search(_asked_folded(message)))


def asks_what_is_done(message: str) -> bool:
    """Whether the question asks what will be done or proposed ("welke oplossing schuift de
    nota naar voren?", "gaan ze daar iets aan doen?"), which the doorbraakprojecten say,
    rather than why or what is the matter, which a "Context en uitdagingen" says."""
    asked = asked_part(message) or message
    return bool(_WHAT_IS_DONE.search(fold(standard_dutch(asked))))


def asks_why(message: str) -> bool:
    """Whether a message asks only why ("waarom is er een kerntakendebat nodig?") or what
    something is for ("wat is de bedoeling van het kerntakendebat?"), each of its question
    sentences: not why and something else ("... en met wie?", "Waarom ...? Staat er iets in
    om ...?"), nor why of one's own case ("waarom moet ik telkens ...?"), which ask what is
    done about it (chosen on the development sets: those lost four questions with the
    context first)."""
    asked = [fold(standard_dutch(s)) for s in asked_sentences(message)]
    return bool(asked) and all(
        _WHY.search(s) and not _ANOTHER_ASK.search(s) and not _FIRST_PERSON.search(s) for s in asked
    )


def asks_overview(message: str) -> bool:
    """Whether the message asks what the document as a whole is about, and nothing more
    ("waarover gaat die nota?", "what is this document about?", "geef me een overzicht van
    de nota"): its foreword and contents say that, not any one recommendation. A greeting or
    a word about oneself before it ("Hallo, ik ben nieuw in Duffel. Waarover gaat die
    nota?") leaves it that question: it is read by its question sentences too, unless they
    point back at what the message told ("... Zegt de nota daar iets over?")."""
    if _overview(message):
        return True
    asked = " ".join(asked_sentences(message))
    if asked == message.strip() or _POINTS_BACK.search(_without_title(fold(asked))):
        return False
    return _overview(asked)


def _without_title(folded: str) -> str:
    """``folded`` without a title in quotes beside the word for a document."""
    return _TITLE_QUOTED.sub(lambda m: f" {m['named'] or ''} ", folded)


def _overview(message: str) -> bool:
    folded = _without_title(fold(standard_dutch(message)))
    if not (_DOCUMENT_NAMED.search(folded) and _OVERVIEW_ASKED.search(folded)):
        return False
    own = [w for w in words(folded) if w not in _OVERVIEW_WORDS]
    return all(_DOCUMENT_NAMED.fullmatch(w) for w in own)
