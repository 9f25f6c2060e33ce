"""Routes for embedding the chat in other websites: the widget script and the view's address."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
WIDGET_SCRIPT = STATIC_DIR / "embed.js"


def embed_router() -> APIRouter:
    """``/embed.js`` (the snippet's script) and ``/embed`` (to the embed view at ``/embed/``)."""
    router = APIRouter(include_in_schema=False)
    script = WIDGET_SCRIPT.read_bytes()

    @router.get("/embed.js")
    def widget_script() -> Response:
        """The chat button for host pages; it frames ``/embed/`` of this server."""
        return Response(
            script,
            media_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    @router.get("/gradio.js")
    def web_component_script() -> Response:
        """Gradio's ``<gradio-app>`` web component, from this server instead of a CDN."""
        return Response(
            _gradio_js(),
            media_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "no-cache"},
        )

    @router.get("/embed")
    def embed_view() -> RedirectResponse:
        """Gradio serves the view under ``/embed/``; relative, so it works behind a proxy."""
        return RedirectResponse("embed/", status_code=307)

    return router


def _gradio_js() -> bytes:
    """Gradio's own loader script; it imports the frontend bundle from ``./assets/``."""
    import gradio

    return (Path(gradio.__file__).parent / "templates" / "frontend" / "gradio.js").read_bytes()
