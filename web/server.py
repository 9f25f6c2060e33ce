"""The one ASGI application: API and health routes, the widget, and the two Gradio views."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from functools import partial
from typing import TYPE_CHECKING, Literal

import anyio.to_thread
from fastapi import FastAPI
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from web.chat.pages import EMBED_CSS, LANGUAGE_JS, TITLE, build_embed_ui, build_ui, theme
from web.http.api import api_router, install_error_handlers
from web.http.bodies import BodyLimit
from web.http.corpus_files import corpus_router
from web.http.gradio_guard import GradioGuard
from web.http.proxies import ForwardedHeaders
from web.http.security import EMBED_PATH, install_security
from web.http.widget_script import embed_router
from web.logs import RequestLog
from web.questions.backend import Service
from web.records.pruning import prune_periodically
from web.records.store import store_for
from web.staff.routes import install_staff_page

if TYPE_CHECKING:
    import gradio as gr

    from chatbot.service import Chatbot
    from indexer.settings import Settings

log = logging.getLogger(__name__)

API_DESCRIPTION = (
    "Questions about the regional inspiration note *Alles Vloeit* (IGEMO, 2023), answered with "
    "the note's passages quoted word for word. The chat page is at `/`, the embeddable view "
    "at `/embed/`, the widget script at `/embed.js`. Errors are JSON objects "
    '`{"error": code, "message": text}`.'
)


def create_app(
    settings: Settings,
    bot: Chatbot,
    *,
    warm_up: bool = True,
    build_if_missing: bool = False,
    chat_later: bool = False,
) -> FastAPI:
    """Build the app around ``bot``; nothing is loaded until the app starts.

    On start-up (the ASGI lifespan) the index loads in a background thread if ``warm_up``,
    building it first if ``build_if_missing``; ``/readyz`` answers 503 until it is loaded.
    While the app runs, the chatbot follows newly published index versions. The ``Service``
    is ``app.state.service``; the task that prunes the feedback database hourly is
    ``app.state.pruning``. With ``chat_later`` (what ``app.py`` does) the Gradio views
    are built once the app has started, so that the JSON API answers without waiting for
    Gradio to be imported; until they are mounted, their paths answer 503 ``Retry-After``.
    """
    service = Service(bot, settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service.limits.in_flight.reset()
        if warm_up:
            service.start_warm_up(build_if_missing=build_if_missing)
        bot.live.start()  # notice newly published index versions between questions
        # retention runs on a timer, not only when questions arrive
        pruning = asyncio.create_task(prune_periodically(partial(store_for, settings)))
        app.state.pruning = pruning
        try:
            async with contextlib.AsyncExitStack() as views:
                mounting = None
                if chat_later:
                    mounting = asyncio.create_task(
                        _mount_views_later(app, views, bot, settings, warm_up)
                    )
                try:
                    yield
                finally:
                    if mounting is not None and not mounting.done():
                        mounting.cancel()
                        with contextlib.suppress(asyncio.CancelledError):
                            await mounting
        finally:
            pruning.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pruning
            bot.live.close()

    app = FastAPI(
        title=TITLE,
        description=API_DESCRIPTION,
        version="1",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's docs pages load their scripts from a CDN; the JSON is enough
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.service = service
    install_error_handlers(app)
    # Outermost first: ForwardedHeaders, RequestLog, SecurityHeaders, CORS, BodyLimit,
    # GradioGuard (add_middleware prepends).
    app.add_middleware(GradioGuard)
    app.add_middleware(
        BodyLimit, max_bytes=settings.max_body_bytes, timeout=settings.request_timeout_seconds
    )
    install_security(app, settings.allowed_origins)
    app.add_middleware(RequestLog)
    app.add_middleware(ForwardedHeaders, trusted=settings.forwarded_allow_ips)
    app.include_router(api_router(service))
    app.include_router(embed_router())
    install_staff_page(app, settings, service)  # /staff, before the chat page claims /
    app.include_router(corpus_router(settings.corpus_dir))  # cited files, before the views

    if chat_later:
        app.mount("/", _starting_page, name=STARTING_VIEWS)
    else:
        _mount_views(app, bot, settings)
    return app


STARTING_VIEWS = "views-starting"
"""The name of the route that stands in for the Gradio views until they are mounted."""
STARTING_RETRY_SECONDS = 2
SETTLED_POLL_SECONDS = 0.05


async def _starting_page(scope: Scope, receive: Receive, send: Send) -> None:
    """What the chat's paths answer while its views are still being built."""
    response = PlainTextResponse(
        "De chat start, even geduld. / The chat is starting.",
        503,
        headers={"Retry-After": str(STARTING_RETRY_SECONDS), "Cache-Control": "no-store"},
    )
    await response(scope, receive, send)


