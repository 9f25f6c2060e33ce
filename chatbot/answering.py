"""From a question (and the conversation so far) to an Answer over one loaded index.

1. The conversation is read turn by turn (at most ``MAX_HISTORY`` earlier questions): a
   follow-up ("en het tweede doorbraakproject?", "wat nog meer?", "nummer 11" after the list)
   takes its subject from the turn before; a question with a subject of its own starts fresh
   (``chatbot.turns``).
2. An explicit reference ("aanbeveling 7", "welke aanbevelingen zijn er") is answered with
   those passages directly.
3. A question about a subject across the note ("welke aanbevelingen gaan over klimaat?", "wat
   zegt de nota over fietsen?": ``chatbot.across``) gets every recommendation that
   addresses it, each with its best passage.
4. Anything else is ranked by the hybrid retriever, with the note's own weights
   (``chatbot.weighting``); the scope model, fitted on the served content, says whether the
   best passages answer it, are only the closest, or whether the note does not address it at
   all; a question asking for a kind of fact the quoted passages do not state (an amount,
   opening hours, a vote: ``chatbot.asked``) is not answered by them.

How follow-ups are told apart is in ``chatbot.turns``; which passages are quoted, once
ranked, in ``chatbot.choosing``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Literal, NamedTuple

import numpy as np

from chatbot.across import COUNTS_PARTS, Across, asked_across
from chatbot.answer import (
    FRONT_MATTER,
    Answer,
    Hit,
    IndexInfo,
    Span,
    Suggestion,
    in_a_recommendation,
)
from chatbot.asked import COUNT_ASKED, YEAR_STATED
from chatbot.calibrate import Calibration
from chatbot.choosing import PassageChooser
from chatbot.dialect import standard_dutch
from chatbot.evidence import MAKING_OF, RARE_PASSAGES, Evidence
from chatbot.language import Language, carried_language, detect_language
from chatbot.lexical import fold, stems, words
from chatbot.message import (
    A_TOKEN,
    POINTING_BACK,
    asked_part,
    asks_difference,
    asks_for_projects,
    asks_overview,
    asks_several,
    asks_why,
    word_count,
)
from chatbot.places import municipalities_named, names_a_place, without_places
from chatbot.preamble import without_preamble
from chatbot.references import (
    EXPLAIN_WORDS,
    Reference,
    find_number,
    find_reference,
    only_a_number,
    only_a_place,
    picks_a_position,
    picks_a_project,
)
from chatbot.retrieval import HybridRetriever, Scored
from chatbot.scope import Outcome, ScopeModel
from chatbot.sentences import KeySentences, first_sentence
from chatbot.turns import (
    MAX_HISTORY,
    Turn,
    asks_again,
    asks_for_its_projects,
    asks_more,
    asks_shorter,
    asks_what_is_proposed,
    asks_why_of_it,
    language_asked,
    names_an_audience,
    of_the_list,
    others_named,
    stands_for_it,
    starts_like_a_follow_up,
    who_does_it,
    words_of_its_own,
)
from chatbot.weighting import ABOUT_THE_NOTE, NoteWeights
from indexer.chunking import Chunk
from indexer.examples import ExampleMatch

_SAYS = (
    r"zegt|zeggen|staat|staan|stelt|stellen|voorstelt|schrijft|vermeldt|voorziet|beschrijft|"
    r"wil|wilt|vraagt|verwacht|"
    # how the note was made, which its foreword and colophon tell
    r"gemaakt|geschreven|opgesteld|voortkomt|voortgekomen"
)
NOTE_SAYS = re.compile(
    rf"\b({_SAYS})\b[^?.!]{{0,40}}\b(inspiratie)?nota\b"
    rf"|\b(inspiratie)?nota\b[^?.!]{{0,30}}\b({_SAYS})\b"
    r"|\bvolgens\s+(de|die|deze|jullie|uw)\s+(\w+\s+)?(inspiratie)?nota\b"
    r"|\bin\s+(de|die|deze|jullie|uw)\s+(\w+\s+)?(inspiratie)?nota\b"
    r"|\bwelke\s+(\w+\s+)?aanbevelingen\b"
    r"|\b(que dit|que propose|dans|selon)\b[^?.!]{0,20}\bla note\b"
    r"|\bla note\b[^?.!]{0,20}\b(dit|propose|prevoit|recommande)\b"
    r"|\b(in|according to) the (\w+ )?note\b"
    r"|\bthe (\w+ )?note (say|says|recommend|recommends|propose|proposes)\b"
)
"""A (folded) question that asks what the note says: "wat staat er in die nota over ...?",
"wat stelt de nota voor ...?", "waar in de nota gaat het over ...?", "welke aanbevelingen
gaan over ...?", "que dit la note ...?"; not one about the note as a thing
("hoe krijg ik een gedrukt exemplaar van de inspiratienota?", "worden er infomomenten over
de nota georganiseerd?"), which a staff FAQ about the note answers."""
INTRODUCING = ("voorwoord", "inhoud")
"""The sections that say what the document as a whole is about, in the order they are quoted
for a question that asks that (``chatbot.message.asks_overview``)."""
SECTION_NAMES = {
    "voorwoord": re.compile(r"\b(voorwoord|foreword|preface|avant-propos)\b"),
    "colofon": re.compile(r"\b(colofon|colophon|impressum)\b"),
    "inhoud": re.compile(r"\b(inhoudstafel|inhoudsopgave|table of contents|sommaire)\b"),
}
"""The names of the front-matter sections (folded), in the note's language and others."""
ORDERED_PASSAGES = 300
"""How many of the best passages a question puts in order (the answer, its suggestions, a
cross-cutting answer and ``Answerer.ranking`` read only those): every passage of a corpus up
to that size, so a larger corpus costs vector operations per passage, not a sort."""


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
    unnamed: bool = False
    """A topic question about a subject the served text has no word for: the note does not
    answer it directly, at best its passages are the closest."""


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
        self.examples = examples or ExampleMatch((), (), ())
        self.calibration = calibration or Calibration(scope, 0, 0, 0)
        self._chunks = retriever.index.chunks
        self._front_matter = np.array([c.section in FRONT_MATTER for c in self._chunks])
        self.weights = NoteWeights(self._chunks, retriever.lexical)
        self.chooser = PassageChooser(self._chunks, retriever.lexical, top_k, retriever.thesaurus)
        self._recommendations = np.array([c.recommendation for c in self._chunks], dtype=np.int64)
        self._not_document = np.array([c.section != "document" for c in self._chunks], dtype=bool)
        self._reporting_on = np.array([_reports_on(c) for c in self._chunks], dtype=np.int64)
        self._in_recommendation = np.array(
            [in_a_recommendation(c) for c in self._chunks], dtype=bool
        )
        self._of_recommendation: dict[int, list[Chunk]] = {}
        for chunk in self._chunks:
            if chunk.section != "document":
                self._of_recommendation.setdefault(chunk.recommendation, []).append(chunk)
        self._contents = [c for c in self._chunks if c.section == "inhoud"]
        self._local_to = [
            municipalities_named(c.document_title) if c.section == "document" else frozenset()
            for c in self._chunks
        ]
        self._staff_names = _staff_names(self._chunks)
        self._last_recommendation = max((c.recommendation for c in self._chunks), default=0)
        self._key = KeySentences(self._chunks, retriever.lexical.forms)
        self._evidence = Evidence(
            self._chunks, self._key, retriever.lexical, retriever.unanswerable, retriever.thesaurus
        )

    def answer(self, question: str, history: Sequence[str] = ()) -> Answer:
        """Answer a question, reading the conversation's earlier questions (oldest first)."""
        if not A_TOKEN.search(question):  # "...", an emoji: nothing to look for
            language = detect_language(question)
            return Answer(question, False, (), self.info, language, outcome="not_found")
        turn = self.resolve(question, history)
        answer = self._compose(question, turn, alone=_opens(history))
        if turn.language is None and (carried := carried_language(question, history)):
            return replace(answer, language=carried)
        return answer

    def resolve(self, question: str, history: Sequence[str] = ()) -> Turn:
        """The turn a question means, reading at most ``MAX_HISTORY`` earlier questions."""
        read: list[tuple[str, Turn]] = []  # (what was asked, the turn it means), oldest first
        earlier = [turn for turn in history if turn.strip()][-MAX_HISTORY:]
        for typed in (*earlier, question):
            asked = without_preamble(typed)
            spoken = fold(standard_dutch(asked))
            previous = read[-1] if read else None
            language = None if previous is None else language_asked(spoken, self._answered_alone)
            if previous is not None and (
                asks_shorter(spoken) or asks_again(spoken) or language is not None
            ):
                # the same turn, shorter or in full; what follows goes on from its question
                repeat: Literal["first", "all"] = "first" if asks_shorter(spoken) else "all"
                # in another language, the answer just given, refusal or not
                asked, again = read[-1] if language else self._latest_answered(read)
                read[-1] = (asked, replace(again, repeat=repeat, language=language))
            else:
                read.append((asked, self._next_turn(asked, previous, read[:-1])))
        return read[-1][1]

    def _latest_answered(self, read: Sequence[tuple[str, Turn]]) -> tuple[str, Turn]:
        """The latest turn read that the note answers, or the last one if none: "kan je alles
        kort samenvatten?" after a question it does not answer ("hoeveel premie krijg ik
        dan?") asks for what was answered before it (trial 67, B4.4)."""
        for asked, turn in reversed(read):
            if self._compose(asked, turn).result != "not_found":
                return asked, turn
        return read[-1]

    def _next_turn(
        self,
        question: str,
        previous: tuple[str, Turn] | None,
        before_it: Sequence[tuple[str, Turn]] = (),
    ) -> Turn:
        """``before_it``: the turns read before ``previous``, oldest first."""
        reference = self._served(find_reference(question))
        if previous is None:
            return Turn(question, reference or self._numbered_first(question))
        asked, before = previous
        folded = fold(question)
        spoken = fold(standard_dutch(question))  # "en wa nog?" as "en wat nog?"
        more = asks_more(spoken)
        explained = (
            None if reference is not None else self._explained(question, spoken, asked, before)
        )
        if explained is not None:
            return explained
        borrowed = None if more else self._borrowed_reference(question, spoken, reference, before)
        if more or borrowed is not None:
            continued = self._continued(question, asked, before, borrowed)
            refused = (
                borrowed is not None
                and continued.inherited == "not_found"
                and only_a_place(question, POINTING_BACK)
            )
            resumed = self._resumed(question, spoken, reference, before_it) if refused else None
            return resumed or continued
        listing = before.reference is not None and before.reference.listing
        if listing and (across_the_list := of_the_list(folded)) is not None:
            return Turn(across_the_list, None)
        leaning = None if reference is not None else self._leaning(question, previous, before_it)
        return leaning or Turn(question, reference)

    def _leaning(
        self,
        question: str,
        previous: tuple[str, Turn],
        before_it: Sequence[tuple[str, Turn]],
    ) -> Turn | None:
        """A follow-up read with the question before it (``previous``) when it asks who does
        it, what is proposed, or leans back (``_leans_back``); None for a question of its
        own. After a question the note does not answer it is not found too."""
        asked, before = previous
        folded = fold(question)
        spoken = fold(standard_dutch(question))
        if MAKING_OF.search(spoken) and MAKING_OF.search(fold(standard_dutch(asked))):
            # "en hoeveel ambtenaren hebben eraan meegewerkt?" after "wie heeft Alles Vloeit
            # uitgegeven?": both ask how the note was made, the "eraan" is the note, and the
            # words of the question before it would only hold the colophon (trial 66); "wie
            # heeft het ondertekend?" after "wat staat er in het voorwoord?" leans on it
            return None
        asks_who = who_does_it(spoken)
        if not (asks_who or asks_what_is_proposed(spoken) or self._leans_back(question, folded)):
            return None
        within = before.reference and replace(before.reference, only=False)
        doing = question if asks_who else ""
        counting = bool(COUNT_ASKED.search(spoken)) and not COUNTS_PARTS.search(spoken)
        search = f"{before.search} {question}"
        if asks_who and before_it and names_an_audience(fold(asked)):
            # "en voor gewone huiseigenaars?" was answered on its own words; who does it is
            # asked of what the conversation is about (trial 53, B5.3)
            search = f"{before_it[-1][1].search} {search}"
        # the cheap test first: composing the answer to the question before it is a search
        own_rare = self._names_a_rare_thing(words_of_its_own(spoken))
        # "en waar gaat dat door?" after a question the note does not answer ("wanneer is die
        # infoavond over samen renoveren in Duffel?") asks no more of it (trial 66)
        refused = not own_rare and self._compose(asked, before).result == "not_found"
        return Turn(
            search, within, leaning=True, doing=doing, counting=counting,
            inherited="not_found" if refused else None,
        )  # fmt: skip

    def _resumed(
        self,
        question: str,
        spoken: str,
        reference: Reference | None,
        before_it: Sequence[tuple[str, Turn]],
    ) -> Turn | None:
        """A follow-up that names no more than a place ("en het eerste project?", not "het
        eerste project daarvan?") after a question the note does not answer ("wie is de
        schepen van jeugd in Lier?"): that place of the latest earlier subject the note does
        answer; None if there is none."""
        for asked, before in reversed(before_it):
            borrowed = self._borrowed_reference(question, spoken, reference, before)
            if borrowed is not None:
                resumed = self._continued(question, asked, before, borrowed)
                if resumed.inherited != "not_found":
                    return resumed
        return None

    def _leans_back(self, question: str, folded: str) -> bool:
        """A short follow-up that starts like one ("en ...", "maar ...") or points back, and
        that the note does not answer on its own or whose words stand for the subject before
        it without naming a thing of their own ("welke rol krijgt de gemeente daarin?"): it
        is read with the question before it."""
        if not starts_like_a_follow_up(folded) or word_count(folded) > 8:
            return False
        standard = standard_dutch(question)
        spoken = fold(standard)
        if stands_for_it(spoken) and not self._names_a_rare_thing(words_of_its_own(spoken)):
            return True
        return not self._answered_alone(standard)

    def _names_a_rare_thing(self, own: Sequence[str]) -> bool:
        """Whether one of these words is a thing few passages name ("uitpas", "RPA"): a
        follow-up that names it asks about it, even when it also points back."""
        lexical = self.retriever.lexical
        return any(
            0 < len(lexical.passages_with_stem(stem)) <= RARE_PASSAGES
            for stem in stems(" ".join(own))
        )

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
        inherited = earlier.result
        subject = None if broader is None else broader.recommendation
        if (
            broader is None
            and earlier.hits
            and (earlier.result == "answered" or not before.more)
            and self._across_kind(before) != "where"
        ):
            # "wat nog meer?" goes on with what was quoted first; after "welke aanbevelingen
            # gaan over ...?", with the subject in every recommendation; not after a "wat nog
            # meer?" that was only the closest, whose first passage is no subject of it
            first = earlier.hits[0].chunk
            if first.recommendation > 0 and first.section != "document":
                subject = first.recommendation
        if subject is not None:
            whole = Reference(subject, only=True)
            if all(c.id in shown for c in self._referenced(whole)):
                # all of it was shown: the note's other passages nearest its subject, the
                # question's own words or, after a recommendation named by its number, the
                # words of its title no other title has ("energiezuinige"; the shared "maak
                # van Rivierenland een ... regio" found the other such recommendations).
                # They are only the closest: what answers was shown
                if find_reference(search) is not None or find_number(search) is not None:
                    search = self._own_title_words(subject) or self._title(subject) or search
                return Turn(
                    search, None, frozenset(shown), more=True, inherited="closest",
                    told_all=subject,
                )  # fmt: skip
            broader = whole
        return Turn(search, broader, frozenset(shown), more=True, inherited=inherited)

    def _borrowed_reference(
        self, question: str, spoken: str, reference: Reference | None, before: Turn
    ) -> Reference | None:
        """A place in the note that a follow-up names by the previous turn's subject:
        "nummer 11" after the list, "en het tweede?", "het derde project daarvan", "hoeveel
        projecten zijn er daarvoor?" (``spoken``: the follow-up folded, in standard Dutch)."""
        if reference is None:
            if asks_for_its_projects(spoken):
                subject = self._subject(before)
                return None if subject is None else Reference(subject)
            number = find_number(question)
            if number is None or not only_a_number(question):
                return None
            if picks_a_position(question):
                project = picks_a_project(question)
                listed = self._listed_recommendation(number, before, project=project)
                if listed is not None:
                    return listed
            own = [w for w in words(fold(question)) if w not in EXPLAIN_WORDS]
            return self._numbered(number, before, short=len(own) <= 2)
        if reference.recommendation is None and (reference.item or reference.context):
            subject = self._subject(before)
            if subject is not None:
                return Reference(
                    subject, reference.item, reference.context,
                    only=reference.only, others=others_named(before, subject),
                )  # fmt: skip
        return None

    def _explained(self, question: str, spoken: str, asked: str, before: Turn) -> Turn | None:
        """A follow-up that asks why of the previous answer or what it proposes, read with
        that answer (``spoken``: the follow-up folded, in standard Dutch); None for any
        other, or when that answer gives nothing to go on."""
        if asks_why_of_it(question):
            return self._why_of(question, asked, before)
        if asks_what_is_proposed(spoken):
            return self._proposals_of(question, asked, before)
        return None

    def _why_of(self, question: str, asked: str, before: Turn) -> Turn | None:
        """The turn a "waarom is dat nodig?" means: the "Context en uitdagingen" of the
        recommendation the previous answer quoted first, as that answer stood; None when it
        quoted none first (nothing, a FAQ entry, the foreword)."""
        earlier = self._compose(asked, before)
        if not earlier.hits or not in_a_recommendation(earlier.hits[0].chunk):
            return None
        first = earlier.hits[0].chunk.recommendation
        return Turn(question, Reference(first, context=True), inherited=earlier.result)

    def _proposals_of(self, question: str, asked: str, before: Turn) -> Turn | None:
        """The turn an "en wat stellen ze voor?" means: the doorbraakprojecten of the
        recommendation the previous answer quoted first, those not quoted yet, its context
        last; None when that answer was a list across the note or quoted no recommendation
        first, or every passage of it was quoted."""
        earlier = self._compose(asked, before)
        if earlier.across or not earlier.hits or not in_a_recommendation(earlier.hits[0].chunk):
            return None
        shown = before.shown | {hit.chunk.id for hit in earlier.hits}
        whole = Reference(earlier.hits[0].chunk.recommendation, only=True)
        if all(c.id in shown for c in self._referenced(whole)):
            return None
        return Turn(question, whole, frozenset(shown), more=True, inherited=earlier.result)

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

    def _listed_recommendation(
        self, position: int, before: Turn, *, project: bool = False
    ) -> Reference | None:
        """The recommendation at ``position`` (-1: the last) of a list across the note that
        ``before`` answered with: "vertel meer over de tweede" after "welke aanbevelingen
        gaan over zorg?" is the second one listed, not recommendation 2. A ``project``'s
        position ("en het tweede?": "het" takes a doorbraakproject, "aanbeveling" takes
        "de") of 1 to 3 is the doorbraakproject of the first one listed."""
        earlier = self._compose(before.search, before)
        if not earlier.across:
            return None
        shown = earlier.recommendations
        if project and 1 <= position <= 3 and shown:
            return Reference(shown[0], position, others=others_named(before, shown[0]))
        index = len(shown) if position == -1 else position
        return Reference(shown[index - 1]) if 1 <= index <= len(shown) else None

    def _numbered(self, number: int, before: Turn, *, short: bool) -> Reference | None:
        """What a bare number (-1: "de laatste") means after ``before``: a recommendation
        after the list, or above 3 after anything; an item (1-3) after a recommendation, also
        when the question asked for a list and one recommendation answered it."""
        listed = before.reference is not None and before.reference.listing
        if listed and short and 1 <= number <= 3:
            # "welke aanbeveling gaat over de financiën?" asks for a recommendation and is
            # answered with one: "en nummer 3?" is its third project (trial 67, B2.2)
            quoted = self._compose(before.search, before).recommendations
            if len(quoted) == 1:
                return Reference(quoted[0], number, others=others_named(before, quoted[0]))
        if listed or number > 3:  # only a recommendation has that number
            return self._recommendation_numbered(number)
        # 1-3 after a recommendation: its doorbraakprojecten
        if number == -1 or (short and 1 <= number <= 3):
            subject = self._subject(before)
            if subject is None:
                return None
            return Reference(subject, number, others=others_named(before, subject))
        return None

    def _subject(self, turn: Turn) -> int | None:
        """The recommendation a turn was about: the one its answer quoted first ("en het
        tweede project daarvan?" after a list across the note goes on with the list's first
        recommendation, as shown, not with the best of the bare search)."""
        if turn.reference is not None and turn.reference.recommendation is not None:
            return turn.reference.recommendation
        if not self._in_recommendation.any():
            return None
        quoted = self._compose(turn.search, turn).recommendations
        if quoted:
            return quoted[0]
        fused = self.retriever.score(standard_dutch(turn.search)).fused
        # the first of the fused order that is in a recommendation (argmax: the lowest
        # position among ties, as the stable sort)
        best = int(np.argmax(np.where(self._in_recommendation, fused, -np.inf)))
        return self._chunks[best].recommendation

    def _compose(self, typed: str, turn: Turn, *, alone: bool = True) -> Answer:
        """The answer to ``turn``; ``alone``: it opens the conversation."""
        if turn.repeat is not None:
            again = replace(turn, repeat=None, language=None)
            whole = self._compose(turn.search, again, alone=alone)
            whole = replace(whole, question=typed, language=turn.language or whole.language)
            if turn.repeat == "first":
                left_out = max(len(whole.hits) - 1, 0)
                return replace(whole, hits=whole.hits[:1], across=False, left_out=left_out)
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
            if turn.more or asks_for_projects(question):
                # "wat nog meer?": the doorbraakprojecten are what else the note proposes; the
                # context speaks of all of them in general words, so it comes last, as it does
                # when they are what is asked for ("welke doorbraakprojecten heeft 7?")
                chunks.sort(key=lambda c: c.section == "context")
            if chunks:
                hits = tuple(Hit(c, 1.0, self._marked(c, turn.search)) for c in chunks)
                counted = self._last_recommendation if reference.listing and not turn.more else 0
                closest = turn.more and turn.inherited == "closest"
                return Answer(
                    typed, not closest, hits, self.info, language, counted=counted,
                    outcome="closest" if closest else None,
                )  # fmt: skip
        across = self._across_kind(turn)
        scored, fused, plain, order, unnamed = self._ordered(turn, across, alone=alone)
        outcome = self._settled(
            turn, across, scored, order, question=question, language=language, alone=alone
        )
        if unnamed and outcome == "answered":
            outcome = "closest"
        regional = names_a_place(question)
        chosen: list[int] = []
        if outcome != "not_found" and order:
            chosen = self._chosen(turn, across, order, fused, plain)
            outcome, chosen = self._checked(
                question, turn, outcome, chosen, across=across, order=order
            )
        if outcome == "not_found" or not order:
            return Answer(
                typed, False, (), self.info, language, self._suggest(order),
                outcome="not_found", regional=regional,
            )  # fmt: skip
        # the first passage's sentence that states the fact asked for is marked too
        stating = self._evidence.stating(question)
        hits = tuple(
            Hit(
                self._chunks[i],
                float(fused[i]),
                self._marked(self._chunks[i], turn.search, stating if rank == 0 else None),
            )
            for rank, i in enumerate(chosen)
        )
        return Answer(
            typed, outcome == "answered", hits, self.info, language, outcome=outcome,
            across=across is not None and self._places(chosen) > 1,
            regional=regional, told_all=turn.told_all,
        )  # fmt: skip

    def _marked(
        self, chunk: Chunk, search: str, stating: re.Pattern[str] | None = None
    ) -> tuple[Span, ...]:
        """The key sentences of ``chunk`` for ``search``; when none of its words marks one
        (an English or French question, "wind turbines" of "windmolens"), those that the
        words of its thesaurus groups mark."""
        marked = self._key.spans(chunk, search, stating)
        if marked or not (related := self.retriever.thesaurus.expand(search)):
            return marked
        return self._key.spans(chunk, " ".join(related), stating)

    def _settled(
        self,
        turn: Turn,
        across: Across | None,
        scored: Scored,
        order: list[int],
        *,
        question: str,
        language: Language,
        alone: bool,
    ) -> Outcome:
        """The scope model's outcome, lifted to "answered" where the passages show that they
        answer (``chatbot.evidence``), or where a list says where the note speaks of it.
        "wat nog meer?" keeps what its conversation was told: the passages after those that
        answer are the closest, whatever their words."""
        if turn.more and turn.inherited is not None:
            return turn.inherited
        outcome = self._evidence.settled(
            self._outcome(scored, turn), question, turn.search, order, alone=alone
        )
        if outcome == "answered" or not order:
            return outcome
        if self._evidence.answered_across_languages(
            language, scored, order[0]
        ) or self.chooser.stated_where_asked(turn.search, across):
            return "answered"
        return outcome

    def _checked(
        self,
        question: str,
        turn: Turn,
        outcome: Outcome,
        chosen: list[int],
        *,
        across: Across | None,
        order: list[int],
    ) -> tuple[Outcome, list[int]]:
        """The outcome and the passages to quote, once they are chosen: "not in the note"
        when none states the kind of fact asked for, or the question is about elsewhere.
        Of one subject (not a list across the note): at most "closest" when none gives the
        number asked for, and the passage that states the fact asked (for "why", the
        context) first."""
        evidence = self._evidence
        if not evidence.states_what_is_asked(question, chosen) or evidence.elsewhere(question):
            return "not_found", chosen
        if across:
            return outcome, chosen
        if outcome == "answered" and not evidence.states_the_number_asked(question, chosen):
            outcome = "closest"
        chosen = evidence.kind_first(question, chosen)
        if asks_why(turn.search):
            chosen = self.chooser.context_first(chosen, order)
        return outcome, chosen

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
            if asks_difference(turn.search):
                return self.chooser.context_of_each(order, named)
            return self.chooser.best_of_each(order, named)
        if asks_overview(turn.search) and (introducing := self._introducing(order)):
            return introducing[: self.chooser.top_k]
        if across:
            return self._listed(turn.search, across, order, fused)
        staff = self._evidence.answered_by_staff(turn.search, order[0])
        return self.chooser.best(
            order, plain, fused, several=asks_several(turn.search), only_staff=staff
        )

    def _listed(
        self, search: str, across: Across, order: list[int], fused: np.ndarray
    ) -> list[int]:
        """A list across the note, of projects when it asks for them. For a topic or
        projects, followed by the rest of the recommendation whose title names the subject,
        else by the rest of the recommendation it is about (``with_main_recommendation``)."""
        chooser = self.chooser
        listed = chooser.listed_across(order, fused, search)
        projects = asks_for_projects(search)
        if projects:
            listed = chooser.projects_listed(listed, order, fused)
        elif across == "where":
            return listed
        titled = chooser.with_titled_recommendation(listed, order, search, projects=projects)
        if titled is not None:
            return titled
        return chooser.with_main_recommendation(listed, order, fused, projects=projects)

    def ranking(self, question: str, history: Sequence[str] = ()) -> list[Chunk]:
        """The passages the question could be answered with, in the order the answer takes
        them (for measuring rank beyond the quoted passages): every one in a corpus of up to
        ``ORDERED_PASSAGES``, else the best ``ORDERED_PASSAGES``."""
        turn = self.resolve(question, history)
        across = self._across_kind(turn)
        return [self._chunks[i] for i in self._ordered(turn, across, alone=_opens(history)).order]

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
        what the document as a whole is about ("waar gaat dat document over?"), nor a count
        asked of what the note proposes, nor a practical fact ("Openingsuren?")."""
        if turn.more or turn.doing or turn.counting or asks_overview(turn.search):
            # "wie moet dat coördineren?" after "wat zegt de nota over ...?" asks for one
            # thing, not for every recommendation on the subject
            return None
        if self._evidence.asks_practical(turn.search):
            return None
        folded = fold(standard_dutch(turn.search))
        kind = asked_across(folded)
        if kind == "topic" and (
            ABOUT_THE_NOTE.search(folded)
            or not self.chooser.a_topic(turn.search)
            # "hoeveel principes stelt de nota voor, en welke?": a count stands in one place
            # (not "in hoeveel aanbevelingen ...?", which asks where)
            or (not turn.leaning and COUNT_ASKED.search(folded) and not COUNTS_PARTS.search(folded))
        ):
            return None
        return kind

    def _ordered(self, turn: Turn, across: Across | None, *, alone: bool) -> _Ordered:
        """The turn's passages ranked: in answer order within a named recommendation,
        without those already shown, without the front matter for a "where" question
        (``across``). ``alone``: the turn opens the conversation."""
        scored, fused, plain, unnamed = self._ranking(turn.search, across=across)
        if turn.reference is not None and turn.reference.recommendation is not None:
            of = self._of(turn.reference.recommendations)
            fused = np.where(of, fused, -1.0).astype(np.float32)
        if across == "where":
            fused = np.where(self._front_matter, -1.0, fused).astype(np.float32)
        if elsewhere := self._local_elsewhere(turn.search):
            fused = np.where(elsewhere, -1.0, fused).astype(np.float32)
        # the shown ones are dropped after the cut, so the cut takes that many more; passages
        # outside the recommendation (-1) come last and are dropped too
        best = scored.order(fused, ORDERED_PASSAGES + len(turn.shown))
        order = [i for i in best if fused[i] >= 0 and self._chunks[i].id not in turn.shown]
        order = self._note_first(turn, order)
        order = self._evidence.stating_first(turn.search, order)
        order = self._evidence.naming_first(turn.search, order)
        order = self._evidence.name_first(turn.search, order)
        order = self._evidence.entry_first(turn.search, order)
        order = self._evidence.section_first(turn.search, order, alone=alone)
        order = self._evidence.address_first(turn.search, order)
        order = self._evidence.staff_statement_first(turn.search, order)
        if across is None:  # a list across the note keeps its order of relevance
            order = self._evidence.rare_thing_first(turn.search, order)
        order = self._introducing_first(turn.search, order)
        order = self._section_named_first(turn.search, order)
        named = self._named_part(turn.reference)
        if named:
            order = _put_first(order, [i for i in order if i in named])
        if turn.doing:
            order = self._evidence.doing_first(turn.doing, order)
        return _Ordered(scored, fused, plain, order[:ORDERED_PASSAGES], unnamed)

    def _local_elsewhere(self, search: str) -> list[bool]:
        """Per passage, whether it is of a staff document whose title names municipalities
        of the region ("Alles Vloeit in Duffel - vragen en antwoorden") none of which the
        question names, when it names one: Duffel's pilot street or its council's decision
        does not answer "welke straat in Willebroek ...?" or "heeft Bornem de nota al
        goedgekeurd?" (trial 62). Empty when no passage is such."""
        asked = municipalities_named(search)
        if not asked:
            return []
        elsewhere = [bool(local) and not local & asked for local in self._local_to]
        return elsewhere if any(elsewhere) else []

    def _note_first(self, turn: Turn, order: list[int]) -> list[int]:
        """``order`` with the note's passages before staff documents' when the question asks
        what the note says (``NOTE_SAYS``: "wat staat er in die nota over ...?", "que dit la
        note ...?") and names no staff document by its title ("het werkplan"), or names one of its
        recommendations ("wat zegt aanbeveling 7 over ...?", where a staff section on that
        recommendation also counts) and no year ("wat gebeurt er in 2027 met aanbeveling
        7?" asks what a work plan says). A staff section on the same subject often shares
        more of a resident's words (a place, a date, "aanbeveling 7"); the rules after this
        one still put first one that states the kind of fact asked."""
        folded = fold(turn.search)
        named = turn.reference is not None and turn.reference.recommendation is not None
        if named:
            if YEAR_STATED.search(folded):
                return order
        elif not NOTE_SAYS.search(folded) or self._staff_names & set(stems(folded)):
            return order
        return _put_first(order, [i for i in order if self._chunks[i].section != "document"])

    def _places(self, chosen: list[int]) -> int:
        """How many recommendations (or staff documents) the passages stand in, the front
        matter left out."""
        return len(
            {
                (self._chunks[i].document, self._chunks[i].recommendation)
                for i in chosen
                if not self._front_matter[i]
            }
        )

    def _introducing_first(self, search: str, order: list[int]) -> list[int]:
        """``order`` with the foreword and the contents first (``INTRODUCING``) when the
        question asks what the document as a whole is about: the best single passage for
        its few words is any recommendation that happens to use them."""
        if not asks_overview(search):
            return order
        return _put_first(order, self._introducing(order))

    def _section_named_first(self, search: str, order: list[int]) -> list[int]:
        """``order`` with the passages of the one front-matter section the question names
        ("the main message of the foreword?", "que dit la préface ?") first: its name is
        the section's heading, not a word of its text, in any language."""
        asked = fold(asked_part(search) or search)
        named = {section for section, name in SECTION_NAMES.items() if name.search(asked)}
        if len(named) != 1:
            return order
        return _put_first(order, [i for i in order if self._chunks[i].section in named])

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
        self, search: str, *, across: Across | None = None
    ) -> tuple[Scored, np.ndarray, np.ndarray, bool]:
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
        (``chatbot.dialect``). A question across the note (``across``) costs a second text in
        the same model call, its subject's words: the example questions count by the mean of
        the question's closeness and the subject's (``HybridRetriever.with_subject_examples``).
        The last value says whether a short topic question asks about a subject the served
        text has no word for ("wat zegt de nota over de brandweer?"): "wat zegt de nota over"
        is how in-scope questions are asked, whatever follows, so the model's "answered" is
        not taken for it; its "not in the note" is (reading the subject's own scores instead
        called "huurprijzen" and "warmtepompen" not in the note)."""
        search = standard_dutch(search)
        stripped = without_places(search)
        if stripped == search or len(words(stripped)) < 2:
            stripped = ""
        core = asked_part(search)
        core = (without_places(core) or core) if core else ""
        subject = self.chooser.asked_subject(search) if across else ""
        scored, *of_subject = self.retriever.score_together(
            [search, subject] if subject else [search]
        )
        by_subject = of_subject[0] if of_subject else None
        ranked = self.retriever.with_words(scored, stripped) if stripped else scored
        ranked = self.retriever.with_subject_examples(ranked, by_subject, stripped or search)
        fused, plain = self.weights.weighted(ranked, search)
        if core:
            core_scored = self.retriever.with_words(scored, core)
            core_ranked = self.retriever.with_subject_examples(core_scored, by_subject, core)
            core_fused, core_plain = self.weights.weighted(core_ranked, core)
            fused, plain = (fused + core_fused) / 2, (plain + core_plain) / 2
            if self.scope.probability(core_scored) > self.scope.probability(scored):
                scored = core_scored
        # a long message's story may be what its question's subject stands for ("past dat in
        # wat de nota voorstelt?")
        unnamed = across == "topic" and not core and self._evidence.has_no_word_of(subject, search)
        return scored, plain if across else fused, plain, unnamed

    def _outcome(self, scored: Scored, turn: Turn) -> Outcome:
        if turn.inherited is not None:
            return turn.inherited
        named = turn.reference is not None and turn.reference.recommendation
        if turn.more or (named and not turn.leaning):
            return "answered"
        outcome = self.scope.outcome(self.scope.probability(scored))
        # a follow-up goes on from a subject the note does speak of: at most "closest"
        return "closest" if turn.leaning and outcome == "not_found" else outcome

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
        chunks = self._of_recommendation.get(recommendation, [])
        return next((c.title for c in chunks if c.title), "")

    def _own_title_words(self, recommendation: int) -> str:
        """The words of a recommendation's title that no other recommendation's title has."""
        others = {
            word
            for number in range(1, self._last_recommendation + 1)
            if number != recommendation
            for word in words(self._title(number))
        }
        return " ".join(w for w in words(self._title(recommendation)) if w not in others)

    def _of(self, recommendations: Sequence[int]) -> np.ndarray:
        """Which passages stand in one of ``recommendations``, or are a staff document's
        section whose heading names one of them ("Mobiliteit (aanbeveling 7)")."""
        of: np.ndarray = np.isin(self._recommendations, recommendations) & self._not_document
        return of | np.isin(self._reporting_on, recommendations)

    def _suggest(self, order: list[int], count: int = 3) -> tuple[Suggestion, ...]:
        seen: dict[tuple[str, int, str], Suggestion] = {}
        for i in order:
            chunk = self._chunks[i]
            if chunk.section == "document":
                key = (chunk.document, 0, chunk.title)
                suggestion = Suggestion(0, chunk.title, chunk.document, chunk.document_title)
            elif chunk.recommendation > 0:
                key = ("", chunk.recommendation, "")
                suggestion = Suggestion(chunk.recommendation, chunk.title)
            else:
                continue
            seen.setdefault(key, suggestion)
            if len(seen) == count:
                break
        return tuple(seen.values())


def _opens(history: Sequence[str]) -> bool:
    """Whether a question with this ``history`` opens the conversation."""
    return not any(h.strip() for h in history)


def _reports_on(chunk: Chunk) -> int:
    """The one recommendation a staff document's section names in its heading, as a progress
    report does ("Aanbeveling 6 - Ontharding: stand van zaken"), or else in its first
    sentence, as a work plan does ("Voor aanbeveling 7, 'Maak van Rivierenland een
    bereikbare regio', ligt de nadruk in 2027 op ..."); 0 for any other passage."""
    if chunk.section != "document":
        return 0
    first = first_sentence(chunk.text) if chunk.part == 1 else ""
    for text in (chunk.title, first):
        named = find_reference(text) if text else None
        if named is not None and named.item is None and len(named.recommendations) == 1:
            return named.recommendation or 0
    return 0


def _staff_names(chunks: Sequence[Chunk]) -> frozenset[str]:
    """The stems that name a staff document in its title and that the note never uses
    ("werkplan", not "Rivierenland" nor "Alles Vloeit"): a question with one asks about
    that document."""
    of_note = {stem for c in chunks if c.section != "document" for stem in stems(c.text)}
    titles = {c.document_name for c in chunks if c.section == "document"}
    return frozenset(stem for title in titles for stem in stems(title) if stem not in of_note)


def _put_first(order: list[int], first: list[int]) -> list[int]:
    """``first`` (passages of ``order``, in its own order), then the rest of ``order``."""
    chosen = set(first)
    return [*first, *(i for i in order if i not in chosen)]
