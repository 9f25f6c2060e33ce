"""Abuse limits shared by the chat and the API: questions per client, and questions in flight.

The client is the address in the ASGI scope. Behind a reverse proxy, uvicorn's proxy-header
handling has already replaced it with the ``X-Forwarded-For`` address, and only when the
proxy is in ``forwarded_allow_ips``; nothing here reads forwarded headers itself.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
    ) -> None:
        self.enabled = per_minute > 0
        self.interval = 60.0 / per_minute if self.enabled else 0.0
        self.tolerance = self.interval * (max(burst, 1) - 1)
        self.max_clients = max_clients
        self._clock = clock
        self._due: OrderedDict[str, float] = OrderedDict()
        """Per client, when its allowance is fully spent ("theoretical arrival time")."""
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimiter:
        """The limiter the settings describe."""
        return cls(settings.rate_limit_per_minute, settings.rate_limit_burst)

    def hit(self, host: str | None) -> Limited | None:
        """Count one question from ``host``; ``Limited`` if it is over its limit.

        A refused question does not count. Without an address (a call in process) there is
        nothing to count against.
        """
        key = client_key(host)
        if not self.enabled or key is None:
            return None
        with self._lock:
            now = self._clock()
            due = max(self._due.get(key, now), now)
            if due - now > self.tolerance:
                return Limited(due - self.tolerance - now)
            self._due[key] = due + self.interval
            self._due.move_to_end(key)
            if len(self._due) > self.max_clients:
                self._forget(now)
        return None

    def peek(self, host: str | None) -> Limited | None:
        """Whether one more event from ``host`` would be refused, without counting it."""
        key = client_key(host)
        if not self.enabled or key is None:
            return None
        with self._lock:
            now = self._clock()
            due = max(self._due.get(key, now), now)
            if due - now > self.tolerance:
                return Limited(due - self.tolerance - now)
        return None

    def _forget(self, now: float) -> None:
        """Drop clients whose allowance is whole again, then the longest idle ones."""
        for key in [key for key, due in self._due.items() if due <= now]:
            del self._due[key]
        while len(self._due) > self.max_clients:
            self._due.popitem(last=False)

    def __len__(self) -> int:
        return len(self._due)


class InFlight:
    """Counts questions being answered or waiting for a slot; refuses beyond a bound."""

    def __init__(self, bound: int) -> None:
        self.bound = bound
        self.count = 0
        self._lock = threading.Lock()

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


@dataclass(frozen=True)
class Limits:
    """The limits of one app: questions per client, and questions in flight."""

    rate: RateLimiter
    in_flight: InFlight
    wait_seconds: float
    """How long a question may wait for a free answering slot."""

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """The limits the settings describe: ``concurrency_limit`` answering plus
        ``max_waiting`` waiting, for at most ``request_timeout_seconds``."""
        return cls(
            rate=RateLimiter.from_settings(settings),
            in_flight=InFlight(settings.concurrency_limit + settings.max_waiting),
            wait_seconds=settings.request_timeout_seconds,
        )
