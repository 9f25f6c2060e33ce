"""A throwaway PostgreSQL server for the tests: Debian's ``postgresql`` binaries, a temporary
data directory, reachable only through a unix socket in that directory (no TCP port to
collide with), fsync off. As root (``initdb`` refuses to run as root) the server runs as the
``postgres`` user, which owns the temporary directory.

``scripts/test.sh`` installs the package; in CI (``CI=true``) a server that cannot be started
fails the tests that need it, elsewhere it skips them (see ``tests/web/conftest.py``).
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

PG_ROOTS = Path("/usr/lib/postgresql")
"""Where Debian installs each major version's binaries (``<version>/bin``)."""
SERVER_USER = "postgres"
START_TIMEOUT_SECONDS = 60


class PostgresUnavailableError(RuntimeError):
    """The binaries are missing or the server did not start (the message says why)."""


def binaries() -> Path:
    """The newest installed version's ``bin`` folder (``VRAAGBAAK_TEST_PG_BIN`` overrides)."""
    configured = os.environ.get("VRAAGBAAK_TEST_PG_BIN")
    if configured:
        return Path(configured)
    versions = sorted(
        (p for p in PG_ROOTS.glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if not versions:
        initdb = shutil.which("initdb")
        if initdb is None:
            raise PostgresUnavailableError(
                "PostgreSQL is not installed (Debian: apt-get install postgresql)"
            )
        return Path(initdb).parent
    return versions[-1]


class PostgresServer:
    """``with PostgresServer() as server: url = server.create_database()``."""

    def __init__(self) -> None:
        self.bin = binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="vraagbaak-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self._as: list[str] = []
        self._names = itertools.count(1)
        if os.geteuid() == 0:
            user = pwd.getpwnam(SERVER_USER)
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", SERVER_USER, "--"]

    def _run(self, *command: str) -> None:
        done = subprocess.run(
            [*self._as, *command],
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_SECONDS * 2,
            check=False,
        )
        if done.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise PostgresUnavailableError(
                f"{Path(command[0]).name} failed ({done.returncode}): "
                f"{done.stdout}{done.stderr}{log}".strip()
            )

    def start(self) -> None:
        """initdb, then start the server and wait until it accepts connections."""
        self._run(
            str(self.bin / "initdb"),
            "--pgdata",
            str(self.data),
            "--username",
            "postgres",
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--locale",
            "C",
            "--no-sync",
        )
        options = " ".join(
            [
                "-c listen_addresses=''",
                f"-c unix_socket_directories='{self.folder}'",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=200",
            ]
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "--pgdata",
            str(self.data),
            "--log",
            str(self.log),
            "--wait",
            "--timeout",
            str(START_TIMEOUT_SECONDS),
            "--options",
            options,
            "start",
        )

    def stop(self) -> None:
        """Stop the server (if it runs) and delete its data."""
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                [
                    *self._as,
                    str(self.bin / "pg_ctl"),
                    "stop",
                    "--mode",
                    "immediate",
                    "--wait",
                    "--pgdata",
                    str(self.data),
                ],
                capture_output=True,
                timeout=START_TIMEOUT_SECONDS,
                check=False,
            )
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of a database on this server (psycopg 3, over the socket)."""
        return f"postgresql+psycopg://postgres@/{database}?host={self.folder}"

    def create_database(self) -> str:
        """A new, empty database; its SQLAlchemy URL."""
        import psycopg

        name = f"vraagbaak_test_{next(self._names)}"
        with psycopg.connect(
            host=str(self.folder), user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')  # name is ours, not input
        return self.url(name)

    def __enter__(self) -> PostgresServer:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
