"""The sentences of a passage that answer a question, so the answer can point at them.

A sentence scores the inverse document frequency of the question's stems it contains (a word
that only this passage has counts most); the best sentence, and any other within half its
score, are the key sentences. Offsets are into the passage's exact text, which is never changed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence

from chatbot.answer import Span
from chatbot.asked import YEAR_STATED, as_weekdays
from chatbot.lexical import fold, starting_with, stems
from indexer.chunking import Chunk

_CLOSING = "\"')\u201d\u2019"
_OPENING = "\"'(\u201c\u2018"
_SENTENCE_END = re.compile(
    rf"[.!?]+[{_CLOSING}]*(?=\s+[A-ZÀ-Ý0-9{_OPENING}]|\s*$)|(?<![,;])\n", re.MULTILINE
)
"""Where a sentence ends: a full stop (or ! ?) before white space and a capital, a digit or an
opening quote, or at the end of a line; not inside "3.000", "o.a. de" or "www.igemo.be", nor
at a line break after a comma ("Locatie: zaal De Kroon,\nStationsstraat 28, 2570 Duffel")."""
YEAR_REACH = 1
"""A sentence that states a year counts the words of this many sentences before and after it
as its own: it may leave what it is the year of to the next one ("... tegen 2050
klimaatneutraal te zijn. Het verlagen van de CO2-uitstoot ...")."""


def reach_of(stated: re.Pattern[str] | None) -> int:
    """How many sentences beside one that matches ``stated`` may name what it states:
    ``YEAR_REACH`` for a year, none for any other fact."""
    return YEAR_REACH if stated is YEAR_STATED else 0


MAX_KEY = 2
"""Key sentences marked in one passage at most."""
SHARE = 0.5
"""Other sentences count when they score at least this share of the best."""
FORMS_FROM = 5
"""A question's stem is read in its other forms from this many letters: a shorter one
reaches other words ("best" would reach "besturen", "park" "parkeren")."""
FORMS_SHARE = 0.2
"""Another form counts when at most this share of the passages have it."""
COMPOUND_PART = 6
"""A compound's tail counts as its word from this many letters: "rapport" marks the
sentence with "adviesrapport", "huisbezoek" the one with "bezoek"; a shorter tail
("water" of "afvalwater", "kind" of "grootkind") says less of which sentence answers."""


def sentence_spans(text: str) -> list[Span]:
    """Where each sentence of ``text`` stands (stripped of surrounding white space)."""
    spans = []
    start = 0
    for match in (*_SENTENCE_END.finditer(text), None):
        end = len(text) if match is None else match.end()
        piece = text[start:end]
        left = start + len(piece) - len(piece.lstrip())
        right = end - (len(piece) - len(piece.rstrip()))
        if right > left:
            spans.append((left, right))
        start = end
        if match is None:
            break
    return spans


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` ("" for none)."""
    spans = sentence_spans(text)
    return text[spans[0][0] : spans[0][1]] if spans else ""


_Scored = tuple[float, Span]
"""A sentence's score for a question, and where it stands."""


class KeySentences:
    """Finds the key sentences of the passages of one index."""

    def __init__(
        self, chunks: Sequence[Chunk], forms: Callable[[str], list[str]] | None = None
    ) -> None:
        """``forms``: a question's stem's other forms in the served text
        (``chatbot.lexical.LexicalRanker.forms``): "coördineren" marks "Een regionale
        energiemanager coördineert ...", whose verb the stemmer leaves another stem."""
        self._forms = forms
        self._sentences: dict[str, list[tuple[Span, frozenset[str]]]] = {}
        self._passages: dict[str, set[str]] = {}
        """The passages each stem stands in."""
        self._headings: dict[str, frozenset[str]] = {}
        """The stems of each staff document section's heading that asks nothing: what each
        of its sentences is about ("Infoavonden" above "Donderdag 13 november 2025 om 19.30
        u - zaal ..."). A question heading's words ask ("Hoeveel kost een begraving?"): they
        would make the entry state the price of anything asked for."""
        self._titled: dict[str, set[str]] = {}
        """The passages each stem stands in the section heading of (``_headings``)."""
        for chunk in chunks:
            found = [
                (span, frozenset(stems(chunk.text[slice(*span)])))
                for span in sentence_spans(chunk.text)
            ]
            self._sentences[chunk.id] = found
            for _, own in found:
                for stem in own:
                    self._passages.setdefault(stem, set()).add(chunk.id)
            if (
                chunk.section == "document"
                and chunk.title != chunk.document_title
                and not chunk.title.rstrip().endswith("?")
            ):
                self._headings[chunk.id] = frozenset(stems(chunk.title))
                for stem in self._headings[chunk.id]:
                    self._titled.setdefault(stem, set()).add(chunk.id)
        total = max(len(chunks), 1)
        self._idf = {stem: math.log(1 + total / len(ids)) for stem, ids in self._passages.items()}
        self._reversed = sorted(stem[::-1] for stem in self._passages)
        """Every stem spelt backwards, to find the compounds a stem is the tail of."""

    def spans(
        self, chunk: Chunk, question: str, stating: re.Pattern[str] | None = None
    ) -> tuple[Span, ...]:
        """The key sentences of ``chunk`` for ``question``, in reading order; none when no
        sentence has a word of the question, nor in the table of contents (its lines are
        the recommendations' titles: a word they share with the question marks no answer).
        A passage of one sentence is marked whole when it answers, as any other is: left
        unmarked, the bold fell only on the padding quoted after it (trial 35).

        ``stating``: what states the kind of fact the question asks for (a year, a count,
        an address; ``chatbot.evidence.Evidence.stating``), matched against a folded
        sentence. The first sentence that states one, of those with most of the question's
        words, is then a key sentence whatever its words: "Hoeveel ambtenaren hebben
        meegewerkt?" is answered by "meer dan 200 gemeentelijke beleidsmedewerkers", which
        shares no word with it, and "Wie is de verantwoordelijke uitgever?" by the line
        "Uitgave: 2023 - VU: IGEMO, ...", not by "Deze folder is een samenvatting.", which
        has its word "folder"."""
        if chunk.section == "inhoud":
            return ()
        wanted = self._with_forms(stems(as_weekdays(fold(question))))
        sentences = self._sentences.get(chunk.id, [])
        if not sentences:
            return ()
        scored = [
            (sum(self._idf.get(s, 0.0) for s in wanted & own), span) for span, own in sentences
        ]
        best = max((score for score, _ in scored), default=0.0)
        stated = (
            []
            if stating is None
            else [p for p in scored if stating.search(fold(chunk.text[slice(*p[1])]))]
        )
        if stated:
            answering = _answering(stated, scored, reach_of(stating))
            others = [p for p in scored if p != answering and p[0] > 0 and p[0] >= SHARE * best]
            chosen = [answering, *sorted(others, key=lambda pair: -pair[0])[: MAX_KEY - 1]]
            return tuple(sorted(span for _, span in chosen))
        if best <= 0:
            return ()
        chosen = sorted(scored, key=lambda pair: -pair[0])[:MAX_KEY]
        return tuple(sorted(span for score, span in chosen if score >= SHARE * best))

    def _with_forms(self, asked: list[str]) -> set[str]:
        """The stems ``asked``, their other forms in the served text, and the compounds
        they make there or are made of (``_compound_parts``)."""
        longer = [stem for stem in asked if len(stem) >= FORMS_FROM and not stem.isdigit()]
        most = FORMS_SHARE * len(self._sentences)
        found = list(self._compound_parts(longer))
        if self._forms is not None:
            found += [form for stem in longer for form in self._forms(stem)]
        # a form most passages have ("regionaal" for "region") says nothing of which
        # sentence answers
        return {*asked, *(form for form in found if len(self._passages.get(form, ())) <= most)}

    def _compound_parts(self, asked: list[str]) -> Iterator[str]:
        """The served stems that end in a stem of ``asked`` ("adviesrapport" for "rapport"),
        and those an asked stem ends in ("bezoek" for "huisbezoek"), of ``COMPOUND_PART``
        letters or more: Dutch writes a compound as one word."""
        for stem in asked:
            if len(stem) >= COMPOUND_PART:
                tail = stem[::-1]
                yield from (c[::-1] for c in starting_with(self._reversed, tail))
            for start in range(1, len(stem) - COMPOUND_PART + 1):
                if stem[start:] in self._passages:
                    yield stem[start:]

    def states_with_own_word(
        self,
        chunk: Chunk,
        question: str,
        stated: re.Pattern[str],
        *,
        own: bool = True,
        reach: int = 0,
        reach_back: int = 0,
    ) -> bool:
        """Whether a sentence of ``chunk`` matches ``stated`` (a year, a number) and has words
        of the question that, together, no other passage has (not a number: "tegen 2040"
        would find itself): that sentence is where the served text states what is asked
        about its own subject ("klimaatneutraal ... tegen 2050"; "meer dan 200 gemeentelijke
        beleidsmedewerkers", where the colophon names beleidsmedewerkers too). Without
        ``own``, any word of the question will do (an address beside the name of whose
        address it is). ``reach``: the words of this many sentences before and after it
        count as its own (the sentence beside a year's may name what it is the year of).
        ``reach_back``: so do those of this many sentences before it, when it has a word of
        the question itself (what "De eerste zitting is op 15 mei" is the first sitting of,
        the sentence before says). In a
        section of a staff document, the words of its heading (not a question) are every
        sentence's own: the heading says what its lines are about (a page's "Infoavonden"
        above "Donderdag 13 november 2025 om 19.30 u - zaal ...", trial 63)."""
        wanted = _subject_stems(question)
        sentences = self._sentences.get(chunk.id, [])
        heading = self._headings.get(chunk.id, frozenset())
        for n, (span, _) in enumerate(sentences):
            if not stated.search(fold(chunk.text[slice(*span)])):
                continue
            back = reach_back if wanted & sentences[n][1] else 0
            near = sentences[max(n - max(reach, back), 0) : n + reach + 1]
            shared = wanted & heading.union(*(own_stems for _, own_stems in near))
            if shared and (not own or self._only_in(chunk.id, shared, headings=True)):
                return True
        return False

    def counts_its_own_subject(self, chunk: Chunk, question: str, counted: re.Pattern[str]) -> bool:
        """Whether a sentence of ``chunk`` counts a thing the question names (``counted``'s
        group ``counted``: the words after a count, "80 procent korting", "6 veerponten") and has
        words of the question that, together, no other passage has: it states the count that
        is asked for, not a house number or a date."""
        wanted = _subject_stems(question)
        return any(
            self._only_in(chunk.id, shared)
            and any(wanted & set(stems(found.group("counted"))) for found in counted.finditer(text))
            for text, shared in self._sentences_sharing(chunk, wanted)
        )

    def _sentences_sharing(self, chunk: Chunk, wanted: set[str]) -> Iterator[tuple[str, set[str]]]:
        """The sentences of ``chunk`` (folded) that have stems of ``wanted``, with those stems."""
        for span, own in self._sentences.get(chunk.id, []):
            if shared := wanted & own:
                yield fold(chunk.text[slice(*span)]), shared

    def _only_in(self, chunk_id: str, wanted: set[str], *, headings: bool = False) -> bool:
        """Whether ``chunk_id`` is the one passage that has all of the stems ``wanted`` in its
        text, or with ``headings`` in its text or its section's heading (``_headings``)."""
        holding = set.intersection(*(self._holding(stem, headings=headings) for stem in wanted))
        return holding == {chunk_id}

    def _holding(self, stem: str, *, headings: bool) -> set[str]:
        passages = self._passages.get(stem, set())
        return passages | self._titled.get(stem, set()) if headings else passages


def _subject_stems(question: str) -> set[str]:
    """The question's stems but numbers: "tegen 2040" would find itself."""
    return {stem for stem in stems(question) if not stem.isdigit()}


def _answering(stated: list[_Scored], scored: list[_Scored], reach: int = 0) -> _Scored:
    """Of the sentences that state the fact, the one that answers: the first of those with
    most of the question's words; when none has any, the first with most in a sentence
    within ``reach`` of it (a year's sentence whose next one names what it is the year of);
    else (hours listed day by day) the first whose line above, the nearest that states
    nothing, has most of them ("Lier, Kolveniersvest 5" above Lier's hours); else the
    first."""
    best = max(stated, key=lambda pair: pair[0])  # max keeps the first of equals
    if best[0] > 0:
        return best
    if reach:
        position = {span: n for n, (_, span) in enumerate(scored)}

        def beside(pair: _Scored) -> float:
            n = position[pair[1]]
            return max(score for score, _ in scored[max(n - reach, 0) : n + reach + 1])

        near = max(stated, key=beside)
        if beside(near) > 0:
            return near
    stating = {span for _, span in stated}
    above: dict[Span, float] = {}
    line_above = 0.0
    for score, span in scored:
        if span in stating:
            above[span] = line_above
        else:
            line_above = score
    under = max(stated, key=lambda pair: above[pair[1]])
    return under if above[under[1]] > 0 else best
