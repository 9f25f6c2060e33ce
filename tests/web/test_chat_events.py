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
from web.chat import events
from web.chat.conversation import Conversation
from web.chat.events import MAX_MESSAGES, Chat
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
    chat: Chat, question: str, conversation: Conversation | None = None, lang: str = "nl"
) -> tuple[Conversation, str]:
    conversation = Conversation() if conversation is None else conversation
    _, shown, admitted, starters, _, status = chat.add_question(question, conversation, lang)
    assert starters["visible"] is False and shown == conversation.messages
    if not admitted:  # refused before the queue: proceed stops the chain, no answer runs
        with pytest.raises(gr.Error):
            Chat.proceed(admitted)
        return conversation, status
    Chat.proceed(admitted)
    shown, status = asyncio.run(chat.answer(conversation, lang))
    assert shown == conversation.messages  # the server's copy, which the next event reads
    assert conversation.pending == ""  # the admitted question is used up
    return conversation, status


def test_a_question_is_shown_as_typed_and_answered_with_cards(
    chat: Chat, settings: Settings
) -> None:
    conversation, status = ask(chat, "Wat is een <b>onthardingsmakelaar</b>?")
    assert status == ""
    question, reply = conversation.messages
    assert question == {
        "role": "user",
        "content": '<p class="vb-question">Wat is een &lt;b&gt;onthardingsmakelaar&lt;/b&gt;?</p>',
    }
    assert reply["role"] == "assistant" and "options" not in reply
    assert '<article class="vb-card">' in reply["content"]
    assert "Lees de hele aanbeveling 6" in reply["content"]
    (turn,) = conversation.turns
    assert turn["message"] == 1 and turn["question"] == "Wat is een <b>onthardingsmakelaar</b>?"
    assert turn["passages"][0][1].startswith("Aanbeveling 6 · ")
    assert turn["index"] == chat.service.manifest().version
    (counted,) = store_for(settings).questions()
    assert (counted.view, counted.recommendations, counted.question) == ("embed", (6,), None)


def test_a_blank_question_only_gets_a_hint(chat: Chat) -> None:
    conversation = Conversation()
    box, history, pending, starters, _, status = chat.add_question("  \n ", conversation)
    assert pending == "" and isinstance(history, type(gr.skip()))
    assert status == "Typ eerst een vraag over de nota 'Alles Vloeit'."
    assert isinstance(box, type(gr.skip())) and isinstance(starters, type(gr.skip()))
    shown, status = asyncio.run(chat.answer(conversation, "en"))
    assert isinstance(shown, type(gr.skip())) and status == ""
    assert conversation.messages == []


def test_suggestions_are_buttons_until_the_next_question(chat: Chat) -> None:
    conversation, _ = ask(chat, OUT_OF_SCOPE)
    reply = conversation.messages[-1]
    assert "zegt hier niets over" in reply["content"].replace("&#x27;", "'")
    options = reply["options"]
    assert options and all(o["value"].startswith("Aanbeveling ") for o in options)
    assert options[0]["label"].startswith(f"{options[0]['value']}: ")

    chosen = gr.SelectData(None, {"index": 1, "value": {"value": options[0]["value"]}})
    _, shown, pending, _, _, _ = chat.add_suggestion(conversation, "nl", chosen)
    assert pending == options[0]["value"]
    assert "options" not in shown[1], "the buttons went with the next question"
    assert "<li" in shown[1]["content"] and options[0]["label"] in shown[1]["content"]
    asyncio.run(chat.answer(conversation, "nl"))
    assert conversation.messages[-1]["content"].count('<article class="vb-card">') >= 4
    assert conversation.turns[-1]["message"] == 3


