"""The client's address behind reverse proxies, found the way uvicorn finds it.

Only a request arriving from a trusted proxy (FORWARDED_ALLOW_IPS: addresses, networks, or
"*") has its X-Forwarded-For read. Each proxy appends the address it saw, so walking the
header from the right, the first address that is not a trusted proxy is the client; anything
a client wrote into the header itself sits further left and is never believed. Rate limits
and logs then tell clients apart instead of counting everyone as the proxy.
"""

import ipaddress
from collections.abc import Iterable
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment


class TrustedProxies:
    def __init__(self, trusted: Iterable[str]) -> None:
        entries = list(trusted)
        self._everyone = "*" in entries
        try:
            self._networks = [
                ipaddress.ip_network(entry, strict=False) for entry in entries if entry != "*"
            ]
        except ValueError as error:
            raise ValueError(f"FORWARDED_ALLOW_IPS: {error}") from None

    def __contains__(self, address: str) -> bool:
        if self._everyone:
            return True
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self._networks)

    def client_address(self, peer: str, forwarded_for: str | None) -> str:
        """The client's address, given the connection's peer and its X-Forwarded-For."""
        if not forwarded_for or peer not in self:
            return peer
        hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
        untrusted = (hop for hop in reversed(hops) if hop not in self)
        # Every hop trusted: the leftmost is the furthest anyone can see.
        return next(untrusted, hops[0] if hops else peer)


def forwarded_for(app: WSGIApplication, trusted: Iterable[str]) -> WSGIApplication:
    """``app`` with REMOTE_ADDR set to the client's address (see `TrustedProxies`)."""
    proxies = TrustedProxies(trusted)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        environ["REMOTE_ADDR"] = proxies.client_address(
            environ.get("REMOTE_ADDR", ""), environ.get("HTTP_X_FORWARDED_FOR")
        )
        return app(environ, start_response)

    return application
