"""Abuse limits shared by the chat and the API: questions per client, and questions in flight.

The client is the address in the ASGI scope. Behind a reverse proxy, ``web.http.proxies`` has
already replaced it with the right-most ``X-Forwarded-For`` address that is not a trusted
proxy (``forwarded_allow_ips``); nothing here reads forwarded headers itself. An IPv6 client
is its /64, and each /48 has a shared, larger allowance as well.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import anyio
from cachetools import TLRUCache

if TYPE_CHECKING:
    from indexer.settings import Settings

MAX_CLIENTS = 100_000
"""Clients remembered at most; beyond that the longest idle are forgotten (memory stays bounded)."""


@dataclass(frozen=True, slots=True)
class Limited:
    """A refused question: the client may ask again after ``retry_after`` seconds."""

    retry_after: float

    @property
    def seconds(self) -> int:
        """Whole seconds to wait, at least 1: the ``Retry-After`` value."""
        return max(1, math.ceil(self.retry_after))


def client_key(host: str | None) -> str | None:
    """Whom to count a request against: the IPv4 address, the /64 network of an IPv6 address
    (one household or server usually holds a whole /64), or ``host`` as it is."""
    if not host:
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def network_key(host: str | None) -> str | None:
    """The /48 network of an IPv6 client (one site); None for IPv4 and anything else."""
    try:
        address = ipaddress.ip_address(host or "")
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv4Address) or address.ipv4_mapped is not None:
        return None
    return str(ipaddress.IPv6Network((address, 48), strict=False))


class RateLimiter:
    """Questions per client: a steady rate with a burst allowance (the generic cell rate
    algorithm: one timestamp per client). Safe across threads."""

    def __init__(
        self,
        per_minute: float,
        burst: int,
        *,
        max_clients: int = MAX_CLIENTS,
        clock: Callable[[], float] = time.monotonic,
        key: Callable[[str | None], str | None] = client_key,
    ) -> None:
        self.key = key
        """Whom an event counts against (by default the client: IPv4 address or IPv6 /64)."""
        self.enabled = per_minute > 0
        self.interval = 60.0 / per_minute if self.enabled else 0.0
        self.tolerance = self.interval * (max(burst, 1) - 1)
        self.max_clients = max_clients
        self._clock = clock
        self._due: TLRUCache[str, float] = TLRUCache(max_clients, _until_due, timer=clock)
        """Per client, when its allowance is fully spent ("theoretical arrival time"). A
        client is forgotten once that time has passed (its allowance is whole again), and
        beyond ``max_clients`` the longest idle go first."""
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimiter | Tiered:
        """The question limiter the settings describe: per client, and per IPv6 /48."""
        return cls.tiered(settings.rate_limit_per_minute, settings.rate_limit_burst, settings)

    @classmethod
    def tiered(cls, per_minute: float, burst: int, settings: Settings) -> Tiered:
        """``per_minute`` and ``burst`` per client, and ``rate_limit_ipv6_48_clients`` times
        as much for each IPv6 /48."""
        clients = settings.rate_limit_ipv6_48_clients
        per_site = cls(per_minute * clients, burst * clients, key=network_key)
        return Tiered(cls(per_minute, burst), per_site)

    def hit(self, host: str | None) -> Limited | None:
        """Count one question from ``host``; ``Limited`` if it is over its limit.

        A refused question does not count. Without an address (a call in process) there is
        nothing to count against.
        """
        return self._check(host, count=True)

    def peek(self, host: str | None) -> Limited | None:
        """Whether one more event from ``host`` would be refused, without counting it."""
        return self._check(host, count=False)

    def _check(self, host: str | None, *, count: bool) -> Limited | None:
        key = self.key(host)
        if not self.enabled or key is None:
            return None
        with self._lock:
            now = self._clock()
            due = max(self._due.get(key, now), now)
            if due - now > self.tolerance:
                return Limited(due - self.tolerance - now)
            if count:
                self._due[key] = due + self.interval
        return None

    def __len__(self) -> int:
        return len(self._due)


def _until_due(key: str, due: float, now: float) -> float:
    """A client's entry is needed until its allowance is whole again."""
    del key, now
    return due


class Tiered:
    """Limiters that must all let an event through; it counts in each only if they do."""

    def __init__(self, *limiters: RateLimiter) -> None:
        self.limiters = limiters
        self._lock = threading.Lock()

    def peek(self, host: str | None) -> Limited | None:
        """The longest wait any of the limiters asks for, without counting."""
        waits = [limited for r in self.limiters if (limited := r.peek(host)) is not None]
        return max(waits, key=lambda limited: limited.retry_after, default=None)

    def hit(self, host: str | None) -> Limited | None:
        """Count one event in every limiter, or refuse it in all of them."""
        with self._lock:
            if (limited := self.peek(host)) is not None:
                return limited
            for limiter in self.limiters:
                limiter.hit(host)
        return None

    def __len__(self) -> int:
        return len(self.limiters[0])


class InFlight:
    """The one concurrency gate: at most ``bound`` questions in flight (being answered or
    waiting for a slot), of which at most ``answering`` are answered at once."""

    def __init__(self, bound: int, answering: int | None = None) -> None:
        self.bound = bound
        self.answering = bound if answering is None else answering
        self.count = 0
        self._lock = threading.Lock()
        self._slots: anyio.CapacityLimiter | None = None

    def enter(self) -> bool:
        """Take a place; False (and no place taken) when all places are taken."""
        with self._lock:
            if self.count >= self.bound:
                return False
            self.count += 1
            return True

    def leave(self) -> None:
        """Give a place back."""
        with self._lock:
            self.count -= 1

    @property
    def slots(self) -> anyio.CapacityLimiter:
        """The answering slots (worker threads), made on the running event loop."""
        if self._slots is None:
            self._slots = anyio.CapacityLimiter(self.answering)
        return self._slots

    def reset(self) -> None:
        """Forget the slots; the next question makes them on the running event loop."""
        self._slots = None


@dataclass(frozen=True)
class Limits:
    """The limits of one app: questions per client, and questions in flight."""

    rate: RateLimiter | Tiered
    in_flight: InFlight
    events: RateLimiter | Tiered
    """The chat's other events per client: ratings, comments, browsing, language, clearing."""
    wait_seconds: float
    """How long a question may wait for a free answering slot."""

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """The limits the settings describe: ``concurrency_limit`` answering plus
        ``max_waiting`` waiting, for at most ``request_timeout_seconds``."""
        return cls(
            rate=RateLimiter.from_settings(settings),
            in_flight=InFlight(
                settings.concurrency_limit + settings.max_waiting, settings.concurrency_limit
            ),
            events=RateLimiter.tiered(
                settings.event_rate_limit_per_minute, settings.event_rate_limit_burst, settings
            ),
            wait_seconds=settings.request_timeout_seconds,
        )
