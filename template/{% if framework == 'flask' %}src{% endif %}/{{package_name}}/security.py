"""Response headers browsers act on (see `security_headers`), the host names the app
answers to, the client's address behind proxies (see `forwarded`), and CORS."""

from flask import Flask, Response
from flask_cors import CORS

from .forwarded import forwarded_for
from .request_context import REQUEST_ID_HEADER
from .security_headers import security_headers
from .settings import Settings


def init_security(app: Flask, settings: Settings) -> None:
    headers = security_headers(production=settings.is_production)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    # The ProxyFix way; Flask types wsgi_app as a method.
    app.wsgi_app = forwarded_for(app.wsgi_app, settings.forwarded_allow_ips)  # type: ignore[method-assign,assignment]
    if settings.is_production:
        # Any other Host header is a 400 (Werkzeug checks it when routing the request).
        app.config["TRUSTED_HOSTS"] = settings.allowed_hosts
    # Credentials are never allowed: the API takes bearer tokens, not cookies.
    CORS(
        app,
        origins=settings.cors_allowed_origins,
        methods=["GET", "POST", "PATCH", "DELETE"],
        allow_headers=["Authorization", "Content-Type", REQUEST_ID_HEADER],
        expose_headers=[REQUEST_ID_HEADER, "Retry-After"],
        supports_credentials=False,
    )
