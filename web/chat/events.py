"""What the chat does on each event: a question (typed, a starter question or a suggestion), its
answer as cards, a thumb up or down with an optional comment, a new conversation, a language.

Every question goes through ``web.questions.gate`` (input rules, rate limit, bounds), the one way in
that the API uses too; the rules and the rate limit are applied before the question enters
Gradio's queue (``add_question`` runs outside it, and ``proceed`` stops the chain when it
refused), so refused questions hold no place in it. Every other event a client can send
(a rating, a comment, browsing, a language, a new conversation) counts against the client's
event limit (``Limits.events``); over it, the event does nothing but ask to wait.

The conversation lives on the server: its messages (HTML made by ``web.chat.cards``) and its own
record (the questions as typed, the passages shown, the feedback given) are one
``web.chat.conversation.Conversation`` per browser session (a ``gr.State``), changed in place
under its lock, so that events running at the same time do not undo each other. The browser
only shows the messages and never sends them back, so a request stays small however long the
conversation gets.

Gradio is imported at module level here: it finds ``gr.Request`` and ``gr.LikeData``
parameters through the type hints of these functions.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Literal

import anyio.to_thread
import gradio as gr

from chatbot.answer import Answer, suggestion_label
from indexer.settings import Settings
from web.chat.cards import (
    render_answer,
    render_notice,
    render_question,
    suggestion_question,
)
from web.chat.client_info import client_of
from web.chat.conversation import Conversation, Message, Turn
from web.outline import NoteOutline, OutlineCache
from web.questions.backend import NotReadyError, Service
from web.questions.gate import Refusal, admit, ask
from web.records.store import (
    FeedbackStore,
    Passage,
    Rating,
    passages_of,
    store_for,
)
from web.texts import DEFAULT, pick_language, text
from web.texts import refusal as refusal_text

View = Literal["chat", "embed"]

log = logging.getLogger(__name__)


def refusal_message(refusal: Refusal, lang: str) -> str:
    """What the chat says when a question is refused, in the interface language."""
    if refusal.code == "empty_question":
        return text(lang, "empty_question")
    if refusal.code == "not_ready":
        return text(lang, "not_ready")  # the guard's message is for developers
    return refusal_text(lang, refusal.code, refusal.message)


MAX_MESSAGES = 200
"""Messages one conversation keeps on the server (questions and answers): past it, the chat
asks to start a new conversation. With the states' time to live, what a session holds stays
bounded."""


@dataclass
class Chat:
    """The event handlers of one chat view (the page or the embed), bound to one service."""

    service: Service
    settings: Settings
    view: View
    outlines: OutlineCache = field(default_factory=OutlineCache)

    @property
    def store(self) -> FeedbackStore:
        """The feedback database (opened on first use)."""
        return store_for(self.settings)

    # -- questions ------------------------------------------------------------------------

    def add_question(
        self,
        question: str | None,
        conversation: Conversation,
        lang: str = DEFAULT,
        request: gr.Request | None = None,
    ) -> tuple[Any, ...]:
        """Show the question at once and clear the box; the answer follows (``answer``),
        unless the question rules or the rate limit refuse it here, outside the queue: then
        the refusal is shown and this chain's admitted question stays empty (``proceed``
        stops). While the previous answer is still being made, a question waits.

        Returns (box, chat, admitted question, starters, comment form, status).
        """
        question = (question or "").strip()
        with conversation.lock:
            held = _held(conversation)
        reason = held if question else "empty_question"
        if reason:
            return _only_status(text(lang, reason))
        client = client_of(request)
        admitted = admit(
            self.service,
            question,
            client=client.address,
            channel="chat",
            request_id=client.request_id,
        )
        if isinstance(admitted, Refusal) and self.limited(request):
            # refused and over the event limit too: nothing is added to the conversation
            return _only_status(text(lang, "events_limited"))
        limit = self.service.settings.max_question_chars
        shown = question if len(question) <= limit else f"{question[:limit]}…"
        hide = gr.update(visible=False)
        with conversation.lock:
            if conversation.awaiting_answer():  # another event admitted one meanwhile
                return _only_status(text(lang, "answer_coming"))
            _archive_latest(conversation)
            conversation.messages.append({"role": "user", "content": render_question(shown)})
            if isinstance(admitted, Refusal):
                notice = render_notice(refusal_message(admitted, lang))
                conversation.messages.append({"role": "assistant", "content": notice})
                return ("", conversation.shown(), "", hide, hide, "")
            conversation.admit(admitted)
            return ("", conversation.shown(), admitted, hide, hide, "")

    def add_suggestion(
        self,
        conversation: Conversation,
        lang: str,
        selected: gr.SelectData,
        request: gr.Request | None = None,
    ) -> tuple[Any, ...]:
        """A "misschien bedoelt u" suggestion was chosen: ask about that recommendation."""
        value = selected.value
        if isinstance(value, dict):
            value = value.get("value", "")
        return self.add_question(str(value or ""), conversation, lang, request)

    @staticmethod
    def proceed(admitted: str) -> None:
        """Between ``add_question`` and ``answer``, outside the queue: stop the chain (an
        invisible error, so that ``.success(answer)`` does not run) when nothing was admitted."""
        if not admitted:
            raise gr.Error("not admitted", visible=False, print_exception=False)

    def limited(self, request: gr.Request | None) -> bool:
        """Count one event of the request's client; whether it is over its event limit."""
        return self.service.limits.events.hit(client_of(request).address) is not None

    async def answer(
        self,
        conversation: Conversation,
        lang: str,
        request: gr.Request | None = None,
    ) -> tuple[Any, str]:
        """Answer the conversation's pending question: cards, or a polite refusal.

        (chat, status). The pending question is used up: calling this event again answers
        nothing until ``add_question`` admits another one (under the rate limit). The answer
        is added to the conversation as it is then, unless a new conversation was started
        meanwhile; the browser's copy of the chat is never sent back.
        """
        with conversation.lock:
            claimed = conversation.claim()
            earlier = [turn["question"] for turn in conversation.turns]
        if claimed is None:
            return gr.skip(), ""
        pending, ticket = claimed
        made: tuple[Message, Turn | None] | None = None
        try:
            made = await self._answer_message(pending, earlier, lang, request)
        finally:  # settled even when answering failed, so that the next question is taken
            with conversation.lock:
                current = conversation.settle(ticket)
                if current and made is not None:
                    message, turn = made
                    conversation.messages.append(message)
                    if turn is not None:
                        turn["message"] = len(conversation.messages) - 1
                        conversation.turns.append(turn)
                shown = conversation.shown()
        return (shown if current else gr.skip()), ""

    async def _answer_message(
        self, pending: str, earlier: list[str], lang: str, request: gr.Request | None
    ) -> tuple[Message, Turn | None]:
        """The answer's message, and its turn (None for a refusal)."""
        client = client_of(request)
        outcome = await ask(
            self.service,
            pending,
            earlier,
            client=client.address,
            channel="chat",
            count_as=self.view,
            request_id=client.request_id,
            admitted=True,  # add_question applied the rules and counted it
        )
        if isinstance(outcome, Refusal):
            notice = render_notice(refusal_message(outcome, lang))
            return {"role": "assistant", "content": notice}, None
        outline = await anyio.to_thread.run_sync(self.outline)
        message: Message = {
            "role": "assistant",
            "content": render_answer(
                outcome, lang, outline=outline, note_url=self.settings.note_url
            ),
        }
        archived = None
        if outcome.suggestions:
            message["options"] = [
                {"value": suggestion_question(s), "label": suggestion_label(s)}
                for s in outcome.suggestions
            ]
            archived = render_answer(
                outcome, lang, outline=outline, note_url=self.settings.note_url, archived=True
            )
        return message, _turn(outcome, pending, -1, archived)

    def outline(self) -> NoteOutline | None:
        """The served index's outline, for opening whole recommendations."""
        try:
            manifest = self.service.manifest()
        except NotReadyError:
            return None
        return self.outlines.get(manifest.version, self.service.bot.live.index().chunks)

    # -- feedback -------------------------------------------------------------------------

    def rate(
        self,
        conversation: Conversation,
        lang: str,
        liked: gr.LikeData,
        request: gr.Request | None = None,
    ) -> tuple[Any, Any, Any, str]:
        """A thumb up or down (or taken back) on an answer: stored with its question, the
        passages shown and the index version. (rated id, form, comment, status)."""
        if self.limited(request):
            return gr.skip(), gr.skip(), gr.skip(), text(lang, "events_limited")
        with conversation.lock:
            turn = next((t for t in conversation.turns if t["message"] == liked.index), None)
            record = dict(turn) if turn is not None else None
        if turn is None or record is None:
            return None, gr.update(visible=False), gr.skip(), ""
        rating: Rating | None = (
            "up" if liked.liked is True else "down" if liked.liked is False else None
        )
        try:
            feedback = self._store_rating(record, rating, lang)
        except Exception:
            log.exception("Could not store a rating")
            return None, gr.update(visible=False), gr.skip(), text(lang, "feedback_failed")
        with conversation.lock:
            turn["feedback"] = feedback  # in place: an answer added meanwhile stays
        if rating is None:
            return None, gr.update(visible=False), "", text(lang, "feedback_withdrawn")
        status = f"{text(lang, f'feedback_{rating}')} {text(lang, 'feedback_more')}"
        return feedback, gr.update(visible=True), "", status

    def _store_rating(self, turn: Turn, rating: Rating | None, lang: str) -> int | None:
        existing: int | None = turn.get("feedback")
        if rating is None:
            if existing is not None:
                self.store.withdraw(existing)
            return None
        if existing is not None and self.store.rate(existing, rating):
            return existing
        return self.store.add_feedback(
            rating=rating,
            question=turn["question"],
            in_scope=turn["in_scope"],
            passages=[Passage(pid, cite) for pid, cite in turn["passages"]],
            index_version=turn["index"],
            language=lang,
            view=self.view,
        )

    def comment(
        self,
        comment: str | None,
        rated: int | None,
        lang: str,
        request: gr.Request | None = None,
    ) -> tuple[Any, Any, str]:
        """Add the optional comment to the rating just given. (comment box, form, status)."""
        if self.limited(request):
            return gr.skip(), gr.skip(), text(lang, "events_limited")
        if rated is None:
            return gr.skip(), gr.update(visible=False), ""
        if not (comment or "").strip():
            return gr.skip(), gr.skip(), text(lang, "comment_empty")
        try:
            self.store.comment(rated, comment or "")
        except Exception:
            log.exception("Could not store a comment")
            return gr.skip(), gr.skip(), text(lang, "feedback_failed")
        return "", gr.update(visible=False), text(lang, "comment_saved")

    # -- the rest -------------------------------------------------------------------------

    def clear(
        self, conversation: Conversation, request: gr.Request | None = None
    ) -> tuple[Any, ...]:
        """A new conversation: (chat, starters, form, status, rated). An answer still being
        made for the old one is dropped."""
        if self.limited(request):
            return (gr.skip(),) * 5
        with conversation.lock:
            conversation.reset()
        return [], gr.update(visible=True), gr.update(visible=False), "", None

    def initial_language(self, remembered: str | None, request: gr.Request | None = None) -> Any:
        """``?lang=`` first, then the switch the browser remembers, then its language."""
        if self.limited(request):
            return gr.skip()
        chosen = request.query_params.get("lang") if request is not None else None
        accept = request.headers.get("accept-language") if request is not None else None
        return pick_language(chosen, remembered, accept)


def _turn(answer: Answer, question: str, message: int, archived: str | None) -> Turn:
    return {
        "message": message,
        "question": question,
        "in_scope": answer.in_scope,
        "passages": [[p.id, p.citation] for p in passages_of(answer)],
        "index": answer.index.version,
        "language": answer.language,
        "feedback": None,
        "archived": archived,
    }


def _held(conversation: Conversation) -> str | None:
    """Why the conversation takes no question now (a text key), or None."""
    if conversation.awaiting_answer():
        return "answer_coming"
    if len(conversation.messages) >= MAX_MESSAGES:  # what a session keeps is bounded
        return "chat_full"
    return None


def _only_status(status: str) -> tuple[Any, ...]:
    """``add_question``'s outputs when it only says something: nothing else changes."""
    skip = gr.skip()
    return (skip, skip, "", skip, skip, status)


def _archive_latest(conversation: Conversation) -> None:
    """The latest answer's suggestion buttons go away with the next question: list them in
    its card instead."""
    history = conversation.messages
    for turn in reversed(conversation.turns):
        index = turn["message"]
        if turn.get("archived") and index < len(history) and history[index].get("options"):
            history[index] = {"role": "assistant", "content": turn["archived"]}
        break
