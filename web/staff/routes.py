"""The staff insight page at ``/staff``, behind the access code ``VRAAGBAAK_STAFF_TOKEN``.

Without a configured code the page does not exist (404). With one, ``/staff`` asks for it
(401) and, once given, keeps a signed session cookie for 8 hours (HttpOnly, SameSite=Strict,
only for ``/staff``); scripts may send ``Authorization: Bearer <code>`` instead.
``/staff/feedback.csv`` is the feedback export. ``POST /staff/rebuild`` builds the index from
``corpus/`` in the background and publishes it (``force=1``: embed everything again; 202, or
409 while one runs; ``GET`` says how the last one went), ``POST /staff/reload`` has the chat
load the published version now. With a Bearer code or ``Accept: application/json`` they
answer JSON; from the page's buttons they return to the page. All links are relative, so the
page works under a proxy's path prefix.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import parse_qs

import anyio
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)

from indexer.settings import PROJECT_DIR, Settings
from web.outline import build_outline
from web.questions.backend import NotReadyError, Service
from web.records.store import store_for
from web.staff.auth import (
    COOKIE,
    SESSION_SECONDS,
    Access,
    StaffAuth,
    check_token,
    same_origin,
    session_key,
    session_secret,
)
from web.staff.index_panel import REFRESH_SECONDS, examples_section, index_section
from web.staff.insights import DEFAULT_WEEKS, gather, login_page, render_page
from web.staff.rebuilds import BuildRunningError, Rebuilds

__all__ = ["COOKIE", "SESSION_SECONDS", "install_staff_page", "staff_router"]

FAILED_LOGIN_DELAY = 1.0
"""Seconds a wrong access code waits before the answer, against guessing."""
MAX_FORM_BYTES = 4096
PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}

log = logging.getLogger(__name__)


RELOAD_TIMEOUT = 120.0
"""Seconds ``POST /staff/reload`` waits for the new version to load."""


def install_staff_page(app: FastAPI, settings: Settings, service: Service) -> None:
    """Add the ``/staff`` routes to ``app`` (before the chat page is mounted at ``/``)."""
    rebuilds = Rebuilds(service.bot)
    app.state.rebuilds = rebuilds
    app.include_router(staff_router(settings, service, rebuilds))


def staff_router(settings: Settings, service: Service, rebuilds: Rebuilds) -> APIRouter:
    """The staff routes; all of them answer 404 when no access code is configured."""
    router = APIRouter(include_in_schema=False)
    token = settings.staff_token.get_secret_value()
    if not token:

        @router.api_route("/staff{rest:path}", methods=["GET", "HEAD", "POST"])
        def no_staff_page(rest: str) -> Response:
            """No access code configured: there is no staff page."""
            del rest
            return Response("Not Found", 404, media_type="text/plain")

        return router
    check_token(token)  # before anything is written: a short code stops the start
    auth = StaffAuth(
        token,
        session_key(session_secret(settings.data_dir), token),
        ipv6_48_clients=settings.rate_limit_ipv6_48_clients,
    )

    @router.get("/staff")
    def insights(
        request: Request, weeks: int = DEFAULT_WEEKS, reloaded: bool = False, gaps: int = 1
    ) -> Response:
        """The insight page, or the sign-in form."""
        if (denied := _denied(request, auth.check(request))) is not None:
            return denied
        weeks = min(max(weeks, 1), 104)
        titles, version = _index_facts(service)
        insight = gather(store_for(settings), weeks=weeks)
        build = rebuilds.state()
        panel = index_section(service.bot.live.status(), build, reloaded=reloaded)
        if service.ready:
            answerer = service.bot.answerer
            classifier = answerer.retriever.classifier
            panel += examples_section(
                answerer.examples,
                answerer.calibration,
                _shown_path(settings.examples_file),
                classified=0 if classifier is None else classifier.passages,
            )
        html = render_page(
            insight,
            titles,
            weeks=weeks,
            version=version,
            index_section=panel,
            refresh_seconds=REFRESH_SECONDS if build.running else None,
            free_text_days=settings.free_text_retention_days,
            gaps_page=gaps,
        )
        return HTMLResponse(html, headers=PRIVATE)

    @router.post("/staff")
    async def sign_in(request: Request) -> Response:
        """Check the access code; a signed session cookie if it is right."""
        if not same_origin(request):
            return _cross_origin(request)
        if (limited := auth.failures.peek(_host(request))) is not None:
            return _denied(request, Access(limited=limited)) or _login(error=True)
        given = (await _form(request)).get("token", [""])[0]
        if not auth.matches(given):
            access = auth.failure(request, "form")
            await anyio.sleep(FAILED_LOGIN_DELAY)
            return _denied(request, access) or _login(error=True)
        response = RedirectResponse("staff", status_code=303, headers=PRIVATE)
        response.set_cookie(
            COOKIE,
            auth.new_session(),
            max_age=SESSION_SECONDS,
            path=_cookie_path(request),
            secure=request.url.scheme == "https",
            httponly=True,
            samesite="strict",
        )
        return response

    @router.get("/staff/")
    def trailing_slash() -> RedirectResponse:
        """``/staff/`` is ``/staff`` (relative links need the page without the slash)."""
        return RedirectResponse("../staff", status_code=307)

    @router.post("/staff/logout")
    def sign_out(request: Request) -> Response:
        """Forget the session cookie."""
        if not same_origin(request):
            return _cross_origin(request)
        response = RedirectResponse("../staff", status_code=303, headers=PRIVATE)
        response.delete_cookie(COOKIE, path=_cookie_path(request))
        return response

    @router.get("/staff/feedback.csv")
    def export(request: Request) -> Response:
        """Every rating as CSV."""
        if (denied := _denied(request, auth.check(request))) is not None:
            return denied
        return StreamingResponse(
            store_for(settings).iter_csv(),
            media_type="text/csv; charset=utf-8",
            headers={
                **PRIVATE,
                "Content-Disposition": 'attachment; filename="vraagbaak-feedback.csv"',
            },
        )

    _add_index_routes(router, auth, service, rebuilds)
    return router


def _add_index_routes(
    router: APIRouter, auth: StaffAuth, service: Service, rebuilds: Rebuilds
) -> None:
    """``/staff/rebuild`` and ``/staff/reload``."""

    @router.post("/staff/rebuild")
    async def rebuild(request: Request) -> Response:
        """Start a build in the background."""
        if (denied := _denied_change(request, auth.check(request))) is not None:
            return denied
        form = await _form(request)
        force = "1" in (form.get("force", []) + request.query_params.getlist("force"))
        try:
            state = rebuilds.start(force=force)
        except BuildRunningError as error:
            if not _wants_json(request):
                return _back_to_page()
            body = {"error": "build_running", "message": str(error)}
            return JSONResponse({**body, "build": rebuilds.state().to_dict()}, 409, PRIVATE)
        log.info("Staff page: build started (force=%s)", force)
        if not _wants_json(request):
            return _back_to_page()
        return JSONResponse({"build": state.to_dict()}, 202, {**PRIVATE, "Location": "rebuild"})

    @router.get("/staff/rebuild")
    def build_state(request: Request) -> Response:
        """How the last build went, and what the chat serves."""
        if (denied := _denied(request, auth.check(request))) is not None:
            return denied
        live = service.bot.live.status().to_dict()
        body = {"build": rebuilds.state().to_dict(), "live": live, "problem": service.problem}
        return JSONResponse(body, 200, PRIVATE)

    @router.post("/staff/reload")
    async def reload(request: Request) -> Response:
        """Load the published version now (after a build or a rollback on the command line)."""
        if (denied := _denied_change(request, auth.check(request))) is not None:
            return denied
        status = await anyio.to_thread.run_sync(
            lambda: service.bot.live.reload(wait=True, timeout=RELOAD_TIMEOUT)
        )
        log.info("Staff page: reload, serving %s", status.version)
        if not _wants_json(request):
            return _back_to_page("?reloaded=1")
        return JSONResponse({"live": status.to_dict()}, 200, PRIVATE)


async def _form(request: Request) -> dict[str, list[str]]:
    body = await request.body()
    return parse_qs(body[:MAX_FORM_BYTES].decode("utf-8", "replace"))


def _wants_json(request: Request) -> bool:
    """A script (Bearer code, or asking for JSON) rather than the page's buttons."""
    accept = request.headers.get("accept", "")
    return "authorization" in request.headers or "application/json" in accept


