"""Real servers on free loopback ports for the web tests: the app under uvicorn, host pages."""

from __future__ import annotations

import socket
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn

from indexer.settings import PROJECT_DIR

HOST_PAGES_DIR = PROJECT_DIR / "host-pages"
HOST_PAGE_APP_URL = "http://127.0.0.1:7860"
"""The chat's address written in the host pages; replaced by the test server's."""


def bound_socket(host: str = "127.0.0.1") -> socket.socket:
    """A listening-ready socket on a free port, kept open so no one else takes the port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    return sock


class AppServer:
    """An ASGI app served by uvicorn in a thread; ``with AppServer(app) as url: ...``."""

    def __init__(self, app: Any, host: str = "127.0.0.1") -> None:
        self.socket = bound_socket(host)
        port = self.socket.getsockname()[1]
        self.url = f"http://{host}:{port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on", ws="none")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self.url

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


class HostSite:
    """A static 'municipality' site on its own loopback origin serving the host pages
    (``host-pages/``: how a municipality's site embeds the chat).

    ``/<name>.html`` is ``host-pages/<name>.html`` with the chat's address replaced by
    ``app_url``; ``/blank.html`` is an empty page for scripted checks.
    """

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.app_url = HOST_PAGE_APP_URL
        self.pages = {f"/{page.name}" for page in HOST_PAGES_DIR.glob("*.html")}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path in site.pages:
                    page = (HOST_PAGES_DIR / self.path[1:]).read_text(encoding="utf-8")
                    body = page.replace(HOST_PAGE_APP_URL, site.app_url).encode()
                elif self.path == "/blank.html":
                    body = b"<!doctype html><title>blank</title><p>blank</p>"
                else:
                    self.send_error(HTTPStatus.NOT_FOUND)
                    return
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                del format, args

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.origin = f"http://{host}:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def artifacts_dir() -> Path:
    """Where screenshots go (gitignored)."""
    folder = PROJECT_DIR / "artifacts"
    folder.mkdir(exist_ok=True)
    return folder
