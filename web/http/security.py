"""Which sites may use the chat: one origin allow-list drives CORS and CSP ``frame-ancestors``.

- The embed view (``/embed/``) may be framed by the app's own origin and the allowed origins;
  every other page only by the app's own origin.
- Browsers on an allowed origin may call the API and Gradio's routes (CORS); other origins
  get no ``Access-Control-Allow-Origin`` header, so their browsers refuse the response.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

EMBED_PATH = "/embed"


def frame_ancestors(origins: Sequence[str]) -> str:
    """The CSP directive allowing the app itself and ``origins`` to frame a page."""
    return " ".join(["frame-ancestors", "'self'", *origins])


def route_path(scope: Scope) -> str:
    """The request path within the app, without the proxy's root path.

    Uvicorn puts the root path in front of ``scope["path"]``; Starlette strips it the same way.
    """
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


class SecurityHeaders:
    """ASGI middleware adding framing and sniffing rules to every HTTP response."""

    def __init__(self, app: ASGIApp, *, allowed_origins: Sequence[str]) -> None:
        self.app = app
        self.embed_policy = frame_ancestors(allowed_origins)
        self.page_policy = frame_ancestors(())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = route_path(scope)
        embeddable = path == EMBED_PATH or path.startswith(EMBED_PATH + "/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                policy = self.embed_policy if embeddable else self.page_policy
                # a response's own policy (a sandboxed corpus page) is kept beside it
                own = headers.get("Content-Security-Policy")
                headers["Content-Security-Policy"] = f"{own}; {policy}" if own else policy
                if not embeddable:
                    headers["X-Frame-Options"] = "SAMEORIGIN"
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_security(app: FastAPI, allowed_origins: Sequence[str]) -> None:
    """Add CORS for ``allowed_origins`` and the framing headers.

    The CORS middleware is always added, even for an empty list: Gradio then leaves CORS to
    the parent app instead of applying its own, more permissive localhost rules.
    """
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(allowed_origins),
        allow_methods=["GET", "HEAD", "POST"],
        allow_headers=["*"],  # Gradio's web component sends its own (X-Gradio-User)
        allow_credentials=False,
        max_age=600,
    )
    app.add_middleware(SecurityHeaders, allowed_origins=list(allowed_origins))
