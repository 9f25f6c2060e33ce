"""Which passages an answer quotes (``chatbot.choosing``), on the note's own text."""

from __future__ import annotations

import numpy as np
import pytest

from chatbot.choosing import PassageChooser
from chatbot.scope import ScopeModel
from chatbot.service import Chatbot
from indexer.build import BuildReport
from indexer.settings import Settings
from tests.fakes import HashingEmbedder


@pytest.fixture
def chooser(built: BuildReport, settings: Settings, embedder: HashingEmbedder) -> PassageChooser:
    bot = Chatbot(settings, embedder, ScopeModel(weights=(0.0, 0.0, 0.0), bias=1.0))
    return bot.answerer.chooser


def test_words_most_passages_use_do_not_make_the_subject_of_a_cross_cutting_question(
    chooser: PassageChooser,
) -> None:
    # "regionale" and "regio" stand in most passages of the note, "ontharding" in two
    asked = "Welke aanbevelingen gaan over regionale ontharding in de regio?"
    assert chooser.across_subject(asked) == "ontharding"
    assert chooser.across_subject("Welke aanbevelingen gaan over de regio?") == "regio"
    # how a passage speaks of a subject is framing too
    assert chooser.across_subject("Waar wordt er gesproken over ontharding?") == "ontharding"
    assert chooser.across_subject("Welke delen behandelen ontharding?") == "ontharding"


def test_in_a_list_a_project_ranked_above_its_context_is_quoted_instead(
    chooser: PassageChooser,
) -> None:
    """Where no project of a recommendation has the subject's words, the one the ranking puts
    above its context speaks for it ("het eigen karakter van onze dorpen": "dorpse
    identiteiten" in 5.3, the word "dorpen" only in the context)."""
    chunks = chooser._chunks
    at = {(c.recommendation, c.item, c.section): i for i, c in enumerate(chunks)}
    context, first, second = (
        at[(5, None, "context")],
        at[(5, 3, "doorbraakproject")],
        at[(5, 1, "doorbraakproject")],
    )
    words_only_in_context = np.array([i == context for i in range(len(chunks))])
    other = at[(6, 2, "doorbraakproject")]
    order = [other, first, second, context]
    assert chooser._project_instead(context, order, words_only_in_context) == first
    # ranked below its context, a project without the words does not replace it
    assert (
        chooser._project_instead(context, [other, context, first], words_only_in_context) == context
    )
