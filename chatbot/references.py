"""Explicit references: "aanbeveling 7", "doorbraakproject 3 van aanbeveling 2", "the fifth
recommendation", "welke aanbevelingen zijn er". Resolved directly, without ranking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chatbot.lexical import fold, words

_CARDINAL = re.compile(
    r"een|one|un|une|twee|two|deux|drie|three|trois|vier|four|quatre|vijf|five|cinq|zes|six|"
    r"zeven|seven|sept|acht|eight|huit|negen|nine|neuf|tien|ten|dix|elf|eleven|onze|twaalf|"
    r"twelve|douze"
)
_NUMBERS = {
    # Dutch, English and French cardinals and ordinals, without accents
    **dict.fromkeys(["een", "eerste", "one", "first", "un", "une", "premier", "premiere"], 1),
    **dict.fromkeys(["twee", "tweede", "two", "second", "deux", "deuxieme", "seconde"], 2),
    **dict.fromkeys(["drie", "derde", "three", "third", "trois", "troisieme"], 3),
    **dict.fromkeys(["vier", "vierde", "four", "fourth", "quatre", "quatrieme"], 4),
    **dict.fromkeys(["vijf", "vijfde", "five", "fifth", "cinq", "cinquieme"], 5),
    **dict.fromkeys(["zes", "zesde", "six", "sixth", "sixieme"], 6),
    **dict.fromkeys(["zeven", "zevende", "seven", "seventh", "sept", "septieme"], 7),
    **dict.fromkeys(["acht", "achtste", "eight", "eighth", "huit", "huitieme"], 8),
    **dict.fromkeys(["negen", "negende", "nine", "ninth", "neuf", "neuvieme"], 9),
    **dict.fromkeys(["tien", "tiende", "ten", "tenth", "dix", "dixieme"], 10),
    **dict.fromkeys(["elf", "elfde", "eleven", "eleventh", "onze", "onzieme"], 11),
    **dict.fromkeys(["twaalf", "twaalfde", "twelve", "twelfth", "douze", "douzieme"], 12),
    **dict.fromkeys(["laatste", "last", "dernier", "derniere"], -1),
}
_WORD_NUMBERS = "|".join(sorted(_NUMBERS, key=len, reverse=True))
_NUM = rf"(\d{{1,2}}|{_WORD_NUMBERS})"
_ORDINALS = [word for word in _NUMBERS if not _CARDINAL.fullmatch(word)]
_POSITIONS = frozenset(_ORDINALS)
_ORDINAL_SUFFIX = r"(?:ste|de|e|th|st|nd|rd|ieme|eme|er)\b"
"""What makes digits an ordinal: "8ste", "5th", "3e", "2eme"."""
_ORD = (
    rf"(\d{{1,2}}(?={_ORDINAL_SUFFIX})|"
    + "|".join(sorted(_ORDINALS, key=len, reverse=True))
    + r")\w*"
)
"""An ordinal: before "aanbeveling" or "project" only an ordinal names one ("de derde
aanbeveling", "the 5th project"); a cardinal counts them ("een aanbeveling", "drie projecten")."""
_REC = r"(?:aanbevelingen|aanbeveling|aanbev|recommendations?|recommandations?|advies)"
_ITEM = (
    r"(?:doorbraakprojecten|doorbraakproject|doorbraken|doorbraak|projecten|projects?|projets?|"
    r"breakthrough projects?|breakthroughs?|dp)"
)
_NR = r"(?:\s*(?:nr\.?|nummer|number|numero|no\.?|n°|#))?\s*"
_REC_NAMED = rf"(?:{_REC}|aanb|hoofdstuk|hfdst|chapter|chapitre)\.?"
"""A recommendation before its number: the note's chapters are its recommendations, and
people shorten the word ("aanb. 5", "hfdst 7")."""
_REC_AFTER = re.compile(rf"\b{_REC_NAMED}{_NR}(\d{{1,3}}|{_WORD_NUMBERS})\b")
"""Up to three digits: "aanbeveling 120" is told how many there are, not searched for."""
_DOTTED = re.compile(
    rf"(?:\b(?P<named>{_REC_NAMED}|{_ITEM}|punt|point){_NR})?"
    r"(?<![\d.,])\b(?P<rec>\d{1,2})\.(?P<item>[1-3])\b(?![.,]?\d)"
)
"""A doorbraakproject numbered as the issue tracker and council notes cite it: "8.1",
"project 6.3", "aanbeveling 12.3"."""
_DOTTED_ALONE = re.compile(
    r"\s*(?:$|[?!.,;:)]|\b(?:over|about|sur|en|and|et|zegt|says|dit|van|of|de|du|in)\b)"
)
"""What may follow a dotted number that no word names as a reference ("wat zegt 6.3 over
ontharding?"), unlike an amount or a measure ("1.5 graden", "2.3 miljoen")."""
_VERSION = re.compile(r"\b(?:versie|version|v)\s*$")
"""A dotted number right after these is a version ("versie 2.1 van de nota")."""
_REC_BEFORE = re.compile(rf"\b{_ORD}\s+{_REC}\b")
_AND_NUMBER = re.compile(
    r"\s*(?:,|&|\ben\b|\band\b|\bet\b|\bversus\b|\bvs\b\.?|\bmet\b|\bwith\b|\bavec\b)\s*"
    rf"(?:{_REC}{_NR})?(\d{{1,2}})(?![,.]\d)\b"
    # what follows says the number names a recommendation, not a count ("met 3 projecten")
    r"(?=\s*(?:$|[?!.,;:)]|&|\b(?:en|and|et|versus|vs|met|with|avec|over|about|sur|rond|"
    r"wat|what|que|qua)\b))"
)
"""A further recommendation's number after one named: "aanbeveling 8 en 9", "recommendations
8, 9 and 12", "aanbeveling 3 met aanbeveling 7". Only digits ("aanbeveling 8 en een project"
names no second one), and only a number that nothing but the end, another number or the
subject follows: "aanbeveling 8 met 3 doorbraakprojecten", "aanbeveling 2 met 12 gemeenten"
and "aanbeveling 5 en 10 jaar" count. Not "of": "recommendation 11 of 12" is one."""
_ITEM_AFTER = re.compile(rf"\b{_ITEM}{_NR}{_NUM}\b")
_COUNTED = re.compile(rf"\b(?:{_CARDINAL.pattern})\s+(?=(?:{_ITEM}|{_REC})\b)")
"""A count before the word for projects or recommendations ("de drie doorbraakprojecten van
aanbeveling 2"): it says how many there are, as a digit would, and asks nothing more."""
_SUFFIXED = rf"(?:de|the|le|la)?\s*(\d{{1,2}}){_ORDINAL_SUFFIX}"
_ORDINAL_PAIR = re.compile(
    rf"\b{_SUFFIXED}\s*(?:,|&|\ben\b|\band\b|\bet\b|\bversus\b|\bvs\b\.?|\bmet\b|\bwith\b)"
    rf"\s*{_SUFFIXED}(?:\s*(?P<named>{_REC})\b|(?=\s*(?:$|[?!.,;:)])))"
)
"""Two numbers written as ordinals, with nothing after them but the end or the word for a
recommendation: "hoe verschillen de 7de en de 10de?" names recommendations as the list
shows their numbers, not a count or a school grade ("de 1ste en 2de graad")."""
_ITEM_BEFORE = re.compile(rf"\b{_ORD}\s+{_ITEM}\b")
_CONTEXT = re.compile(r"\b(context|uitdagingen|challenges|defis|contexte)\b")
_LIST = re.compile(
    r"\b(welke|alle|lijst|overzicht|opsomming|hoeveel|belangrijkste|voornaamste|titels|which|all|list|"
    r"overview|how many|main|key|titles|quelles|toutes|liste|combien|principales|titres)\b"
    rf".*\b{_REC}\b|\b(wat|what)\s+(zijn|are)\s+(de|die|the)\s+(?:(?:{_CARDINAL.pattern})\s+)?{_REC}\b"
    r"|\binhoud(stafel|sopgave)?\b|\btable of contents\b|\btable des matieres\b"
)
_FILLER_WORDS = """
    wat zegt staat geef toon lees zeg vertel uitleg info informatie inhoud nota tekst over meer
    alles hele volledige precies staan zeggen gaat gaan waarover welke zijn er allemaal nog eens
    graag even telt bevat heeft hoeveel aanbevelingen aanbeveling doorbraakproject
    doorbraakprojecten context uitdagingen daarvan hiervan ervan daarover hierover project projecten
    tell show say says explain about read give please what is are the many recommendation
    challenges dis montre explique lire sur contexte defis quelle quel quels quelles est combien
    note contient contains bevat cette this recommendations recommandation recommandations how
    overzicht lijst opsomming totaal belangrijkste voornaamste main key list overview all alle
    liste toutes principales can you me mij regional regionale inspiratienota folder brochure
    more plus davantage kunt kan kunnen ge gij je jij u geven tonen krijgen wil willen zou could
    would like want see doet doen stelt voor formuleert does make propose titel titels namen
    naam titles title titre titres noms aub alstublieft alsjeblieft svp mag
    oke ok okay kort korte kortweg samengevat samenvatting beknopt heel briefly short brief bref
    houdt beschrijven dus dan document documenten documents contain there atil breakthrough
    projects projet projets
"""
EXPLAIN_WORDS = frozenset(
    ["leg", "uit", "uitleggen", "licht", "toe", "toelichten", "beschrijf", "explain", "describe"]
)
"""Words that ask to explain what a number points at ("leg het derde eens uit"): they do not
make a bare number a question of its own."""
_FILLER = frozenset(_FILLER_WORDS.split()) | EXPLAIN_WORDS


@dataclass(frozen=True, slots=True)
class Reference:
    """A place in the note that the question names."""

    recommendation: int | None = None
    """As named (-1: "de laatste"), read against the served note by the answerer; None when
    only an item or the list of recommendations is meant."""
    item: int | None = None
    """1-3; -1 for "the last one"."""
    context: bool = False
    listing: bool = False
    """The question asks for the list of recommendations."""
    only: bool = True
    """The question is nothing but the reference (no other subject to search for)."""
    others: tuple[int, ...] = ()
    """Further recommendations it names, in the order named ("het verschil tussen aanbeveling
    10 en 11": 11), each once and never ``recommendation`` again once the answerer has read
    "de laatste" (-1) against the served note."""

    @property
    def recommendations(self) -> tuple[int, ...]:
        """Every recommendation it names, the first one first."""
        first = () if self.recommendation is None else (self.recommendation,)
        return (*first, *self.others)


ELSEWHERE = re.compile(
    r"\b(elders|ergens anders|andere aanbevelingen|elsewhere|other recommendations|ailleurs|"
    r"autres recommandations)\b"
    r"|\b(buiten|behalve|naast|besides|apart from|other than|except|outside|hormis|sauf|"
    r"en dehors de)\s+(in\s+)?(de\s+|het\s+|la\s+|l')?"
    r"(aanbeveling|hoofdstuk|recommendation|chapter|recommandation)\b"
)
"""A question that asks whether its subject stands beyond a part it names ("komt dat alleen
in de eerste aanbeveling voor, of ook elders?", "buiten aanbeveling 8, waar komt energie nog
voor?") is about the whole note."""


def find_reference(question: str) -> Reference | None:
    """The reference in a question, or None when it names no place in the note (or asks
    beyond the place it names, ``ELSEWHERE``)."""
    text = fold(question)
    if ELSEWHERE.search(text):
        return None
    rec = _number(_REC_AFTER, text) or _number(_REC_BEFORE, text)
    item = _number(_ITEM_AFTER, text) or _number(_ITEM_BEFORE, text)
    if (dotted := _dotted(text)) is not None:
        rec, item = int(dotted["rec"]), int(dotted["item"])
    pair = _ordinal_pair(text) if item is None else None
    if pair is not None:
        rec = pair[0]
    listing = rec is None and item is None and bool(_LIST.search(text))
    if rec == 0:
        rec = None  # numbers beyond the note's last, and -1 ("de laatste"), are the answerer's
    if item is not None and item > 3:
        item = None
    context = bool(_CONTEXT.search(text)) and item is None
    if rec is None and item is None and not listing and not context:
        return None
    rest = text
    for pattern in (_ORDINAL_PAIR, _DOTTED, _REC_AFTER, _REC_BEFORE, _ITEM_AFTER, _ITEM_BEFORE):
        rest = pattern.sub(" ", rest)
    rest = _COUNTED.sub(" ", rest)
    leftover = [w for w in words(rest) if w not in _FILLER and not w.isdigit()]
    others: tuple[int, ...] = ()
    if pair is not None and rec is not None and pair[1] not in (0, rec):
        others = (pair[1],)
    if rec is not None and item is None:
        named = list(dict.fromkeys(n for n in _named_in_order(text) if n != 0))
        if len(named) > 1:
            rec, others = named[0], tuple(named[1:])
    return Reference(
        recommendation=rec,
        item=item,
        context=context,
        listing=listing,
        only=not leftover,
        others=others,
    )


def _ordinal_pair(text: str) -> tuple[int, int] | None:
    """The two recommendations an ``_ORDINAL_PAIR`` names: with the word for one after them,
    or when one number is above 3 (only a recommendation has it). "de 2de en de 3de" alone
    may be a recommendation's doorbraakprojecten, which the answerer reads by context."""
    match = _ORDINAL_PAIR.search(text)
    if match is None:
        return None
    first, second = int(match[1]), int(match[2])
    return (first, second) if match["named"] or max(first, second) > 3 else None


def _named_in_order(text: str) -> list[int]:
    """Every recommendation a question names, in the order it names them: each one named
    on its own ("tussen de zevende aanbeveling en aanbeveling 3") and the numbers that
    follow one ("aanbevelingen 10 en 11"); -1 for "de laatste"."""
    named: list[tuple[int, int]] = []
    for pattern in (_REC_AFTER, _REC_BEFORE):
        for match in pattern.finditer(text):
            named.append((match.start(), _value(match.group(1))))
            if pattern is _REC_AFTER:
                end = match.end()
                while (more := _AND_NUMBER.match(text, end)) is not None:
                    named.append((more.start(1), int(more.group(1))))
                    end = more.end()
    return [number for _, number in sorted(named)]


def _dotted(text: str) -> re.Match[str] | None:
    """A dotted doorbraakproject number that a word names as one or that stands alone."""
    for match in _DOTTED.finditer(text):
        if _VERSION.search(text, 0, match.start()):
            continue
        if match["named"] or _DOTTED_ALONE.match(text, match.end()):
            return match
    return None


def _number(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    if match is None:
        return None
    return _value(match.group(1))


def _value(token: str) -> int:
    """The number a matched token says: digits, or a word of ``_NUMBERS``."""
    return int(token) if token.isdigit() else _NUMBERS[token]


_BARE_NUMBER = re.compile(
    rf"(?:^|\b(?:nummer|nr\.?|number|numero|no\.?|n°|de|het|over|the|about|la|le|sur)\s+|#){_NUM}\b"
)


def find_number(question: str) -> int | None:
    """A number that picks an item from a list just shown: 'nummer 11', 'de elfde', '#3';
    -1 for 'de laatste'."""
    match = _BARE_NUMBER.search(fold(question))
    if match is None:
        return None
    number = _value(match.group(1))
    return number if 1 <= number <= 99 or number == -1 else None


def picks_a_position(question: str) -> bool:
    """Whether the number ``find_number`` reads is an ordinal word ("de tweede", "the last"),
    which counts places in a list, rather than a number, which a list's labels show."""
    match = _BARE_NUMBER.search(fold(question))
    return match is not None and match.group(1) in _POSITIONS


def picks_a_project(question: str) -> bool:
    """Whether an ordinal stands after "het" ("en het tweede?", "leg het derde eens uit"),
    and not before "aanbeveling": it may count doorbraakprojecten, for "aanbeveling" takes
    "de" (a recommendation has three, so "het vijfde" still counts recommendations)."""
    return _NEUTER_POSITION.search(fold(question)) is not None


_NEUTER_POSITION = re.compile(rf"\bhet\s+{_ORD}(?!\s+{_REC})")


def only_a_number(question: str) -> bool:
    """Whether a message is little more than a number ("nummer 11", "vertel meer over de
    vijfde"), not a question that happens to hold one ("over 5 jaar")."""
    return not _own_words(question) and not _ITEM_WORD.search(fold(question))


def only_a_place(question: str, pointing: frozenset[str]) -> bool:
    """Whether a message names no more than a place in the note, by what was said before it
    ("en het eerste project?", "en nummer 2?"): no subject of its own ("van dat zwembad"),
    nor a word of ``pointing`` ("daarvan": the question just before)."""
    return not _own_words(question) and pointing.isdisjoint(words(fold(question)))


def _own_words(question: str) -> list[str]:
    """The question's words beside its numbers and the words that only ask for a place
    ("vertel meer over", "project")."""
    rest = _BARE_NUMBER.sub(" ", fold(question))
    return [w for w in words(rest) if w not in _FILLER and w not in _NUMBERS]


_ITEM_WORD = re.compile(rf"\b{_ITEM}\b")
