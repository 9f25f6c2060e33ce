"""One browser session's conversation, kept on the server.

Gradio hands every event of a session the same ``gr.State`` object, while events run
concurrently: a question typed while the previous answer is being made, a rating, a new
conversation. If each handler copied the lists it was given and wrote a whole new copy back,
the last writer would win and an answer (or a rating's id) would be lost. So the handlers
change this one object in place, each under its lock, and never hold the lock across slow work.
"""

from __future__ import annotations

import copy
import threading
import time
from typing import Any

Message = dict[str, Any]
Turn = dict[str, Any]
"""What the session remembers of one answer: ``message`` (its index in the chat), ``question``
(as typed), ``in_scope``, ``passages`` ([id, citation] pairs), ``index`` (version),
``language``, ``feedback`` (the stored rating's id or None) and ``archived`` (the answer's
HTML once it is no longer the latest, for answers with suggestions)."""

ABANDONED_SECONDS = 600.0
"""An admitted question whose answer has not come after this long (its answer event never
ran, or failed) no longer blocks the next question."""


class Conversation:
    """The messages shown (HTML made by ``web.chat.cards``), the record of each answer, and
    the question admitted and not yet answered. Read and change it only under ``lock``.

    A plain class, not a dataclass: Gradio turns dataclass values into dicts for its config,
    which would copy the lock."""

    def __init__(
        self,
        messages: list[Message] | None = None,
        turns: list[Turn] | None = None,
        *,
        pending: str = "",
        ticket: int = 0,
        answering: bool = False,
        admitted_at: float = 0.0,
    ) -> None:
        self.messages: list[Message] = messages if messages is not None else []
        self.turns: list[Turn] = turns if turns is not None else []
        self.pending = pending
        """The admitted question awaiting its answer ("" when none)."""
        self.ticket = ticket
        """Grows with every admission and every new conversation: an answer is added only if
        the ticket it started with is still the current one."""
        self.answering = answering
        self.admitted_at = admitted_at
        self.lock = threading.Lock()

    def __deepcopy__(self, memo: dict[int, Any]) -> Conversation:
        # Gradio deep-copies a State's initial value for each new session; a lock cannot be.
        with self.lock:
            return Conversation(
                copy.deepcopy(self.messages, memo),
                copy.deepcopy(self.turns, memo),
                pending=self.pending,
                ticket=self.ticket,
                answering=self.answering,
                admitted_at=self.admitted_at,
            )

    def awaiting_answer(self, now: float | None = None) -> bool:
        """Whether an admitted question is still waiting for (or getting) its answer."""
        now = time.monotonic() if now is None else now
        return bool(self.pending) and now - self.admitted_at < ABANDONED_SECONDS

    def admit(self, question: str) -> None:
        """``question`` is the one to answer next."""
        self.pending = question
        self.ticket += 1
        self.answering = False
        self.admitted_at = time.monotonic()

    def claim(self) -> tuple[str, int] | None:
        """Take the pending question for answering: (question, ticket), or None when there is
        none or another call is answering it already."""
        if not self.pending or self.answering:
            return None
        self.answering = True
        return self.pending, self.ticket

    def settle(self, ticket: int) -> bool:
        """The answer for ``ticket`` is done; whether it still belongs in this conversation."""
        if ticket != self.ticket:
            return False  # a new conversation (or a newer question) came in the meantime
        self.pending, self.answering = "", False
        return True

    def reset(self) -> None:
        """A new conversation: nothing kept, and an answer under way for the old one is dropped."""
        self.messages.clear()
        self.turns.clear()
        self.pending, self.answering = "", False
        self.ticket += 1

    def shown(self) -> list[Message]:
        """A copy of the messages, for the chat component."""
        return list(self.messages)
