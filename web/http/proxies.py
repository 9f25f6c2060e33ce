"""Which client a request comes from behind reverse proxies we trust.

Trusted proxies are listed by address or CIDR range (``VRAAGBAAK_FORWARDED_ALLOW_IPS``).
Only when the connecting peer is one of them are ``X-Forwarded-For`` and
``X-Forwarded-Proto`` read. The client is then the right-most address of the chain that is
not a trusted proxy: with nginx's ``$proxy_add_x_forwarded_for`` the client may write any
addresses on the left, but the one on the right was written by our own proxy. Nothing else
in the app reads forwarded headers; uvicorn's own handling is off (``app.py``).
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_networks(spec: str) -> tuple[Network, ...]:
    """``"127.0.0.1, 10.0.0.0/8, ::1"`` as networks; ``*`` and anything else is refused."""
    networks = []
    for item in spec.replace(",", " ").split():
        if item == "*":
            raise ValueError(
                "'*' would let any client choose its own address (and rate-limit bucket); "
                "list the proxies' addresses or CIDR ranges, e.g. '127.0.0.1' or '10.0.0.0/8'"
            )
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"{item!r} is not an IP address or CIDR range") from None
    return tuple(networks)


def _address(text: str) -> Address | None:
    """An address from a forwarded entry (``1.2.3.4``, ``1.2.3.4:80``, ``[::1]:80``)."""
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else text
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


class TrustedProxies:
    """The proxies whose forwarded headers count."""

    def __init__(self, spec: str) -> None:
        self.networks = parse_networks(spec)

    def trusts(self, host: str | None) -> bool:
        """Whether ``host`` is one of the trusted proxies."""
        address = _address(host or "")
        return address is not None and any(address in net for net in self.networks)

    def client(self, peer: str, forwarded_for: str) -> str:
        """The client behind ``peer`` (a trusted proxy): the right-most untrusted address.

        An entry that is not an address stops the walk at the proxy that reported it; a
        chain of trusted proxies only ends at its left-most address.
        """
        client = peer
        for entry in reversed([e for e in forwarded_for.split(",") if e.strip()]):
            address = _address(entry)
            if address is None:
                break
            client = str(address)
            if not any(address in net for net in self.networks):
                break
        return client


FROM_TRUSTED_PROXY = "vraagbaak.from_trusted_proxy"
"""Scope key set (True) when the request came through a trusted proxy: only then are the
headers a proxy adds (``X-Request-ID`` too, ``web.logs``) believed."""


class ForwardedHeaders:
    """ASGI middleware: the client and scheme that trusted proxies forward."""

    def __init__(self, app: ASGIApp, *, trusted: str) -> None:
        self.app = app
        self.proxies = TrustedProxies(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            peer = (scope.get("client") or ("", 0))[0]
            if isinstance(peer, str) and self.proxies.trusts(peer):
                scope = self._forwarded(dict(scope), peer)
        await self.app(scope, receive, send)

    def _forwarded(self, scope: Scope, peer: str) -> Scope:
        chain, proto = [], None
        for name, value in scope["headers"]:
            if name == b"x-forwarded-for":
                chain.append(value.decode("latin-1"))
            elif name == b"x-forwarded-proto":
                proto = value.decode("latin-1").split(",")[0].strip().lower()
        if chain:
            scope["client"] = (self.proxies.client(peer, ",".join(chain)), 0)
        if proto in ("http", "https"):
            scope["scheme"] = proto if scope["type"] == "http" else proto.replace("http", "ws")
        scope[FROM_TRUSTED_PROXY] = True
        return scope
