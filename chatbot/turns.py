"""Reading a conversation turn by turn: what a follow-up asks of the turn before it.

A follow-up ("en het tweede doorbraakproject?", "wat nog meer?", "nummer 11" after the list,
"waarom is dat nodig?", "kan je dat korter zeggen?", "and in English?") takes its subject from
the turn before; a question with a subject of its own starts fresh. This module holds the
words and patterns that tell them apart, read folded (``chatbot.lexical.fold``) and in
standard Dutch (``chatbot.dialect``), and what a turn resolves to (``Turn``);
``chatbot.answering.Answerer.resolve`` reads the conversation with them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from chatbot.across import QUESTION_WORDS
from chatbot.dialect import standard_dutch
from chatbot.evidence import MAKING_OF
from chatbot.language import Language
from chatbot.lexical import fold, words
from chatbot.message import OPENING, POINTING_BACK, word_count
from chatbot.references import Reference, find_reference
from chatbot.scope import Outcome

_TELL = r"vertel|vertellen|zeg|zeggen|geef|geven|uitleggen|leg"
_FILLER = r"me|mij|ons|eens|es|ne|keer|nekeer|nog|wat|iets|een|beetje|dat|daar|hier|er|even"
_MORE_OF = r"\s+(info|informatie|uitleg|details|detail)"
_OVER = (
    r"\s+(daarover|hierover|erover|over|over\s+(dat|dit|die|deze)"
    r"(\s+(aanbeveling|project|doorbraakproject|onderwerp))?)"
)
_CAN_YOU = r"(kan|kun|kunt|wil|wilt)\s+(je|jij|u|ge|gij)"
_PLEASE = r"\s+(aub|alsjeblieft|alstublieft|graag|svp)"
MAX_HISTORY = 4
"""Earlier questions of a conversation that count; older ones no longer change an answer."""
_MORE = re.compile(
    r"^\W*(en\s+|ok\s+|oke\s+)?((wat|iets)\s+)?((nog|verder)\s+)?(meer|verder|anders|nog|iets)"
    r"(\s+(nog|meer))?"
    # "... bij die aanbeveling?", "... daarover?": the subject just asked about, said again
    r"(\s+((bij|over|in|van|uit|rond)\s+(die|deze|dat|dit|de|het)\s+"
    r"(aanbeveling|doorbraakproject|project|onderwerp|thema|punt)"
    r"|daarover|hierover|erover|daarvan|hiervan|daarbij|hierbij|daarin|hierin))?\W*$"
    r"|^\W*(and\s+)?((what|anything)\s+else|more)\W*$"
    r"|^\W*(et\s+)?(quoi\s+d'autre|autre\s+chose|encore)\W*$"
    # "vertel eens meer", "kan je daar wat meer over vertellen?", "meer info aub", "tell me
    # more": more of what was just said, not "vertel meer over nummer 4", which names it
    rf"|^\W*(en\s+|ok\s+|oke\s+)?(({_TELL})\s+(({_FILLER})\s+)*meer({_MORE_OF})?({_OVER})?(\s+uit)?"
    rf"|({_CAN_YOU})\s+(({_FILLER})\s+)*meer({_MORE_OF})?({_OVER})?\s+({_TELL})"
    rf"|meer{_MORE_OF}({_OVER})?)({_PLEASE})?\W*$"
    r"|^\W*(en\s+|ok\s+)?ik\s+(wil|wou|zou)\s+(er|daar|hier)\s+(graag\s+)?(nog\s+)?meer\s+over"
    r"\s+(weten|lezen|horen)\W*$"
    r"|^\W*(and\s+|ok\s+)?((can|could)\s+you\s+)?tell\s+me\s+(some\s+)?more"
    r"(\s+about\s+(it|that|this))?(\s+please)?\W*$"
    r"|^\W*(some\s+)?more\s+(info|information|details)(\s+please)?\W*$"
    r"|^\W*(et\s+)?(dis|dites)[- ]?(m'en|moi|nous)\s+(en\s+)?plus\W*$"
    r"|^\W*(tu\s+peux|vous\s+pouvez|pouvez-vous|peux-tu)\s+(m'en|nous\s+en|m'|nous\s+)?"
    r"\s*dire\s+plus\W*$"
)
_ASKING = (
    r"hoeveel|wanneer|waar|wie|wat|hoe|welke|welk|zijn|is|was|waren|het|er|ze|zij|dan|nu|nog|"
    r"precies|eigenlijk|juist|ongeveer|how|many|much|when|who|where|are|there|they|then|"
    r"combien|quand|qui|ou|y|en|a|t|il|ils|sont|alors"
)
"""Words that only ask (which, how many, when) or stand for what was asked before."""
_AND = re.compile(r"^\W*(en|maar|and|but|et|mais)\b")
"""The "en", "maar" a follow-up opens with."""
_FOLLOW_UP_START = re.compile(
    rf"{_AND.pattern}|\b(daar|dat|die|dit|hiervan|daarvan|it|ça)\b"
    # "such" ones: "hoeveel mensen zijn er zo?"
    r"|\ber\s+zo\W*$"
    # a fragment that only makes sense with the question before it: "met hoeveel mensen?"
    r"|^\W*(met|voor|over|bij|door|tot|tegen|sinds|vanaf|with|for|about|since|by|avec|pour|"
    r"depuis|sur)\s+(hoeveel|welke|welk|wie|wat|wanneer|how|which|what|whom|when|combien|"
    r"quel|quelle|quels|quelles|qui|quand)\b"
    # nothing but the words that ask: "hoeveel zijn het er?", "wanneer dan?", "how many?"
    rf"|^\W*({_ASKING})(\W+({_ASKING}))*\W*$"
)
_SHORTER = re.compile(
    r"\b(korter|kortweg|samenvatten|samenvatting|samengevat|in het kort|in een paar woorden|"
    r"beknopt|shorter|summari[sz]e|summary|in short|in brief|plus court|resumer|resume|en bref)\b"
)
"""A request to say the previous answer in fewer words."""
_WHY_OF_IT = re.compile(
    rf"{OPENING}(waarom|why|pourquoi)\b"
    r"((\s+(dan|eigenlijk|then|donc))?\W*$|(?=.*\b(dat|dit|ze|zij|hen|daar|daarvoor|hiervoor|"
    r"that|this|it|they|cela|ca|c'est|ils)\b))"
)
"""A follow-up that asks why of what was just said ("waarom is dat nodig?", "waarom willen
ze dat?"): a recommendation's "Context en uitdagingen" says why. "het" and "die" are not
read as pointing back: "waarom is het zwembad dicht?" names a subject of its own."""
_WHY_WORDS_TEXT = """
    waarom why pourquoi dat dit ze zij hen daar daarvoor hiervoor that this it they cela ca
    cest ils nodig noodzakelijk belangrijk probleem vinden vindt willen wil volgens
    zinvol nuttig goed needed necessary important problem want wants matter matters
    necessaire importante probleme
"""
_WHY_WORDS = frozenset(_WHY_WORDS_TEXT.split())
"""The only words a why follow-up may have besides stop words: anything else is a subject of
its own."""
_WHAT_OR_HOW = re.compile(rf"{OPENING}(wat|hoe|what|how|que|qu'est-ce|comment)\b")
_PROPOSED_WORDS_TEXT = """
    stellen stelt voorstellen voorstel voorgesteld oplossing oplossingen oplossen aanpak
    aanpakken pakken pakt doen doet gedaan willen wil plannen plan plant maatregelen
    daaraan eraan hieraan daartegen ertegen daarvoor concreet precies dan eigenlijk
    what do does propose proposes proposed solution solutions plans about
    proposent proposentils faire font fait
"""
_PROPOSED_WORDS = frozenset(_PROPOSED_WORDS_TEXT.split())
"""The only words a what-is-proposed follow-up may have besides stop words."""
_AGAIN = re.compile(
    r"^\W*(en\s+|ok\s+|oke\s+)?(som|noem|geef)\s+(ze|die|deze)(\s+(mij|me))?"
    r"(\s+(eens|maar|dan|allemaal|op))*\W*$"
    r"|^\W*(en\s+)?welke\s+zijn\s+(dat|die|het)(\s+(dan|allemaal))*\W*$"
    r"|^\W*(list|name)\s+them\W*$"
    # "kan je ze gewoon even opsommen?", "zet die eens op een rij"
    r"|^\W*(en\s+|ok\s+|oke\s+)?((kan|kun|wil|kunt)\s+(je|u|ge|jij)\s+)?(ze|die|deze)"
    r"(\s+(mij|me|gewoon|eens|even|maar|dan|allemaal|nog|eventjes|efkes))*"
    r"\s+(opsommen|oplijsten|opnoemen|noemen|op\s+een\s+rij\s+zetten)\W*$"
    r"|^\W*(en\s+)?zet\s+(ze|die|deze)(\s+(mij|me|gewoon|eens|even|maar|dan|allemaal))*"
    r"\s+op\s+een\s+rij\W*$"
)
"""A request for the previous answer's passages themselves ("som ze eens op" after "hoeveel
principes zijn er?"): the same turn again, in full."""
_IN_LANGUAGE = re.compile(
    r"\b(?:in\s+(?:het\s+)?|en\s+)(?:(nederlands|dutch|vlaams|neerlandais)|(engels|english|anglais)"
    r"|(frans|french|francais))\b"
)
"""A language named as the one to answer in ("in het Engels", "in Dutch", "en français")."""
_A_VERSION = re.compile(
    r"\b(beschikbaar|bestaat|versie|vertaling|vertaald|available|version|translation|translated"
    r"|exist|disponible|traduction|traduit|existe)\b"
)
"""Whether the document itself exists in a language: a question of its own."""
_GIVE_AGAIN = re.compile(
    r"\b(geef|geven|vertaal|vertalen|herhaal|herhalen|schrijf|give|translate|repeat|write|put"
    r"|donne|donner|traduis|traduire|repete|repeter|ecris)\b"
)
"""A request that hands back what was said ("give me that in Dutch"), rather than asking."""
SHORT_REQUEST = 8
"""At most this many words: "kan je da korter zeggen?", not a question of its own."""
LANGUAGE_REQUEST = SHORT_REQUEST + 4
"""At most this many words ask for the previous answer in another language: such a request
may say for whom ("can you give me that last one in Dutch for my neighbour?")."""
_WHO = re.compile(r"^\W*(en\s+|maar\s+|and\s+|et\s+)?(wie|who|qui)\b")
"""A question that starts by asking who."""
_WORD = re.compile(r"[a-z']+")
_OF_THEM = re.compile(
    r"\b(daarvan|hiervan|van die|van deze|of them|of these|parmi elles|d'entre elles)\b"
)
"""Words that pick, among the recommendations just listed, those about a subject."""


@dataclass(frozen=True, slots=True)
class Turn:
    """What a question resolves to once the conversation is taken into account."""

    search: str
    reference: Reference | None
    shown: frozenset[str] = field(default_factory=frozenset)
    """Passages already shown for the same subject ("wat nog meer?")."""
    more: bool = False
    inherited: Outcome | None = None
    """For a follow-up that only points back ("wat nog meer?", "en het tweede?"): the
    outcome of the turn it follows, which it cannot improve on."""
    leaning: bool = False
    """A short follow-up read together with the question before it ("en wat doen ze daar
    aan?"): the previous subject is searched, but whether the note answers it is decided."""
    repeat: Literal["first", "all"] | None = None
    """The previous answer again: its first passage alone for "kan je dat korter zeggen?"
    (the note's own words: nothing is summarized), all of it for "som ze eens op"."""
    language: Language | None = None
    """The language the previous answer is asked again in ("and in English?"): its own
    words are; the note's are quoted as they stand."""
    doing: str = ""
    """A follow-up that asks who does what was just said ("wie moet dat coördineren?"):
    its own words, which say what is done (``who_does_it``)."""
    counting: bool = False
    """A leaning follow-up that asks for a count ("hoeveel mensen zijn er zo?" after "staat
    er iets in over mensen die niet mee zijn met al dat digitale?"): one fact, not a list
    across the note, though the question before it asked for one."""
    told_all: int = 0
    """The recommendation every passage of which the conversation has quoted, when "vertel
    meer" goes on from it: the note says no more of it, and its nearest passages elsewhere
    are only the closest."""


def others_named(turn: Turn, subject: int) -> tuple[int, ...]:
    """The further recommendations ``turn`` named beside ``subject``: "en het tweede
    project?" after "aanbevelingen 3 en 7" asks for the second project of each."""
    named = turn.reference
    if named is None or named.recommendation != subject:
        return ()
    return named.others


def asks_why_of_it(question: str) -> bool:
    """Whether a follow-up asks why of what was just said, with no subject of its own
    ("waarom is dat een probleem?", not "waarom ligt dat fietspad er nog niet?" nor "waarom
    is die nota gemaakt?")."""
    spoken = fold(standard_dutch(question))
    return bool(_WHY_OF_IT.search(spoken)) and set(words(spoken)) <= _WHY_WORDS


def asks_what_is_proposed(spoken: str) -> bool:
    """Whether a short follow-up (folded, in standard Dutch) asks what is proposed or done
    about what was just said, with no subject of its own ("en wat stellen ze voor?", "hoe
    willen ze dat oplossen?", not "en wat doen ze aan fietspaden?"): its own words would find
    any passage that proposes something."""
    return (
        word_count(spoken) <= SHORT_REQUEST
        and bool(_WHAT_OR_HOW.match(spoken))
        and bool(own := set(words(spoken)))
        and own <= _PROPOSED_WORDS
    )


def asks_shorter(spoken: str) -> bool:
    """Whether a short message (folded, in standard Dutch) asks to say the previous answer in
    fewer words, not for a place of its own in fewer words ("welke aanbevelingen zijn er, in
    het kort?")."""
    return (
        bool(_SHORTER.search(spoken))
        and word_count(spoken) <= SHORT_REQUEST
        and find_reference(spoken) is None
    )


def who_does_it(spoken: str) -> bool:
    """A short follow-up (folded, in standard Dutch) that asks who does what was just said
    ("en wie gaat da allemaal coördineren?"): its own words ("coördineren") would find any
    recommendation that coordinates something, so it is read with the previous subject. Who
    made the note is not such a question."""
    return (
        word_count(spoken) <= 8
        and bool(_WHO.match(spoken))
        and not POINTING_BACK.isdisjoint(_WORD.findall(spoken))
        and not MAKING_OF.search(spoken)
    )


_ITS_PROJECTS = re.compile(r"\b(doorbraak)?(projecten|projects|projets)\b")
_ITS_PROJECTS_WORDS_TEXT = """
    doorbraakprojecten projecten projects projets de die staan staat horen hoort gaan bij daar
    hier voor van over rond in of for about it that stellen stelt voorgesteld worden wordt
    men propose proposed does do
"""
_ITS_PROJECTS_WORDS = frozenset(_ASKING.split("|")) | frozenset(_ITS_PROJECTS_WORDS_TEXT.split())
"""The only words a follow-up that asks for the projects of what was just said may have."""


def asks_for_its_projects(spoken: str) -> bool:
    """Whether a follow-up (folded, in standard Dutch) asks which or how many projects there
    are for what was just said ("hoeveel doorbraakprojecten zijn er daarvoor?", "welke
    projecten horen daarbij?", "en welke projecten stellen ze voor?"): the recommendation the
    previous answer was about, not every passage that names projects."""
    own = set(_WORD.findall(spoken))
    return (
        bool(_ITS_PROJECTS.search(spoken))
        and (not POINTING_BACK.isdisjoint(own) or bool(_AND.match(spoken)))
        and own <= _ITS_PROJECTS_WORDS | POINTING_BACK
    )


def asks_more(spoken: str) -> bool:
    """Whether a follow-up (folded, in standard Dutch) asks what else there is ("wat nog
    meer?", "en verder?", "anything else?")."""
    return bool(_MORE.match(spoken))


def asks_again(spoken: str) -> bool:
    """Whether a follow-up asks for the previous answer's passages themselves ("som ze eens
    op" after "hoeveel principes zijn er?")."""
    return bool(_AGAIN.match(spoken))


_AUDIENCE = re.compile(r"^\W*(en|maar|ook|and|et)\s+(wat\s+|what\s+)?(voor|for|pour)\b")
AUDIENCE_WORDS = 6
"""A follow-up that names an audience is this short at most: longer, it asks more."""


_STANDS_FOR_IT = re.compile(
    r"\b(daar|hier)(over|van|aan|mee|bij|voor|in|op|uit)?\b|\b(ze|zij|hen)\b"
    r"|\ber(over|van|aan|mee|bij)\b"
    # "dat" or "die" as what is spoken of, not before a noun: "waar gaat dat door?", "voor
    # wie is die bedoeld?" (a bare "dat?" at the end is left to the other rules)
    r"|\b(dat|die|dit)\s+(door|bedoeld|gepland|voorzien|nodig|af|klaar)?\s*(\?|$)"
    r"|\ber\s+zo\W*$"
)
"""Words that stand for what the conversation is about, in standard Dutch: "welke rol krijgt
de gemeente daarin?", "voor wie is ze bedoeld?", "wie heeft eraan meegewerkt?"."""
_ONLY_ASKING = re.compile(rf"^({QUESTION_WORDS})$")


def stands_for_it(spoken: str) -> bool:
    """Whether a follow-up (folded, in standard Dutch) has a word that stands for what the
    conversation is about."""
    return bool(_STANDS_FOR_IT.search(spoken))


def words_of_its_own(spoken: str) -> list[str]:
    """A follow-up's content words (folded, in standard Dutch) besides those that stand for
    what was asked before or only ask: what it may name of its own ("erfgoed" in "en
    erfgoed, staat daar iets over?")."""
    return [
        w
        for w in words(spoken)
        if w not in POINTING_BACK and not _STANDS_FOR_IT.fullmatch(w) and not _ONLY_ASKING.match(w)
    ]


def starts_like_a_follow_up(folded: str) -> bool:
    """Whether a message starts like a follow-up ("en ...", "maar ...", "met hoeveel?") or
    points back ("daar", "dat")."""
    return bool(_FOLLOW_UP_START.search(folded))


def names_an_audience(folded: str) -> bool:
    """Whether a short follow-up only names whom it asks for ("en voor gewone
    huiseigenaars?", "maar voor bedrijven?", "and for companies?"): it keeps the subject."""
    return bool(_AUDIENCE.match(folded)) and len(folded.split()) <= AUDIENCE_WORDS


def of_the_list(folded: str) -> str | None:
    """What a follow-up that picks among the recommendations just listed asks across the
    note ("welke daarvan gaan over zorg?": "welke aanbevelingen ... gaan over zorg?"); None
    when it does not pick among them."""
    if not _OF_THEM.search(folded):
        return None
    return f"welke aanbevelingen {_OF_THEM.sub(' ', folded)}"


def language_asked(spoken: str, answered_alone: Callable[[str], bool]) -> Language | None:
    """The language a short follow-up (folded, in standard Dutch) asks the previous answer in
    ("and in English?", "can you give me that last one in Dutch?"), when its other words are
    few, or ask to give back what they point to, or point back and the note does not answer
    them on their own (``answered_alone``); not "bestaat de nota ook in het Engels?"."""
    named = _IN_LANGUAGE.search(spoken)
    if named is None or _A_VERSION.search(spoken) or word_count(spoken) > LANGUAGE_REQUEST:
        return None
    rest = _WORD.findall(_IN_LANGUAGE.sub(" ", spoken))
    pointing = not POINTING_BACK.isdisjoint(rest)
    more_than_a_request = len(rest) > 2 and not (pointing and _GIVE_AGAIN.search(spoken))
    if more_than_a_request and (not pointing or answered_alone(" ".join(rest))):
        return None
    dutch, english, _ = named.groups()
    return "nl" if dutch else "en" if english else "fr"