def test_feedback_is_stored_changed_commented_and_withdrawn(chat: Chat, settings: Settings) -> None:
    conversation, _ = ask(chat, "Wat is de UiT-pas?")
    turns = conversation.turns
    like = gr.LikeData(
        None, {"index": 1, "value": conversation.messages[1]["content"], "liked": True}
    )
    rated, form, _, status = chat.rate(conversation, "nl", like)
    assert form["visible"] is True and status.startswith("Bedankt! Fijn")
    (stored,) = store_for(settings).feedback()
    assert (stored.id, stored.rating, stored.question) == (rated, "up", "Wat is de UiT-pas?")
    assert stored.passages[0].citation == turns[0]["passages"][0][1]
    assert stored.index_version == turns[0]["index"] and stored.view == "embed"

    dislike = gr.LikeData(None, {"index": 1, "value": "", "liked": False})
    again, _, _, _ = chat.rate(conversation, "en", dislike)
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
    none, _, _, status = chat.rate(conversation, "nl", withdrawn)
    assert none is None and turns[0]["feedback"] is None
    assert status == "Uw beoordeling is ingetrokken."
    assert store_for(settings).feedback() == []


def test_refusals_are_polite_and_in_the_interface_language(
    chat: Chat, no_index_settings: Settings
) -> None:
    conversation, _ = ask(chat, "x" * 5000, lang="en")
    assert conversation.messages[-1]["content"] == (
        '<p class="vb-notice">Your question is too long. Please ask one short question at a '
        "time.</p>"
    )
    assert conversation.turns == []
    dutch, _ = ask(chat, "x" * 5000)
    assert "Uw vraag is te lang" in dutch.messages[-1]["content"]

    bot = Chatbot(no_index_settings, HashingEmbedder())
    not_ready = Chat(Service(bot, no_index_settings), no_index_settings, "chat")
    conversation, _ = ask(not_ready, "Wat is de UiT-pas?")
    assert (
        conversation.messages[-1]["content"]
        == f'<p class="vb-notice">{text("nl", "not_ready")}</p>'
    )


def test_a_new_conversation_and_the_first_language(chat: Chat) -> None:
    conversation, _ = ask(chat, "Wat is de UiT-pas?")
    shown, starters, _, _, rated = chat.clear(conversation)
    assert (shown, rated, conversation.messages, conversation.turns) == ([], None, [], [])
    assert starters["visible"] is True

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
    conversation, _ = ask(chat, "Wat is de UiT-pas?")
    like = gr.LikeData(None, {"index": 1, "value": "", "liked": True})
    me, other = client("192.0.2.30"), client("192.0.2.31")
    rated, _, _, _ = chat.rate(conversation, "nl", like, me)
    assert chat.comment("Goed", rated, "nl", me)[2] == "Bedankt, uw opmerking is bewaard."
    assert chat.initial_language("en", me) == "en"
    # The fourth event in a row from this client does nothing but ask to wait:
    assert chat.comment("Nog eens", rated, "nl", me)[2].startswith("U klikt erg snel")
    assert chat.rate(conversation, "en", like, me)[3].startswith("You are clicking very quickly")
    assert all(isinstance(part, type(gr.skip())) for part in chat.clear(conversation, me))
    assert len(conversation.messages) == 2
    assert isinstance(chat.initial_language("en", me), type(gr.skip()))
    assert store_for(limited).feedback()[0].comment == "Goed"
    assert chat.comment("Ander toestel", rated, "nl", other)[2].startswith("Bedankt")


def test_refused_questions_stop_before_the_queue(settings: Settings) -> None:
    limited = settings.model_copy(update={"rate_limit_per_minute": 6.0, "rate_limit_burst": 1})
    chat = Chat(
        Service(Chatbot(limited, HashingEmbedder(), STEMS_DECIDE), limited), limited, "chat"
    )
    me = client("192.0.2.40")
    pending = chat.add_question("Wat is de UiT-pas?", Conversation(), "nl", me)[2]
    assert pending == "Wat is de UiT-pas?"
    Chat.proceed(pending)  # admitted: on to the queue
    _, shown, pending, _, _, _ = chat.add_question("En de fietspaden?", Conversation(), "nl", me)
    assert pending == "" and "U stelt veel vragen kort na elkaar" in shown[-1]["content"]
    with pytest.raises(gr.Error):
        Chat.proceed(pending)  # refused: .success(answer) does not run, nothing is queued


