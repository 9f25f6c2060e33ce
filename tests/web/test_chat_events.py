"""The chat's event handlers without a browser: questions, cards, suggestions, feedback."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr
import pytest

from chatbot.scope import ScopeModel
from chatbot.service import Chatbot
from indexer.settings import Settings
from tests.fakes import HashingEmbedder
from web.chat.events import MAX_MESSAGES, Chat, Message, Turn
from web.questions.backend import Service
from web.records.store import store_for
from web.texts import text

STEMS_DECIDE = ScopeModel(weights=(0.0, 10.0, 0.0), bias=-0.5)
"""In scope when a stem of the question occurs in the note ("zwembad" does not)."""
OUT_OF_SCOPE = "Hoe laat opent het zwembad?"


@pytest.fixture
def settings(web_settings: Settings, tmp_path: Path) -> Settings:
    return web_settings.model_copy(
        update={"feedback_database_url": f"sqlite:///{tmp_path / 'feedback.sqlite3'}"}
    )


@pytest.fixture
def chat(settings: Settings) -> Chat:
    bot = Chatbot(settings, HashingEmbedder(), STEMS_DECIDE)
    service = Service(bot, settings)
    service.warm_up()
    return Chat(service, settings, "embed")


def ask(
    chat: Chat, question: str, history: list[Message], turns: list[Turn], lang: str = "nl"
) -> tuple[list[Message], list[Turn], str]:
    _, shown, pending, starters, _, status, kept = chat.add_question(question, history, turns, lang)
    assert starters["visible"] is False and kept == shown
    if not pending:  # refused before the queue: proceed stops the chain, no answer runs
        with pytest.raises(gr.Error):
            Chat.proceed(pending)
        return shown, turns, status
    Chat.proceed(pending)
    new_history, new_turns, status, kept, left = asyncio.run(
        chat.answer(pending, shown, turns, lang)
    )
    assert kept == new_history  # the server's copy, which the next event reads
    assert left == ""  # the admitted question is used up
    return new_history, new_turns, status


def test_a_question_is_shown_as_typed_and_answered_with_cards(
    chat: Chat, settings: Settings
) -> None:
    history, turns, status = ask(chat, "Wat is een <b>onthardingsmakelaar</b>?", [], [])
    assert status == ""
    question, reply = history
    assert question == {
        "role": "user",
        "content": '<p class="vb-question">Wat is een &lt;b&gt;onthardingsmakelaar&lt;/b&gt;?</p>',
    }
    assert reply["role"] == "assistant" and "options" not in reply
    assert '<article class="vb-card">' in reply["content"]
    assert "Lees de hele aanbeveling 6" in reply["content"]
    (turn,) = turns
    assert turn["message"] == 1 and turn["question"] == "Wat is een <b>onthardingsmakelaar</b>?"
    assert turn["passages"][0][1].startswith("Aanbeveling 6 · ")
    assert turn["index"] == chat.service.manifest().version
    (counted,) = store_for(settings).questions()
    assert (counted.view, counted.recommendations, counted.question) == ("embed", (6,), None)


def test_a_blank_question_only_gets_a_hint(chat: Chat) -> None:
    box, history, pending, starters, _, status, _ = chat.add_question("  \n ", [], [])
    assert pending == "" and isinstance(history, type(gr.skip()))
    assert status == "Typ eerst een vraag over de nota 'Alles Vloeit'."
    assert isinstance(box, type(gr.skip())) and isinstance(starters, type(gr.skip()))
    _, _, status, _, _ = asyncio.run(chat.answer("", [], [], "en"))
    assert status == "Please type a question about the note 'Alles Vloeit' first."


def test_suggestions_are_buttons_until_the_next_question(chat: Chat) -> None:
    history, turns, _ = ask(chat, OUT_OF_SCOPE, [], [])
    reply = history[-1]
    assert "zegt hier niets over" in reply["content"].replace("&#x27;", "'")
    options = reply["options"]
    assert options and all(o["value"].startswith("Aanbeveling ") for o in options)
    assert options[0]["label"].startswith(f"{options[0]['value']}: ")

    chosen = gr.SelectData(None, {"index": 1, "value": {"value": options[0]["value"]}})
    _, shown, pending, _, _, _, _ = chat.add_suggestion(history, turns, "nl", chosen)
    assert pending == options[0]["value"]
    assert "options" not in shown[1], "the buttons went with the next question"
    assert "<li" in shown[1]["content"] and options[0]["label"] in shown[1]["content"]
    history, turns, _, _, _ = asyncio.run(chat.answer(pending, shown, turns, "nl"))
    assert history[-1]["content"].count('<article class="vb-card">') >= 4
    assert turns[-1]["message"] == 3


def test_feedback_is_stored_changed_commented_and_withdrawn(chat: Chat, settings: Settings) -> None:
    history, turns, _ = ask(chat, "Wat is de UiT-pas?", [], [])
    like = gr.LikeData(None, {"index": 1, "value": history[1]["content"], "liked": True})
    turns, rated, form, _, status = chat.rate(turns, "nl", like)
    assert form["visible"] is True and status.startswith("Bedankt! Fijn")
    (stored,) = store_for(settings).feedback()
    assert (stored.id, stored.rating, stored.question) == (rated, "up", "Wat is de UiT-pas?")
    assert stored.passages[0].citation == turns[0]["passages"][0][1]
    assert stored.index_version == turns[0]["index"] and stored.view == "embed"

    dislike = gr.LikeData(None, {"index": 1, "value": "", "liked": False})
    turns, again, _, _, _ = chat.rate(turns, "en", dislike)
    assert again == rated and store_for(settings).feedback()[0].rating == "down"

    assert chat.comment("   ", rated, "nl")[2] == "Typ eerst een opmerking."
    box, form, status = chat.comment("Te kort antwoord", rated, "fr")
    assert (box, form["visible"], status) == (
        "",
        False,
        "Merci, votre commentaire a été enregistré.",
    )
    assert store_for(settings).feedback()[0].comment == "Te kort antwoord"

    withdrawn = gr.LikeData(None, {"index": 1, "value": "", "liked": ""})
    turns, none, _, _, status = chat.rate(turns, "nl", withdrawn)
    assert none is None and turns[0]["feedback"] is None
    assert status == "Uw beoordeling is ingetrokken."
    assert store_for(settings).feedback() == []


def test_refusals_are_polite_and_in_the_interface_language(
    chat: Chat, no_index_settings: Settings
) -> None:
    history, turns, _ = ask(chat, "x" * 5000, [], [], lang="en")
    assert history[-1]["content"] == (
        '<p class="vb-notice">Your question is too long. Please ask one short question at a '
        "time.</p>"
    )
    assert turns == []
    dutch, _, _ = ask(chat, "x" * 5000, [], [])
    assert "Uw vraag is te lang" in dutch[-1]["content"]

    bot = Chatbot(no_index_settings, HashingEmbedder())
    not_ready = Chat(Service(bot, no_index_settings), no_index_settings, "chat")
    history, _, _ = ask(not_ready, "Wat is de UiT-pas?", [], [])
    assert history[-1]["content"] == f'<p class="vb-notice">{text("nl", "not_ready")}</p>'


def test_a_new_conversation_and_the_first_language(chat: Chat) -> None:
    assert chat.clear()[:3] == ([], [], "") and chat.clear()[7] == []
    assert chat.clear()[3]["visible"] is True

    def request(query: dict[str, str], headers: dict[str, str]) -> Any:
        return SimpleNamespace(query_params=query, headers=headers)

    french = request({}, {"accept-language": "fr-BE,fr;q=0.9"})
    assert chat.initial_language("", french) == "fr"
    assert chat.initial_language("en", french) == "en"
    assert chat.initial_language("en", request({"lang": "nl"}, {})) == "nl"
    assert chat.initial_language(None, None) == "nl"


def client(host: str) -> Any:
    """What Gradio passes as the request, as far as the limits look at it."""
    return SimpleNamespace(client=SimpleNamespace(host=host), headers={}, query_params={})


def test_every_other_event_is_limited_per_client(settings: Settings) -> None:
    limited = settings.model_copy(
        update={"event_rate_limit_per_minute": 6.0, "event_rate_limit_burst": 3}
    )
    chat = Chat(
        Service(Chatbot(limited, HashingEmbedder(), STEMS_DECIDE), limited), limited, "chat"
    )
    chat.service.warm_up()
    _, turns, _ = ask(chat, "Wat is de UiT-pas?", [], [])
    like = gr.LikeData(None, {"index": 1, "value": "", "liked": True})
    me, other = client("192.0.2.30"), client("192.0.2.31")
    _, rated, _, _, _ = chat.rate(turns, "nl", like, me)
    assert chat.comment("Goed", rated, "nl", me)[2] == "Bedankt, uw opmerking is bewaard."
    assert chat.initial_language("en", me) == "en"
    # The fourth event in a row from this client does nothing but ask to wait:
    assert chat.comment("Nog eens", rated, "nl", me)[2].startswith("U klikt erg snel")
    assert chat.rate(turns, "en", like, me)[4].startswith("You are clicking very quickly")
    assert all(isinstance(part, type(gr.skip())) for part in chat.clear(me))
    assert isinstance(chat.initial_language("en", me), type(gr.skip()))
    assert store_for(limited).feedback()[0].comment == "Goed"
    assert chat.comment("Ander toestel", rated, "nl", other)[2].startswith("Bedankt")


def test_refused_questions_stop_before_the_queue(settings: Settings) -> None:
    limited = settings.model_copy(update={"rate_limit_per_minute": 6.0, "rate_limit_burst": 1})
    chat = Chat(
        Service(Chatbot(limited, HashingEmbedder(), STEMS_DECIDE), limited), limited, "chat"
    )
    me = client("192.0.2.40")
    _, _, pending, _, _, _, _ = chat.add_question("Wat is de UiT-pas?", [], [], "nl", me)
    assert pending == "Wat is de UiT-pas?"
    Chat.proceed(pending)  # admitted: on to the queue
    _, shown, pending, _, _, _, _ = chat.add_question("En de fietspaden?", [], [], "nl", me)
    assert pending == "" and "U stelt veel vragen kort na elkaar" in shown[-1]["content"]
    with pytest.raises(gr.Error):
        Chat.proceed(pending)  # refused: .success(answer) does not run, nothing is queued


def test_an_admitted_question_is_answered_once_however_often_the_event_is_called(
    chat: Chat,
) -> None:
    """The answer event empties the pending question: calling it again directly (as a
    client of Gradio's API could) answers nothing, so it cannot get around the rate limit."""
    _, shown, pending, _, _, _, _ = chat.add_question("Wat is de UiT-pas?", [], [])
    history, turns, _, _, left = asyncio.run(chat.answer(pending, shown, [], "nl"))
    again = asyncio.run(chat.answer(left, history, turns, "nl"))
    assert left == "" and all(isinstance(part, type(gr.skip())) for part in again[:2])


def test_what_a_conversation_keeps_on_the_server_is_bounded(chat: Chat) -> None:
    """A refused question is kept shortened, and a full conversation takes no more."""
    limit = chat.service.settings.max_question_chars
    _, shown, pending, _, _, _, _ = chat.add_question("x" * (limit * 20), [], [])
    assert pending == "" and len(shown[0]["content"]) < limit * 2
    full = [{"role": "user", "content": "v"}] * MAX_MESSAGES
    _, history, pending, _, _, status, _ = chat.add_question("Wat is de UiT-pas?", full, [])
    assert pending == "" and isinstance(history, type(gr.skip()))
    assert status.startswith("Dit gesprek is vol")
