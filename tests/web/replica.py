"""One replica of the app for the multi-replica tests, in a process of its own.

``python -m tests.web.replica FD``: serve the app over the fake embedder (``make_bot``) on the
listening socket inherited as file descriptor ``FD``; everything else comes from the
``VRAAGBAAK_*`` environment (shared index folder, shared feedback database), as in production.
"""

from __future__ import annotations

import socket
import sys

import uvicorn

from indexer.settings import Settings
from tests.web.conftest import make_bot
from web.server import create_app


def main(argv: list[str]) -> None:
    """Serve until terminated."""
    (fd,) = argv
    settings = Settings()
    app = create_app(settings, make_bot(settings))
    sock = socket.socket(fileno=int(fd))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on", ws="none"))
    server.run(sockets=[sock])


if __name__ == "__main__":
    main(sys.argv[1:])
