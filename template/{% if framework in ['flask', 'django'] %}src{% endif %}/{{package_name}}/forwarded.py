"""The client's address behind reverse proxies, found the way uvicorn finds it.

Only a request arriving from a trusted proxy (FORWARDED_ALLOW_IPS: addresses and networks,
or "*" alone for every peer) has its X-Forwarded-For read. Each proxy appends the address it
saw, so walking the header from the right, the first address that is not a trusted proxy is
the client, and what a client wrote into the header itself sits further left, unread. With
"*" every hop is trusted and the leftmost wins: use it only when nothing but your proxy can
reach the app. Rate limits and logs then tell clients apart instead of counting everyone as
the proxy.
"""

import ipaddress
from collections.abc import Iterable
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment


def _host(hop: str) -> str:
    """A hop without its port: "198.51.100.1:4711" and "[2001:db8::1]:443" name the host."""
    if hop.startswith("["):
        return hop[1 : hop.find("]")] if "]" in hop else hop
    if hop.count(":") == 1:
        return hop.split(":", 1)[0]
    return hop


class TrustedProxies:
    def __init__(self, trusted: Iterable[str]) -> None:
        entries = [entry.strip() for entry in trusted if entry.strip()]
        self._everyone = entries == ["*"]
        try:
            self._networks = [] if self._everyone else [ipaddress.ip_network(e) for e in entries]
        except ValueError as error:
            raise ValueError(f"FORWARDED_ALLOW_IPS: {error}") from None

    def __contains__(self, address: str) -> bool:
        if self._everyone:
            return True
        try:
            ip = ipaddress.ip_address(_host(address))
        except ValueError:
            return False
        # A dual-stack server sees IPv4 peers as ::ffff:a.b.c.d.
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return any(ip in network for network in self._networks)

    def client_address(self, peer: str, forwarded_for: str | None) -> str:
        """The client's address, given the connection's peer and its X-Forwarded-For."""
        if not forwarded_for or peer not in self:
            return peer
        hops = [_host(hop.strip()) for hop in forwarded_for.split(",")]
        if not all(hops):
            # A malformed header (an empty hop): believe only the connection.
            return peer
        untrusted = (hop for hop in reversed(hops) if hop not in self)
        # Every hop trusted: the leftmost is the furthest anyone can see.
        return next(untrusted, hops[0])


def forwarded_for(app: WSGIApplication, trusted: Iterable[str]) -> WSGIApplication:
    """``app`` with REMOTE_ADDR set to the client's address (see `TrustedProxies`)."""
    proxies = TrustedProxies(trusted)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        environ["REMOTE_ADDR"] = proxies.client_address(
            environ.get("REMOTE_ADDR", ""), environ.get("HTTP_X_FORWARDED_FOR")
        )
        return app(environ, start_response)

    return application
