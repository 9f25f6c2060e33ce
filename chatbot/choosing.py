"""Which passages an answer quotes, once they are ranked: the best ones, the best of each
recommendation a question names, or every recommendation that addresses a subject asked
about across the note (``chatbot.across``), each with its best passage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import takewhile

import numpy as np

from chatbot.across import FRAMING, Across, asks_if_mentioned
from chatbot.answer import FRONT_MATTER, in_a_recommendation
from chatbot.dialect import standard_dutch
from chatbot.language import detect_language
from chatbot.lexical import LexicalRanker, Thesaurus, fold, stems, words
from chatbot.message import A_TOKEN, POINTING_BACK, asked_part, asked_sentences
from chatbot.places import names_a_place, without_places
from indexer.chunking import Chunk

RELATIVE_CUTOFF = 0.75
"""Passages beyond the first are shown when their score without the examples' classifier
(``Scored.unclassified``) is within this share of the best (chosen on the dev sets:
questions needing several recommendations got all of them quoted 41 % of the time at 0.85,
56 % at 0.75, with 1.7 passages shown on average)."""
OTHER_CUTOFF = 0.65
"""A question that joins several subjects ("sport en cultuur") gets another recommendation's
best passage second when it scores within this share of the best (chosen on the dev sets
from 0.75, 0.7 and 0.65: R@1 rose on seven sets and fell on none, most on those with
questions across the note, dev_s8check 0.309 -> 0.364)."""
OTHER_FUSED_CUTOFF = 0.7
"""A passage of another recommendation (or document) than the first's is quoted too only
when it also scores within this share of the best by the fused score, the examples'
classifier included: near by the passages' words and meaning alone, it is padding unless
the example questions of its own kind place it near as well (a question that joins several
subjects still gets another recommendation's best passage second: ``OTHER_CUTOFF``). Chosen
on the development sets (session 40) from 0.65, 0.7 and 0.75: extra recommendations per
answer 0.903 -> 0.885, 0.854 and 0.826 (mean over the sets), no question found first or list
lost at 0.65 and 0.7; at 0.75 one list and one question lost."""
ACROSS_CUTOFF = 0.35
"""A recommendation belongs in a cross-cutting answer when its best passage scores within this
share of the best one and the passage has the subject's words (chosen on the dev sets: 0.4
until session 7; 0.35 completes a few more lists, dev_nov29_evening 0.833 -> 0.889, and 0.3
gave the same lists as 0.35)."""
LONG_LIST = 6
"""A list across the note that quotes this many passages takes another only when it scores
within ``LONG_LIST_CUTOFF`` of the best: the seventh and later recommendations of a list are
seldom about its subject (on the development sets' lists, 3 of the 177 passages at the
seventh place or later that scored below half the best were of a recommendation the question
needed)."""
LONG_LIST_CUTOFF = 0.5
"""See ``LONG_LIST``. Chosen on the development sets (session 34) from the fifth, sixth and
seventh place on: extra recommendations per answer down on every set with lists (by 8 to
25 % from the fifth place, 3 to 14 % from the seventh) for 3, 2 and 1 complete lists lost
of the about 600 questions that need several recommendations; no other question or
conversation turn moved. A passage with a compound of a kind asked ("subsidiemanager" for
"managers") still joins past it (session 56: 3 more of 588 development lists complete, none
longer otherwise)."""
GRAM_SHARE = 0.3
"""A passage has a cross-cutting question's subject by its letters when its n-gram score is
above this share of the best passage's (inflections, compounds: "ontharden", "onthardings-")."""
GRAM_JOIN_CUTOFF = 0.4
"""A recommendation whose best passage has the subject only by its letters, not by a stem,
joins a cross-cutting answer when that passage scores within this share of the best (not
``ACROSS_CUTOFF``): "wateroverlast" shares letters with every passage that says "water".
Chosen on the development sets (session 29) from 0.4, 0.5 and 0.6 as the largest that
completed as many lists as before: extra recommendations per answer 1.26 -> 1.21 (0.5: 1.10,
0.6: 0.99), lists complete 0.835 -> 0.834 (0.5: 0.826, 0.6: 0.806)."""
RELATED_JOIN_CUTOFF = 0.7
"""A recommendation whose best passage has no word of a cross-cutting question's subject but
one of the subject's thesaurus group (``_related``: "profielen" for the note's
"energiemanager") joins the answer when that passage scores within this share of the
best. Chosen on the development sets (session 44) from 0.4, 0.5, 0.6, 0.7, 0.75 and 0.8, with
"klimaatneutraal" in the climate group too (then left out): of 455 lists, 367 complete
before, then 393, 390, 383, 382, 378 and 377, with 1.56 extra recommendations per list
before, then 1.81, 1.77, 1.67, 1.59, 1.58 and 1.57. Below 0.7 about one passage in ten that
it adds completes a list. As kept (at 0.7, without the members most passages have:
``_related``): 379 lists complete, 1.58 extra."""
STEM_JOIN_SHARE = 0.5
"""A passage joins a cross-cutting answer on the subject's stems alone when they score above
this share of the best passage's ("financiën van de gemeenten": the passages that only say
"gemeenten" need ``GRAM_JOIN_CUTOFF``). Chosen on the development sets (session 29) from 0.3
and 0.5, with ``GRAM_JOIN_CUTOFF`` 0.4: extra recommendations per answer 1.21 -> 1.20 and
1.18, lists complete unchanged (0.834)."""
KEYWORDS = 4
"""At most this many words, and no more, make a message of keywords ("zonneparken windmolens
waar"): answered where one passage states each of its subject's words (two at least)."""
TOPIC_WORDS = 8
"""At most this many words of its own, in its question sentences, make the subject of a
*topic* question (``chatbot.across``) one to list across the note; a longer one is a story
or a precise question, answered with its best passages. Chosen on the dev sets: 4 listed
0.567 of dev_s7check's cross-cutting questions completely, 6 0.733, 8 and 12 0.767, with
the same figures elsewhere but for one question at R@3."""
SPECIFIC_SHARE = 0.15
"""A word of a cross-cutting question's subject that more passages than this share use (such
as "regio", "regionale") does not make a recommendation part of the answer on its own."""
MAIN_PASSAGES = 2
"""A list for a *topic* question ("wat zegt de nota over de financiën van gemeenten?") is
followed by the rest of its first recommendation when at least this many of that
recommendation's passages outrank every other recommendation's best: the subject is that
recommendation's own, and a reader asks for all it says, not one of its passages."""
MIN_TITLE_WORD = 4
"""A subject's word names a recommendation's title from this many letters on: shorter ones
("zorg", "data" stay in; "en", "ict" do not) start too many unrelated words."""
_PART_NUMBER = re.compile(r"^\d{1,2}$")
"""A number of one or two digits: it names a recommendation or a project, not a subject."""


