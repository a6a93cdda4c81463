"""Response headers browsers act on (see `security_headers`), and the host names the app
answers to."""

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import problem_response
from .security_headers import security_headers


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, production: bool) -> None:
        self.app = app
        self.headers = security_headers(production=production)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class TrustedHostMiddleware:
    """Answers 400 to a request whose Host is not one of ``allowed_hosts``.

    Starlette has one too, but it answers in plain text; this one answers problem details.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self.allowed_hosts = frozenset(host.lower() for host in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = Headers(scope=scope).get("host", "").rsplit(":", 1)[0].lower()
        if host not in self.allowed_hosts:
            response = problem_response(
                400, "The Host header names a host this app does not serve.",
                instance=scope["path"],
            )  # fmt: skip
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
