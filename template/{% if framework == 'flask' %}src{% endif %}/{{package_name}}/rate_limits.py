"""Per-client request limits with Flask-Limiter: strict on the auth endpoints, where
passwords get guessed, generous on the whole API together; health checks are never limited.

The rates are read from the app's settings at each request. Counters live in the
process's memory, so each worker counts on its own.
"""

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from .settings import Settings


def _settings() -> Settings:
    settings: Settings = current_app.extensions["settings"]
    return settings


def _default_rate() -> str:
    return _settings().rate_limit_default


def _auth_rate() -> str:
    return _settings().rate_limit_auth


limiter = Limiter(
    get_remote_address,
    # Counted across every route, like one budget per client.
    application_limits=[_default_rate],
    storage_uri="memory://",
    strategy="moving-window",
    # Adds Retry-After (and X-RateLimit-*) to the responses, the 429 included.
    headers_enabled=True,
)

# One budget for all the auth endpoints together, per client address.
auth_rate_limit = limiter.shared_limit(_auth_rate, scope="auth")