def _back_to_page(query: str = "") -> RedirectResponse:
    return RedirectResponse(f"../staff{query}#h-index", status_code=303, headers=PRIVATE)


def _host(request: Request) -> str | None:
    return request.client.host if request.client else None


def _denied(request: Request, access: Access) -> Response | None:
    """The refusal for a request its credentials do not authorize; None when they do."""
    if access.limited is not None:
        headers = {**PRIVATE, "Retry-After": str(access.limited.seconds)}
        message = "Too many failed attempts from this client; retry after Retry-After seconds."
        if _wants_json(request):
            body = {"error": "too_many_attempts", "message": message}
            return JSONResponse(body, 429, headers)
        return HTMLResponse(login_page(error=False, blocked=True), 429, headers)
    if access.via is None:
        return _login(error=access.failed)
    return None


def _denied_change(request: Request, access: Access) -> Response | None:
    """Like ``_denied``, and a change that a cookie authorizes must come from this origin."""
    if (denied := _denied(request, access)) is not None:
        return denied
    if access.via == "cookie" and not same_origin(request):
        return _cross_origin(request)
    return None


def _cross_origin(request: Request) -> Response:
    log.warning("Staff page: %s %s refused, not from this origin", request.method, request.url.path)
    message = "Staff forms only work from the staff page itself (Origin / Sec-Fetch-Site)."
    if _wants_json(request):
        return JSONResponse({"error": "cross_origin", "message": message}, 403, PRIVATE)
    return HTMLResponse(message, 403, headers=PRIVATE)


def _login(*, error: bool) -> HTMLResponse:
    headers = {**PRIVATE, "WWW-Authenticate": 'Bearer realm="vraagbaak-staff"'}
    return HTMLResponse(login_page(error=error), status_code=401, headers=headers)


def _cookie_path(request: Request) -> str:
    return f"{request.scope.get('root_path', '').rstrip('/')}/staff"


def _index_facts(service: Service) -> tuple[dict[int, str], str | None]:
    """The recommendations' titles and the served index version, when an index is loaded."""
    try:
        manifest = service.manifest()
    except NotReadyError:
        return {}, None
    index = service.bot.live.index()
    return build_outline(manifest.version, index.chunks).titles(), manifest.version


def _shown_path(path: Path) -> str:
    """A path as staff know it: relative to the project when it lies inside it."""
    try:
        return path.relative_to(PROJECT_DIR).as_posix()
    except ValueError:
        return path.name
