"""Load test of ``POST /api/ask`` on this machine: ``python benchmarks/load.py [options]``.

N clients (threads with a kept-alive connection each) ask a mix of the evaluation questions
for T seconds and the script prints requests per second, latency percentiles and errors.
It is bounded on purpose: loopback addresses only, at most 64 clients, 600 seconds and
``--max-requests`` requests.

By default it starts its own server (``app.py`` on a free loopback port, over a copy of the
project's index in a temporary data folder, rate limit off) and stops it afterwards;
``--url http://127.0.0.1:7860`` tests a running one instead (whose rate limit will count).
``--publish`` also builds and publishes a new index version (``indexer build --force``)
while the load runs, and keeps the load on until the new version answers; ``--publish
staff`` has the server build it itself (``POST /staff/rebuild?force=1``, as from the staff
page: sentence-transformers in a child process of the server).

    python benchmarks/load.py --clients 8 --seconds 30
    python benchmarks/load.py --clients 8 --seconds 30 --unique     # no cached answers
    python benchmarks/load.py --clients 8 --seconds 30 --publish    # hot swap under load
    python benchmarks/load.py --clients 8 --seconds 30 --publish staff
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import ipaddress
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parent.parent
MAX_CLIENTS = 64
MAX_SECONDS = 600.0
MAX_REQUESTS = 1_000_000
READY_TIMEOUT = 300.0
AFTER_SWAP_SECONDS = 5.0
"""How long ``--publish`` keeps the load on once the new version answers."""
STAFF_TOKEN = f"load-test-{os.getpid()}-{secrets.token_hex(16)}"
"""The staff code of the started server, for ``--publish staff``."""
NO_LIMITS = {"VRAAGBAAK_RATE_LIMIT_PER_MINUTE": "0", "VRAAGBAAK_RELOAD_CHECK_SECONDS": "1"}
"""The started server's settings: no rate limit (all clients share one address)."""


@dataclass
class LoadResult:
    """What one load run measured."""

    clients: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    """Of the answered questions (status 200)."""
    errors: Counter[str] = field(default_factory=Counter)
    """Failed requests by status code or exception name."""
    versions: Counter[str] = field(default_factory=Counter)
    """Answers per index version."""

    @property
    def answered(self) -> int:
        return len(self.latencies_ms)

    @property
    def requests(self) -> int:
        return self.answered + sum(self.errors.values())

    def percentile(self, share: float) -> float:
        """A latency percentile in ms (nearest rank), 0 without answers."""
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]

    def figures(self) -> dict[str, Any]:
        """The figures as printed (and as ``--json`` writes them)."""
        return {
            "clients": self.clients,
            "seconds": round(self.seconds, 1),
            "requests": self.requests,
            "answered": self.answered,
            "errors": sum(self.errors.values()),
            "errors_by_kind": dict(self.errors),
            "requests_per_second": round(self.requests / self.seconds, 1) if self.seconds else 0,
            "answered_per_second": round(self.answered / self.seconds, 1) if self.seconds else 0,
            "p50_ms": round(self.percentile(0.50), 1),
            "p95_ms": round(self.percentile(0.95), 1),
            "p99_ms": round(self.percentile(0.99), 1),
            "max_ms": round(max(self.latencies_ms, default=0.0), 1),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms else 0,
            "versions": dict(self.versions),
        }


