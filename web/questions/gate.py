"""One way in for every question: the chat, the widget, Gradio's ``/ask`` and the JSON API.

``ask`` applies, in order: the input rules (``chatbot.inputs``), the client's rate limit, the
bound on questions in flight and a time limit on waiting for a free answering slot (both
``limits.InFlight``, the one concurrency gate); then it answers through the service and counts
the answer for the staff page. Whatever stops a question is a ``Refusal`` with a stable code,
an HTTP status for the API and a message; every question is logged, without its text and
without the client's address. The chat checks the rules and the rate limit before a question
enters Gradio's queue (``admit``) and then asks with ``admitted=True``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import anyio

from chatbot.inputs import Rejected, check_question
from web.logs import log_event, question_log
from web.questions.backend import NotReadyError
from web.records.store import store_for
from web.texts import nl

if TYPE_CHECKING:
    from chatbot.answer import Answer
    from web.questions.backend import Service

Channel = Literal["api", "chat"]
"""Where a question came from, in the logs: the JSON API, or Gradio (the chat, the widget
and Gradio's ``/ask``)."""
View = Literal["api", "chat", "embed", "gradio_api"]
"""Where an answered question is counted on the staff page."""
BUSY_RETRY_SECONDS = 5
NOT_READY_RETRY_SECONDS = 10
BUSY_MESSAGE = nl.REFUSALS["busy"]


@dataclass(frozen=True, slots=True)
class Refusal:
    """A question that is not answered, and why."""

    status: int
    """The API's HTTP status: 422, 429 or 503."""
    code: str
    """The API's error code: a question rule's (``chatbot.inputs``), ``rate_limited``,
    ``busy`` or ``not_ready``."""
    message: str
    """For the person who asked, in Dutch; for developers when the code is ``not_ready``."""
    retry_after: int | None = None
    """Seconds after which asking again may succeed (the ``Retry-After`` header)."""


def rate_limited_message(seconds: int) -> str:
    """The chat's (and the API's) polite request to wait ``seconds``."""
    wait = nl.ONE_SECOND if seconds == 1 else nl.SECONDS.format(seconds=seconds)
    return nl.REFUSALS["rate_limited"].format(wait=wait)


def admit(
    service: Service,
    text: str | None,
    *,
    client: str | None,
    channel: Channel,
    request_id: str | None = None,
) -> str | Refusal:
    """The question rules and the client's rate limit, before a question takes any place in a
    queue: the checked question, or the refusal (logged like any question's outcome).

    Pass what it admitted to ``ask(..., admitted=True)``, which does not count it again.
    """
    started = time.perf_counter()
    outcome = _admit(service, text, client)
    if isinstance(outcome, Refusal):
        fields: dict[str, object] = {"channel": channel, "chars": len(text or "")}
        if request_id is not None:
            fields["request_id"] = request_id
        fields["outcome"] = outcome.code
        fields["duration_ms"] = round((time.perf_counter() - started) * 1000, 1)
        log_event(question_log, "question", **fields)
    return outcome


def _admit(service: Service, text: str | None, client: str | None) -> str | Refusal:
    checked = check_question(text, service.settings.max_question_chars)
    if isinstance(checked, Rejected):
        return Refusal(422, checked.code, checked.message)
    if (limited := service.limits.rate.hit(client)) is not None:
        seconds = limited.seconds
        return Refusal(429, "rate_limited", rate_limited_message(seconds), seconds)
    return checked.question


async def ask(
    service: Service,
    text: str | None,
    history: Sequence[str] = (),
    *,
    client: str | None,
    channel: Channel,
    count_as: View | None,
    request_id: str | None = None,
    admitted: bool = False,
) -> Answer | Refusal:
    """Answer ``text`` if every rule lets it through; otherwise say which one did not.

    ``client`` is the address the question came from (None in process: no rate limit);
    ``count_as`` the view an answer is counted under on the staff page (None: not counted);
    ``admitted``: ``admit`` has already checked and counted it. Bugs are not refusals: they
    propagate (a JSON 500 in the API).
    """
    started = time.perf_counter()
    fields: dict[str, object] = {"channel": channel, "chars": len(text or "")}
    if request_id is not None:
        fields["request_id"] = request_id
    outcome: Answer | Refusal | None = None
    try:
        outcome = await _ask(service, text, history, None if admitted else client)
    except Exception:
        fields["outcome"] = "error"
        raise
    finally:
        if isinstance(outcome, Refusal):
            fields["outcome"] = outcome.code
        elif outcome is not None:
            fields.update(
                outcome="answered",
                in_scope=outcome.in_scope,
                passages=len(outcome.hits),
                language=outcome.language,
            )
        fields.setdefault("outcome", "cancelled")  # the client went away
        fields["duration_ms"] = round((time.perf_counter() - started) * 1000, 1)
        log_event(question_log, "question", **fields)
    if count_as is not None and not isinstance(outcome, Refusal):
        store_for(service.settings).count_later(outcome, view=count_as)
    return outcome


async def _ask(
    service: Service, text: str | None, history: Sequence[str], client: str | None
) -> Answer | Refusal:
    admitted = _admit(service, text, client)
    if isinstance(admitted, Refusal):
        return admitted
    limits = service.limits
    if not limits.in_flight.enter():
        return Refusal(503, "busy", BUSY_MESSAGE, BUSY_RETRY_SECONDS)
    try:
        with anyio.fail_after(limits.wait_seconds):
            return await service.ask(admitted, history)
    except TimeoutError:
        return Refusal(503, "busy", BUSY_MESSAGE, BUSY_RETRY_SECONDS)
    except NotReadyError:  # its text may hold server paths: for the log and staff only
        return Refusal(503, "not_ready", service.public_reason(), NOT_READY_RETRY_SECONDS)
    finally:
        limits.in_flight.leave()
