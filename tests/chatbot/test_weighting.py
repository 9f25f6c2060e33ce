"""The note's own weights on a passage's score (``chatbot.weighting``)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from chatbot.scope import ScopeModel
from chatbot.service import Chatbot
from chatbot.weighting import FRONT_MATTER_WEIGHT, NoteWeights
from indexer.build import BuildReport
from indexer.settings import Settings
from tests.fakes import HashingEmbedder


def test_front_matter_comes_first_only_by_its_own_words(
    built: BuildReport, settings: Settings, embedder: HashingEmbedder
) -> None:
    bot = Chatbot(settings, embedder, ScopeModel(weights=(0.0, 0.0, 0.0), bias=1.0))
    # best in meaning and in words: the foreword says the note leaves this to politicians
    asked = "Zegt de inspiratienota welke stakeholders bij welke doorbraak betrokken worden?"
    assert bot.ask(asked).hits[0].chunk.section == "voorwoord"
    retriever = bot.answerer.retriever
    chunks = retriever.index.chunks
    weights = NoteWeights(chunks, retriever.lexical)
    foreword = next(i for i, c in enumerate(chunks) if c.section == "voorwoord")

    def kept(question: str) -> bool:
        """Whether the foreword, made the closest in meaning, keeps its full weight."""
        scored = retriever.score(question)
        dense = np.zeros_like(scored.dense)
        dense[foreword] = 1.0
        return bool(
            weights.front_matter_weight(replace(scored, dense=dense), question)[foreword] == 1
        )

    def lowered_twice(question: str, i: int) -> bool:
        weight = weights.front_matter_weight(retriever.score(question), question)
        return bool(weight[i] == FRONT_MATTER_WEIGHT * FRONT_MATTER_WEIGHT)

    assert kept(asked)
    # "inspiratienota" is a word of the foreword, but not what is asked
    assert not kept("Wat betekent SRDP in de inspiratienota?")
    # one shared word can be chance
    assert not kept("Welke stakeholders zijn er?")
    # front matter without a word of the question is lowered twice: "Mechelen" in the
    # colophon's address says where, not what
    colophon = next(i for i, c in enumerate(chunks) if c.section == "colofon")
    assert lowered_twice("Wat doen ze aan de files rond Mechelen?", colophon)
    assert not lowered_twice("Waar is IGEMO gevestigd?", colophon)
