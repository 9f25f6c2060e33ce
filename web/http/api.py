"""The JSON API: ``POST /api/ask``, ``GET /api/index``, ``/healthz`` and ``/readyz``.

Every error is a JSON object ``{"error": code, "message": text}`` with a 4xx or 503 status.
Questions pass the same rules as in the chat (``web.questions.gate``): the messages of the question
rules, the rate limit and ``busy`` are in Dutch, for the person who asked; the others are
for developers.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from starlette.exceptions import HTTPException as StarletteHTTPException

from indexer.chunking import Section
from web.questions import gate
from web.questions.backend import NotReadyError, Service, public_live
from web.questions.gate import Refusal

RETRY_AFTER_SECONDS = 10
UNPARSABLE_BODY = "There was an error parsing the body"
"""FastAPI's detail when reading a JSON body fails other than by its syntax."""

log = logging.getLogger(__name__)


class AskRequest(BaseModel):
    """The body of ``POST /api/ask``."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"question": "Wat is de UiT-pas?"}]})

    question: str = Field(
        description=(
            "The question, in Dutch, about the note 'Alles Vloeit': not empty, at most "
            "max_question_chars characters (1,500 by default), without control characters."
        )
    )
    history: list[Annotated[str, StringConstraints(max_length=2000)]] = Field(
        default_factory=list,
        max_length=50,
        description=(
            "The conversation's earlier questions, oldest first, for follow-ups such as "
            "'en het tweede project?' or 'wat nog meer?'. Only the last four count."
        ),
    )


RESPONSE = ConfigDict(strict=True, extra="forbid")
"""The answer's models validate what ``POST /api/ask`` returns: exactly these fields, with
these types; anything else is a bug, answered with a 500 and logged."""


class KeySentenceOut(BaseModel):
    """A sentence of a passage that answers the question: ``text`` is ``passage[start:end]``."""

    model_config = RESPONSE

    start: int
    end: int
    text: str


class PassageOut(BaseModel):
    """One quoted passage."""

    model_config = RESPONSE

    id: str
    recommendation: int = Field(description="1-12, or 0 for foreword, colophon and contents.")
    title: str
    section: Section = Field(
        description="context, doorbraakproject, voorwoord, colofon or inhoud; document for a "
        "passage of a corpus file that is not the note."
    )
    item: int | None = Field(description="The doorbraakproject's number.")
    page: int | None = Field(description="PDF page, 1-based.")
    source: str = Field(description="The corpus document.")
    source_title: str = Field(
        description='The document\'s own title (its first heading, if of level one), or "" '
        "when it has none; show it instead of source when set."
    )
    text: str = Field(description="The passage, word for word.")
    score: float
    key_sentences: list[KeySentenceOut] = Field(
        description="The sentences of the passage that answer the question (may be empty)."
    )


class IndexRef(BaseModel):
    """Which index answered."""

    model_config = RESPONSE

    version: str
    model: str


class SuggestionOut(BaseModel):
    """A recommendation close to an out-of-scope question ("misschien bedoelt u")."""

    model_config = RESPONSE

    recommendation: int = Field(description="1-12, or 0 for a section of another document.")
    title: str
    document: str = Field(description="The document of a section that is not the note's.")
    document_title: str = Field(description="That document's own title, or empty.")


class AnswerOut(BaseModel):
    """The answer's JSON contract, as ``python -m chatbot ask --json`` prints it; the response
    model of ``POST /api/ask``."""

    model_config = RESPONSE

    question: str = Field(
        description="The question as asked, without surrounding whitespace; show it as text."
    )
    in_scope: bool = Field(description="Whether the note answers the question (outcome answered).")
    outcome: Literal["answered", "closest", "not_found"] = Field(
        description=(
            "answered: the passages answer it; closest: the note does not answer it directly "
            "and these are the closest passages; not_found: the note does not address it "
            "(no passages, suggestions instead)."
        )
    )
    answer: str = Field(
        description=(
            "The Markdown shown in the chat. Quotes and citations are escaped, so that any "
            "Markdown renderer shows them as text; render it with raw HTML disabled anyway."
        )
    )
    passages: list[PassageOut] = Field(description="Best first; empty when not_found.")
    index: IndexRef
    language: str = Field(description="The question's language: nl, en or fr.")
    suggestions: list[SuggestionOut] = Field(description="When out of scope: related topics.")


class DocumentOut(BaseModel):
    """A corpus document the index was built from."""

    name: str
    sha256: str


class IndexOut(BaseModel):
    """What is being served."""

    version: str
    model: str
    chunk_count: int
    built_at: str
    documents: list[DocumentOut]


class ErrorOut(BaseModel):
    """Every error response."""

    error: str = Field(description="A stable code, e.g. 'invalid_json' or 'not_ready'.")
    message: str = Field(description="What went wrong, for people.")


class StatusOut(BaseModel):
    """A health or readiness report."""

    status: str = Field(description="ok (alive), ready, starting or unavailable.")
    index: IndexRef | None = None
    message: str | None = None
    live: dict[str, Any] | None = Field(
        None, description="The live index: served and published version, last failed load."
    )


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The JSON error every route returns."""
    return JSONResponse({"error": code, "message": message}, status, headers=headers)


def refusal_response(refusal: Refusal) -> JSONResponse:
    """A refused question as the API's JSON error, with ``Retry-After`` when it applies."""
    headers = None if refusal.retry_after is None else {"Retry-After": str(refusal.retry_after)}
    return error_response(refusal.status, refusal.code, refusal.message, headers=headers)