def test_an_admitted_question_is_answered_once_however_often_the_event_is_called(
    chat: Chat,
) -> None:
    """The answer event empties the pending question: calling it again directly (as a
    client of Gradio's API could) answers nothing, so it cannot get around the rate limit."""
    conversation, _ = ask(chat, "Wat is de UiT-pas?")
    again, _ = asyncio.run(chat.answer(conversation, "nl"))
    assert isinstance(again, type(gr.skip())) and len(conversation.messages) == 2


def test_what_a_conversation_keeps_on_the_server_is_bounded(chat: Chat) -> None:
    """A refused question is kept shortened, and a full conversation takes no more."""
    limit = chat.service.settings.max_question_chars
    _, shown, pending, _, _, _ = chat.add_question("x" * (limit * 20), Conversation())
    assert pending == "" and len(shown[0]["content"]) < limit * 2
    full = Conversation(messages=[{"role": "user", "content": "v"}] * MAX_MESSAGES)
    _, history, pending, _, _, status = chat.add_question("Wat is de UiT-pas?", full)
    assert pending == "" and isinstance(history, type(gr.skip()))
    assert status.startswith("Dit gesprek is vol")


def paused_answers(monkeypatch: pytest.MonkeyPatch) -> tuple[asyncio.Event, asyncio.Event]:
    """Answering waits for ``resume`` once it has ``started``: other events run meanwhile."""
    started, resume = asyncio.Event(), asyncio.Event()
    real = events.ask  # type: ignore[attr-defined]

    async def paused(*args: Any, **kwargs: Any) -> Any:
        started.set()
        await resume.wait()
        return await real(*args, **kwargs)

    monkeypatch.setattr(events, "ask", paused)
    return started, resume


def test_events_during_an_answer_do_not_undo_each_other(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A question typed and a rating given while an answer is being made: the answer, the
    rating and the order of the conversation all survive (a second review found the answer
    lost, and the rating matched to the wrong message)."""
    conversation, _ = ask(chat, "Wat is de UiT-pas?")
    first = gr.LikeData(None, {"index": 1, "value": "", "liked": True})

    async def scenario() -> tuple[Any, ...]:
        started, resume = paused_answers(monkeypatch)
        assert chat.add_question("Wat zijn onthardingsmakelaars?", conversation)[2]
        answering = asyncio.create_task(chat.answer(conversation, "nl"))
        await started.wait()
        typed = chat.add_question("En de fietspaden?", conversation)
        rated = chat.rate(conversation, "nl", first)[0]
        resume.set()
        return typed, rated, await answering

    typed, rated, (shown, _) = asyncio.run(scenario())
    assert typed[2] == "" and typed[5] == text("nl", "answer_coming")
    assert [m["role"] for m in conversation.messages] == ["user", "assistant"] * 2
    assert shown == conversation.messages and "vb-card" in shown[3]["content"]
    assert [t["message"] for t in conversation.turns] == [1, 3]
    assert conversation.turns[0]["feedback"] == rated is not None
    assert chat.add_question("En de fietspaden?", conversation)[2] == "En de fietspaden?"


def test_a_new_conversation_drops_the_answer_still_being_made(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    conversation = Conversation()

    async def scenario() -> Any:
        started, resume = paused_answers(monkeypatch)
        chat.add_question("Wat is de UiT-pas?", conversation)
        answering = asyncio.create_task(chat.answer(conversation, "nl"))
        await started.wait()
        chat.clear(conversation)
        resume.set()
        return await answering

    shown, _ = asyncio.run(scenario())
    assert isinstance(shown, type(gr.skip())) and conversation.messages == []
    assert conversation.turns == [] and conversation.pending == ""


def test_a_failed_answer_does_not_block_the_next_question(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the model went away")

    conversation = Conversation()
    chat.add_question("Wat is de UiT-pas?", conversation)
    monkeypatch.setattr(events, "ask", broken)
    with pytest.raises(RuntimeError):
        asyncio.run(chat.answer(conversation, "nl"))
    monkeypatch.undo()
    assert ask(chat, "En de fietspaden?", conversation)[0].turns[-1]["question"] == (
        "En de fietspaden?"
    )
