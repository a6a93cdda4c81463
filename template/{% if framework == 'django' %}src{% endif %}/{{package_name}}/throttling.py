"""Per-client request limits with DRF throttling: strict on the auth endpoints, where
passwords get guessed, generous on the whole API together; health checks are never limited.

Counters live in Django's cache (the process's memory unless CACHES says otherwise), so
each worker counts on its own. Clients are told apart by their address (REMOTE_ADDR).
"""

from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

if TYPE_CHECKING:
    # Only for the annotation: DRF loads this module while `rest_framework.views` imports.
    from rest_framework.views import APIView


class ClientRateThrottle(SimpleRateThrottle):
    scope: str

    def get_rate(self) -> str:
        # Read at each request rather than once at import, so settings overrides apply.
        rate: str = settings.RATE_LIMITS[self.scope]
        return rate

    def get_cache_key(self, request: Request, view: "APIView") -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AuthRateThrottle(ClientRateThrottle):
    """One budget for all the auth endpoints together."""

    scope = "auth"


class ApiRateThrottle(ClientRateThrottle):
    """One budget for every API route together."""

    scope = "api"