def _not_ready(service: Service) -> JSONResponse:
    return error_response(
        503,
        "not_ready",
        service.public_reason(),
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in [
        (400, "invalid_json: the body is not valid JSON; invalid_utf8: it is not UTF-8."),
        (405, "Only POST is allowed."),
        (408, "request_timeout: the body did not arrive in time."),
        (413, "payload_too_large: the body is larger than max_body_bytes."),
        (415, "The body is not application/json."),
        (
            422,
            "invalid_request: no question, or not a string; empty_question, "
            "question_too_long, invalid_characters: the question rules (a Dutch message).",
        ),
        (
            429,
            "rate_limited: too many questions from this client; retry after the "
            "Retry-After seconds (a Dutch message).",
        ),
        (
            503,
            "not_ready: no index is loaded yet; busy: too many questions at once. Retry "
            "after the Retry-After seconds.",
        ),
    ]
}


def api_router(service: Service) -> APIRouter:
    """The API routes, bound to one service."""
    router = APIRouter()

    @router.head("/healthz", include_in_schema=False)
    @router.get(
        "/healthz", response_model=StatusOut, response_model_exclude_none=True, tags=["health"]
    )
    def healthz() -> dict[str, str]:
        """The process is alive (it may still be loading the index)."""
        return {"status": "ok"}

    @router.head("/readyz", include_in_schema=False)
    @router.get(
        "/readyz",
        response_model=StatusOut,
        response_model_exclude_none=True,
        responses={503: {"model": StatusOut, "description": "Starting, or no index."}},
        tags=["health"],
    )
    def readyz() -> Any:
        """An index is loaded and answers questions; 503 until then."""
        live = public_live(service.bot.live.status().to_dict())
        try:
            manifest = service.manifest()
        except NotReadyError:
            status = "starting" if service.loading else "unavailable"
            return JSONResponse(
                {"status": status, "message": service.public_reason(), "live": live},
                503,
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        return {
            "status": "ready",
            "index": {"version": manifest.version, "model": manifest.model},
            "live": live,
        }

    @router.get(
        "/api/index",
        response_model=IndexOut,
        responses={503: _ERRORS[503]},
        tags=["api"],
    )
    def index_info() -> Any:
        """The index being served: version, model, chunk count, build time and documents."""
        try:
            manifest = service.manifest()
        except NotReadyError:
            return _not_ready(service)
        return {
            "version": manifest.version,
            "model": manifest.model,
            "chunk_count": manifest.chunk_count,
            "built_at": manifest.built_at,
            "documents": [
                {"name": name, "sha256": digest}
                for name, digest in sorted(manifest.documents.items())
            ],
        }

    @router.post("/api/ask", response_model=AnswerOut, responses=_ERRORS, tags=["api"])
    async def ask(body: AskRequest, request: Request) -> Any:
        """Answer a question with the note's passages, quoted word for word, and citations."""
        client = request.client.host if request.client else None
        outcome = await gate.ask(
            service, body.question, body.history, client=client, channel="api", count_as="api"
        )
        if isinstance(outcome, Refusal):
            return refusal_response(outcome)
        return outcome.to_dict()  # validated against AnswerOut: a drift is a logged 500

    @router.api_route(
        "/api/{path:path}",
        methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
        include_in_schema=False,
    )
    def unknown(path: str, request: Request) -> JSONResponse:
        """Unknown API paths and wrong methods answer in JSON, not with the chat page's 404."""
        allowed = {"ask": "POST", "index": "GET"}.get(path)
        if allowed is not None:
            return error_response(
                405,
                "method_not_allowed",
                f"Use {allowed} for {request.url.path}.",
                headers={"Allow": allowed},
            )
        return error_response(404, "not_found", f"There is no API route {request.url.path}.")

    return router


def _validation_message(error: RequestValidationError) -> tuple[int, str, str]:
    problems = error.errors()
    if any(problem.get("type") == "json_invalid" for problem in problems):
        return 400, "invalid_json", "The body is not valid JSON."
    details = "; ".join(
        f"{'.'.join(str(part) for part in problem.get('loc', ())[1:]) or 'body'}: "
        f"{problem.get('msg', 'invalid')}"
        for problem in problems
    )
    return 422, "invalid_request", f'Send {{"question": "..."}} as JSON ({details}).'


def _in_body(problem: Mapping[str, Any]) -> bool:
    location = problem.get("loc", ())
    return bool(location) and location[0] == "body"


def _parameter_message(error: RequestValidationError) -> str:
    """Which parameters were wrong, e.g. ``Invalid parameters (query weeks: ...)``."""
    details = "; ".join(
        f"{' '.join(str(part) for part in problem.get('loc', ()))}: {problem.get('msg', 'invalid')}"
        for problem in error.errors()
    )
    return f"Invalid parameters ({details})."


def install_error_handlers(app: FastAPI) -> None:
    """Make every error JSON of the same shape: validation, HTTP errors, and bugs (logged)."""

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        if not any(_in_body(problem) for problem in exc.errors()):
            # a query parameter, a header or a path part: nothing to do with the body's type
            return error_response(422, "invalid_request", _parameter_message(exc))
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/json" and not content_type.endswith("+json"):
            return error_response(
                415, "unsupported_media_type", "Send the body as application/json."
            )
        status, code, message = _validation_message(exc)
        return error_response(status, code, message)

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 400 and exc.detail == UNPARSABLE_BODY:
            # FastAPI's answer to a body json.loads fails on other than by syntax (nesting
            # too deep); invalid UTF-8 is refused before, by web.http.bodies.
            return error_response(400, "invalid_json", "The body is not valid JSON.")
        code = str(exc.detail).lower().replace(" ", "_")
        return error_response(exc.status_code, code, str(exc.detail), headers=exc.headers)

    async def on_error(request: Request, exc: Exception) -> JSONResponse:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return error_response(500, "internal_error", "Something went wrong on our side.")

    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_error)
