"""Abuse limits: questions per client (API and chat), behind a proxy, and questions in flight."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from types import SimpleNamespace
from typing import Any

import anyio
import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from gradio_client import Client
from pydantic import ValidationError

from chatbot.answer import Answer
from chatbot.service import Chatbot
from indexer.settings import Settings
from tests.fakes import HashingEmbedder
from tests.web.conftest import ALWAYS_IN_SCOPE, READY_TIMEOUT, make_bot
from tests.web.servers import AppServer
from web.chat.ask_endpoint import ask_handler
from web.http.proxies import ForwardedHeaders, TrustedProxies
from web.questions import gate
from web.questions.backend import Service
from web.questions.gate import BUSY_MESSAGE, Refusal, rate_limited_message
from web.questions.limits import InFlight, Limited, RateLimiter, client_key, network_key
from web.server import create_app

QUESTION = {"question": "Wat is de UiT-pas?"}


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_gets_its_burst_then_one_question_per_interval() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=6, burst=3, clock=clock)  # one per 10 s after 3
    assert [limiter.hit("192.0.2.1") for _ in range(3)] == [None, None, None]
    refused = limiter.hit("192.0.2.1")
    assert isinstance(refused, Limited)
    assert refused.seconds == 10
    clock.now += 4
    refused = limiter.hit("192.0.2.1")
    assert refused is not None and refused.seconds == 6
    clock.now += 6
    assert limiter.hit("192.0.2.1") is None
    assert limiter.hit("192.0.2.1") is not None
    assert limiter.hit("192.0.2.2") is None, "another client has its own allowance"
    clock.now += 30
    assert [limiter.hit("192.0.2.1") for _ in range(3)] == [None, None, None]


def test_no_limit_when_switched_off_or_without_an_address() -> None:
    assert all(RateLimiter(0, 1).hit("192.0.2.1") is None for _ in range(100))
    assert all(RateLimiter(1, 1).hit(None) is None for _ in range(100))


def test_ipv6_clients_count_per_64_and_mapped_ipv4_as_ipv4() -> None:
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::2")
    assert client_key("2001:db8:1:2::1") != client_key("2001:db8:1:3::1")
    assert client_key("::ffff:192.0.2.7") == "192.0.2.7"
    assert client_key("testclient") == "testclient"
    assert client_key("") is None


def test_memory_stays_bounded_under_many_addresses() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=1, max_clients=100, clock=clock)
    for i in range(1000):
        limiter.hit(f"10.0.{i // 256}.{i % 256}")
    assert len(limiter) <= 100
    clock.now += 3600
    limiter.hit("10.9.9.9")
    assert len(limiter) <= 100


def test_when_full_clients_whose_allowance_is_whole_are_forgotten_before_the_idle_ones() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=3, max_clients=2, clock=clock)
    for _ in range(3):
        assert limiter.hit("10.0.0.1") is None  # the burst spent: whole again in 3 s
    clock.now += 0.5
    limiter.hit("10.0.0.2")  # more recent, but whole again in 1 s
    clock.now += 1.5
    limiter.hit("10.0.0.3")  # a third client: one of the two must go
    allowed = 0
    while limiter.hit("10.0.0.1") is None:
        allowed += 1
    assert allowed == 2, "the first client's spent burst is remembered (3 if forgotten)"


def test_in_flight_places_are_bounded() -> None:
    places = InFlight(2)
    assert places.enter() and places.enter()
    assert not places.enter()
    places.leave()
    assert places.enter()


@pytest.fixture
def limited_settings(web_settings: Settings) -> Settings:
    """Two questions at once per client, then one every 10 s."""
    return web_settings.model_copy(update={"rate_limit_per_minute": 6.0, "rate_limit_burst": 2})


def test_the_api_answers_429_with_retry_after_and_the_chat_asks_to_wait(
    limited_settings: Settings,
) -> None:
    app = create_app(limited_settings, make_bot(limited_settings))
    with TestClient(app) as client:
        assert app.state.service.wait_ready(READY_TIMEOUT)
        assert [client.post("/api/ask", json=QUESTION).status_code for _ in range(2)] == [200] * 2
        refused = client.post("/api/ask", json=QUESTION)
        assert refused.status_code == 429
        assert refused.json()["error"] == "rate_limited"
        seconds = int(refused.headers["retry-after"])
        assert 1 <= seconds <= 10
        assert refused.json()["message"] == rate_limited_message(seconds)
        assert "Wacht" in refused.json()["message"]
        # Refused questions do not count, and bad requests are not questions.
        assert client.post("/api/ask", json={"question": ""}).status_code == 422

    service = Service(make_bot(limited_settings), limited_settings)
    handler: Any = ask_handler(service)  # Gradio also passes its request

    request = SimpleNamespace(client=SimpleNamespace(host="198.51.100.4"), headers={})
    replies = [anyio.run(handler, "Wat is de UiT-pas?", [], request) for _ in range(3)]
    assert replies[0].startswith("In de nota staat hierover:")
    assert replies[1].startswith("In de nota staat hierover:")
    assert replies[2].startswith("U stelt veel vragen kort na elkaar. Wacht")


class ProxiedServer(AppServer):
    """The app under uvicorn as ``app.py`` runs it: uvicorn's proxy headers off, the app's
    own (``web.http.proxies``) trusting ``forwarded_allow_ips``."""

    def __init__(self, settings: Settings, forwarded_allow_ips: str) -> None:
        settings = settings.model_copy(update={"forwarded_allow_ips": forwarded_allow_ips})
        app = create_app(settings, make_bot(settings))
        super().__init__(app)
        self.app = app
        config = uvicorn.Config(
            app,
            log_level="warning",
            lifespan="on",
            ws="none",
            proxy_headers=False,
            timeout_graceful_shutdown=1,  # Gradio's client may leave a stream open
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )


@pytest.fixture
def behind_a_proxy(limited_settings: Settings) -> Iterator[str]:
    """The app trusting X-Forwarded-For from 127.0.0.1, the address tests connect from."""
    server = ProxiedServer(limited_settings, "127.0.0.1")
    with server as url:
        assert server.app.state.service.wait_ready(READY_TIMEOUT)
        yield url


def statuses(url: str, forwarded_for: str | None, count: int) -> list[int]:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    with httpx.Client(base_url=url, timeout=30, headers=headers) as http:
        return [http.post("/api/ask", json=QUESTION).status_code for _ in range(count)]


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit(
    behind_a_proxy: str,
) -> None:
    assert statuses(behind_a_proxy, "203.0.113.1", 3) == [200, 200, 429]
    assert statuses(behind_a_proxy, "203.0.113.2", 3) == [200, 200, 429]
    assert statuses(behind_a_proxy, "198.51.100.9, 203.0.113.3", 2) == [200, 200]
    # What the client writes on the left of $proxy_add_x_forwarded_for does not matter:
    spoofed = [statuses(behind_a_proxy, f"192.0.2.{n}, 203.0.113.4", 1)[0] for n in range(3)]
    assert spoofed == [200, 200, 429]


def test_forwarded_headers_from_an_untrusted_peer_are_ignored(limited_settings: Settings) -> None:
    server = ProxiedServer(limited_settings, "10.9.9.9")  # a proxy that is not us
    with server as url:
        assert server.app.state.service.wait_ready(READY_TIMEOUT)
        assert statuses(url, "203.0.113.1", 2) == [200, 200]
        assert statuses(url, "203.0.113.2", 1) == [429], "both are really 127.0.0.1"


def test_the_chat_through_gradio_shares_the_clients_limit(behind_a_proxy: str) -> None:
    assert statuses(behind_a_proxy, None, 3) == [200, 200, 429]
    client = Client(behind_a_proxy, verbose=False, analytics_enabled=False)
    try:
        reply = client.predict("Wat is een onthardingsmakelaar?", api_name="/ask")
    finally:
        client.close()
    assert isinstance(reply, str)
    assert reply.startswith("U stelt veel vragen kort na elkaar. Wacht")


class BlockingBot(Chatbot):
    """Answers only once the test lets it."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings, HashingEmbedder(), ALWAYS_IN_SCOPE)
        self.release = threading.Event()
        self.started = threading.Event()

    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        self.started.set()
        assert self.release.wait(READY_TIMEOUT)
        return super().ask(question, history)