def _mount_views(app: FastAPI, bot: Chatbot, settings: Settings) -> None:
    """The Gradio views: the chat page at "/" and the widget's view."""
    service: Service = app.state.service
    # Starlette matches routes in order: the embed view before the page mounted at "/".
    _mount(app, build_embed_ui(service), EMBED_PATH, settings, css=EMBED_CSS, footer_links=[])
    _mount(app, build_ui(bot, settings, service), "/", settings, footer_links=["api"])


async def _mount_views_later(
    app: FastAPI,
    views: contextlib.AsyncExitStack,
    bot: Chatbot,
    settings: Settings,
    after_warm_up: bool,
) -> None:
    """Once the warm-up is over, build the Gradio views in a worker thread, put them in place
    of the starting page,
    and run what Gradio runs when an app it was mounted on starts (its lifespan, its queue),
    which ``views`` ends when the app stops."""
    service: Service = app.state.service
    try:
        # after the warm-up: importing Gradio would hold Python's lock while the index loads
        while after_warm_up and not service.settled:
            await asyncio.sleep(SETTLED_POLL_SECONDS)
        routes = app.router.routes
        before = len(routes)
        # appended behind the starting page, which matches first until it is replaced
        await anyio.to_thread.run_sync(_mount_views, app, bot, settings)
        mounted = routes[before:]
        place = next(i for i, r in enumerate(routes) if getattr(r, "name", "") == STARTING_VIEWS)
        # in one step of the event loop: no request sees it half done
        routes[:] = [*routes[:place], *mounted, *routes[place + 1 : before]]
        for mount in mounted:
            gradio_app = mount.app  # type: ignore[attr-defined]
            await views.enter_async_context(gradio_app.router.lifespan_context(gradio_app))
            gradio_app.get_blocks().run_startup_events()
            await gradio_app.get_blocks().run_extra_startup_events()
        log.info("The chat page is up")
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("The chat page could not be built; the JSON API keeps answering")


def _mount(
    app: FastAPI,
    blocks: gr.Blocks,
    path: str,
    settings: Settings,
    *,
    footer_links: list[Literal["api", "gradio", "settings", "runs"] | dict[str, str]],
    css: str = "",
) -> None:
    """Mount a view behind a bounded queue, with public-facing settings.

    Every chat request goes through the queue (no REST shortcut); the data folder (index
    and models) is never served as files; no uploads (``GradioGuard`` refuses the route, and
    Gradio's own size limit is one byte); no run history, monitoring page or MCP server.
    """
    import gradio as gr

    blocks.queue(
        default_concurrency_limit=settings.concurrency_limit,
        max_size=settings.queue_size,
        api_open=False,
    )
    gr.mount_gradio_app(
        app,
        blocks,
        path,
        footer_links=footer_links,
        run_history=False,
        blocked_paths=[str(settings.data_dir)],  # the index and model folders live in it
        max_file_size=1,
        show_error=False,
        enable_monitoring=False,
        mcp_server=False,
        ssr_mode=False,
        pwa=False,
        theme=theme(),
        css=css,
        js=LANGUAGE_JS,
    )
