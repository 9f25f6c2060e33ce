"""From a question (and the conversation so far) to an Answer over one loaded index.

1. The conversation is read turn by turn (at most ``MAX_HISTORY`` earlier questions): a
   follow-up ("en het tweede doorbraakproject?", "wat nog meer?", "nummer 11" after the list)
   takes its subject from the turn before; a question with a subject of its own starts fresh.
2. An explicit reference ("aanbeveling 7", "welke aanbevelingen zijn er") is answered with
   those passages directly.
3. A question about a subject across the note ("welke aanbevelingen gaan over klimaat?", "wat
   zegt de nota over fietsen?": ``chatbot.across``) gets every recommendation that
   addresses it, each with its best passage.
4. Anything else is ranked by the hybrid retriever; the scope model, fitted on the served
   content, says whether the best passages answer it, are only the closest, or whether the
   note does not address it at all; a question asking for a kind of fact the quoted
   passages do not state (an amount, opening hours, a vote: ``chatbot.asked``) is not
   answered by them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import takewhile
from typing import Literal, NamedTuple

import numpy as np

from chatbot.across import FRAMING, Across, asked_across, asks_if_mentioned
from chatbot.answer import FRONT_MATTER, Answer, Hit, IndexInfo, Suggestion
from chatbot.calibrate import Calibration
from chatbot.dialect import standard_dutch
from chatbot.evidence import MADE, MAKING_OF, Evidence
from chatbot.language import Language, detect_language
from chatbot.lexical import fold, words
from chatbot.lexical import stems as stems_in
from chatbot.message import (
    asked_part,
    asked_sentences,
    asks_overview,
    asks_several,
    asks_what_is_done,
)
from chatbot.places import names_a_place, without_places
from chatbot.preamble import without_preamble
from chatbot.references import (
    EXPLAIN_WORDS,
    Reference,
    find_number,
    find_reference,
    only_a_number,
    picks_a_position,
)
from chatbot.retrieval import HybridRetriever, Scored
from chatbot.scope import Outcome, ScopeModel
from chatbot.sentences import KeySentences
from indexer.chunking import Chunk
from indexer.examples import ExampleMatch

_MORE = re.compile(
    r"^\W*(en\s+|ok\s+|oke\s+)?((wat|iets)\s+)?((nog|verder)\s+)?(meer|verder|anders|nog|iets)"
    r"(\s+(nog|meer))?"
    # "... bij die aanbeveling?", "... daarover?": the subject just asked about, said again
    r"(\s+((bij|over|in|van|uit|rond)\s+(die|deze|dat|dit|de|het)\s+"
    r"(aanbeveling|doorbraakproject|project|onderwerp|thema|punt)"
    r"|daarover|hierover|erover|daarvan|hiervan|daarbij|hierbij|daarin|hierin))?\W*$"
    r"|^\W*(and\s+)?((what|anything)\s+else|more)\W*$"
    r"|^\W*(et\s+)?(quoi\s+d'autre|autre\s+chose|encore)\W*$"
)
_FOLLOW_UP_START = re.compile(
    r"^\W*(en|maar|and|but|et|mais)\b|\b(daar|dat|die|dit|hiervan|daarvan|it|ça)\b"
    # a fragment that only makes sense with the question before it: "met hoeveel mensen?"
    r"|^\W*(met|voor|over|bij|door|tot|tegen|sinds|vanaf|with|for|about|since|by|avec|pour|"
    r"depuis|sur)\s+(hoeveel|welke|welk|wie|wat|wanneer|how|which|what|whom|when|combien|"
    r"quel|quelle|quels|quelles|qui|quand)\b"
)
_SHORTER = re.compile(
    r"\b(korter|kortweg|samenvatten|samenvatting|samengevat|in het kort|in een paar woorden|"
    r"beknopt|shorter|summari[sz]e|summary|in short|in brief|plus court|resumer|resume|en bref)\b"
)
"""A request to say the previous answer in fewer words."""
_WHY_OF_IT = re.compile(
    r"^\W*(en\s+|maar\s+|and\s+|but\s+|et\s+|mais\s+)?(waarom|why|pourquoi)\b"
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
_A_TOKEN = re.compile(r"[^\W_]+")
"""A run of letters or digits: a message without one asks nothing."""
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
_ABOUT_THE_NOTE = re.compile(
    rf"\b({MADE}|gemaakt|meegewerkt|meegeschreven|igemo|strategio|exello|voorwoord|colofon|"
    r"legislatuur|bestuursperiode|periode|term|qui a|wie heeft|who|opstellers)\b"
)
_FRONT_MATTER_ASKED = re.compile(
    rf"{MAKING_OF.pattern}|\b(voortkomt|voortgekomen|samenwerkingsverband|opstellers|"
    r"worked|organisme|period|legislative|legislature|behind|derriere)\b"
)
"""Words that, with the note named, ask how it came about (who made it, with whom, from
what) or for which term: its front matter says."""
_CONTRIBUTED = re.compile(r"\b(meegewerkt|meegeschreven)\b")
"""Words that ask who worked on a text, and so on the note even when it is not named
("hoeveel gemeentelijke medewerkers hebben daar aan meegewerkt?")."""
_DOCUMENT_WORDS = re.compile(
    r"\b(inspiratienota|nota|folder|brochure|pamflet|document|tekst|note|plan)\b"
)
"""Words that name the document a question asks about, not what it asks."""
_OF_THEM = re.compile(
    r"\b(daarvan|hiervan|van die|van deze|of them|of these|parmi elles|d'entre elles)\b"
)
"""Words that pick, among the recommendations just listed, those about a subject."""
INTRODUCING = ("voorwoord", "inhoud")
"""The sections that say what the document as a whole is about, in the order they are quoted
for a question that asks that (``chatbot.message.asks_overview``)."""
FRONT_MATTER_WEIGHT = 0.8
"""The foreword, colophon and contents answer questions about the note itself; elsewhere
their general words would outrank the recommendation that does answer."""
CONTEXT_WEIGHT = 0.95
"""A recommendation's "Context en uitdagingen" speaks of everything its doorbraakprojecten do,
in general words; a question about one project should get that project first."""
PROPOSAL_CONTEXT_WEIGHT = 0.9
"""The context's weight for a question that asks what will be done or proposed
(``chatbot.message.asks_what_is_done``): the doorbraakprojecten are the proposals. Chosen on
the development sets from 0.95 (the same as any question), 0.9 and 0.85: at 0.9 R@1 rose on
dev_nov30, dev_s7cross, dev_trial9 and dev_trial10 and fell by one question on dev_nov29
and one turn of dev_trial10's conversations; 0.85 lost more elsewhere."""
RELATIVE_CUTOFF = 0.75
"""Passages beyond the first are shown when their fused score is within this share of the best
(chosen on the dev sets: questions needing several recommendations got all of them quoted
41 % of the time at 0.85, 56 % at 0.75, with 1.7 passages shown on average)."""
OTHER_CUTOFF = 0.65
"""A question that joins several subjects ("sport en cultuur") gets another recommendation's
best passage second when it scores within this share of the best (chosen on the dev sets
from 0.75, 0.7 and 0.65: R@1 rose on seven sets and fell on none, most on those with
questions across the note, dev_s8check 0.309 -> 0.364)."""
ACROSS_CUTOFF = 0.35
"""A recommendation belongs in a cross-cutting answer when its best passage scores within this
share of the best one and the passage has the subject's words (chosen on the dev sets: 0.4
until session 7; 0.35 completes a few more lists, dev_nov29_evening 0.833 -> 0.889, and 0.3
gave the same lists as 0.35)."""
KEYWORDS = 4
"""At most this many words, and no more, make a message of keywords ("zonneparken windmolens
waar"): answered where one passage states each of its subject's words (two at least)."""
TOPIC_WORDS = 8
"""At most this many words of its own, in its question sentences, make the subject of a
*topic* question (``chatbot.across``) one to list across the note; a longer one is a story
or a precise question, answered with its best passages. Chosen on the dev sets: 4 listed
0.567 of dev_s7check's cross-cutting questions completely, 6 0.733, 8 and 12 0.767, with
the same figures elsewhere but for one question at R@3."""
_POINTING_BACK_WORDS = """
    daarover hierover erover daarvan hiervan ervan daaraan hieraan eraan daarmee hiermee ermee
    daarbij hierbij erbij daarvoor hiervoor daarin hierin daarop hierop
    daar hier dat dit da die het it that this there ca cela
"""
POINTING_BACK = frozenset(_POINTING_BACK_WORDS.split())
"""Words that point back to what a message said before its question."""
SPECIFIC_SHARE = 0.15
"""A word of a cross-cutting question's subject that more passages than this share use (such
as "regio", "regionale") does not make a recommendation part of the answer on its own."""
MAX_HISTORY = 4
"""Earlier questions of a conversation that count; older ones no longer change an answer."""
ORDERED_PASSAGES = 300
"""How many of the best passages a question puts in order (the answer, its suggestions, a
cross-cutting answer and ``Answerer.ranking`` read only those): every passage of a corpus up
to that size, so a larger corpus costs vector operations per passage, not a sort."""


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