async def until(condition: Callable[[], bool]) -> None:
    """Wait for ``condition`` to hold, checking between the event loop's other tasks."""
    with anyio.fail_after(READY_TIMEOUT):
        while not condition():
            await anyio.sleep(0.005)


def test_a_flood_is_turned_away_as_busy_and_waiting_is_bounded_in_time(
    web_settings: Settings,
) -> None:
    settings = web_settings.model_copy(
        update={"concurrency_limit": 1, "max_waiting": 1, "request_timeout_seconds": 0.5}
    )
    bot = BlockingBot(settings)
    service = Service(bot, settings)

    async def ask(client: str) -> Answer | Refusal:
        return await gate.ask(
            service, "Wat is de UiT-pas?", client=client, channel="api", count_as=None
        )

    async def flood() -> list[Answer | Refusal]:
        results: list[Answer | Refusal] = []

        async def one(client: str) -> None:
            results.append(await ask(client))

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(one, "192.0.2.1")  # answering (blocked)
            await anyio.to_thread.run_sync(bot.started.wait, READY_TIMEOUT)
            tasks.start_soon(one, "192.0.2.2")  # waiting for the answering slot
            await until(lambda: service.limits.in_flight.count == 2)
            third = await ask("192.0.2.3")
            assert isinstance(third, Refusal)
            assert (third.status, third.code, third.message) == (503, "busy", BUSY_MESSAGE)
            assert third.retry_after is not None
            await until(lambda: len(results) == 1)  # the waiting one gives up after 0.5 s
            bot.release.set()
        return results

    results = anyio.run(flood)
    refusals = [r for r in results if isinstance(r, Refusal)]
    assert [r.code for r in refusals] == ["busy"] * len(refusals)
    assert len(refusals) >= 1, "the question that waited too long is turned away"
    assert service.limits.in_flight.count == 0, "every place is given back"


