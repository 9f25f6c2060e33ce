"""The note's own weights on a passage's fused score: its front matter and its "Context en
uitdagingen" give way to the passages that answer, unless the question is about the note.

The foreword, colophon and contents answer who made the note, when, and what it is about; for
any other question their general words would outrank the recommendation that answers. A
recommendation's context speaks of everything its doorbraakprojecten do, in general words; a
question about one project should get that project first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from chatbot.answer import FRONT_MATTER
from chatbot.evidence import DOCUMENT_WORDS, MADE, MAKING_OF
from chatbot.lexical import LexicalRanker, fold
from chatbot.lexical import stems as stems_in
from chatbot.message import asked_part, asks_what_is_done
from chatbot.places import without_places
from chatbot.retrieval import Scored
from indexer.chunking import Chunk

ABOUT_THE_NOTE = re.compile(
    rf"\b({MADE}|gemaakt|meegewerkt|meegeschreven|igemo|strategio|exello|voorwoord|colofon|"
    r"foreword|preface|avant-propos|colophon|"
    r"legislatuur|bestuursperiode|periode|term|qui a|wie heeft|who|opstellers)\b"
)
"""Words that ask about the note itself: who made it, for which term, its foreword."""
_FRONT_MATTER_ASKED = re.compile(
    rf"{MAKING_OF.pattern}|\b(voortkomt|voortgekomen|samenwerkingsverband|opstellers|"
    r"worked|organisme|period|legislative|legislature|behind|derriere)\b"
)
"""Words that, with the note named, ask how it came about (who made it, with whom, from
what) or for which term: its front matter says."""
_CONTRIBUTED = re.compile(r"\b(meegewerkt|meegeschreven)\b")
"""Words that ask who worked on a text, and so on the note even when it is not named
("hoeveel gemeentelijke medewerkers hebben daar aan meegewerkt?")."""
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


class NoteWeights:
    """What each passage's fused score is multiplied by, per question."""

    def __init__(self, chunks: Sequence[Chunk], lexical: LexicalRanker) -> None:
        self._size = len(chunks)
        self._front_matter = np.array([c.section in FRONT_MATTER for c in chunks])
        self._front_matter_stems = {
            i: frozenset(stems_in(c.text))
            for i, c in enumerate(chunks)
            if c.section in FRONT_MATTER
        }
        self._context = np.array([c.section == "context" for c in chunks])
        self._lexical = lexical

    def weighted(self, scored: Scored, search: str) -> tuple[np.ndarray, np.ndarray]:
        """The fused score after the note's weights for ``search``, with the examples'
        classifier and without it (``Scored.unclassified``; the same array when there is
        none)."""
        context = PROPOSAL_CONTEXT_WEIGHT if asks_what_is_done(search) else CONTEXT_WEIGHT
        # a long message is about the note by what it asks, not by its story ("... voor de
        # volgende legislatuur. Voorziet de nota in regionale steun hiervoor?")
        asked = asked_part(search) or search
        folded = fold(asked)
        if (
            DOCUMENT_WORDS.search(folded) and _FRONT_MATTER_ASKED.search(folded)
        ) or _CONTRIBUTED.search(folded):
            # lifted as much as it is lowered for other questions
            front: np.ndarray | None = np.where(self._front_matter, 1 / FRONT_MATTER_WEIGHT, 1.0)
        elif ABOUT_THE_NOTE.search(folded):
            front = None
        else:
            front = self.front_matter_weight(scored, asked)

        def weighted(base: np.ndarray) -> np.ndarray:
            fused = np.where(self._context, base * context, base)
            return (fused if front is None else fused * front).astype(np.float32)

        with_classifier = weighted(scored.fused)
        if scored.classified is None:
            return with_classifier, with_classifier
        return with_classifier, weighted(scored.unclassified)

    def front_matter_weight(self, scored: Scored, asked: str) -> np.ndarray:
        """Per passage, what its score is multiplied by for a question not about the note
        (``asked``: its question sentences): 1 beyond the front matter. A front-matter
        passage that shares no word of the question (places and the words that name the
        document left out: "Mechelen" stands in the colophon's address, "inspiratienota"
        in the foreword) gets ``FRONT_MATTER_WEIGHT`` twice; one that is closest in meaning
        and first on stems, sharing two words at least (one, "uitzien", can stand anywhere
        by chance), keeps its full weight: it is what the question is about ("zegt de nota
        welke partners bij elk project betrokken moeten worden?": the foreword, which says
        it does not); any other gets it once."""
        subject = DOCUMENT_WORDS.sub(" ", fold(without_places(asked)))
        wanted = set(stems_in(subject))
        closest = int(np.argmax(scored.dense))
        weight = np.ones(self._size, dtype=np.float64)
        for i, own in self._front_matter_stems.items():
            shared = len(wanted & own)
            if shared == 0:
                weight[i] = FRONT_MATTER_WEIGHT * FRONT_MATTER_WEIGHT
            elif not (
                i == closest
                and shared >= 2
                and i == int(np.argmax(self._lexical.stem_scores(subject)))
            ):
                weight[i] = FRONT_MATTER_WEIGHT
        return weight
