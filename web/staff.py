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

import hashlib
import hmac
import io
import logging
import time
from urllib.parse import parse_qs

import anyio
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from indexer.settings import Settings
from web.feedback import store_for
from web.index_panel import REFRESH_SECONDS, index_section
from web.insights import DEFAULT_WEEKS, gather, login_page, render_page
from web.outline import build_outline
from web.rebuilds import BuildRunningError, Rebuilds
from web.service import NotReadyError, Service

COOKIE = "vraagbaak_staff"
SESSION_SECONDS = 8 * 3600
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

    @router.get("/staff")
    def insights(request: Request, weeks: int = DEFAULT_WEEKS, reloaded: bool = False) -> Response:
        """The insight page, or the sign-in form."""
        if not authorized(request, token):
            return _login(error=False)
        weeks = min(max(weeks, 1), 104)
        titles, version = _index_facts(service)
        insight = gather(store_for(settings), weeks=weeks)
        build = rebuilds.state()
        panel = index_section(service.bot.live.status(), build, reloaded=reloaded)
        html = render_page(
            insight,
            titles,
            weeks=weeks,
            version=version,
            index_section=panel,
            refresh_seconds=REFRESH_SECONDS if build.running else None,
        )
        return HTMLResponse(html, headers=PRIVATE)

    @router.post("/staff")
    async def sign_in(request: Request) -> Response:
        """Check the access code; a signed session cookie if it is right."""
        given = (await _form(request)).get("token", [""])[0]
        if not hmac.compare_digest(given.encode(), token.encode()):
            log.warning("Staff page: wrong access code")
            await anyio.sleep(FAILED_LOGIN_DELAY)
            return _login(error=True)
        response = RedirectResponse("staff", status_code=303, headers=PRIVATE)
        response.set_cookie(
            COOKIE,
            session_value(token),
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
        response = RedirectResponse("../staff", status_code=303, headers=PRIVATE)
        response.delete_cookie(COOKIE, path=_cookie_path(request))
        return response

    @router.get("/staff/feedback.csv")
    def export(request: Request) -> Response:
        """Every rating as CSV."""
        if not authorized(request, token):
            return _login(error=False)
        out = io.StringIO()
        store_for(settings).export_csv(out)
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={
                **PRIVATE,
                "Content-Disposition": 'attachment; filename="vraagbaak-feedback.csv"',
            },
        )

    _add_index_routes(router, token, service, rebuilds)
    return router


def _add_index_routes(router: APIRouter, token: str, service: Service, rebuilds: Rebuilds) -> None:
    """``/staff/rebuild`` and ``/staff/reload``."""

    @router.post("/staff/rebuild")
    async def rebuild(request: Request) -> Response:
        """Start a build in the background."""
        if not authorized(request, token):
            return _login(error=False)
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
        if not authorized(request, token):
            return _login(error=False)
        live = service.bot.live.status().to_dict()
        return JSONResponse({"build": rebuilds.state().to_dict(), "live": live}, 200, PRIVATE)

    @router.post("/staff/reload")
    async def reload(request: Request) -> Response:
        """Load the published version now (after a build or a rollback on the command line)."""
        if not authorized(request, token):
            return _login(error=False)
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


def session_value(token: str, issued: int | None = None) -> str:
    """A session cookie's value: when it was issued, signed with the access code."""
    issued = int(time.time()) if issued is None else issued
    return f"{issued}.{_signature(token, issued)}"


def _signature(token: str, issued: int) -> str:
    message = f"vraagbaak-staff:{issued}".encode()
    return hmac.new(token.encode(), message, hashlib.sha256).hexdigest()


def authorized(request: Request, token: str) -> bool:
    """Whether the request carries the access code or a valid session cookie."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
        return True
    issued_text, _, signature = request.cookies.get(COOKIE, "").partition(".")
    if not issued_text.isdigit():
        return False
    issued = int(issued_text)
    fresh = 0 <= time.time() - issued <= SESSION_SECONDS
    return fresh and hmac.compare_digest(signature, _signature(token, issued))


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
