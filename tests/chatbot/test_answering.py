from __future__ import annotations

import pytest

from chatbot.answer import LEADS, MAYBE
from chatbot.answering import RELATIVE_CUTOFF
from chatbot.scope import ScopeModel
from chatbot.service import Chatbot
from indexer.build import BuildReport
from indexer.settings import Settings
from tests.fakes import HashingEmbedder

ALWAYS = ScopeModel(weights=(0.0, 0.0, 0.0), bias=1.0)
NEVER = ScopeModel(weights=(0.0, 0.0, 0.0), bias=-1.0)


@pytest.fixture
def bot(built: BuildReport, settings: Settings, embedder: HashingEmbedder) -> Chatbot:
    return Chatbot(settings, embedder, ALWAYS)


def places(
    bot: Chatbot, question: str, history: tuple[str, ...] = ()
) -> list[tuple[int, int | None]]:
    return [(h.chunk.recommendation, h.chunk.item) for h in bot.ask(question, history).hits]


def test_a_recommendation_by_number_gives_its_context_and_doorbraakprojecten(bot: Chatbot) -> None:
    assert places(bot, "aanbeveling 7") == [(7, None), (7, 1), (7, 2), (7, 3)]
    assert places(bot, "Recommendation twelve") == [(12, None), (12, 1), (12, 2), (12, 3)]


def test_an_item_by_number(bot: Chatbot) -> None:
    assert places(bot, "doorbraakproject 3 van aanbeveling 6") == [(6, 3)]
    assert places(bot, "het laatste doorbraakproject van aanbeveling 2") == [(2, 3)]
    assert places(bot, "context van aanbeveling 4") == [(4, None)]


def test_the_list_of_recommendations(bot: Chatbot) -> None:
    (hit,) = bot.ask("Welke aanbevelingen zijn er?").hits
    assert hit.chunk.section == "inhoud"
    assert hit.chunk.text.count("Aanbeveling") == 12


def test_a_reference_with_a_subject_searches_within_that_recommendation(bot: Chatbot) -> None:
    assert {r for r, _ in places(bot, "Wat zegt aanbeveling 9 over noodplanning?")} == {9}
    assert places(bot, "Wat zegt aanbeveling 9 over noodplanning?")[0] == (9, 2)


def test_follow_up_on_an_item_uses_the_previous_subject(bot: Chatbot) -> None:
    history = ("Wat is een onthardingsmakelaar?",)
    assert places(bot, "Wat is een onthardingsmakelaar?")[0] == (6, 3)
    assert places(bot, "en het tweede doorbraakproject?", history) == [(6, 2)]
    assert places(bot, "En doorbraakproject 1?", ("aanbeveling 5",)) == [(5, 1)]


def test_what_else_continues_with_the_next_passages(bot: Chatbot) -> None:
    first = {h.chunk.id for h in bot.ask("regionale samenwerking kerntaken").hits}
    more = {
        h.chunk.id for h in bot.ask("wat nog meer?", ("regionale samenwerking kerntaken",)).hits
    }
    assert more and not first & more


def test_a_new_topic_starts_fresh(bot: Chatbot) -> None:
    history = ("Wat is een onthardingsmakelaar?",)
    assert places(bot, "Wat is de bovenlokale UiT-pas?", history)[0] == (5, 2)


def test_english_and_french_questions_get_their_framing_but_dutch_quotes(bot: Chatbot) -> None:
    english = bot.ask("What does the note say about the onthardingsmakelaar?")
    assert english.language == "en"
    assert english.markdown.startswith(LEADS["en"])
    assert "onthardingsmakelaar" in english.hits[0].chunk.text
    assert bot.ask("Que dit la note sur la UiT-pas ?").markdown.startswith(LEADS["fr"])


def test_out_of_scope_says_so_and_suggests_recommendations(
    built: BuildReport, settings: Settings, embedder: HashingEmbedder
) -> None:
    answer = Chatbot(settings, embedder, NEVER).ask("Wanneer is het containerpark open?")
    assert not answer.in_scope
    assert answer.hits == ()
    assert 1 <= len(answer.suggestions) <= 3
    assert len({s.recommendation for s in answer.suggestions}) == len(answer.suggestions)
    assert all(1 <= s.recommendation <= 12 for s in answer.suggestions)
    assert "zegt hier niets over" in answer.markdown
    assert MAYBE["nl"] in answer.markdown
    data = answer.to_dict()
    assert data["suggestions"][0]["recommendation"] == answer.suggestions[0].recommendation


def test_only_passages_close_to_the_best_are_quoted(bot: Chatbot) -> None:
    answer = bot.ask("onthardingsmakelaar")
    assert 1 <= len(answer.hits) <= 3
    assert all(h.score >= RELATIVE_CUTOFF * answer.hits[0].score for h in answer.hits)
