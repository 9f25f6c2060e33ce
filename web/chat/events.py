"""What the chat does on each event: a question (typed, a starter question or a suggestion), its
answer as cards, a thumb up or down with an optional comment, a new conversation, a language.

Every question goes through ``web.questions.gate`` (input rules, rate limit, bounds), the one way in
that the API uses too; the rules and the rate limit are applied before the question enters
Gradio's queue (``add_question`` runs outside it, and ``proceed`` stops the chain when it
refused), so refused questions hold no place in it. Every other event a client can send
(a rating, a comment, browsing, a language, a new conversation) counts against the client's
event limit (``Limits.events``); over it, the event does nothing but ask to wait.

The conversation lives on the server: its messages (HTML made by ``web.chat.cards``) and its own
record (the questions as typed, the passages shown, the feedback given) are ``gr.State``
values of the browser session. The browser only shows the messages and never sends them
back, so a request stays small however long the conversation gets.

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
Message = dict[str, Any]
Turn = dict[str, Any]
"""What the session remembers of one answer: ``message`` (its index in the chat), ``question``
(as typed), ``in_scope``, ``passages`` ([id, citation] pairs), ``index`` (version),
``language``, ``feedback`` (the stored rating's id or None) and ``archived`` (the answer's
HTML once it is no longer the latest, for answers with suggestions)."""

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
        history: list[Message] | None,
        turns: list[Turn] | None,
        lang: str = DEFAULT,
        request: gr.Request | None = None,
    ) -> tuple[Any, ...]:
        """Show the question at once and clear the box; the answer follows (``answer``),
        unless the question rules or the rate limit refuse it here, outside the queue: then
        the refusal is shown and the pending question stays empty (``proceed`` stops).

        Returns (box, chat, pending question, starters, comment form, status, messages).
        """
        history, turns = list(history or []), list(turns or [])
        question = (question or "").strip()
        if not question:
            hint = text(lang, "empty_question")
            return (gr.skip(), gr.skip(), "", gr.skip(), gr.skip(), hint, gr.skip())
        if len(history) >= MAX_MESSAGES:  # what one session keeps on the server is bounded
            return (
                gr.skip(),
                gr.skip(),
                "",
                gr.skip(),
                gr.skip(),
                text(lang, "chat_full"),
                gr.skip(),
            )
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
            return (
                gr.skip(),
                gr.skip(),
                "",
                gr.skip(),
                gr.skip(),
                text(lang, "events_limited"),
                gr.skip(),
            )
        _archive_latest(history, turns)
        limit = self.service.settings.max_question_chars
        shown = question if len(question) <= limit else f"{question[:limit]}…"
        history.append({"role": "user", "content": render_question(shown)})
        hide = gr.update(visible=False)
        if isinstance(admitted, Refusal):
            notice = render_notice(refusal_message(admitted, lang))
            history.append({"role": "assistant", "content": notice})
            return ("", history, "", hide, hide, "", history)
        return ("", history, admitted, hide, hide, "", history)

    def add_suggestion(
        self,
        history: list[Message] | None,
        turns: list[Turn] | None,
        lang: str,
        selected: gr.SelectData,
        request: gr.Request | None = None,
    ) -> tuple[Any, ...]:
        """A "misschien bedoelt u" suggestion was chosen: ask about that recommendation."""
        value = selected.value
        if isinstance(value, dict):
            value = value.get("value", "")
        return self.add_question(str(value or ""), history, turns, lang, request)

    @staticmethod
    def proceed(pending: str) -> None:
        """Between ``add_question`` and ``answer``, outside the queue: stop the chain (an
        invisible error, so that ``.success(answer)`` does not run) when nothing was admitted."""
        if not pending:
            raise gr.Error("not admitted", visible=False, print_exception=False)

    def limited(self, request: gr.Request | None) -> bool:
        """Count one event of the request's client; whether it is over its event limit."""
        return self.service.limits.events.hit(client_of(request).address) is not None

    async def answer(
        self,
        pending: str,
        history: list[Message] | None,
        turns: list[Turn] | None,
        lang: str,
        request: gr.Request | None = None,
    ) -> tuple[Any, Any, str, Any, str]:
        """Answer the pending question: cards, or a polite refusal.

        (chat, turns, status, messages, pending): ``messages`` is the server's copy of the
        chat, the one the next event reads; the browser's copy is never sent back (it grows
        with every answer, and once made requests too large to be accepted). The pending
        question is used up: calling this event again answers nothing until ``add_question``
        admits another one (under the rate limit).
        """
        history, turns = list(history or []), list(turns or [])
        if not pending:
            return gr.skip(), gr.skip(), text(lang, "empty_question"), gr.skip(), ""
        earlier = [turn["question"] for turn in turns]
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
            history.append({"role": "assistant", "content": notice})
            return history, turns, "", history, ""
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
        history.append(message)
        turns.append(_turn(outcome, pending, len(history) - 1, archived))
        return history, turns, "", history, ""

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
        turns: list[Turn] | None,
        lang: str,
        liked: gr.LikeData,
        request: gr.Request | None = None,
    ) -> tuple[Any, Any, Any, Any, str]:
        """A thumb up or down (or taken back) on an answer: stored with its question, the
        passages shown and the index version. (turns, rated id, form, comment, status)."""
        if self.limited(request):
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), text(lang, "events_limited")
        turns = [dict(turn) for turn in turns or []]
        turn = next((t for t in turns if t["message"] == liked.index), None)
        if turn is None:
            return turns, None, gr.update(visible=False), gr.skip(), ""
        rating: Rating | None = (
            "up" if liked.liked is True else "down" if liked.liked is False else None
        )
        try:
            turn["feedback"] = self._store_rating(turn, rating, lang)
        except Exception:
            log.exception("Could not store a rating")
            return turns, None, gr.update(visible=False), gr.skip(), text(lang, "feedback_failed")
        if rating is None:
            return turns, None, gr.update(visible=False), "", text(lang, "feedback_withdrawn")
        status = f"{text(lang, f'feedback_{rating}')} {text(lang, 'feedback_more')}"
        return turns, turn["feedback"], gr.update(visible=True), "", status

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

    def clear(self, request: gr.Request | None = None) -> tuple[Any, ...]:
        """A new conversation: (chat, turns, pending, starters, form, status, rated, messages)."""
        if self.limited(request):
            return (gr.skip(),) * 8
        return [], [], "", gr.update(visible=True), gr.update(visible=False), "", None, []

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


def _archive_latest(history: list[Message], turns: list[Turn]) -> None:
    """The latest answer's suggestion buttons go away with the next question: list them in
    its card instead."""
    for turn in reversed(turns):
        index = turn["message"]
        if turn.get("archived") and index < len(history) and history[index].get("options"):
            history[index] = {"role": "assistant", "content": turn["archived"]}
        break