class PassageChooser:
    """Chooses the passages to quote from a ranking over one index's passages."""

    def __init__(
        self,
        chunks: Sequence[Chunk],
        lexical: LexicalRanker,
        top_k: int,
        thesaurus: Thesaurus | None = None,
    ) -> None:
        self._chunks = chunks
        self._lexical = lexical
        self._thesaurus = thesaurus or Thesaurus([])
        """The retrieval's word groups: a list across the note takes in their words too."""
        self.top_k = top_k
        """At most this many passages are quoted, but for a list across the note."""
        self._front_matter = np.array([c.section in FRONT_MATTER for c in chunks])
        self._titles = {
            (c.document, c.recommendation): _named_in(c.title)
            for c in chunks
            if in_a_recommendation(c)
        }
        """The words and stems that name each recommendation's subject in its title."""

    def best(
        self,
        order: list[int],
        plain: np.ndarray,
        fused: np.ndarray,
        *,
        several: bool,
        only_staff: bool = False,
    ) -> list[int]:
        """The first passage and those after it within ``RELATIVE_CUTOFF`` of the best, at
        most ``top_k``, by ``plain`` (the score without the examples' classifier); one of
        another recommendation also within ``OTHER_FUSED_CUTOFF`` by ``fused``. When the
        question joins several subjects, another recommendation's passage comes second: one
        already chosen, else the best that scores within ``OTHER_CUTOFF``; the first one's own
        other passages would crowd it out. ``only_staff``: no passage of the note is quoted
        (the first one is a staff document's answer to a practical question)."""
        best = float(plain[order].max())
        best_fused = float(fused[order].max())
        first = self._place(order[0])
        within = [
            i
            for i in order[1:]
            if plain[i] >= RELATIVE_CUTOFF * best
            and (self._place(i) == first or fused[i] >= OTHER_FUSED_CUTOFF * best_fused)
        ]
        chosen = [order[0], *within][: self.top_k]
        if only_staff:
            return [i for i in chosen if self._chunks[i].section == "document"]
        if not several:
            return chosen
        near = takewhile(lambda i: i == order[0] or plain[i] >= OTHER_CUTOFF * best, order)
        other = next(
            (i for i in near if self._place(i) != first and not self._front_matter[i]), None
        )
        if other not in chosen:
            # another recommendation quoted already, further down, comes second instead
            other = next((i for i in chosen[1:] if self._place(i) != first), other)
        if other is None:
            return chosen
        if other in chosen:
            chosen.remove(other)
        return [chosen[0], other, *chosen[1:]][: self.top_k]

    def best_of_each(self, order: list[int], named: tuple[int, ...]) -> list[int]:
        """The best passage of each recommendation a question names, in the order named
        ("wat is het verschil tussen aanbeveling 10 en 11?")."""
        best: dict[int, int] = {}
        for i in order:
            best.setdefault(self._chunks[i].recommendation, i)
        return [best[n] for n in named if n in best]

    def context_of_each(self, order: list[int], named: tuple[int, ...]) -> list[int]:
        """The "Context en uitdagingen" of each recommendation a question compares, in the
        order named ("wat is het verschil tussen aanbeveling 10 en 11?"): what each is about,
        not the one project of each that ranks best; the best passage of one without."""
        contexts: dict[tuple[str, int], int] = {}
        for i in order:
            if self._chunks[i].section == "context":
                contexts.setdefault(self._place(i), i)
        return [contexts.get(self._place(i), i) for i in self.best_of_each(order, named)]

    def context_first(self, chosen: list[int], order: list[int]) -> list[int]:
        """``chosen`` with the "Context en uitdagingen" of the first passage's recommendation
        first, when that passage is one of its projects: for a question that asks why, the
        context says why the recommendation is needed, its projects what is done. The
        foreword is the note's own context: first before the colophon or the contents ("Waarom
        is deze inspiratienota gemaakt?"). It is taken from ``order`` when it was not chosen,
        but only into an answer from that one recommendation (or the front matter): the other
        recommendations of an answer keep their places."""
        if not chosen:
            return chosen
        first = self._chunks[chosen[0]]
        about_the_note = first.section in FRONT_MATTER and first.section != "voorwoord"
        if first.item is None and not about_the_note:
            return chosen
        place = self._place(chosen[0])
        why = "voorwoord" if about_the_note else "context"
        context = next(
            (i for i in order if self._chunks[i].section == why and self._place(i) == place),
            None,
        )
        alone = all(self._place(i) == place for i in chosen)
        if context is None or (context not in chosen and not alone):
            return chosen
        return [context, *(i for i in chosen if i != context)]

    def _place(self, i: int) -> tuple[str, int]:
        """The document and recommendation a passage stands in."""
        return self._chunks[i].document, self._chunks[i].recommendation

    def listed_across(self, order: list[int], fused: np.ndarray, search: str) -> list[int]:
        """The best passage of every recommendation (or document) that has the subject's words
        and scores near the best: within ``ACROSS_CUTOFF`` of it when the subject's stems
        score above ``STEM_JOIN_SHARE`` of their best there, within ``GRAM_JOIN_CUTOFF`` when
        it has the subject only by fewer stems or by its letters, within
        ``RELATED_JOIN_CUTOFF`` when only by a word of the subject's thesaurus group; each
        recommendation where its best passage ranks (``_by_best_passage``). Past
        ``LONG_LIST``, only passages within ``LONG_LIST_CUTOFF`` join, and those that name
        one of the kind asked (``_of_the_kind_asked``)."""
        best = float(fused[order[0]])
        subject = self.asked_subject(search)
        stems = self._lexical.stem_scores(subject)
        grams = self._lexical.ngram_scores(subject)
        lexical = (stems > 0) | (grams > GRAM_SHARE * max(float(grams.max()), 1e-9))
        # a passage that only shares letters with the subject ("water" for "wateroverlast"),
        # or only its least telling word, must also be close in meaning to join
        joins = (stems > STEM_JOIN_SHARE * float(stems.max())) | (
            lexical & (fused >= GRAM_JOIN_CUTOFF * best)
        )
        # one about something near the subject must be closer still
        joins |= self._related(subject) & (fused >= RELATED_JOIN_CUTOFF * best)
        if detect_language(search) != "nl" and not (stems > 0).any():
            # the subject's English or French words stand in none of the Dutch passages: a
            # recommendation as close as a passage worth quoting joins on that alone
            close = fused >= RELATIVE_CUTOFF * best
            lexical |= close
            joins |= close
        of_the_kind = self._of_the_kind_asked(subject)
        chosen: list[int] = []
        seen: set[tuple[str, int]] = set()
        for i in order:
            chunk = self._chunks[i]
            place = (chunk.document, chunk.recommendation)
            if place in seen or (chunk.section in FRONT_MATTER and i != order[0]):
                continue
            if fused[i] < ACROSS_CUTOFF * best:
                break
            past_the_list = len(chosen) >= LONG_LIST and fused[i] < LONG_LIST_CUTOFF * best
            if past_the_list and not of_the_kind[i]:
                continue
            if i == order[0] or joins[i]:
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
        return self._by_best_passage(chosen, order)

    def _of_the_kind_asked(self, subject: str) -> np.ndarray:
        """The passages with a compound ending in a word of the subject that the note only
        has in compounds: each names one of the kind asked ("subsidiemanager",
        "energiemanager" for "managers"), so it is no passage that only shares a word."""
        found = np.zeros(len(self._chunks), dtype=bool)
        for stem in dict.fromkeys(stems(subject)):
            for compound in self._lexical.compounds(stem):
                found[self._lexical.passages_with_stem(compound)] = True
        return found

    def projects_listed(self, listed: list[int], order: list[int], fused: np.ndarray) -> list[int]:
        """``listed`` (a list across the note) for a question that asks for projects
        ("welke doorbraakprojecten zijn er rond klimaat?"): each recommendation quoted with
        its best doorbraakproject rather than its context. The list quoted 9.1 with the
        contexts of 8 and 6 (trial 46, C3.1)."""
        return list(dict.fromkeys(self._best_project(i, order, fused) for i in listed))

    def with_titled_recommendation(
        self, listed: list[int], order: list[int], search: str, *, projects: bool = False
    ) -> list[int] | None:
        """``listed`` (a list across the note for a topic, or of projects) followed by every
        other passage of the recommendation whose title names the subject, in the ranking's
        order; None when no title does. Such a recommendation is about the subject as a
        whole: "projecten rond talent?" quoted 3.1 and 3.2 but not 3.3 of "Pool het talent in
        Rivierenland", and "wat staat er over jeugd?" 12's context, 12.3 and 12.2 but not
        12.1 (trial 48, A44 and A41). They come after the list, as in
        ``with_main_recommendation``: leading with them pushed the other recommendations a
        list needs down (16 development questions). With ``projects``, only its
        doorbraakprojecten. None too when it adds nothing to the list."""
        titled = self._titled_by(self.asked_subject(search))
        if not titled:
            return None
        own = (
            i
            for i in order
            if self._place(i) in titled and (not projects or self._chunks[i].item is not None)
        )
        followed = list(dict.fromkeys([*listed, *own]))
        return followed if len(followed) > len(listed) else None

    def _titled_by(self, subject: str) -> set[tuple[str, int]]:
        """The recommendations whose title has a word of ``subject`` that no other
        recommendation's title has, as a word or the start of one, or by its stem
        ("energie" in "energiezuinige", "talenten" in "talent", "bereikbaarheid" in
        "bereikbare"); words most passages have ("regio") name none, nor do words several
        titles start with ("region": "regionale" and "regionaal")."""
        titled: set[tuple[str, int]] = set()
        for word in words(subject):
            if len(word) < MIN_TITLE_WORD:
                continue
            forms = [word, *(s for s in stems(word) if len(s) >= MIN_TITLE_WORD)]
            named = [
                place
                for place, title in self._titles.items()
                if any(t.startswith(f) for f in forms for t in title)
            ]
            if len(named) == 1 and _share(self._lexical.stem_scores(word)) <= SPECIFIC_SHARE:
                titled.add(named[0])
        return titled

    def _best_project(self, i: int, order: list[int], fused: np.ndarray) -> int:
        """The best-ranked doorbraakproject of a context's recommendation when it scores at
        least ``RELATIVE_CUTOFF`` of the context, or ``i``: a project far below ("regionale
        superbeleving met 12 gezichten" for "projecten rond fietsen?") says less of the
        subject than the context that names it."""
        chunk = self._chunks[i]
        if chunk.section != "context":
            return i
        project = next((j for j in order if self._a_project_of(j, chunk)), None)
        if project is None or fused[project] < RELATIVE_CUTOFF * fused[i]:
            return i
        return project

    def with_main_recommendation(
        self, listed: list[int], order: list[int], fused: np.ndarray, *, projects: bool = False
    ) -> list[int]:
        """``listed`` (a list across the note for a topic question) followed by the other
        passages of its first recommendation that outrank the best passage of every other
        recommendation or staff document, when at least ``MAIN_PASSAGES`` do: "wat zegt de
        nota over de financiën van gemeenten?" lists recommendation 2 with its best project
        among the others that speak of money, and then the rest of recommendation 2, which
        is all about it. They come after the list, so every recommendation that speaks of
        the subject keeps its place near the top. With ``projects``, only doorbraakprojecten
        are compared and follow."""
        if not listed:
            return listed
        if not in_a_recommendation(self._chunks[listed[0]]):
            return listed
        place = self._place(listed[0])
        ranked = [i for i in order if not projects or self._chunks[i].item is not None]
        above = max(
            (
                float(fused[i])
                for i in ranked
                if self._place(i) != place and not self._front_matter[i]
            ),
            default=-1.0,
        )
        own = [i for i in ranked if self._place(i) == place and fused[i] > above]
        if len(own) < MAIN_PASSAGES:
            return listed
        return [*listed, *(i for i in own if i not in listed)]

    def _related(self, subject: str) -> np.ndarray:
        """The passages with a member of the subject's thesaurus group ("profielen" for the
        note's "energiemanager"), all its words where it has several; a member that more than
        ``SPECIFIC_SHARE`` of the passages have ("werk", "sociaal") does not count."""
        related = np.zeros(len(self._chunks), dtype=bool)
        for member in self._thesaurus.expand(subject):
            if parts := words(member):
                has = np.logical_and.reduce([self._lexical.stem_scores(w) > 0 for w in parts])
                if _share(has) <= SPECIFIC_SHARE:
                    related |= has
        return related

    def _by_best_passage(self, chosen: list[int], order: list[int]) -> list[int]:
        """``chosen`` with each recommendation at the rank of its best passage, also when a
        passage of it further down is the one quoted: "nieuwe regionale functies, zoals
        managers, makelaars of coaches?" ranks 2.1 (without the subject's words) fourth, and
        2.3, its "subsidiemanager", came eighth, after passages that only share letters with
        the subject. Which recommendations a list has does not change, only their order
        (the order among one recommendation's passages is kept)."""
        ranks: dict[tuple[str, int], int] = {}
        for rank, i in enumerate(order):
            ranks.setdefault(self._place(i), rank)
        return sorted(chosen, key=lambda i: ranks[self._place(i)])

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

    def stated_where_asked(self, search: str, across: Across | None) -> bool:
        """Whether the passages state the subject of a question whose framing says it is in
        the note ("waar komt ontharding terug?": any of its words) or that asks whether it
        is ("wordt cybersecurity vermeld?": all of them, in one passage). Such a question is
        answered there, whatever the scope model makes of its framing."""
        if across == "where":
            return self._subject_stated(search)
        keywords = 0 < len(A_TOKEN.findall(search)) <= KEYWORDS
        # "windmolens zonneparken": words typed as into a search box, all of them in one
        # passage, are what it says; so is one word alone that names a subject ("en da
        # water?") and that few passages have ("regio?" is in most)
        at_least = 1 if self._one_word_alone(search) else 2
        if keywords and self._subject_stated(search, every=True, at_least=at_least):
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
        lexical = self._lexical
        if every:
            parts = words(subject)
            if not at_least <= len(parts) <= TOPIC_WORDS:
                return False
            stated = np.logical_and.reduce([lexical.stem_scores(w) > 0 for w in parts])
        else:
            stated = lexical.stem_scores(subject) > 0
        return bool((stated & ~self._front_matter).any())

    def _one_word_alone(self, search: str) -> bool:
        """Whether ``search`` is one word with no more than an article or "en" beside it
        (``_ALONE_WITH``: "en da water?", "energie?"; place names left out; not "wa gaat da
        kosten?" or "ik woon in"), that names a subject in the thesaurus (not "goed?",
        "zeker?", "later?") and that at most ``SPECIFIC_SHARE`` of the passages have."""
        typed = A_TOKEN.findall(fold(standard_dutch(without_places(search))))
        subject = [w for w in typed if w not in _ALONE_WITH]
        return (
            len(subject) == 1
            and self._thesaurus.touches(subject[0])
            and _share(self._lexical.stem_scores(subject[0])) <= SPECIFIC_SHARE
        )

    def across_subject(self, search: str) -> str:
        """The words of a cross-cutting question that say what it is about: not its framing
        ("welke aanbevelingen"), nor words most passages use ("regio", "regionale"),
        unless it has no other."""
        asked = [w for w in words(search) if w not in FRAMING and not _PART_NUMBER.match(w)]
        lexical = self._lexical
        specific = [w for w in asked if _share(lexical.stem_scores(w)) <= SPECIFIC_SHARE]
        return " ".join(specific or asked)

    def a_topic(self, search: str) -> bool:
        """The subject of "wat zegt de nota over ...?" is a topic (at most ``TOPIC_WORDS``
        words of its own), not a story or a precise question; nor is "daarover" after a
        story ("... alles is zo versnipperd. Wa zegt die nota daarover?")."""
        subject = self._subject_of_question(search)
        return 0 < len(subject) <= TOPIC_WORDS and not set(subject) <= POINTING_BACK

    def asked_subject(self, search: str) -> str:
        """The subject of a cross-cutting question as the question sentences of a long message
        (``asked_part``) say it, not the story told before them ("ik woon aan de Nete" would
        add the words of water to a list about schools); the whole message's when it is
        short, or its question sentences only point back ("... staat daar iets over in?")."""
        if asked_part(search):
            subject = self._subject_of_question(search)
            if subject and not set(subject) <= POINTING_BACK:
                return " ".join(subject)
        return self.across_subject(without_places(search))

    def _subject_of_question(self, search: str) -> list[str]:
        """The subject's words in the message's question sentences (``asked_sentences``)."""
        asked = " ".join(asked_sentences(search))
        return self.across_subject(without_places(asked)).split()


def _named_in(title: str) -> frozenset[str]:
    """The words of a recommendation's title and their stems, but its opening verb ("Maak",
    "Pool", "Werk samen ..."): a subject's word names the title by these."""
    named = words(title)
    named = named[1:] if len(named) > 2 else named
    return frozenset([*named, *stems(" ".join(named))])


_ALONE_WITH = frozenset((
    "en", "de", "het", "dat", "die", "den", "t", "of", "and", "or", "the", "et", "ou", "le",
    "la", "les", "l",
))  # fmt: skip
"""The words beside which one word is still a word alone ("en dat water?", after Flemish
"da" is written out)."""


def _share(scores: np.ndarray) -> float:
    """The share of passages a word stands in (by its nonzero scores)."""
    return float(np.count_nonzero(scores)) / max(len(scores), 1)
