"""The security headers every response carries: those Django's SecurityMiddleware sends by
default, so every framework's API looks the same to a browser. HSTS is added in
production, where TLS ends at the proxy."""

_ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
_HSTS = {"Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload"}


def security_headers(*, production: bool) -> dict[str, str]:
    return {**_ALWAYS, **_HSTS} if production else dict(_ALWAYS)