class _Ordered(NamedTuple):
    """A turn's passages ranked (``Answerer._ordered``)."""

    scored: Scored
    """The signals the scope decision reads."""
    fused: np.ndarray
    """The final score per passage, that orders them."""
    plain: np.ndarray
    """The same without the examples' classifier: who else is near enough the first."""
    order: list[int]
    """The best ``ORDERED_PASSAGES`` passages, in answer order."""


class Answerer:
    """Composes answers from one retriever; stateless between calls."""

    def __init__(
        self,
        retriever: HybridRetriever,
        scope: ScopeModel,
        info: IndexInfo,
        top_k: int,
        *,
        examples: ExampleMatch | None = None,
        calibration: Calibration | None = None,
    ) -> None:
        self.retriever = retriever
        self.scope = scope
        self.info = info
        self.top_k = top_k
        self.examples = examples or ExampleMatch((), (), ())
        self.calibration = calibration or Calibration(scope, 0, 0, 0)
        self._chunks = retriever.index.chunks
        self._front_matter = np.array([c.section in FRONT_MATTER for c in self._chunks])
        self._front_matter_stems = {
            i: frozenset(stems_in(c.text))
            for i, c in enumerate(self._chunks)
            if c.section in FRONT_MATTER
        }
        self._recommendations = np.array([c.recommendation for c in self._chunks], dtype=np.int64)
        self._not_document = np.array([c.section != "document" for c in self._chunks], dtype=bool)
        self._in_recommendation = np.array(
            [_in_a_recommendation(c) for c in self._chunks], dtype=bool
        )
        self._of_recommendation: dict[int, list[Chunk]] = {}
        for chunk in self._chunks:
            if chunk.section != "document":
                self._of_recommendation.setdefault(chunk.recommendation, []).append(chunk)
        self._contents = [c for c in self._chunks if c.section == "inhoud"]
        self._last_recommendation = max((c.recommendation for c in self._chunks), default=0)
        self._context = np.array([c.section == "context" for c in self._chunks])
        self._key = KeySentences(self._chunks)
        self._evidence = Evidence(self._chunks, self._key, retriever.lexical)

    def answer(self, question: str, history: Sequence[str] = ()) -> Answer:
        """Answer a question, reading the conversation's earlier questions (oldest first)."""
        if not _A_TOKEN.search(question):  # "...", an emoji: nothing to look for
            language = detect_language(question)
            return Answer(question, False, (), self.info, language, outcome="not_found")
        turn = self.resolve(question, history)
        return self._compose(question, turn)

    def resolve(self, question: str, history: Sequence[str] = ()) -> Turn:
        """The turn a question means, reading at most ``MAX_HISTORY`` earlier questions."""
        previous: tuple[str, Turn] | None = None
        earlier = [turn for turn in history if turn.strip()][-MAX_HISTORY:]
        for typed in (*earlier, question):
            asked = without_preamble(typed)
            spoken = fold(standard_dutch(asked))
            language = None if previous is None else self._asks_in_language(spoken)
            if previous is not None and (
                _asks_shorter(spoken) or _AGAIN.match(spoken) or language is not None
            ):
                # the same turn, shorter or in full; what follows goes on from its question
                repeat: Literal["first", "all"] = "first" if _asks_shorter(spoken) else "all"
                again = replace(previous[1], repeat=repeat, language=language)
                previous = (previous[0], again)
            else:
                previous = (asked, self._next_turn(asked, previous))
        assert previous is not None
        return previous[1]

    def _next_turn(self, question: str, previous: tuple[str, Turn] | None) -> Turn:
        reference = self._served(find_reference(question))
        if previous is None:
            return Turn(question, reference or self._numbered_first(question))
        asked, before = previous
        folded = fold(question)
        spoken = fold(standard_dutch(question))  # "en wa nog?" as "en wat nog?"
        more = bool(_MORE.match(spoken))
        if reference is None and _asks_why_of_it(question):
            why = self._why_of(question, asked, before)
            if why is not None:
                return why
        borrowed = None if more else self._borrowed_reference(question, reference, before)
        if more or borrowed is not None:
            return self._continued(question, asked, before, borrowed)
        if before.reference is not None and before.reference.listing and _OF_THEM.search(folded):
            return Turn(f"welke aanbevelingen {_OF_THEM.sub(' ', folded)}", None)  # across the list
        if reference is None and (_who_does_it(spoken) or self._leans_back(question, folded)):
            within = before.reference and replace(before.reference, only=False)
            return Turn(f"{before.search} {question}", within, leaning=True)
        return Turn(question, reference)

    def _asks_in_language(self, spoken: str) -> Language | None:
        """The language a short follow-up (folded, in standard Dutch) asks the previous
        answer in ("and in English?", "can you give me that last one in Dutch?"), when its
        other words are few, or ask to give back what they point to, or point back and the
        note does not answer them on their own; not "bestaat de nota ook in het Engels?"."""
        named = _IN_LANGUAGE.search(spoken)
        if named is None or _A_VERSION.search(spoken) or len(spoken.split()) > LANGUAGE_REQUEST:
            return None
        rest = _WORD.findall(_IN_LANGUAGE.sub(" ", spoken))
        pointing = not POINTING_BACK.isdisjoint(rest)
        more_than_a_request = len(rest) > 2 and not (pointing and _GIVE_AGAIN.search(spoken))
        if more_than_a_request and (not pointing or self._answered_alone(" ".join(rest))):
            return None
        dutch, english, _ = named.groups()
        return "nl" if dutch else "en" if english else "fr"

    def _leans_back(self, question: str, folded: str) -> bool:
        """A short follow-up that starts like one ("en ...", "maar ...") or points back, and
        that the note does not answer on its own: it is read with the question before it."""
        if not _FOLLOW_UP_START.search(folded) or len(folded.split()) > 8:
            return False
        return not self._answered_alone(standard_dutch(question))

    def _answered_alone(self, text: str) -> bool:
        """Whether the note answers these words on their own, without the conversation."""
        scored = self.retriever.score(text)
        return self.scope.outcome(self.scope.probability(scored)) == "answered"

    def _continued(
        self, question: str, asked: str, before: Turn, borrowed: Reference | None
    ) -> Turn:
        """A turn that goes on from the previous one: a place it names by that turn's
        subject, or "wat nog meer?" (the passages not shown yet)."""
        earlier = self._compose(asked, before)
        if earlier.result == "not_found":
            return Turn(question, None, inherited="not_found")
        if borrowed is not None:
            return Turn(question, borrowed, inherited=earlier.result)
        shown = before.shown | {hit.chunk.id for hit in earlier.hits}
        broader = before.reference
        search = before.search
        subject = None if broader is None else broader.recommendation
        if broader is None and earlier.hits and self._across_kind(before) != "where":
            # "wat nog meer?" goes on with what was quoted first; after "welke aanbevelingen
            # gaan over ...?", with the subject in every recommendation
            first = earlier.hits[0].chunk
            if first.recommendation > 0 and first.section != "document":
                subject = first.recommendation
        if subject is not None:
            whole = Reference(subject, only=True)
            if all(c.id in shown for c in self._referenced(whole)):
                # all of it was shown: what else the note says on its subject
                search, broader = self._title(subject) or search, None
            else:
                broader = whole
        return Turn(search, broader, frozenset(shown), more=True, inherited=earlier.result)

    def _borrowed_reference(
        self, question: str, reference: Reference | None, before: Turn
    ) -> Reference | None:
        """A place in the note that a follow-up names by the previous turn's subject:
        "nummer 11" after the list, "en het tweede?", "het derde project daarvan"."""
        if reference is None:
            number = find_number(question)
            if number is None or not only_a_number(question):
                return None
            if picks_a_position(question):
                listed = self._listed_recommendation(number, before)
                if listed is not None:
                    return listed
            own = [w for w in words(fold(question)) if w not in EXPLAIN_WORDS]
            return self._numbered(number, before, short=len(own) <= 2)
        if reference.recommendation is None and (reference.item or reference.context):
            subject = self._subject(before)
            if subject is not None:
                return Reference(
                    subject, reference.item, reference.context,
                    only=reference.only, others=_others_named(before, subject),
                )  # fmt: skip
        return None

    def _why_of(self, question: str, asked: str, before: Turn) -> Turn | None:
        """The turn a "waarom is dat nodig?" means: the "Context en uitdagingen" of the
        recommendation the previous answer quoted first, as that answer stood; None when it
        quoted none first (nothing, a FAQ entry, the foreword)."""
        earlier = self._compose(asked, before)
        if not earlier.hits or not _in_a_recommendation(earlier.hits[0].chunk):
            return None
        first = earlier.hits[0].chunk.recommendation
        return Turn(question, Reference(first, context=True), inherited=earlier.result)

    def _served(self, reference: Reference | None) -> Reference | None:
        """A reference with "de laatste aanbeveling" (-1) read as the served note's last one,
        and only those of the further recommendations it names that the served note has."""
        if reference is None:
            return None
        last = self._last_recommendation
        if reference.recommendation is None:
            return reference
        first = last if reference.recommendation == -1 else reference.recommendation
        if first <= 0:
            return None  # "de laatste" of a text without recommendations
        served = (last if n == -1 else n for n in reference.others)
        others = tuple(dict.fromkeys(n for n in served if 0 < n <= last and n != first))
        return replace(reference, recommendation=first, others=others)

    def _numbered_first(self, question: str) -> Reference | None:
        """A bare number that opens a conversation ("wat staat er in nummer 7?", "de
        laatste?") names a recommendation: there is no list or subject it could pick from."""
        number = find_number(question)
        if number is None or not only_a_number(question):
            return None
        return self._recommendation_numbered(number)

    def _recommendation_numbered(self, number: int) -> Reference | None:
        """The recommendation with that number (-1: the last one), if the served text has it."""
        last = self._last_recommendation
        wanted = last if number == -1 else number
        return Reference(wanted) if 1 <= wanted <= last else None

    def _listed_recommendation(self, position: int, before: Turn) -> Reference | None:
        """The recommendation at ``position`` (-1: the last) of a list across the note that
        ``before`` answered with: "vertel meer over de tweede" after "welke aanbevelingen
        gaan over zorg?" is the second one listed, not recommendation 2."""
        earlier = self._compose(before.search, before)
        if not earlier.across:
            return None
        shown = _recommendations_quoted(earlier)
        index = len(shown) if position == -1 else position
        return Reference(shown[index - 1]) if 1 <= index <= len(shown) else None

    def _numbered(self, number: int, before: Turn, *, short: bool) -> Reference | None:
        """What a bare number (-1: "de laatste") means after ``before``: a recommendation
        after the list, or above 3 after anything; an item (1-3) after a recommendation."""
        listed = before.reference is not None and before.reference.listing
        if listed or number > 3:  # only a recommendation has that number
            return self._recommendation_numbered(number)
        # 1-3 after a recommendation: its doorbraakprojecten
        if number == -1 or (short and 1 <= number <= 3):
            subject = self._subject(before)
            if subject is None:
                return None
            return Reference(subject, number, others=_others_named(before, subject))
        return None

    def _subject(self, turn: Turn) -> int | None:
        """The recommendation a turn was about: the one its answer quoted first ("en het
        tweede project daarvan?" after a list across the note goes on with the list's first
        recommendation, as shown, not with the best of the bare search)."""
        if turn.reference is not None and turn.reference.recommendation is not None:
            return turn.reference.recommendation
        if not self._in_recommendation.any():
            return None
        quoted = _recommendations_quoted(self._compose(turn.search, turn))
        if quoted:
            return quoted[0]
        fused = self.retriever.score(standard_dutch(turn.search)).fused
        # the first of the fused order that is in a recommendation (argmax: the lowest
        # position among ties, as the stable sort)
        best = int(np.argmax(np.where(self._in_recommendation, fused, -np.inf)))
        return self._chunks[best].recommendation

    def _compose(self, typed: str, turn: Turn) -> Answer:
        if turn.repeat is not None:
            whole = self._compose(turn.search, replace(turn, repeat=None, language=None))
            whole = replace(whole, question=typed, language=turn.language or whole.language)
            if turn.repeat == "first":
                return replace(whole, hits=whole.hits[:1], across=False)
            return whole
        question = without_preamble(typed)
        language = detect_language(question)
        reference = turn.reference
        if self._beyond_the_note(reference):
            assert reference is not None and reference.recommendation is not None
            beyond = (reference.recommendation, self._last_recommendation)
            return Answer(typed, False, (), self.info, language, outcome="not_found", beyond=beyond)
        if reference is not None and reference.only:
            chunks = [c for c in self._referenced(reference) if c.id not in turn.shown]
            if turn.more:
                # "wat nog meer?": the doorbraakprojecten are what else the note proposes; the
                # context speaks of all of them in general words, so it comes last
                chunks.sort(key=lambda c: c.section == "context")
            if chunks:
                hits = tuple(Hit(c, 1.0, self._key.spans(c, turn.search)) for c in chunks)
                return Answer(typed, True, hits, self.info, language)
        across = self._across_kind(turn)
        scored, fused, plain, order = self._ordered(turn, across)
        outcome = self._evidence.settled(self._outcome(scored, turn), question, turn.search, order)
        if outcome != "answered" and self._stated_where_asked(turn.search, across):
            outcome = "answered"
        regional = names_a_place(question)
        chosen: list[int] = []
        if outcome != "not_found" and order:
            chosen = self._chosen(turn, across, order, fused, plain)
            evidence = self._evidence
            if not evidence.states_what_is_asked(question, chosen) or evidence.elsewhere(question):
                outcome = "not_found"
            elif not across:
                chosen = evidence.kind_first(question, chosen)
        if outcome == "not_found" or not order:
            return Answer(
                typed, False, (), self.info, language, self._suggest(order),
                outcome="not_found", regional=regional,
            )  # fmt: skip
        hits = tuple(
            Hit(self._chunks[i], float(fused[i]), self._key.spans(self._chunks[i], turn.search))
            for i in chosen
        )
        return Answer(
            typed, outcome == "answered", hits, self.info, language, outcome=outcome,
            across=across is not None and sum(not self._front_matter[i] for i in chosen) > 1,
            regional=regional,
        )  # fmt: skip

    def _chosen(
        self,
        turn: Turn,
        across: Across | None,
        order: list[int],
        fused: np.ndarray,
        plain: np.ndarray,
    ) -> list[int]:
        """The passages to quote: the best of each recommendation named, or a list across
        the note, or the best passages."""
        named = () if turn.reference is None else turn.reference.recommendations
        if len(named) > 1:
            return self._best_of_each(order, named)
        if asks_overview(turn.search) and (introducing := self._introducing(order)):
            return introducing[: self.top_k]
        if across:
            return self._across(order, fused, turn.search)
        return self._best(order, plain, several=asks_several(turn.search))

    def _best_of_each(self, order: list[int], named: tuple[int, ...]) -> list[int]:
        """The best passage of each recommendation a question names, in the order named
        ("wat is het verschil tussen aanbeveling 10 en 11?")."""
        best: dict[int, int] = {}
        for i in order:
            best.setdefault(self._chunks[i].recommendation, i)
        return [best[n] for n in named if n in best]

    def ranking(self, question: str, history: Sequence[str] = ()) -> list[Chunk]:
        """The passages the question could be answered with, in the order the answer takes
        them (for measuring rank beyond the quoted passages): every one in a corpus of up to
        ``ORDERED_PASSAGES``, else the best ``ORDERED_PASSAGES``."""
        turn = self.resolve(question, history)
        return [self._chunks[i] for i in self._ordered(turn, self._across_kind(turn)).order]

    def _beyond_the_note(self, reference: Reference | None) -> bool:
        """Whether a question names a recommendation the served note does not have
        ("aanbeveling 13" of twelve): it is told how many there are."""
        if reference is None or reference.recommendation is None:
            return False
        return 0 < self._last_recommendation < reference.recommendation

    def _across_kind(self, turn: Turn) -> Across | None:
        """How the turn asks about a subject across the note (``chatbot.across``). A
        question about the note itself ("wat zegt de nota over de legislatuur?") is not one,
        nor a story that ends in "staat daar iets over in?": its subject is no topic, nor
        what the document as a whole is about ("waar gaat dat document over?")."""
        if turn.more or asks_overview(turn.search):
            return None
        folded = fold(standard_dutch(turn.search))
        kind = asked_across(folded)
        if kind == "topic" and (_ABOUT_THE_NOTE.search(folded) or not self._a_topic(turn.search)):
            return None
        return kind

    def _a_topic(self, search: str) -> bool:
        """The subject of "wat zegt de nota over ...?" is a topic (at most ``TOPIC_WORDS``
        words of its own), not a story or a precise question; nor is "daarover" after a
        story ("... alles is zo versnipperd. Wa zegt die nota daarover?")."""
        asked = " ".join(asked_sentences(search))
        subject = self.across_subject(without_places(asked)).split()
        return 0 < len(subject) <= TOPIC_WORDS and not set(subject) <= POINTING_BACK

    def _ordered(self, turn: Turn, across: Across | None) -> _Ordered:
        """The turn's passages ranked: in answer order within a named recommendation,
        without those already shown, without the front matter for a "where" question
        (``across``)."""
        scored, fused, plain = self._ranking(turn.search, across=across is not None)
        if turn.reference is not None and turn.reference.recommendation is not None:
            of = self._of(turn.reference.recommendations)
            fused = np.where(of, fused, -1.0).astype(np.float32)
        if across == "where":
            fused = np.where(self._front_matter, -1.0, fused).astype(np.float32)
        # the shown ones are dropped after the cut, so the cut takes that many more; passages
        # outside the recommendation (-1) come last and are dropped too
        best = scored.order(fused, ORDERED_PASSAGES + len(turn.shown))
        order = [i for i in best if fused[i] >= 0 and self._chunks[i].id not in turn.shown]
        order = self._evidence.stating_first(turn.search, order)
        order = self._evidence.naming_first(turn.search, order)
        order = self._introducing_first(turn.search, order)
        named = self._named_part(turn.reference)
        if named:
            order = [i for i in order if i in named] + [i for i in order if i not in named]
        return _Ordered(scored, fused, plain, order[:ORDERED_PASSAGES])

    def _introducing_first(self, search: str, order: list[int]) -> list[int]:
        """``order`` with the foreword and the contents first (``INTRODUCING``) when the
        question asks what the document as a whole is about: the best single passage for
        its few words is any recommendation that happens to use them."""
        if not asks_overview(search):
            return order
        introducing = self._introducing(order)
        return [*introducing, *(i for i in order if i not in introducing)]

    def _introducing(self, order: list[int]) -> list[int]:
        """The passages of ``order`` in the ``INTRODUCING`` sections, in that order."""
        introducing = [i for i in order if self._chunks[i].section in INTRODUCING]
        return sorted(introducing, key=lambda i: INTRODUCING.index(self._chunks[i].section))

    def _named_part(self, reference: Reference | None) -> set[int]:
        """The passages of an item or context a question names and says more about ("wie
        moet dat trekken?" after "en het tweede project?"): they come first."""
        if reference is None or reference.recommendation is None:
            return set()
        if reference.item is None and not reference.context:
            return set()
        ids = {c.id for c in self._referenced(reference)}
        of = np.flatnonzero(self._of(reference.recommendations))  # not a walk over every passage
        return {int(i) for i in of if self._chunks[i].id in ids}

    def _ranking(
        self, search: str, *, across: bool = False
    ) -> tuple[Scored, np.ndarray, np.ndarray]:
        """The scores the scope decision reads, the fused score per passage after the note's
        weights, and the same without the examples' classifier (``Scored.unclassified``):
        that one decides which passages are near enough the best to be quoted too, as the
        classifier lifts the passage it prefers alone, and it orders a list across the note
        (``across``), where every recommendation stands on its own merits.

        Passages are ranked by words without the region's place names (they say where, not
        what), while the scope decision reads the question as asked: "openingsuren van het
        containerpark in Heist" stays a local question. A long message is also scored by the
        words of its question sentences alone, and each passage gets the mean of the two: the
        story around a question says what it is about, the question what is asked. One text
        per message goes through the model, the message itself: the question sentences' own
        vector gained nothing over the message's (docs/EVALUATION.md, session 13) and cost
        one text in seven. Flemish spoken forms are written out first
        (``chatbot.dialect``)."""
        search = standard_dutch(search)
        stripped = without_places(search)
        if stripped == search or len(words(stripped)) < 2:
            stripped = ""
        core = asked_part(search)
        core = (without_places(core) or core) if core else ""
        scored = self.retriever.score(search)
        ranked = self.retriever.with_words(scored, stripped) if stripped else scored
        fused, plain = self._weighted(ranked, search)
        if core:
            core_scored = self.retriever.with_words(scored, core)
            core_fused, core_plain = self._weighted(core_scored, core)
            fused, plain = (fused + core_fused) / 2, (plain + core_plain) / 2
            if self.scope.probability(core_scored) > self.scope.probability(scored):
                scored = core_scored
        return scored, plain if across else fused, plain

    def _weighted(self, scored: Scored, search: str) -> tuple[np.ndarray, np.ndarray]:
        """The fused score after the note's weights, with the examples' classifier and
        without it (``Scored.unclassified``; the same array when there is none)."""
        context = PROPOSAL_CONTEXT_WEIGHT if asks_what_is_done(search) else CONTEXT_WEIGHT
        # a long message is about the note by what it asks, not by its story ("... voor de
        # volgende legislatuur. Voorziet de nota in regionale steun hiervoor?")
        asked = asked_part(search) or search
        folded = fold(asked)
        if (
            _DOCUMENT_WORDS.search(folded) and _FRONT_MATTER_ASKED.search(folded)
        ) or _CONTRIBUTED.search(folded):
            # lifted as much as it is lowered for other questions
            front: np.ndarray | None = np.where(self._front_matter, 1 / FRONT_MATTER_WEIGHT, 1.0)
        elif _ABOUT_THE_NOTE.search(folded):
            front = None
        else:
            front = self._front_matter_weight(scored, asked)

        def weighted(base: np.ndarray) -> np.ndarray:
            fused = np.where(self._context, base * context, base)
            return (fused if front is None else fused * front).astype(np.float32)

        with_classifier = weighted(scored.fused)
        if scored.classified is None:
            return with_classifier, with_classifier
        return with_classifier, weighted(scored.unclassified)

    def _front_matter_weight(self, scored: Scored, asked: str) -> np.ndarray:
        """Per passage, what its score is multiplied by for a question not about the note
        (``asked``: its question sentences): 1 beyond the front matter. A front-matter
        passage that shares no word of the question (places and the words that name the
        document left out: "Mechelen" stands in the colophon's address, "inspiratienota"
        in the foreword) gets ``FRONT_MATTER_WEIGHT`` twice; one that is closest in meaning
        and first on stems, sharing two words at least (one, "uitzien", can stand anywhere
        by chance), keeps its full weight: it is what the question is about ("zegt de nota
        welke partners bij elk project betrokken moeten worden?": the foreword, which says
        it does not); any other gets it once."""
        subject = _DOCUMENT_WORDS.sub(" ", fold(without_places(asked)))
        wanted = set(stems_in(subject))
        closest = int(np.argmax(scored.dense))
        weight = np.ones(len(self._chunks), dtype=np.float64)
        for i, own in self._front_matter_stems.items():
            shared = len(wanted & own)
            if shared == 0:
                weight[i] = FRONT_MATTER_WEIGHT * FRONT_MATTER_WEIGHT
            elif not (
                i == closest
                and shared >= 2
                and i == int(np.argmax(self.retriever.lexical.stem_scores(subject)))
            ):
                weight[i] = FRONT_MATTER_WEIGHT
        return weight

    def _outcome(self, scored: Scored, turn: Turn) -> Outcome:
        if turn.inherited is not None:
            return turn.inherited
        named = turn.reference is not None and turn.reference.recommendation
        if turn.more or (named and not turn.leaning):
            return "answered"
        outcome = self.scope.outcome(self.scope.probability(scored))
        # a follow-up goes on from a subject the note does speak of: at most "closest"
        return "closest" if turn.leaning and outcome == "not_found" else outcome

    def _best(self, order: list[int], plain: np.ndarray, *, several: bool) -> list[int]:
        """The first passage and those after it within ``RELATIVE_CUTOFF`` of the best, at
        most ``top_k``, by ``plain`` (the score without the examples' classifier). When the
        question joins several subjects, the best passage of another recommendation comes
        second if it scores within ``OTHER_CUTOFF``: the first one's own other passages would
        crowd it out."""
        best = float(plain[order].max())
        within = [i for i in order[1:] if plain[i] >= RELATIVE_CUTOFF * best]
        chosen = [order[0], *within][: self.top_k]
        if not several:
            return chosen
        first = self._place(order[0])
        near = takewhile(lambda i: i == order[0] or plain[i] >= OTHER_CUTOFF * best, order)
        other = next(
            (i for i in near if self._place(i) != first and not self._front_matter[i]), None
        )
        if other in chosen:
            chosen.remove(other)
        elif other is None or len({self._place(i) for i in chosen}) > 1:
            return chosen
        return [chosen[0], other, *chosen[1:]][: self.top_k]

    def _place(self, i: int) -> tuple[str, int]:
        """The document and recommendation a passage stands in."""
        return self._chunks[i].document, self._chunks[i].recommendation

    def _across(self, order: list[int], fused: np.ndarray, search: str) -> list[int]:
        """The best passage of every recommendation (or document) that has the subject's words
        and scores near the best."""
        best = float(fused[order[0]])
        subject = self.across_subject(without_places(search))
        stems = self.retriever.lexical.stem_scores(subject)
        grams = self.retriever.lexical.ngram_scores(subject)
        lexical = (stems > 0) | (grams > 0.3 * max(float(grams.max()), 1e-9))
        if detect_language(search) != "nl" and not (stems > 0).any():
            # the subject's English or French words stand in none of the Dutch passages: a
            # recommendation as close as a passage worth quoting joins on that alone
            lexical |= fused >= RELATIVE_CUTOFF * best
        chosen: list[int] = []
        seen: set[tuple[str, int]] = set()
        for i in order:
            chunk = self._chunks[i]
            place = (chunk.document, chunk.recommendation)
            if place in seen or (chunk.section in FRONT_MATTER and i != order[0]):
                continue
            if fused[i] < ACROSS_CUTOFF * best:
                break
            if i == order[0] or lexical[i]:
                seen.add(place)
                quoted = self._project_instead(i, order, lexical)
                chosen.append(quoted)
                # the ranking's best passage does not have the subject's words ("nieuwe
                # inkomsten" for new regional posts): it stays first, and the project of its
                # recommendation that has them follows it
                if (
                    not lexical[quoted]
                    and chunk.recommendation > 0
                    and (named := self._project_naming(quoted, order, lexical)) is not None
                ):
                    chosen.append(named)
        return chosen

    def _project_instead(self, i: int, order: list[int], lexical: np.ndarray) -> int:
        """A recommendation in a list is quoted with its best doorbraakproject that has the
        subject's words rather than with its context: the projects are what the note
        proposes, and the context names many subjects in passing. Without one, a project of
        that recommendation that ranks above its context is quoted instead ("het eigen
        karakter van onze dorpen": "dorpse identiteiten" has no word of it)."""
        chunk = self._chunks[i]
        if chunk.section != "context":
            return i
        named = self._project_naming(i, order, lexical)
        if named is not None:
            return named
        above = takewhile(lambda j: j != i, order)
        return next((j for j in above if self._a_project_of(j, chunk)), i)

    def _a_project_of(self, j: int, other: Chunk) -> bool:
        """Whether passage ``j`` is a doorbraakproject of ``other``'s recommendation."""
        chunk = self._chunks[j]
        return (
            chunk.item is not None
            and chunk.recommendation == other.recommendation
            and chunk.document == other.document
        )

    def _project_naming(self, i: int, order: list[int], lexical: np.ndarray) -> int | None:
        """The best doorbraakproject of ``i``'s recommendation that has the subject's words,
        other than ``i``; None if it has none."""
        chunk = self._chunks[i]
        return next(
            (j for j in order if j != i and lexical[j] and self._a_project_of(j, chunk)), None
        )

    def _stated_where_asked(self, search: str, across: Across | None) -> bool:
        """Whether the passages state the subject of a question whose framing says it is in
        the note ("waar komt ontharding terug?": any of its words) or that asks whether it
        is ("wordt cybersecurity vermeld?": all of them, in one passage). Such a question is
        answered there, whatever the scope model makes of its framing."""
        if across == "where":
            return self._subject_stated(search)
        keywords = 0 < len(_A_TOKEN.findall(search)) <= KEYWORDS
        # "windmolens zonneparken": words typed as into a search box, all of them in one
        # passage, are what it says
        if keywords and self._subject_stated(search, every=True, at_least=2):
            return True
        # "wordt de kinderopvang in Duffel besproken?": the note speaks for the region
        if not asks_if_mentioned(fold(standard_dutch(search))) or names_a_place(search):
            return False
        return self._subject_stated(search, every=True)

    def _subject_stated(self, search: str, *, every: bool = False, at_least: int = 1) -> bool:
        """A cross-cutting question's subject stands in the text of a passage beyond the
        front matter (by its stems, place names left out): the answer is the list of where,
        whatever the scope model makes of the framing ("in welke aanbevelingen wordt dat
        vermeld?"). With ``every``, all of its words (at least ``at_least``, at most
        ``TOPIC_WORDS``) stand in one passage."""
        subject = self.across_subject(without_places(search))
        if not subject:
            return False
        lexical = self.retriever.lexical
        if every:
            parts = words(subject)
            if not at_least <= len(parts) <= TOPIC_WORDS:
                return False
            stated = np.logical_and.reduce([lexical.stem_scores(w) > 0 for w in parts])
        else:
            stated = lexical.stem_scores(subject) > 0
        return bool((stated & ~self._front_matter).any())

    def across_subject(self, search: str) -> str:
        """The words of a cross-cutting question that say what it is about: not its framing
        ("welke aanbevelingen"), nor words most passages use ("regio", "regionale"),
        unless it has no other."""
        # a number of one or two digits names a recommendation or a project, not a subject
        asked = [w for w in words(search) if w not in FRAMING and not _PART_NUMBER.match(w)]
        lexical = self.retriever.lexical
        specific = [w for w in asked if _share(lexical.stem_scores(w)) <= SPECIFIC_SHARE]
        return " ".join(specific or asked)

    def _referenced(self, reference: Reference) -> list[Chunk]:
        if reference.listing:
            return list(self._contents)
        if reference.recommendation is None:
            return []
        chunks = [
            chunk
            for recommendation in reference.recommendations
            for chunk in self._of_recommendation.get(recommendation, [])
        ]
        if reference.item is not None:
            items = sorted({c.item for c in chunks if c.item is not None})
            wanted = items[-1] if reference.item == -1 and items else reference.item
            chunks = [c for c in chunks if c.item == wanted]
        elif reference.context:
            chunks = [c for c in chunks if c.section == "context"]
        return chunks

    def _title(self, recommendation: int) -> str:
        return next(
            (c.title for c in self._chunks if c.recommendation == recommendation and c.title), ""
        )

    def _of(self, recommendations: Sequence[int]) -> np.ndarray:
        """Which passages stand in one of ``recommendations`` (a document's never do)."""
        of: np.ndarray = np.isin(self._recommendations, recommendations) & self._not_document
        return of

    def _suggest(self, order: list[int], count: int = 3) -> tuple[Suggestion, ...]:
        seen: dict[tuple[str, int, str], Suggestion] = {}
        for i in order:
            chunk = self._chunks[i]
            if chunk.section == "document":
                key = (chunk.document, 0, chunk.title)
                suggestion = Suggestion(0, chunk.title, chunk.document)
            elif chunk.recommendation > 0:
                key = ("", chunk.recommendation, "")
                suggestion = Suggestion(chunk.recommendation, chunk.title)
            else:
                continue
            seen.setdefault(key, suggestion)
            if len(seen) == count:
                break
        return tuple(seen.values())


