"""Who may use the staff routes: the access code, the session cookie and failed attempts.

- The access code (``VRAAGBAAK_STAFF_TOKEN``) must be at least 32 characters long.
- The session cookie is ``<issued>.<signature>``, signed with a key derived from a random
  secret kept in the data folder and from a hash of the code: the code itself never signs
  anything, so a leaked cookie does not help to guess it, and changing the code still signs
  everyone out. Replicas sharing the data folder share the secret.
- Cross-site request forgery: a state-changing request that a cookie authorizes (and the
  sign-in and sign-out forms) must come from the page's own origin, as the browser says in
  ``Sec-Fetch-Site`` or, without it, ``Origin``; SameSite alone lets a sibling site
  (``www.igemo.be`` for ``chat.igemo.be``) through.
- Failed attempts (a wrong code in the form or as ``Authorization: Bearer``, a forged cookie)
  are limited per client on every staff route and logged, never with the code that was tried;
  a client over the limit gets 429 for a while, whatever it sends.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from starlette.requests import Request

from indexer.settings import MIN_STAFF_TOKEN_CHARS as MIN_TOKEN_CHARS
from web.questions.limits import Limited, RateLimiter, Tiered, network_key

COOKIE = "vraagbaak_staff"
SESSION_SECONDS = 8 * 3600
MAX_FAILURES = 10
"""Failed attempts one client may make in quick succession ..."""
FAILURES_PER_HOUR = 20
"""... and then per hour."""
SECRET_FILE = "staff-session.key"
_ISSUED = re.compile(r"[0-9]{1,12}")

log = logging.getLogger(__name__)

Via = Literal["bearer", "cookie"]


class TokenTooShortError(ValueError):
    """The configured access code is shorter than ``MIN_TOKEN_CHARS``."""


def check_token(token: str) -> None:
    """Refuse an access code that is set but too short to resist guessing."""
    if 0 < len(token) < MIN_TOKEN_CHARS:
        raise TokenTooShortError(
            f"VRAAGBAAK_STAFF_TOKEN has {len(token)} characters; use at least "
            f"{MIN_TOKEN_CHARS}, e.g. $(openssl rand -hex 16)"
        )


def session_secret(data_dir: Path) -> bytes:
    """The random secret in ``data_dir`` that session keys derive from, made on first use.

    Written to a temporary file and linked into place, so that replicas starting together
    agree on one secret.
    """
    path = data_dir / SECRET_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        temporary = data_dir / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_hex(32))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process was first: use its secret
        finally:
            temporary.unlink()
    return bytes.fromhex(path.read_text().strip())


def session_key(secret: bytes, token: str) -> bytes:
    """The cookie signing key: from the secret and a hash of the code, never the code."""
    fingerprint = hashlib.sha256(token.encode()).digest()
    return hmac.new(secret, b"vraagbaak-staff-session\0" + fingerprint, hashlib.sha256).digest()


def session_value(key: bytes, issued: int | None = None) -> str:
    """A session cookie's value: when it was issued, signed with ``key``."""
    issued = int(time.time()) if issued is None else issued
    return f"{issued}.{_signature(key, issued)}"


def _signature(key: bytes, issued: int) -> str:
    return hmac.new(key, f"vraagbaak-staff:{issued}".encode(), hashlib.sha256).hexdigest()


def same_origin(request: Request) -> bool:
    """Whether a browser sent ``request`` from the app's own origin.

    ``Sec-Fetch-Site`` (set by the browser, never by a page) decides when present; else
    ``Origin`` must be this app's scheme, host and port. A request with neither is refused:
    every browser of the last years sends one of them with a POST.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("origin")
    if origin is None:
        return False
    return origin.rstrip("/").lower() == f"{request.url.scheme}://{request.url.netloc}".lower()


@dataclass(frozen=True, slots=True)
class Access:
    """What a request's credentials are worth."""

    via: Via | None = None
    """How it is authorized; None when it is not."""
    failed: bool = False
    """It carried a wrong code or a forged cookie (counted as a failed attempt)."""
    limited: Limited | None = None
    """The client is over its limit of failed attempts: refuse, whatever it sent."""


def failure_limiter(ipv6_48_clients: int) -> Tiered:
    """``MAX_FAILURES`` failed attempts in a row, then ``FAILURES_PER_HOUR``, per client (an
    IPv4 address or an IPv6 /64); an IPv6 /48 (one site) shares ``ipv6_48_clients`` times as
    many, so that hopping /64s does not multiply the guesses (as for questions)."""
    rate = FAILURES_PER_HOUR / 60
    per_site = RateLimiter(rate * ipv6_48_clients, MAX_FAILURES * ipv6_48_clients, key=network_key)
    return Tiered(RateLimiter(rate, MAX_FAILURES), per_site)


class StaffAuth:
    """Checks credentials on the staff routes and counts failed attempts per client."""

    def __init__(
        self,
        token: str,
        key: bytes,
        *,
        failures: RateLimiter | Tiered | None = None,
        ipv6_48_clients: int = 16,
    ) -> None:
        check_token(token)
        self._token = token.encode()
        self.key = key
        self.failures = failures or failure_limiter(ipv6_48_clients)

    def new_session(self) -> str:
        """The value of a fresh session cookie."""
        return session_value(self.key)

    def check(self, request: Request) -> Access:
        """Whether ``request`` may use the staff routes (by Bearer code or cookie)."""
        host = request.client.host if request.client else None
        if (limited := self.failures.peek(host)) is not None:
            return Access(limited=limited)
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            if self.matches(given.strip()):
                return Access(via="bearer")
            return self.failure(request, "bearer")
        cookie = request.cookies.get(COOKIE)
        if cookie is None:
            return Access()
        issued = self._signed_time(cookie)
        if issued is None:
            return self.failure(request, "cookie")
        fresh = 0 <= time.time() - issued <= SESSION_SECONDS
        return Access(via="cookie") if fresh else Access()  # expired: sign in again

    def _signed_time(self, cookie: str) -> int | None:
        """When a session cookie was issued, if its signature is right."""
        issued_text, _, signature = cookie.partition(".")
        if not _ISSUED.fullmatch(issued_text):
            return None  # also a time stamp too long to be a time (once a 500)
        issued = int(issued_text)
        expected = _signature(self.key, issued).encode()
        return issued if hmac.compare_digest(signature.encode(), expected) else None

    def matches(self, given: str) -> bool:
        """Whether ``given`` is the access code (in constant time)."""
        return hmac.compare_digest(given.encode(), self._token)

    def failure(self, request: Request, kind: str) -> Access:
        """Count and log a failed attempt from the request's client (never what it tried)."""
        host = request.client.host if request.client else None
        limited = self.failures.hit(host)
        log.warning(
            "Staff access refused: wrong %s on %s %s%s",
            {"bearer": "Bearer code", "cookie": "session cookie", "form": "access code"}[kind],
            request.method,
            request.url.path,
            "; this client is now blocked" if limited or self.failures.peek(host) else "",
        )
        return Access(failed=True, limited=limited)