def require_loopback(url: str) -> tuple[str, int]:
    """The host and port of ``url``; refuses anything but a loopback address."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme != "http" or not host:
        raise SystemExit(f"{url}: only http:// URLs on this machine are load-tested")
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as error:
        raise SystemExit(f"{url}: {error}") from None
    if not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise SystemExit(f"{url}: refused, load tests run against loopback addresses only")
    return host, parts.port or 80


class _Client(threading.Thread):
    """One client: asks questions in turn over one kept-alive connection."""

    def __init__(
        self, host: str, port: int, questions: Sequence[str], offset: int, budget: _Run
    ) -> None:
        super().__init__(daemon=True)
        self.host = host
        self.port = port
        self.questions = questions
        self.offset = offset
        self.budget = budget
        self.latencies: list[float] = []
        self.errors: Counter[str] = Counter()
        self.versions: Counter[str] = Counter()

    def run(self) -> None:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        turn = self.offset
        try:
            while self.budget.take():
                question = self.questions[turn % len(self.questions)]
                turn += 1
                self._ask(connection, question)
        finally:
            connection.close()

    def _ask(self, connection: http.client.HTTPConnection, question: str) -> None:
        body = json.dumps({"question": question}).encode()
        headers = {"Content-Type": "application/json", "Connection": "keep-alive"}
        started = time.perf_counter()
        try:
            connection.request("POST", "/api/ask", body, headers)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.errors[type(error).__name__] += 1
            connection.close()  # reconnects on the next request
            return
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            self.errors[str(response.status)] += 1
            return
        self.latencies.append(elapsed)
        self.versions[json.loads(data)["index"]["version"]] += 1


class _Run:
    """The shared budget of a run: a deadline and a request count."""

    def __init__(self, seconds: float, max_requests: int) -> None:
        self.deadline = time.monotonic() + seconds
        self.left = max_requests
        self.until: threading.Event | None = None
        """When set, keep going past the deadline until it is set (bounded by MAX_SECONDS)."""
        self.hard_deadline = time.monotonic() + MAX_SECONDS
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            now = time.monotonic()
            waiting = self.until is not None and not self.until.is_set()
            if self.left <= 0 or now > self.hard_deadline:
                return False
            if now > self.deadline and not waiting:
                return False
            self.left -= 1
            return True


def run_load(
    url: str,
    questions: Sequence[str],
    *,
    clients: int = 8,
    seconds: float = 10.0,
    max_requests: int = 100_000,
    until: threading.Event | None = None,
) -> LoadResult:
    """Run ``clients`` clients against ``url`` for ``seconds`` (and until ``until`` is set)."""
    host, port = require_loopback(url)
    if not questions:
        raise ValueError("no questions to ask")
    clients = max(1, min(clients, MAX_CLIENTS))
    run = _Run(min(seconds, MAX_SECONDS), min(max_requests, MAX_REQUESTS))
    run.until = until
    step = max(1, len(questions) // clients)
    threads = [_Client(host, port, questions, i * step, run) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = LoadResult(clients, time.perf_counter() - started)
    for thread in threads:
        result.latencies_ms.extend(thread.latencies)
        result.errors.update(thread.errors)
        result.versions.update(thread.versions)
    return result


def time_questions(url: str, questions: Sequence[str]) -> list[float]:
    """Ask each question once, one after the other on one connection; the times in ms."""
    host, port = require_loopback(url)
    connection = http.client.HTTPConnection(host, port, timeout=60)
    headers = {"Content-Type": "application/json"}
    times = []
    try:
        for question in questions:
            body = json.dumps({"question": question}).encode()
            started = time.perf_counter()
            connection.request("POST", "/api/ask", body, headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{question!r}: status {response.status}")
            times.append((time.perf_counter() - started) * 1000)
    finally:
        connection.close()
    return times


def mixed_questions(*, unique: bool = False, count: int = 20_000) -> list[str]:
    """The evaluation questions, in a fixed shuffled order; with ``unique``, each one made
    different (a number appended) so that no answer comes from a cache."""
    import random

    from chatbot.evaluation import load_questions

    questions = [q.question for q in load_questions()]
    random.Random(6).shuffle(questions)
    if not unique:
        return questions
    return [f"{questions[i % len(questions)]} ({i})" for i in range(count)]


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """A server process started by ``serve``."""

    url: str
    process: subprocess.Popen[bytes]
    env: dict[str, str]
    log: Path
    started: float
    """``time.perf_counter()`` when the process was started."""

    def peak_rss_mb(self) -> float:
        """Peak resident memory so far (VmHWM) of the server and its child processes (the
        embedding model's), added up, in MB."""
        return sum(_peak_rss_kb(pid) for pid in _family(self.process.pid)) / 1024


def _family(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux ``/proc``)."""
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text(encoding="utf-8").split()
        for child in children:
            pids.extend(_family(int(child)))
    return pids


def _peak_rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def data_copy(target: Path) -> Path:
    """A data folder for a test server: the project's model (linked), index and the caches a
    restart finds (model fingerprint, example question vectors; copied)."""
    source = PROJECT / "var"
    target.mkdir(parents=True, exist_ok=True)
    if (source / "models").is_dir():
        (target / "models").symlink_to(source / "models")
    for cache in ("models", "examples"):
        if (source / "cache" / cache).is_dir():
            shutil.copytree(source / "cache" / cache, target / "cache" / cache)
    if (source / "index" / "current").exists():
        shutil.copytree(source / "index", target / "index", symlinks=True)
    return target


@contextlib.contextmanager
def serve(data_dir: Path, extra_env: dict[str, str] | None = None) -> Iterator[Server]:
    """``app.py`` on a free loopback port over ``data_dir``; stopped on exit."""
    port = free_port()
    env = {
        **os.environ,
        "VRAAGBAAK_DATA_DIR": str(data_dir),
        "GRADIO_ANALYTICS_ENABLED": "False",
        **NO_LIMITS,
        **(extra_env or {}),
    }
    log = data_dir / "server.log"
    with log.open("wb") as sink:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(port)],
            cwd=PROJECT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            yield Server(f"http://127.0.0.1:{port}", process, env, log, started)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def chat_page_up(url: str, timeout: float = READY_TIMEOUT) -> float:
    """Wait until the chat page answers 200 (``app.py`` builds it after the JSON API is up,
    answering 503 meanwhile); returns ``time.perf_counter()`` then."""
    return _until_ok(url, "GET", "/", None, timeout=timeout, missing="no chat page")


def first_answer(url: str, question: str, timeout: float = READY_TIMEOUT) -> float:
    """Ask ``question`` until it is answered (the server may still be starting);
    returns ``time.perf_counter()`` at the answer."""
    body = json.dumps({"question": question}).encode()
    return _until_ok(url, "POST", "/api/ask", body, timeout=timeout, missing="no answer")


def _until_ok(
    url: str, method: str, path: str, body: bytes | None, *, timeout: float, missing: str
) -> float:
    """Send the request until it answers 200; ``time.perf_counter()`` then."""
    host, port = require_loopback(url)
    headers = {} if body is None else {"Content-Type": "application/json"}
    deadline = time.monotonic() + timeout
    while True:
        connection = http.client.HTTPConnection(host, port, timeout=10)
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                return time.perf_counter()
        except (OSError, http.client.HTTPException):
            pass  # not listening yet, or the connection dropped: ask again
        finally:
            connection.close()
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url}: {missing} within {timeout:g} s")
        time.sleep(0.05)


def publish(server: Server, report: dict[str, Any], done: threading.Event) -> None:
    """Build and publish a new version (``indexer build --force``: everything embedded
    again) while the server runs; wait until the server answers from it (at most a
    minute) and a few seconds more, note what happened in ``report``, then set ``done``."""
    try:
        host, port = require_loopback(server.url)
        before = served_version(host, port)
        started = time.perf_counter()
        if STAFF_TOKEN in server.env.values():
            outcome = staff_build(host, port)
            report.update(build_s=round(time.perf_counter() - started, 1), status=outcome)
            if outcome != "published":
                return
        else:
            finished = subprocess.run(
                [sys.executable, "-m", "indexer", "build", "--force", "--quiet"],
                cwd=PROJECT,
                env=server.env,
                capture_output=True,
                text=True,
                check=False,
            )
            report.update(
                build_s=round(time.perf_counter() - started, 1), status=finished.returncode
            )
            if finished.returncode != 0:
                report["output"] = (finished.stdout + finished.stderr).strip().splitlines()[-3:]
                return
        deadline = time.monotonic() + 60
        while (now := served_version(host, port)) in (before, None):
            if time.monotonic() > deadline:
                return
            time.sleep(0.1)
        report.update(swapped_after_s=round(time.perf_counter() - started, 1), now=now)
        time.sleep(AFTER_SWAP_SECONDS)  # and some load on the new version
    finally:
        done.set()


def staff_build(host: str, port: int, timeout: float = 600.0) -> str:
    """Start a forced build on the server's staff route and wait for its outcome."""
    headers = {"Authorization": f"Bearer {STAFF_TOKEN}"}
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("POST", "/staff/rebuild?force=1", headers=headers)
    response = connection.getresponse()
    response.read()
    if response.status != 202:
        return f"HTTP {response.status}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.5)
        connection.request("GET", "/staff/rebuild", headers=headers)
        state: str = json.loads(connection.getresponse().read())["build"]["state"]
        if state != "running":
            connection.close()
            return state
    connection.close()
    return "timed out"


def served_version(host: str, port: int) -> str | None:
    """The index version ``/api/index`` reports, or None."""
    try:
        connection = http.client.HTTPConnection(host, port, timeout=10)
        connection.request("GET", "/api/index")
        response = connection.getresponse()
        data = response.read()
        connection.close()
    except OSError:
        return None
    if response.status != 200:
        return None
    version: str = json.loads(data)["version"]
    return version


def print_figures(figures: dict[str, Any]) -> None:
    """The figures, one per line."""
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8, help=f"1-{MAX_CLIENTS} (default 8)")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long (default 30)")
    parser.add_argument("--max-requests", type=int, default=100_000, help="stop after these")
    parser.add_argument("--url", help="a running server on a loopback address")
    parser.add_argument("--unique", action="store_true", help="every question different")
    parser.add_argument(
        "--publish",
        nargs="?",
        const="cli",
        choices=["cli", "staff"],
        help="publish a new index meanwhile: with indexer build (cli), or from the staff route",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="server setting"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.seconds <= MAX_SECONDS:
        parser.error(f"--clients 1-{MAX_CLIENTS} and --seconds up to {MAX_SECONDS:g}")
    if args.url and args.publish:
        parser.error("--publish needs the script's own server (no --url)")
    questions = mixed_questions(unique=args.unique)
    extra = dict(item.split("=", 1) for item in args.env)
    if args.publish == "staff":
        extra["VRAAGBAAK_STAFF_TOKEN"] = STAFF_TOKEN

    with contextlib.ExitStack() as stack:
        figures: dict[str, Any] = {}
        if args.url:
            url = args.url.rstrip("/")
            require_loopback(url)
            server = None
        else:
            data = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="vraagbaak-load-")))
            server = stack.enter_context(serve(data_copy(data / "var"), extra))
            url = server.url
            ready = first_answer(url, questions[0])
            figures["server start to first answer (s)"] = round(ready - server.started, 1)
        until: threading.Event | None = None
        report: dict[str, Any] = {}
        if args.publish and server is not None:
            until = threading.Event()
            threading.Thread(target=publish, args=(server, report, until), daemon=True).start()
        result = run_load(
            url,
            questions,
            clients=args.clients,
            seconds=args.seconds,
            max_requests=args.max_requests,
            until=until,
        )
        figures.update(result.figures())
        if until is not None:
            figures["publish"] = report
        if server is not None:
            figures["server peak memory (MB)"] = round(server.peak_rss_mb())
    if args.json:
        print(json.dumps(figures))
    else:
        print_figures(figures)
    return 1 if result.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