_PART_NUMBER = re.compile(r"^\d{1,2}$")


def _others_named(turn: Turn, subject: int) -> tuple[int, ...]:
    """The further recommendations ``turn`` named beside ``subject``: "en het tweede
    project?" after "aanbevelingen 3 en 7" asks for the second project of each."""
    named = turn.reference
    if named is None or named.recommendation != subject:
        return ()
    return named.others


def _in_a_recommendation(chunk: Chunk) -> bool:
    """Whether a passage stands in one of the note's recommendations."""
    return chunk.recommendation > 0 and chunk.section != "document"


def _recommendations_quoted(answer: Answer) -> list[int]:
    """The recommendations an answer quoted, in its order, each once."""
    return list(
        dict.fromkeys(h.chunk.recommendation for h in answer.hits if _in_a_recommendation(h.chunk))
    )


def _asks_why_of_it(question: str) -> bool:
    """Whether a follow-up asks why of what was just said, with no subject of its own
    ("waarom is dat een probleem?", not "waarom ligt dat fietspad er nog niet?" nor "waarom
    is die nota gemaakt?")."""
    spoken = fold(standard_dutch(question))
    return bool(_WHY_OF_IT.search(spoken)) and set(words(spoken)) <= _WHY_WORDS


def _asks_shorter(spoken: str) -> bool:
    """Whether a short message (folded, in standard Dutch) asks to say the previous answer in
    fewer words, not for a place of its own in fewer words ("welke aanbevelingen zijn er, in
    het kort?")."""
    return (
        bool(_SHORTER.search(spoken))
        and len(spoken.split()) <= SHORT_REQUEST
        and find_reference(spoken) is None
    )


def _who_does_it(spoken: str) -> bool:
    """A short follow-up (folded, in standard Dutch) that asks who does what was just said
    ("en wie gaat da allemaal coördineren?"): its own words ("coördineren") would find any
    recommendation that coordinates something, so it is read with the previous subject. Who
    made the note is not such a question."""
    return (
        len(spoken.split()) <= 8
        and bool(_WHO.match(spoken))
        and not POINTING_BACK.isdisjoint(_WORD.findall(spoken))
        and not MAKING_OF.search(spoken)
    )


def _share(scores: np.ndarray) -> float:
    """The share of passages a word stands in (by its nonzero scores)."""
    return float(np.count_nonzero(scores)) / max(len(scores), 1)
