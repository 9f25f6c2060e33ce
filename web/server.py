"""The one ASGI application: API and health routes, the widget, and the two Gradio views."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from functools import partial
from typing import TYPE_CHECKING, Literal

from fastapi import FastAPI

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
) -> FastAPI:
    """Build the app around ``bot``; nothing is loaded until the app starts.

    On start-up (the ASGI lifespan) the index loads in a background thread if ``warm_up``,
    building it first if ``build_if_missing``; ``/readyz`` answers 503 until it is loaded.
    While the app runs, the chatbot follows newly published index versions. The ``Service``
    is ``app.state.service``; the task that prunes the feedback database hourly is
    ``app.state.pruning``.
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
            yield
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

    # Starlette matches routes in order: the embed view before the page mounted at "/".
    _mount(app, build_embed_ui(service), EMBED_PATH, settings, css=EMBED_CSS, footer_links=[])
    _mount(app, build_ui(bot, settings, service), "/", settings, footer_links=["api"])
    return app


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
