"""Response headers browsers act on, the host names the app answers to, and CORS.

The headers are those Django's SecurityMiddleware sends by default, so every framework's
API looks the same to a browser; HSTS is added in production, where TLS ends at the proxy.
"""

from flask import Flask, Response
from flask_cors import CORS

from .request_context import REQUEST_ID_HEADER
from .settings import Settings

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains; preload"


def init_security(app: Flask, settings: Settings) -> None:
    headers = dict(SECURITY_HEADERS)
    if settings.is_production:
        headers["Strict-Transport-Security"] = HSTS

    @app.after_request
    def _security_headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

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