def proxied_statuses(app: Any, peer: str, chains: Sequence[str]) -> list[int]:
    with TestClient(app, client=(peer, 40000)) as client:
        assert app.state.service.wait_ready(READY_TIMEOUT)
        return [
            client.post("/api/ask", json=QUESTION, headers={"X-Forwarded-For": chain}).status_code
            for chain in chains
        ]


def test_the_client_is_the_right_most_address_that_is_not_a_trusted_proxy(
    limited_settings: Settings,
) -> None:
    settings = limited_settings.model_copy(update={"forwarded_allow_ips": "10.0.0.0/8, ::1"})
    app = create_app(settings, make_bot(settings))
    spoofs = [f"198.51.100.{n}" for n in range(3)]
    assert proxied_statuses(app, "10.1.2.3", [f"{s}, 203.0.113.5" for s in spoofs]) == [
        200,
        200,
        429,
    ]
    # Through two proxies of ours (10.9.9.9 is in the trusted range): still the client.
    chains = [f"{s}, 203.0.113.6, 10.9.9.9" for s in spoofs]
    assert proxied_statuses(app, "10.1.2.3", chains) == [200, 200, 429]
    # From a peer that is not a proxy, the header is the client's own invention.
    chains = [f"203.0.113.{n}" for n in range(10, 13)]
    assert proxied_statuses(app, "192.0.2.50", chains) == [200, 200, 429]


def test_forwarded_entries_and_trust_lists() -> None:
    proxies = TrustedProxies("127.0.0.1, 10.0.0.0/8, 2001:db8:ff::/48")
    assert proxies.trusts("10.200.0.1") and proxies.trusts("::ffff:127.0.0.1")
    assert not proxies.trusts("192.0.2.1") and not proxies.trusts("testclient")
    assert proxies.client("127.0.0.1", "[2001:db8::5]:443") == "2001:db8::5"
    assert proxies.client("127.0.0.1", "203.0.113.9:5000, 10.0.0.1") == "203.0.113.9"
    assert proxies.client("127.0.0.1", "10.0.0.2, 10.0.0.1") == "10.0.0.2"
    assert proxies.client("127.0.0.1", "evil, 10.0.0.1") == "10.0.0.1"
    assert proxies.client("127.0.0.1", "") == "127.0.0.1"
    for spec in ("*", "127.0.0.1,*", "proxy.local"):
        with pytest.raises(ValueError):
            TrustedProxies(spec)
        with pytest.raises(ValidationError):
            Settings(forwarded_allow_ips=spec)


def test_the_forwarded_scheme_counts_only_from_a_trusted_proxy() -> None:
    seen: list[tuple[Any, str]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append((scope["client"], scope["scheme"]))
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    wrapped = ForwardedHeaders(app, trusted="127.0.0.1")
    headers = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    TestClient(wrapped, client=("127.0.0.1", 1)).get("/", headers=headers)
    TestClient(wrapped, client=("192.0.2.1", 1)).get("/", headers=headers)
    assert seen == [(("203.0.113.7", 0), "https"), (("192.0.2.1", 1), "http")]


def test_an_ipv6_site_shares_a_larger_allowance_over_its_64s(
    limited_settings: Settings,
) -> None:
    settings = limited_settings.model_copy(update={"rate_limit_ipv6_48_clients": 3})
    limiter = RateLimiter.from_settings(settings)
    hops = [f"2001:db8:7:{n:x}::1" for n in range(6)]
    refused = [limiter.hit(host) is not None for host in hops for _ in range(2)]
    assert refused == [False] * 6 + [True] * 6  # three /64s' worth, then the /48 is spent
    assert limiter.hit("2001:db8:8::1") is None  # another site
    assert limiter.hit("192.0.2.1") is None and network_key("192.0.2.1") is None
    assert network_key("2001:db8:7:5::1") == "2001:db8:7::/48"
