"""Alles Vloeit Vraagbaak: serve the chat page, the widget, the JSON API and health checks.

``python app.py [--host H] [--port P] [--root-path /prefix]`` starts one ASGI app under
uvicorn (see ``web.server``). It answers ``/healthz`` at once and loads the index in the
background, building it first if there is none (or the corpus changed); ``/readyz`` turns
200 when questions can be answered. Nothing heavy happens at import.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from indexer.settings import Settings, get_settings
from web.chat.pages import TITLE


def _parser(settings: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python app.py", description=f"Serve the {TITLE}.")
    parser.add_argument(
        "--host", default=settings.host, help="address to listen on (VRAAGBAAK_HOST)"
    )
    parser.add_argument(
        "--port", type=int, default=settings.port, help="port to listen on (VRAAGBAAK_PORT)"
    )
    parser.add_argument(
        "--root-path",
        default=settings.root_path,
        help="path prefix a reverse proxy publishes the app under (VRAAGBAAK_ROOT_PATH)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until interrupted; the index loads (or builds) in the background."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    settings = get_settings()
    args = _parser(settings).parse_args(argv)
    if args.root_path != settings.root_path:
        settings = Settings.model_validate({**settings.model_dump(), "root_path": args.root_path})

    from web.logs import configure_logging

    configure_logging(settings)  # JSON lines by default (VRAAGBAAK_LOG_FORMAT)

    from chatbot.embedders import for_serving
    from chatbot.service import Chatbot

    embedders = for_serving(settings)  # which embedders, and why: chatbot/embedders.py
    bot = Chatbot(settings, embedders.questions, build_embedder=embedders.passages)
    bot.preload()  # the index and the model load while the web app is imported and set up

    import uvicorn

    from web.server import create_app

    # the JSON API answers as soon as the index is loaded; the chat page follows
    app = create_app(settings, bot, build_if_missing=True, chat_later=True)
    print(
        f"Serving the {TITLE} on http://{args.host}:{args.port}{settings.root_path}/ ; "
        "the index loads in the background (building it if needed), /readyz says when.",
        file=sys.stderr,
    )
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        root_path=settings.root_path,
        proxy_headers=False,  # web.http.proxies reads X-Forwarded-* from the trusted proxies
        timeout_graceful_shutdown=5,
        log_config=None,  # uvicorn's records go to the handler configured above
        access_log=False,  # web.logs.RequestLog logs requests, without client addresses
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
