"""What the served passages themselves say about a question, beside the scope model's
probability: the outcome is settled by facts the passages state or lack.

- answered, whatever the model says: the note's own front matter for who made it, when, or what
  it is about as a whole; a staff FAQ entry ranked first (unless the model says "not in the
  note"); a year or a count that the best passage states beside the question's own subject,
  or a year the question names that only the best passage states, beside a word of it;
  an address beside the name of whom it is asked for; opening hours, a price, a phone number or
  how to sign up beside what they are asked for (a page staff added states them); a question
  in another language ranking a staff passage first that is as close to it as to every
  out-of-scope example in the served text's language;
- answered when the model says only "closest": a term a question asks the meaning of that
  only the best passage names, with every other word of the question;
- not in the note, whatever the model says: a kind of fact none of the quoted passages
  states (``chatbot.asked``), or a region the served text never names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from chatbot.across import QUESTION_WORDS
from chatbot.answer import FRONT_MATTER, in_a_recommendation
from chatbot.asked import (
    ADDRESS_ASKED,
    ADDRESS_STATED,
    ADDRESS_WORDS,
    CALENDAR_STATED,
    COUNT_OF,
    COUNT_STATED,
    COUNTED,
    DURATION_STATED,
    FIGURE_STATED,
    HOW_ASKED,
    MAIL_ASKED,
    MAIL_STATED,
    OFFICE_ASKED,
    PERIOD_ASKED,
    PERIOD_STATED,
    PHONE_ASKED,
    PHONE_STATED,
    SIGNING_UP,
    STARTING,
    VISIT_ASKED,
    VISITING,
    WEEKDAYS,
    WHICH_NUMBER,
    YEAR_STATED,
    FactKind,
    NumberAsked,
    as_weekdays,
    asked_kind,
    number_asked,
    statements,
    states,
    states_precisely,
)
from chatbot.dialect import standard_dutch
from chatbot.examples import Neighbours
from chatbot.language import Language, detect_language
from chatbot.lexical import (
    COMPOUND_PART,
    LexicalRanker,
    Thesaurus,
    compound_heads,
    fold,
    stems,
    words,
)
from chatbot.message import asked_part, asked_sentences, asks_overview, question_sentences
from chatbot.places import places_named, regions_named, without_places
from chatbot.proper_names import NAME_ASKED, proper_names
from chatbot.retrieval import Scored
from chatbot.scope import Outcome
from chatbot.sentences import KeySentences, first_sentence, reach_of, sentence_spans
from indexer.chunking import Chunk
from indexer.examples import is_question_entry

MADE = (
    r"auteurs?|schrijvers?|geschreven|schreef|opgesteld|uitgegeven|uitgever|uitgave|verschenen|"
    r"publie|published|wrote|written|ecrit|redige"
)
"""Words about who wrote or published the document."""
DOCUMENT_WORDS = re.compile(
    r"\b(inspiratienota|nota|folder|brochure|pamflet|document|tekst|note|plan)\b"
)
"""Words that name the document a question asks about, not what it asks."""
THE_DOCUMENT_ITSELF = re.compile(
    rf"{DOCUMENT_WORDS.pattern}(?!\s+(voor|van|rond|for|of|on|pour|de|du|sur)\b)"
)
"""The document named as itself, not a plan of something ("het plan voor fietssnelwegen")."""
REQUEST_ASKED = re.compile(
    r"\b(erom|om\s+(de|deze|die|dit|het|zo'?n)\s+\w+)\s+(gevraagd|verzocht)\b"
    r"|\bvroegen?\s+(erom|om\s+(de|deze|die|dit|het)\s+\w+)\b"
    r"|\bop\s+(wiens|wier|wie\s+zijn|wie\s+haar)\s+(vraag|verzoek)\b|\bin\s+wiens\s+opdracht\b"
    r"|\bin\s+opdracht\s+van\s+wie\b"
    r"|\bop\s+(vraag|verzoek)\s+van\s+(wie|welke)\b"
    r"|\bopdrachtgevers?\b|\b(asked|requested)\s+for\b|\bcommissioned\b"
    r"|\bwhose\s+request\b|\b(at|on)\s+the\s+request\s+of\s+(who|whom|which|what)\b"
    r"|\b(a\s+la\s+)?demande\s+de\s+qui\b|\ba\s+la\s+demande\s+de\s+(quel|quelle|quels|quelles)\b"
    r"|\bqui\s+a\s+(demande|commande)\b"
)
"""Words that ask at whose request the document was made ("wie heeft erom gevraagd?")."""
AT_WHOSE_REQUEST = re.compile(
    r"\bop\s+(wiens\s+|wier\s+)?(vraag|verzoek)\b|\bwhose\s+request\b"
    r"|\b(at|on)\s+the\s+request\s+of\b|\ba\s+la\s+demande\s+de\b"
)
"""The forms of ``REQUEST_ASKED`` that ask nothing else ("op vraag van wie", "at whose
request", "à la demande de quelle organisation"): not "opdrachtgever", "commissioned" or
"asked for", which ask the same of any work."""
DOCUMENT_ANALYSIS = re.compile(rf"{DOCUMENT_WORDS.pattern}|\b((omgevings)?analyse|analysis)\b")
"""The document named, also as the analysis it calls itself ("een gedeelde
omgevingsanalyse"): for a question at whose request it was made alone, where "analyse"
names nothing else."""
REQUESTED = re.compile(r"\b(op\s+(vraag|verzoek)|in\s+opdracht|at\s+the\s+request)\s+van\b")
"""How a document says at whose request it was made ("Op vraag van Exellokring")."""
MAKING_OF = re.compile(
    rf"\b({MADE}|gemaakt|tot stand|meegewerkt|meegeschreven|gepubliceerd|publiee|publisher|"
    rf"edite|editeur|made)\b|{REQUEST_ASKED.pattern}"
    r"|\b((ge)?werkt|werkten|worked)\s+((mee|samen)\s+)?(aan|on)\s+((de|die|deze|dit|het|the)\s+)?"
    r"((inspiratie)?nota|folder|tekst|document|note)\b"
    r"|\baan\s+((de|die|deze|dit|het)\s+)?((inspiratie)?nota|folder|tekst|document)\s+"
    r"((ge|mee)?werkt|werkten)\b"
    r"|\bwie\s+(geeft|gaf|brengt|bracht)\s+((de|die|deze|dit|het)\s+)?"
    r"(((inspiratie)?nota|folder|tekst|document|brochure|pamflet)(\s+\W?alles vloeit\W?)?"
    r"|\W?alles vloeit\W?)\s+uit\b"
)
"""Words that ask who made the document or when it came out ("wie geeft de folder uit?",
"wie geeft Alles Vloeit uit?"; not "wie geeft premies uit?" or "en wie geeft dat geld uit?",
which ask who spends or grants), or who worked on it ("met hoeveel ambtenaren hebben ze aan
die nota gewerkt?", trial 53)."""
DEFINITION_ASKED = re.compile(
    r"^\W*(en\s+)?(wat|what)\s+(is|zijn|betekent|betekenen|bedoelt|bedoelen|means?|are)\b"
    r"|\bwat\s+(wordt|bedoelen\s+ze|bedoelt\s+men)\s+(er\s+)?(bedoeld\s+)?met\b"
    r"|^\W*(qu'est-ce\s+que?|c'est\s+quoi)\b"
)
"""A question that asks what a term is or means."""
_POINTING = re.compile(
    r"^(waar|daar|hier|er)(voor|mee|door|over|van|in|op|aan|bij|uit|om|toe|na|tegen|naar)?$"
)
"""Words that point rather than name ("waarvoor", "daarover")."""
_ASKING_OR_LIGHT = re.compile(
    rf"^({QUESTION_WORDS}|dient|krijg|krijgt|krijgen|vindt|bestaat|bestaan)$"
)
"""The words that ask, and verbs that carry no subject of their own ("waarvoor dient dat
fonds?" is not about the section that says "U dient de aanvraag in")."""
YES_NO_ASKED = re.compile(
    r"(^\W*|[,;:]\s+)((en|maar|ok|dus|nu)\s+)?(komt|komen|is|zijn|wordt|worden|gaat|gaan|zal|zullen|"
    r"krijgt|krijgen|heeft|hebben|staat|staan|plant|plannen|wil|willen|doet|doen|"
    r"will|are|does|do|est-ce|y\s+a|y\s+aura|va-t|vont)\b"
)
"""A question that asks whether ("komen er windmolens?", "is there ...?", "y aura-t-il ...?"),
opening with its verb, or its clause after a comma ("ik woon in Putte, komen er ...?")."""
OPEN_ASKED = re.compile(rf"\b({QUESTION_WORDS}|que|qui)\b")
"""Words that ask an open question: before the comma, the clause after it ("waar komen de
windmolens, is dat al geweten?") asks about what they ask."""
RARE_PASSAGES = 2
"""A thing a yes-no question names is the note's own when at most this many passages name
it ("windmolens": only 8.1)."""
COMMON_SHARE = 0.25
"""A word more than this share of the passages have ("regio", "Rivierenland") names nothing
a passage must have to answer."""
TERM_LETTERS = 5
"""A term asked about is a word of at least this many letters (its stem): shorter ones that
one passage happens to have alone ("waar", "nota") are no term."""
PART_LETTERS = 8
"""A word of a compound counts for a name's sentence from this many letters: a short one
("erfgoed") is the first part of too many compounds."""
STATING_WITHIN = 5
"""How far down the ranking a passage that states the year (or the period) asked for, or a
staff document's section that states the practical fact asked for, is moved first from."""
ERRAND = re.compile(
    r"\b(mag|krijg)\s+(ik|we|wij|je|ge|u)\b"
    r"|\b(krijgde|moogde)\b"
    r"|\b(kunnen|mogen|krijgen)\s+(we|wij)\b|\bjullie\b|\bbij wie\b"
    r"|\b(kan|kunt|kunnen)\s+(ik|je|ge|gij|u|we|wij|ze|zij|hij|iemand|men)\b|\bkunde\b"
    r"|\bterecht\b|\bvoor mij\b|\bhoe (doe|pak|regel|vraag) (ik|je|we)\b"
    r"|\b(is|zijn)\s+er\s+iemand\b|\bwie\s+(kan|helpt)\s+(er|mij|me|ons)\b"
    r"|\b(can|may|should|do|must)\s+(i|we)\b"
    r"|\b(puis|dois)-je\b|\b(je|nous)\s+(peux|peut|dois|pouvons|devons)\b"
    r"|\best-ce\s+que\s+(je|j'|nous)\b"
)
"""A resident's own errand: may I, do I get, can we, can someone, who helps me, where can one
go ("terecht"). Not "moet ik" or "moeten we": chosen on the development sets, those asked as
often what the note wants of everyone. "kan iemand ons helpen?" and "waar kan ze terecht?"
were added in session 32 (trial 32; the development FAQ sets did not move); "is er iets
voor mij?", "hoe doe je dat?", "hoe pak ik dat aan?" in session 33 (three development FAQ
questions that put a note passage first; "mijn" and "onze" as well cost four of the note's
own residents' questions with a FAQ added); "wie kan er (mij, ons) ...?" in session 42 (not
"wie kan gebruikmaken van ...?", who may in general). "hoe vraag ik ... aan?" and "wie
helpt mij ...?" in session 46 (trial 46: a FAQ's "Hoe kan ik een rit aanvragen?" came after
the note's mobility project; trial 45's B10); not "hoe schrijf ik ... in?": it put a staff
FAQ's entry first for four development questions that ask how to enrol at a school or a
play scheme."""
OF_THE_NOTE = re.compile(
    r"\b(inspiratienota|nota|folder|document|note|regio|regionale?|region|aanbeveling(en)?|"
    r"doorbraakproject(en)?|plan)\b"
)
"""Words that ask what the note says or the region plans, not what to do oneself."""
REACHED = re.compile(
    r"@|\b(telefoon|telefoonnummer|tel|bel|belt|bellen|contactformulier|e-?mail|mail|mailen|"
    r"onthaal)\b|\d{3} ?\d{2} ?\d{2}"
)
"""How a passage says how to reach someone: by phone, by mail, at a front desk (where they
are is an address, ``ADDRESS_STATED``; the note's "lees de hele inspiratienota op de website
van IGEMO" is no answer to "hoe contacteer ik IGEMO?")."""
PUBLISHED = re.compile(r"\b(uitgave|uitgegeven|uitgever|vu|v\.u|editeur|publisher)\b")
"""How a document says who published it and when ("Uitgave: 2023 - VU: IGEMO")."""
PUBLISHED_IN = re.compile(rf"{PUBLISHED.pattern}.*?\b(19|20)\d\d\b")
"""The year a document says it was published in ("Uitgave: 2023"), not another year of its
front matter ("2025-2030")."""
LIFTING: dict[str, re.Pattern[str] | None] = {
    "opening hours": None,
    "how to sign up or join": None,
    "an amount of money": None,
    "contact details": REACHED,
}
"""The kinds of fact (``chatbot.asked.KINDS``) whose statement beside the question's own
subject answers it, and what states one when not the kind's own ``stated``."""
DOING_SHARE = 0.2
"""A word of a who-follow-up counts when at most this share of the passages have it."""
ENTRY_WITHIN = 3
"""How far down the ranking an entry of a question-and-answer document is moved first from
for a resident's errand."""


@dataclass(frozen=True, slots=True)
class _Holders:
    """The passages that hold the words of a question (``Evidence._rare_thing_holders``)."""

    specific: dict[str, np.ndarray]
    """Per stem that not most passages have, the passages that have it."""
    standing_in: list[np.ndarray]
    """Per thesaurus group standing in for words the text lacks, the passages of its words."""
    staff_only: bool
    """Only a staff page's section answers so (the question does not ask whether)."""
    words: int
    """How many words of the question (``TERM_LETTERS`` letters or more) there are."""
    short: frozenset[str]
    """The question's shorter stems ("ocmw", "vzw"), which a staff section must have too."""


class Evidence:
    """The facts the passages of one index state, for settling an outcome."""

    def __init__(
        self,
        chunks: Sequence[Chunk],
        key: KeySentences,
        lexical: LexicalRanker,
        outside: Neighbours | None = None,
        thesaurus: Thesaurus | None = None,
    ) -> None:
        """``outside``: the out-of-scope example questions (``chatbot.calibrate.unanswered``);
        ``thesaurus``: the note's words for what a question names otherwise."""
        self._chunks = chunks
        self._front_matter = np.array([c.section in FRONT_MATTER for c in chunks], dtype=bool)
        self._key = key
        self._lexical = lexical
        self._thesaurus = thesaurus or Thesaurus([])
        self._language = served_language(chunks)
        self._outside = None if outside is None else outside.only(self._in_served_language)
        self._titled = _title_words(chunks)

    def _in_served_language(self, text: str) -> bool:
        return detect_language(text) == self._language

    def settled(
        self, outcome: Outcome, question: str, search: str, order: list[int], *, alone: bool = True
    ) -> Outcome:
        """The model's outcome, lifted to "answered" where the best passage says so.
        ``alone``: the question opens the conversation (a follow-up that names no subject,
        "hoe kan ik contact opnemen?", asks about what was said before it)."""
        if not order or outcome == "answered":
            return outcome
        if (
            self._about_the_note(search, order[0])
            or self._states_the_number(question, order[0], outcome)
            or self._states_the_address(question, order, alone=alone)
            or self._states_the_kind(question, order, alone=alone)
            or self._names_its_year(question, order[0])
            or self._names_its_rare_thing(question, order[0])
            or self._a_staff_statement(question, order[0])
        ):
            return "answered"
        if outcome == "closest" and (
            self._a_documents_answer(order[0]) or self._defines_its_term(question, order[0])
        ):
            return "answered"
        if outcome == "not_found" and self._states_the_number(
            question, order[0], outcome, beside=True
        ):
            # the year stands one sentence from the words asked about ("... tegen 2050
            # klimaatneutraal te zijn. Het verlagen van de CO2-uitstoot ..."): quoted as the
            # closest, for it may be the year of something else ("de bouwshift tegen 2040.
            # Heel wat leegstaand patrimonium ...")
            return "closest"
        return outcome

    def answered_across_languages(self, language: Language, scored: Scored, best: int) -> bool:
        """A question in another language than the served text ("What are the opening hours
        of the housing desk?" of a Dutch FAQ) whose best passage is one staff added, and that
        is at least as close to that passage's example signal (a FAQ entry: its heading) as
        to every out-of-scope example in the text's language. Closeness across two languages
        runs lower than within one: the scope model, contrasting it with the out-of-scope
        examples in its own language ("What are the opening hours of the town hall?"),
        refused it whatever the entry says. Compared like with like, the entry answers. The
        note's passages have example questions in English and French of their own; a staff
        page's section has no question to compare (its example signal stands in from its
        text), and read so "What are the opening hours of the city hall?" as answered by a
        desk's "Openingsuren"."""
        if (
            language == self._language
            or self._outside is None
            or not len(self._outside)
            or scored.examples is None
            or not is_question_entry(self._chunks[best])
        ):
            return False
        return float(scored.examples[best]) >= self._outside.nearest(scored.query)

    def stating(self, question: str) -> re.Pattern[str] | None:
        """What states the fact the question asks for, matched against a folded sentence: a
        year, a span of years or a count (``chatbot.asked.number_asked``), an address, a phone
        number or an e-mail address, who published the document or when (the colophon's
        "Uitgave: 2023 - VU: ..."), or a fact of ``chatbot.asked.KINDS`` (opening hours, a
        price); None for any other question. For marking the sentence that answers
        (``KeySentences.spans``)."""
        asked = _asked(question)
        folded = fold(asked)
        wanted = number_asked(asked)
        if wanted is not None:
            if PERIOD_ASKED.search(folded):
                return PERIOD_STATED
            if wanted.stated is YEAR_STATED and MAKING_OF.search(folded):
                return PUBLISHED_IN  # "in welk jaar is de nota uitgegeven?"
            return COUNTED if wanted.stated is COUNT_STATED else wanted.stated
        for asking, stated in _WHERE_WHO_WHEN:
            if asking.search(folded):
                return stated
        kind = asked_kind(asked)
        if kind is None or kind.first_only:
            return None
        return _stated(kind)

    def states_what_is_asked(self, question: str, quoted: list[int]) -> bool:
        """Whether the passages to be quoted state the kind of fact the question asks for,
        when it asks for one of ``chatbot.asked.KINDS`` (an amount, opening hours, a vote,
        a politician's view, ...): without one, they do not answer it however close they are.
        A long message is read by its question sentences. Until when one can sign up is
        stated by a date ("inschrijven tot 30 april 2025"), not by the word it asks with."""
        asked = standard_dutch(question)
        kind = asked_kind(asked_part(asked) or asked)
        if kind is None:
            return True
        dated = number_asked(asked) if kind.name != "a date" else None
        return any(
            dated.stated.search(fold(self._chunks[i].text))
            if dated is not None
            else states(kind, self._chunks[i].text, asked)
            for i in quoted[: 1 if kind.first_only else None]
        )

    def states_the_number_asked(self, question: str, quoted: list[int]) -> bool:
        """Whether a quoted passage states a figure where the question asks for a number (a
        count, a year, a date, a duration), or the question asks for none: passages that
        give no figure do not answer "hoeveel mensen leven daar onder de armoedegrens?",
        however close they are (trial 55, B4.3: a follow-up read with the subject before it
        looked answered). A count needs a count (a year is none); a year, a date or a
        duration any figure or date, as a staff page gives them ("uiterlijk 31 maart" for
        "tegen wanneer?"). A long message is read by its question sentences."""
        wanted = number_asked(_asked(question))
        if wanted is None:
            return True
        stated = COUNTED if wanted.stated is COUNT_STATED else FIGURE_STATED
        return any(stated.search(fold(self._chunks[i].text)) for i in quoted)

    def kind_first(self, question: str, quoted: list[int]) -> list[int]:
        """``quoted`` with the first passage that states the kind of fact asked for (opening
        hours, a price, contact details) moved first, when another comes before it: "wat
        zijn de openingsuren van het energiehuis?" is answered by the entry that gives the
        hours, not the one that says who can come. Only the order of what is quoted changes.
        Who pays is left alone: only the first passage can state it. For a question at whose
        request the document was made, the passage that says so ("Op vraag van ...") comes
        first."""
        asked = _asked(question)
        if REQUEST_ASKED.search(fold(asked)):
            stating = next((i for i in quoted if self._says_at_whose_request(i)), None)
        else:
            kind = asked_kind(asked)
            if kind is None or kind.first_only:
                return quoted
            stating = next((i for i in quoted if self._states_exactly(kind, asked, i)), None)
        return quoted if stating is None else _moved_first(quoted, stating)

    def _states_exactly(self, kind: FactKind, asked: str, i: int) -> bool:
        """Whether passage ``i`` states the fact of ``kind`` asked for: for a phone number
        or an e-mail address, that number or address itself. "Bel ons" is contact details,
        and so is "u hoeft niet meer elke opvang apart te bellen" (trial 53: the desk's
        introduction came before its phone number)."""
        folded = fold(asked)
        if kind.name == "contact details":
            for asking, stated in _CONTACT_ASKED:
                if asking.search(folded):
                    return bool(stated.search(self._chunks[i].text))
        return states(kind, self._chunks[i].text)

    def has_no_word_of(self, subject: str, question: str) -> bool:
        """Whether the ``subject`` of a ``question`` in the served text's language has no word
        the passages use (``LexicalRanker.knows``) or that a thesaurus group gives them ("de
        brandweer", "het zwembad" of the note): whatever frames it, the note does not name it."""
        found = set(stems(subject))
        if not found or not self._in_served_language(question):
            return False
        related = set(stems(" ".join(self._thesaurus.expand(subject))))
        return not any(self._lexical.knows(stem) for stem in found | related)

    def elsewhere(self, question: str) -> bool:
        """The question names a region the served text never names ("wat doet de regio
        Kempen aan ontharding?"): the note speaks for its own region, not for that one."""
        return any(
            float(self._lexical.stem_scores(name).max()) == 0 for name in regions_named(question)
        )

    def _states_the_number(
        self, question: str, best: int, outcome: Outcome, *, beside: bool = False
    ) -> bool:
        """The question asks for a year or a count ("tegen welk jaar ... klimaatneutraal?"),
        and a sentence of the best passage states one beside a word of the question that only
        that passage has: the note says it, whatever the scope model makes of a "when" or
        "how many" question (most of them, of road works and fees, are out of scope). A count
        lifts "not in the note" only where it counts a word of the question ("80 procent
        korting" for "hoeveel korting?"; ``COUNT_OF``): any house number is a number, and
        rewritten text, without example questions, was refused its own new figures (trial
        35, B02); other counts lift "closest". A long message is read by its
        question sentences; place names and the words that ask ("hoeveel", "nota") do not
        count: they say where and how, not about what. A name with a digit in it (a road,
        "op de E19") must stand in the passage: a figure of the R6 is not one of the E19.
        ``beside``: a year's words may stand in a sentence beside it
        (``chatbot.sentences.reach_of``). In a section of a staff document, a date's sentence
        that has a word of the question may leave the rest to the sentence before it: a page
        says what it organizes, then when ("... richt Duffel een kindergemeenteraad op ... De
        eerste zitting is op woensdag 15 mei 2024", trial 64). Not the sentence after it:
        "... vanaf 1 januari 2027 geldig. Pashouders sparen punten bij ... zwembaden" gives
        no date of a swimming pool."""
        found = _number_wanted(question)
        if found is None or not _codes_stand_in(question, self._chunks[best]):
            return False
        wanted, subject = found
        if not _may_state(wanted, self._chunks[best]):
            return False
        if outcome == "not_found" and not wanted.confident:
            return self._key.counts_its_own_subject(self._chunks[best], subject, COUNT_OF)
        reach = reach_of(wanted.stated) if beside else 0
        chunk = self._chunks[best]
        dated = wanted.stated is CALENDAR_STATED and chunk.section == "document"
        return self._key.states_with_own_word(
            chunk, subject, wanted.stated, reach=reach, reach_back=1 if dated else 0
        )

    def _names_its_year(self, question: str, best: int) -> bool:
        """The question names a year that the best passage states and no other passage
        does, in a sentence with another word of the question ("welk project start in 2026
        rond regenwater?" of a rewritten project: "Start in 2026 ... het project ..."): a
        year is as precise as a name, and rewritten text has no example questions for the
        scope model to know it by (trial 36, B02). A year in a sentence about something
        else ("er is de bouwshift tegen 2040" for "hoeveel gebouwen tegen 2040?") is not
        what is asked about, nor is a word that only says it is new ("welke nieuwe sporthal
        opent in 2040?" of "nieuwe woonbehoeftes")."""
        asked = _asked(question)
        subject = _NEW.sub(" ", _about_what(asked))
        return any(
            self._lexical.passages_with_stem(year).tolist() == [best]
            and self._key.states_with_own_word(
                self._chunks[best], subject, re.compile(rf"\b{year}\b"), own=False
            )
            for year in {match.group() for match in YEAR_STATED.finditer(asked)}
        )

    def _names_its_rare_thing(self, question: str, best: int) -> bool:
        """The question asks whether ("komen er windmolens in Rivierenland?"), every word of
        it (``TERM_LETTERS`` letters or more, places left out) stands in the served text, the
        best passage has each that not most passages have, and one of them stands in at most
        ``RARE_PASSAGES`` passages: the note names the thing asked about there. The scope
        model refused the question because out-of-scope example questions name windmills too
        ("hoeveel windmolens staan er al?"), while 8.1 says the region plans "zonneparken en
        windmolens". A word the text never uses ("is er vandaag een stookverbod?") is what
        the question is about and the note is silent on, and a number asked ("in 2040") or
        a word with one (a road, "langs de E19") must stand in the passage too; a yes-no
        question for a kind of fact the passage lacks (a council's vote) is still refused
        after it (``states_what_is_asked``). A word the text does not use but its thesaurus
        group does ("wind turbines", "windturbines") stands in the passages of the group's
        words the text does use ("windmolens").

        A section of a page staff added answers so whatever the question's form ("kan ik
        online een afspraak maken?": "Een afspraak maak je het snelst online"; "wat is het
        maximum voor een warmtepomp?": a premium table's row): it was written to answer
        residents' questions, and a resident asks its office for its own facts, while the
        note, which speaks for the region, states few. It speaks for its own office and
        places, so it answers only when it names every place the question names."""
        holders = self._rare_thing_holders(question)
        return holders is not None and self._holds_the_rare_thing(question, best, holders)

    def rare_thing_first(self, question: str, order: list[int]) -> list[int]:
        """``order`` with the first of its first ``STATING_WITHIN`` passages that names the
        rare thing the question asks about (``_names_its_rare_thing``) moved first, when the
        first does not have its words: "Een afspraak maak je het snelst online" answers "kan
        ik online een afspraak maken?" before a section the embedding put first. A first
        passage with the words stays (the note's "centraal loket voor kinderopvang" for
        "loket kinderopvang"), and so does a FAQ entry whose heading asks it."""
        holders = self._rare_thing_holders(question)
        if holders is None or not order or self._asked_by_heading(order[0], holders):
            return order
        if self._has_the_words(order[0], holders):
            return order
        for i in order[1:STATING_WITHIN]:
            if self._chunks[i].section == "document" and self._holds_the_rare_thing(
                question, i, holders
            ):
                return _moved_first(order, i)
        return order

    def _asked_by_heading(self, i: int, holders: _Holders) -> bool:
        """Whether passage ``i`` is a FAQ entry whose question heading has a word of
        ``holders``: the entry asks what the question asks ("Hoe werkt de wachtlijst?" for
        "hoe werkt de wachtlijst voor kinderopvang?"), whichever entry names more of it."""
        chunk = self._chunks[i]
        return is_question_entry(chunk) and not holders.specific.keys().isdisjoint(
            stems(chunk.title)
        )

    def _holds_the_rare_thing(self, question: str, i: int, holders: _Holders) -> bool:
        """Whether passage ``i`` may answer for the places asked (``_names_its_rare_thing``)
        and has each word of ``holders`` (``_has_the_words``)."""
        chunk = self._chunks[i]
        if chunk.section == "document":
            # one word is not yet what a resident asks of an office: "hoe kan ik me
            # inschrijven?" is not asked of the one section that signs volunteers up
            speaks = (
                holders.words >= 2
                and _names_the_places(chunk, question)
                and self._has_every_word(i, set(holders.short))
            )
        else:
            speaks = in_a_recommendation(chunk) and not holders.staff_only
        return speaks and self._has_the_words(i, holders)

    def _has_the_words(self, i: int, holders: _Holders) -> bool:
        """Whether passage ``i`` has each word of ``holders``; a staff section has the
        words of its document's title too (``_title_words``)."""
        titled = self._titled.get(self._chunks[i].id, frozenset())
        return all(
            i in found or stem in titled for stem, found in holders.specific.items()
        ) and all(i in found for found in holders.standing_in)

    def _rare_thing_holders(self, question: str) -> _Holders | None:
        """The passages each word of the question that not most passages have stands in
        (a word the text lacks, by its thesaurus group's words), and whether only a staff
        page's section answers it (the question does not ask whether); None when a word
        stands nowhere or none is rare (``_names_its_rare_thing``). A staff section is not
        asked so for a fact of a kind or a number ("wat kost een abonnement bij De Lijn?"):
        the passage that states it answers that (``_states_the_kind``,
        ``_states_the_number``), not one that names its words."""
        asked = fold(_asked(question))
        whether = YES_NO_ASKED.search(asked)
        staff_only = whether is None or bool(OPEN_ASKED.search(asked[: whether.start()]))
        if staff_only and (asked_kind(asked) is not None or number_asked(asked) is not None):
            return None
        terms = _term_words(asked)
        if staff_only:
            # of an office: the words that ask, a light verb or a bare number name nothing
            terms = [w for w in terms if not _ASKING_OR_LIGHT.match(w) and not w.isdigit()]
        asked_stems = frozenset(stems(" ".join(terms)))
        holding = {
            stem: self._lexical.passages_with_stem(stem)
            for stem in asked_stems
            if len(stem) >= TERM_LETTERS or any(c.isdigit() for c in stem)
        }
        standing_in: list[np.ndarray] = []
        for touching, members in self._thesaurus.standing_for(asked):
            missing = {stem for stem in touching if stem in holding and not len(holding[stem])}
            if missing:
                # "wind turbines": the note's word for it ("windmolens") stands for it
                # a group may have no one-word member ("e-clusie, digitale uitsluiting")
                named = [stem for member in members for stem in stems(member)[:1]]
                having = [self._lexical.passages_with_stem(stem) for stem in named]
                found = np.unique(np.concatenate(having)) if having else np.empty(0, np.intp)
                standing_in.append(found)
                for stem in missing:
                    holding[stem] = found
        specific = {
            stem: found
            for stem, found in holding.items()
            if len(found) <= COMMON_SHARE * len(self._chunks)
        }
        if not all(len(found) for found in holding.values()) or not any(
            len(found) <= RARE_PASSAGES for found in specific.values()
        ):
            return None
        # a staff section answers only with every word, however short: "kan ik online een
        # afspraak maken bij het OCMW?" is not asked of a desk whose page never names it
        short = asked_stems - holding.keys()
        return _Holders(specific, standing_in, staff_only, len(holding), short)

    def _defines_its_term(self, question: str, best: int) -> bool:
        """The question asks what a term is ("wat is Rivierstroom?", "wat is Strategio?"),
        the best passage is the only one with a word of it (``TERM_LETTERS`` letters or
        more), and it has every other word of the question too: it is where the note names
        the term, and rewritten text has no example questions for the scope model to know a
        new name by (trial 46, C03). A question that asks more than the term ("wat is de
        aanvullende personenbelasting in ...?") has words the passage lacks. It lifts only
        "closest": a passage can name a term in passing ("Europa wil tegen 2050 ..."), and
        the scope model's "not in the note" stands."""
        asked = fold(_asked(question))
        if not DEFINITION_ASKED.search(asked):
            return False
        subject = _FILLERS.sub(" ", DEFINITION_ASKED.sub(" ", asked))
        terms = _term_words(subject)
        holding = [
            (stem, self._lexical.passages_with_stem(stem)) for stem in stems(" ".join(terms))
        ]
        return (
            bool(holding)
            and all(best in found for _, found in holding)
            and any(len(stem) >= TERM_LETTERS and len(found) == 1 for stem, found in holding)
        )

    def stating_first(self, question: str, order: list[int]) -> list[int]:
        """``order`` with the passage that states the year asked for ("voor welke legislatuur
        ...?") beside a word of the question only it has moved first, when it is among the
        first ``STATING_WITHIN``: closeness in meaning ranks a passage that speaks of the
        subject above the one sentence that answers. For a period asked (``PERIOD_ASKED``)
        without such a passage, the first that states a span of years moves first.

        For a period asked of the document ("voor welke jaren is dat plan?"), the first
        passage that states a span of years moves first from anywhere in ``order``: "plan"
        ranked projects that plan something above the front matter.

        For a question at whose request the document was made (``REQUEST_ASKED``), the
        first passage that says so ("Op vraag van ...") moves first instead: from anywhere
        in ``order`` when the question asks nothing else (``AT_WHOSE_REQUEST``) of the
        document or its analysis ("à la demande de quelle organisation cette analyse a-t-elle
        été réalisée ?" ranked the foreword that says it below the tenth passage), else
        from the first ``STATING_WITHIN``."""
        asked = fold(_asked(question))
        if REQUEST_ASKED.search(asked):
            named = AT_WHOSE_REQUEST.search(asked) and DOCUMENT_ANALYSIS.search(asked)
            within = len(order) if named else STATING_WITHIN
            stating = next((i for i in order[:within] if self._says_at_whose_request(i)), None)
            if stating is not None:
                return _moved_first(order, stating)
        if PERIOD_ASKED.search(asked) and THE_DOCUMENT_ITSELF.search(asked):
            # "voor welke jaren is dat plan?": the document's own period, wherever it ranks
            spanning = next((i for i in order if self._states_a_period(i)), None)
            if spanning is not None:
                return _moved_first(order, spanning)
        found = _number_wanted(question)
        if found is None or not found[0].confident:
            return order
        wanted, subject = found
        for i in order[:STATING_WITHIN]:
            if _may_state(wanted, self._chunks[i]) and self._key.states_with_own_word(
                self._chunks[i], subject, wanted.stated, reach=reach_of(wanted.stated)
            ):
                return _moved_first(order, i)
        if PERIOD_ASKED.search(asked):
            # "which period does this plan cover?": a span of years answers it, whatever the
            # words around it ("de volgende legislatuur (2025-2030)")
            spanning = next((i for i in order[:STATING_WITHIN] if self._states_a_period(i)), None)
            if spanning is not None:
                return _moved_first(order, spanning)
        return order

    def _states_a_period(self, i: int) -> bool:
        """Whether passage ``i`` states a span of years ("2025-2030")."""
        return bool(PERIOD_STATED.search(self._chunks[i].text))

    def _says_at_whose_request(self, i: int) -> bool:
        """Whether passage ``i`` says at whose request the document was made."""
        return bool(REQUESTED.search(fold(self._chunks[i].text)))

    def naming_first(self, question: str, order: list[int]) -> list[int]:
        """``order`` with the one passage that names the term a question asks the meaning of
        ("wa is da eigenlijk, die uitpas?") moved first, when it is among the first
        ``STATING_WITHIN``: a word of the question that no other passage has."""
        asked = fold(_asked(question))  # already in standard Dutch
        # the term stands in the sentence that asks what it is, not in the others a
        # follow-up is searched with ("... wat is het doel van deze nota? ... voor welke
        # periode?" is no question what a "periode" is)
        defining = [s for s in asked_sentences(asked) if DEFINITION_ASKED.search(s)]
        if not defining:
            return order
        terms = _term_words(" ".join(defining))
        only = {
            int(found[0])
            for stem in stems(" ".join(terms))
            if len(stem) >= TERM_LETTERS
            and len(found := self._lexical.passages_with_stem(stem)) == 1
        }
        if len(only) != 1:
            return order
        (named,) = only
        return _moved_first(order, named) if named in order[:STATING_WITHIN] else order

    def name_first(self, question: str, order: list[int]) -> list[int]:
        """``order`` with the passage among its first ``STATING_WITHIN`` that gives a proper
        name in a sentence with the most words of the question moved first (of equals, the
        first), when the question asks for a name (``chatbot.proper_names``) and the first
        passage has no sentence with more than twice as many of its words: "hoe heet het
        samenwerkingsverband van beleidsmedewerkers waaruit de nota voortkomt?" is answered
        by the colophon's "... het resultaat van Strategio, een samenwerking van
        beleidsmedewerkers ...", not by the foreword that speaks of the same cooperation
        without naming it, nor by "het samenwerkingsverband Bereikbare Regio". A word of a
        compound counts ("samenwerking" in "samenwerkingsverband"); the name is not one the
        question uses or a place, and few passages have it (not "Rivierenland")."""
        asked = _asked(question)
        if not NAME_ASKED.search(fold(asked)):
            return order
        wanted = {stem for stem in stems(without_places(asked)) if len(stem) >= TERM_LETTERS}
        typed = set(stems(asked))
        shared = [(self._naming(i, wanted, typed), -rank) for rank, i in enumerate(order)]
        best = max(shared[:STATING_WITHIN], default=(0, 0))
        if best[0] == 0 or (order and 2 * best[0] < self._most_shared(order[0], wanted)):
            # the first passage says more than twice as much of what is asked, without a
            # name ("hoeveel principes voor regionale samenwerking ... en hoe heten ze?": the
            # principles, not a work plan's sentence naming the note, trial 60)
            return order
        return _moved_first(order, order[-best[1]])

    def _most_shared(self, i: int, wanted: set[str]) -> int:
        """How many stems of ``wanted`` the sentence of passage ``i`` with the most of them
        has."""
        text = self._chunks[i].text
        return max(
            (_parts_shared(wanted, set(stems(text[a:b]))) for a, b in sentence_spans(text)),
            default=0,
        )

    def _naming(self, i: int, wanted: set[str], typed: set[str]) -> int:
        """How many stems of ``wanted`` (or compounds' parts) the sentence of passage ``i``
        with the most of them has, of those that give a rare proper name none of ``typed``;
        0 if none gives one."""
        text = self._chunks[i].text
        rare = DOING_SHARE * len(self._chunks)
        most = 0
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            shared = _parts_shared(wanted, set(stems(sentence)))
            if shared <= most:
                continue
            for name in proper_names(sentence):
                (stem, *_) = stems(name) or [""]
                if (
                    stem
                    and stem not in typed
                    and not places_named(name)
                    and len(self._lexical.passages_with_stem(stem)) <= rare
                ):
                    most = shared
                    break
        return most

    def doing_first(self, doing: str, order: list[int]) -> list[int]:
        """``order`` with the first of its first ``STATING_WITHIN`` passages that has a word
        of ``doing`` (a follow-up that asks who does what was just said) moved first: after
        "en het tweede project?", "wie moet dat coördineren?" is answered by the project that
        says who coordinates ("Een regionale energiemanager coördineert ..."), not by the
        project asked about before; of several, a doorbraakproject before a context.
        Its words count from ``TERM_LETTERS`` letters and when few passages have them
        (``DOING_SHARE``; "gemeenten" does not), pointing words and fillers left out; a verb
        in "-eren" counts in a compound of its noun ("coördineren" in 7.3's
        "mobiliteitscoördinatiecentrum"). Without such a passage the order stays."""
        spoken = words(_FILLERS.sub(" ", fold(standard_dutch(doing))))
        named = " ".join(w for w in spoken if not _POINTING.match(w))
        wanted = {stem for stem in stems(named) if len(stem) >= TERM_LETTERS}
        if not wanted:
            return order
        lexical = self._lexical
        having: set[int] = set()
        for stem in wanted:
            found = {
                int(i)
                for form in (*lexical.forms(stem), *lexical.holding_the_noun(stem))
                for i in lexical.passages_with_stem(form)
            }
            # a word most passages have ("gemeenten") says nothing of who does what
            if len(found) <= DOING_SHARE * len(self._chunks):
                having |= found
        candidates = [i for i in order[:STATING_WITHIN] if i in having]
        # a doorbraakproject says who is to do it; a context names the word in passing
        # ("een gecoördineerde aanpak")
        projects = [i for i in candidates if self._chunks[i].section == "doorbraakproject"]
        doer = next(iter(projects or candidates), None)
        return order if doer is None else _moved_first(order, doer)

    def answered_by_staff(self, question: str, best: int) -> bool:
        """Whether the best passage is a section of a document staff added (a FAQ entry, a
        page's section) and the question is a resident's errand (``ERRAND``) or asks for a
        practical fact (``chatbot.asked.KINDS``), not about the note or the region: such a
        practical answer ("hoe vraag ik een rit aan?") is quoted from the staff documents alone, as
        the note's policy passages near it in meaning say nothing of how a resident goes
        about it, and would make the lead say the note speaks of it too (trials 45 and 46)."""
        if self._chunks[best].section != "document":
            return False
        asked = _asked(question)
        folded = fold(asked)
        if OF_THE_NOTE.search(folded):
            return False
        return bool(ERRAND.search(folded)) or asked_kind(asked) is not None

    def entry_first(self, question: str, order: list[int]) -> list[int]:
        """``order`` with the first entry of a question-and-answer document moved first when
        it is among the first ``ENTRY_WITHIN`` and the question is a resident's own errand
        ("krijg ik daar een premie voor?") that does not ask about the note: the
        note speaks of the same subject as policy, the entry answers what to do."""
        asked = fold(_asked(question))
        if not ERRAND.search(asked) or OF_THE_NOTE.search(asked):
            return order
        entry = next((i for i in order[:ENTRY_WITHIN] if is_question_entry(self._chunks[i])), None)
        return order if entry is None else _moved_first(order, entry)

    def _states_the_address(self, question: str, order: list[int], *, alone: bool) -> bool:
        """The question asks for an address ("op welk adres zit ...?") and a sentence of
        the best passage gives a street or postcode beside a word of the question: the
        address of whom it asks. Place names do not count (an address is in some place). Or
        it asks where someone is and the best passage is a staff document's section that
        gives the address (``_gives_the_address``); asked of no one, in a question that opens
        the conversation ``alone``, of the one staff document among the first
        ``STATING_WITHIN`` with a section that gives one."""
        asked = _asked(question)
        if ADDRESS_ASKED.search(fold(asked)):
            subject = ADDRESS_WORDS.sub(" ", without_places(asked))
            if self._key.states_with_own_word(
                self._chunks[order[0]], subject, ADDRESS_STATED, own=False
            ):
                return True
        elif not OFFICE_ASKED.search(fold(asked)):
            return False
        gives = self._gives_the_address(order[0], asked)
        if gives is not None:
            return gives
        return alone and self._the_one_stating(order[0], ADDRESS_STATED, order)

    def _states_the_kind(self, question: str, order: list[int], *, alone: bool) -> bool:
        """The question asks for a practical fact (``LIFTING``: opening hours, how to reach
        someone, how to sign up, an amount) and a sentence of the best passage states one
        beside words of the question that, together, no other passage has, and it has every
        word of the question that the served text has anywhere (or a section of a staff
        document states it and has every word of the question: ``_a_sections_statement``):
        a page staff added answers "tot hoe laat is het energieloket open?" whatever the
        model makes of an opening-hours question (most of them, of pools and town halls,
        are out of scope)."""
        asked = _practical(_asked(question))
        if asked is None:
            return False
        best = order[0]
        if self._a_sections_statement(best, asked, order, alone=alone):
            return True
        return self._key.states_with_own_word(
            self._chunks[best], asked.subject, asked.stated
        ) and self._has_every_known_word(best, asked.subject)

    def asks_practical(self, question: str) -> bool:
        """Whether the question asks for a practical fact (``LIFTING``: opening hours, how to
        reach someone or sign up, an amount): one place states it, no list across the note."""
        return _practical(_asked(question)) is not None

    def section_first(self, question: str, order: list[int], *, alone: bool = False) -> list[int]:
        """``order`` with the first section of a staff document among the first
        ``STATING_WITHIN`` that states the practical fact asked for with every word and
        place of the question (``_a_sections_statement``) moved first: "wanneer is het
        energiehuis in Lier open?" is answered by the section that lists Lier's hours, not
        by the contact section with the phone line's. One that gives the hours or the number
        comes before one that only names them ("... tijdens de openingsuren ..."). A question
        that opens the conversation ``alone`` and names no one ("Openingsuren?") asks it of
        the one service whose page states it."""
        asked = _practical(_asked(question))
        if asked is None:
            return order
        stating = [
            i
            for i in order[:STATING_WITHIN]
            if self._a_sections_statement(i, asked, order, alone=alone)
        ]
        precise = [
            i
            for i in stating
            if states_precisely(asked.stated, self._chunks[i].text, asked.question)
        ]
        found = precise or stating
        return _moved_first(order, found[0]) if found else order

    def staff_statement_first(self, question: str, order: list[int]) -> list[int]:
        """``order`` with the first section of a staff document among the first
        ``STATING_WITHIN`` that states the kind of fact or the number asked for and has the
        question's telling words (``_a_staff_statement``) moved first, when the best passage
        states no such fact: "hoeveel kost zo'n UiT-pas?" is answered by the progress
        report's "Een pas kost 5 euro", not by the note's project that proposes the pass
        (trial 59)."""
        asked = _asked(question)
        if not order or (asked_kind(asked) is None and number_asked(asked) is None):
            return order  # no staff section states what is not asked for
        if self._states_the_fact(asked, order[0]):
            return order
        found = next(
            (i for i in order[:STATING_WITHIN] if self._a_staff_statement(question, i)), None
        )
        return order if found is None else _moved_first(order, found)

    def _a_staff_statement(self, question: str, i: int) -> bool:
        """Whether passage ``i`` is a section of a document staff added about a thing the
        note's recommendations name in at most ``RARE_PASSAGES`` passages ("UiT-pas", "regionale
        energiemanager": a word of the question that stands in the section's heading or
        first sentence, and every such word stands in the section) that states the price,
        the date, the count of what is asked or how far it is, in every place and year the
        question names: the note never states those, so a progress report's section on the
        note's own project answers them (trial 59). Opening hours, contact details and how
        to sign up are left to ``_states_the_kind``: every office's page states them."""
        chunk = self._chunks[i]
        asked = _asked(question)
        if chunk.section != "document" or not self._states_exactly_asked(question, i):
            return False
        text = fold(chunk.text)
        folded = fold(asked)
        if not all(_names_place(text, place) for place in places_named(asked)):
            return False
        # "hoeveel werd er in 2025 onthard?" is not answered by what was done in 2026
        if any(year.group() not in text for year in YEAR_STATED.finditer(folded)):
            return False
        terms = [
            w for w in _term_words(folded) if not _ASKING_OR_LIGHT.match(w) and not _WHOSE.match(w)
        ]
        the_notes = {
            stem
            for stem in stems(" ".join(terms))
            if len(stem) >= TERM_LETTERS and 0 < self._in_the_note(stem) <= RARE_PASSAGES
        }
        if not the_notes or not self._has_every_word(i, the_notes):
            return False
        opening = fold(f"{chunk.title} {first_sentence(chunk.text)}")
        return bool(the_notes & set(stems(opening)))

    def _in_the_note(self, stem: str) -> int:
        """In how many of the note's recommendations' passages ``stem`` stands: a project
        or thing the note proposes, not its publisher in the colophon ("IGEMO")."""
        return sum(
            in_a_recommendation(self._chunks[i]) for i in self._lexical.passages_with_stem(stem)
        )

    def _states_exactly_asked(self, question: str, i: int) -> bool:
        """Whether passage ``i`` states the price, date, progress or vote asked for, or the
        number of what is asked ("41 bedrijven" for "hoeveel bedrijven?") or the date beside
        a word of the question; not a practical fact every office's page states."""
        asked = _asked(question)
        chunk = self._chunks[i]
        kind = asked_kind(asked)
        if kind is not None and kind.name not in _PAGES_OWN and states(kind, chunk.text, asked):
            return True
        found = _number_wanted(question)
        if found is None:
            return False
        wanted, subject = found
        if wanted.stated is COUNT_STATED:
            return self._key.counts_its_own_subject(chunk, subject, COUNT_OF)
        reach = reach_of(wanted.stated)
        return self._key.states_with_own_word(chunk, subject, wanted.stated, reach=reach)

    def _states_the_fact(self, asked: str, i: int) -> bool:
        """Whether passage ``i`` states the kind of fact (``chatbot.asked.KINDS``) or the
        number (a count, a date) the question ``asked`` asks for; False when it asks for
        neither."""
        text = self._chunks[i].text
        kind = asked_kind(asked)
        if kind is not None and states(kind, text, asked):
            return True
        # "is de strategie al goedgekeurd, en wanneer?": the day answers it
        wanted = number_asked(asked)
        return wanted is not None and bool(wanted.stated.search(fold(text)))

    def address_first(self, question: str, order: list[int]) -> list[int]:
        """``order`` with the first section among the first ``STATING_WITHIN`` that gives an
        address, in every place the question names, and has every word it is asked of
        (``_gives_the_address``) moved first, when the question asks where someone is or
        where to go in person (``VISIT_ASKED``: "waar kan ik langsgaan met vragen?") and the
        best passage is another section of the same staff document: "waar zijn jullie
        kantoren?" is answered by the page's "Locaties", not by its "Openingsuren" that says
        "beide kantoren zijn gesloten". Only within a document staff added: the note's
        colophon gives IGEMO's address, which answers no question where an office the note
        speaks of is."""
        asked = _asked(question)
        if not order or not (_asks_where(asked) or VISIT_ASKED.search(fold(asked))):
            return order
        best = self._chunks[order[0]]
        if best.section != "document":
            return order
        found = next(
            (
                i
                for i in order[:STATING_WITHIN]
                if self._chunks[i].document == best.document
                and self._gives_the_address(i, asked) is not False
            ),
            None,
        )
        return order if found is None else _moved_first(order, found)

    def _gives_the_address(self, i: int, asked: str) -> bool | None:
        """Whether passage ``i`` is a section of a staff document that gives an address in
        every place the question sentences of ``asked`` name and has every other word they
        ask it of, itself or in its document's title ("waar zit het energieloket in Lier?" of
        the page "Energieloket Rivierenland"); None when they ask it of no one ("waar zitten
        jullie?") and it gives one."""
        chunk = self._chunks[i]
        text = fold(chunk.text)
        if chunk.section != "document" or not ADDRESS_STATED.search(text):
            return False
        sentences = question_sentences(asked) or asked
        if not all(_names_place(text, place) for place in places_named(sentences)):
            return False
        wanted = set(stems(_FILLERS.sub(" ", ADDRESS_WORDS.sub(" ", without_places(sentences)))))
        if not wanted:
            return None
        return self._has_every_word(i, wanted)

    def _a_sections_statement(
        self, best: int, asked: _Practical, order: list[int], *, alone: bool
    ) -> bool:
        """Whether passage ``best`` is a section of a document staff added that states the
        kind of fact and has every word of the question sentences' subject
        (``_Practical.in_section``; with none in the whole message, a question that opens
        the conversation ``alone`` for opening hours or contact details is the only
        service's that states it near the top of ``order``: ``_the_one_stating``) and every
        place they name: a page's
        "Openingsuren en adressen" lists its hours day by day below "Het woonloket heeft
        drie kantoren", so no one sentence has both the hours and the word "woonloket". The
        document's title counts as the section's own words: the "Openingsuren" of the page
        "Energieloket Rivierenland" are the energieloket's. A word the passage lacks, known
        anywhere or not ("stadhuis"), or a town it does not name (Mechelen's hours asked of
        a section that lists Lier's), says it is about something else."""
        chunk = self._chunks[best]
        if chunk.section != "document":
            return False
        text = fold(chunk.text)
        if not statements(asked.stated, text, asked.question) or any(
            fold(p) not in text for p in asked.places
        ):
            return False
        wanted = set(stems(_OPEN_ASKED.sub(" ", asked.in_section)))
        if not wanted:
            return (
                alone
                and asked.kind in _OF_A_SERVICE
                and not stems(_OPEN_ASKED.sub(" ", asked.subject))
                and self._the_one_stating(best, asked.stated, order)
            )
        return self._has_every_word(best, wanted)

    def _has_every_word(self, i: int, wanted: set[str]) -> bool:
        """Whether staff section ``i`` has every stem of ``wanted``, itself or in its
        document's title (``_title_words``), or as a compound of two words it has: the
        section of "Reglement Regionaal Klimaatfonds" that speaks of "premie" has the
        "klimaatpremie" a resident asks about."""
        titled = self._titled.get(self._chunks[i].id, frozenset())
        missing = [
            s for s in wanted if s not in titled and i not in self._lexical.passages_with_stem(s)
        ]
        if not missing:
            return True
        own = titled | frozenset(stems(self._chunks[i].text))
        return all(_joins_two_of(stem, own) for stem in missing)

    def _the_one_stating(self, best: int, stated: re.Pattern[str], order: Sequence[int]) -> bool:
        """Whether ``best``'s document is the only staff document among the first
        ``STATING_WITHIN`` of ``order`` with a section that states the fact (``stated``): a
        question that names no one ("wat zijn de openingsuren?", "hoe kan ik contact
        opnemen?", "waar zitten jullie?") asks it of the service whose page staff added,
        unless two services' pages say it."""
        document = self._chunks[best].document
        return not any(
            self._chunks[i].section == "document"
            and self._chunks[i].document != document
            and stated.search(fold(self._chunks[i].text))
            for i in order[:STATING_WITHIN]
        )

    def _has_every_known_word(self, best: int, subject: str) -> bool:
        """Whether passage ``best`` has each word of ``subject`` that any passage has, itself
        or as the end of a compound ("UiTloket" for "loket"): the opening hours of one office
        do not answer for an office the colophon names."""
        compounded = unknown = False
        for stem in set(stems(subject)):
            holding = self._lexical.passages_with_stem(stem)
            if best in holding:
                continue
            if len(holding):
                if not self._has_compound_of(best, stem):
                    return False
                compounded = True
            elif len(stem) >= TERM_LETTERS:
                unknown = True
        # "loket" as "UiTloket" only when nothing else asked is missing ("het loket
        # burgerzaken": another office's)
        return not (compounded and unknown)

    def _has_compound_of(self, i: int, stem: str) -> bool:
        """Whether passage ``i`` has a compound that ends in ``stem``."""
        return any(i in self._lexical.passages_with_stem(c) for c in self._lexical.ending_in(stem))

    def _a_documents_answer(self, best: int) -> bool:
        """The best passage is an entry of a question-and-answer document staff added (its
        heading is a question): it was written to answer residents' practical questions, so
        whatever the scope model does not rule out and it ranks first for, it answers. Its
        topics (opening hours, permits, fees) are the ones out-of-scope examples are made of,
        which keeps such questions "closest" by the model alone."""
        return is_question_entry(self._chunks[best])

    def _about_the_note(self, search: str, best: int) -> bool:
        """The question asks who made the document or when, and its best passage is the
        document's front matter: the note says that about itself there, so it is answered
        whatever the scope model makes of a "who" question (most "who" questions, of mayors
        and aldermen, are out of scope). So does a question what the document as a whole is
        about (``asks_overview``)."""
        if not self._front_matter[best]:
            return False
        return bool(MAKING_OF.search(fold(search))) or asks_overview(search)


def _title_words(chunks: Sequence[Chunk]) -> dict[str, frozenset[str]]:
    """Per section of a staff document, the stems of its document's title that count as
    its own: those no other section's heading of the same document has. A page titled
    "Openingsuren stadhuis en recyclagepark" speaks of the recyclagepark in its section
    "Recyclagepark", not in "Stadhuis"."""
    headings: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for chunk in chunks:
        if chunk.section == "document" and chunk.document_title:
            headings.setdefault(chunk.document, []).append(
                (chunk.id, frozenset(stems(chunk.title)))
            )
    titled: dict[str, frozenset[str]] = {}
    for chunk in chunks:
        if chunk.section != "document" or not chunk.document_title:
            continue
        title = frozenset(stems(chunk.document_title))
        others = {
            stem
            for id_, heading in headings[chunk.document]
            if id_ != chunk.id and heading != title
            for stem in heading
        }
        titled[chunk.id] = title - others
    return titled


_FILLERS = re.compile(r"\b(allemaal|juist|precies|concreet)\b")
"""Words a follow-up adds for emphasis ("wie moet dat allemaal coördineren?"), not what is
done."""
_CODE = re.compile(r"\b[a-z]+\d[a-z\d]*\b")
"""A name of letters then digits ("E19", "R6", "A12"): a road, a bus line, a form; not an
ordinal ("de 3e")."""


def _may_state(wanted: NumberAsked, chunk: Chunk) -> bool:
    """Whether ``chunk`` may be taken to state the number asked: a duration only in the
    note's recommendations. A staff page's durations are its own office's ("reken op vier
    weken"), and "hoe lang is de wachtlijst in Putte?" is not asked of them: its question
    headings tell the scope model what it answers."""
    return wanted.stated is not DURATION_STATED or in_a_recommendation(chunk)


def _codes_stand_in(question: str, chunk: Chunk) -> bool:
    """Whether every name of letters and digits that the question uses stands in the passage."""
    text = set(re.findall(r"\w+", fold(chunk.text)))
    return all(code in text for code in _CODE.findall(fold(_asked(question))))


_NEW = re.compile(r"\b(nieuwe?|new|nouvel(le)?s?|nouveaux?)\b")
"""Words that say something is new, not what it is."""
_WHEN = re.compile(rf"\b({WEEKDAYS}|{VISITING}|langs)\b")
"""Words that say on which day or that one comes by: when, not about what."""
_CONTACTING = re.compile(
    r"\b(contact|contacteren|contacteer|opnemen|bereiken|bereik|reach|contacter)\b"
    # "naar welk mailadres kan ik mijn vragen sturen?"
    r"|\b((naar|op|via)\s+welke?\s+)?(e-?mailadres|mailadres)\b|\b(sturen|stuur)\b"
    # my questions, not asking for something ("hoe vraag ik een leefloon aan?")
    r"|\b(mijn|je|jouw|uw|onze|een|met)\s+vra(ag|gen)\b"
    rf"|{WHICH_NUMBER}\b|\bbereikbaar\b"
)
"""Words that ask how to reach someone ("hoe kan ik contact opnemen?", "op welk nummer kan ik
... bellen?"): how, not whom."""
_OF_A_SERVICE = frozenset({"opening hours", "contact details"})
"""The kinds of fact a question may ask without saying of whom: a page's own hours and
contact; how to sign up or what it costs needs a what ("hoe kan ik me inschrijven?")."""
_PAGES_OWN = frozenset({*_OF_A_SERVICE, "how to sign up or join"})
"""The kinds of fact every office's page states of itself: a section that states them is
not thereby about what the question names (``_a_staff_statement``)."""
_WHOSE = re.compile(
    r"^(vlaams|vlaamse|belgisch|belgische|europees|europese|federaal|federale|provinciaal|"
    r"provinciale|regionaal|regionale|lokaal|lokale|gemeentelijk|gemeentelijke)$"
)
"""Words that say whose a thing is, not what it is: "de Vlaamse renovatiepremie" is not a
thing the note names because a recommendation says "de Vlaamse overheid"."""
_OPEN_ASKED = re.compile(
    rf"\b(wanneer|when|quand|hoe laat|open|opent|geopend|is|zijn|jij|you|{VISITING}|langs)\b"
    # when the asker is free: "kan ik na mijn werk nog langsgaan?"
    r"|\bna\s+(mijn|m'n|mn|het|de|je|ons|zijn|haar)\s+(werk|werkuren|job|school|les)\b"
    r"|\bop\s+welke\s+(dagen|uren|momenten)\b"
)
"""Words that ask when a place is open: how it is asked, not about what. Whom a question
addresses ("zijde gij op maandag open?", read as "jij"; "are you open?") is the service
whose page it is (the other pronouns, "jullie", "u", are stopwords), and coming by
("binnenspringen", "terecht") is what opening hours are for; "na mijn werk" and "op welke
dagen" say when."""

_CONTACT_ASKED = ((PHONE_ASKED, PHONE_STATED), (MAIL_ASKED, MAIL_STATED))
"""What asks for a phone number or an e-mail address, each with what states one."""
_WHERE_WHO_WHEN = (
    (ADDRESS_ASKED, ADDRESS_STATED),
    (OFFICE_ASKED, ADDRESS_STATED),
    (REQUEST_ASKED, REQUESTED),
    (MAKING_OF, PUBLISHED),
    *_CONTACT_ASKED,
)
"""What asks where someone is, at whose request the document was made, who published it
and when, or a phone number or an e-mail address, each with what states it; the first that
asks is the one read."""


def _stated(kind: FactKind) -> re.Pattern[str]:
    """What states a fact of ``kind`` in a passage: ``LIFTING``'s pattern for it where it has
    one (contact details: a phone or a front desk, not a web address), else the kind's own."""
    return LIFTING.get(kind.name) or kind.stated


@dataclass(frozen=True, slots=True)
class _Practical:
    """A question that asks for a practical fact (``LIFTING``), read for the evidence."""

    kind: str
    """Its kind's name (``chatbot.asked.KINDS``)."""
    stated: re.Pattern[str]
    """What states the fact."""
    subject: str
    """The words of what it is asked about, without the words that name the kind of fact
    ("openingsuren"), places, days or coming by."""
    in_section: str
    """The same of its question sentences alone, for a staff document's section."""
    places: tuple[str, ...]
    """The places its question sentences name."""
    question: str
    """The question as read: its own words state nothing ("tijdens de openingsuren" does
    not give the hours asked for by "openingsuren?")."""


def _practical(asked: str) -> _Practical | None:
    """``asked`` read as a question for a practical fact; None for any other question."""
    asked = as_weekdays(asked)
    kind = asked_kind(asked)
    if kind is None or kind.name not in LIFTING:
        return None
    stated = _stated(kind)

    def about(text: str) -> str:
        # the words that name the kind ("openingsuren") or ask to reach someone ("contact
        # opnemen") say what is asked, not about whom
        named = stated.sub(" ", kind.stated.sub(" ", fold(without_places(text))))
        return _CONTACTING.sub(" ", named)

    # a day or coming by says when, not about what: "kan ik op zaterdag bij het
    # containerpark terecht?" is not answered by the one passage that says "zaterdag"
    subject = _WHEN.sub(" ", about(asked))
    # a section has every word asked of it, not those of the message around the question
    # ("... open op donderdag? ik kan alleen na mijn werk")
    sentences = question_sentences(asked) or asked
    places = tuple(places_named(sentences))
    if kind.name == "contact details":
        # a phone number or an e-mail address asked: a section that says "per e-mail" or
        # "bel ons" without one does not give it
        folded = fold(asked)
        stated = next((s for asking, s in _CONTACT_ASKED if asking.search(folded)), stated)
    return _Practical(kind.name, stated, subject, about(sentences), places, asked)


def _parts_shared(wanted: set[str], own: set[str]) -> int:
    """How many stems of ``wanted`` ``own`` has, itself or as a word of ``PART_LETTERS``
    letters or more that the stem starts with or that starts with it ("samenwerking" and
    "samenwerkingsverband"; not "erfgoed" and "erfgoedconsulent")."""
    return sum(
        any(
            w == o or (min(len(w), len(o)) >= PART_LETTERS and (w.startswith(o) or o.startswith(w)))
            for o in own
        )
        for w in wanted
    )


def _joins_two_of(stem: str, own: frozenset[str]) -> bool:
    """Whether ``stem`` is a compound of two of ``own``: its end one of them (after a linking
    "s", "en" or "e"), its start the start of another ("klimaatpremie" of "premie" and
    "klimaatfonds"), each of ``COMPOUND_PART`` letters or more."""
    for cut in range(COMPOUND_PART, len(stem) - COMPOUND_PART + 1):
        head, start = stem[cut:], stem[:cut]
        if any(len(h) >= COMPOUND_PART and h in own for h in compound_heads(head)) and any(
            word != stem and word.startswith(start) for word in own
        ):
            return True
    return False


def _asks_where(asked: str) -> bool:
    """Whether ``asked`` asks for an address or where an office is."""
    folded = fold(asked)
    return bool(ADDRESS_ASKED.search(folded) or OFFICE_ASKED.search(folded))


def _names_place(text: str, place: str) -> bool:
    """Whether folded ``text`` names ``place`` as a word ("Lier", not "Liersesteenweg")."""
    return re.search(rf"\b{re.escape(fold(place))}\b", text) is not None


def _term_words(asked: str) -> list[str]:
    """The words of a folded question that may name the term it asks about: not places, nor
    words that point ("waarvoor", "daarover")."""
    return [w for w in words(without_places(asked)) if not _POINTING.match(w)]


def _names_the_places(chunk: Chunk, question: str) -> bool:
    """Whether ``chunk`` names each place of the region the question names, as a word
    ("Putte", not "regenwaterputten")."""
    text = fold(chunk.text)
    return all(_names_place(text, place) for place in places_named(question))


def _moved_first(order: list[int], i: int) -> list[int]:
    """``order`` with ``i`` first, the others as they were."""
    return [i, *(j for j in order if j != i)]


def _asked(question: str) -> str:
    """The question in standard Dutch, by its question sentences when it is a long message."""
    asked = standard_dutch(question)
    return asked_part(asked) or asked


def _number_wanted(question: str) -> tuple[NumberAsked, str] | None:
    """How the question asks for a year or a count, and its words that say about what
    (place names and the words that ask, "hoeveel", "nota", left out); None if it does not."""
    asked = _asked(question)
    wanted = number_asked(asked)
    if wanted is None:
        return None
    about = _about_what(asked)
    kind = asked_kind(asked)
    if kind is not None and kind.name == SIGNING_UP:
        # until when one signs up for what: "inschrijven" asks, as "wanneer" does; "Inschrijven
        # kan tot 21 januari" gives no date of a school's enrolment
        about = kind.stated.sub(" ", fold(about))
    return wanted, about


def _about_what(asked: str) -> str:
    """The words of a question for a year or a count that say about what: place names and
    the words that ask ("hoeveel", "nota", "start") left out."""
    return STARTING.sub(" ", HOW_ASKED.sub(" ", without_places(asked)))


LANGUAGE_SAMPLE = 500
"""Passages read, evenly spread, to tell the language of the served text (a start of the
server with 100,000 passages would otherwise read them all)."""


def served_language(chunks: Sequence[Chunk]) -> Language:
    """The language most of the passages are written in."""
    step = max(1, len(chunks) // LANGUAGE_SAMPLE)
    counts = Counter(detect_language(chunk.text) for chunk in chunks[::step])
    return counts.most_common(1)[0][0] if counts else "nl"
