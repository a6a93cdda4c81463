"""Per-client request limits with the `limits` library: strict on the auth endpoints, where
passwords get guessed, generous on the whole API together; health checks are never limited.

Counters live in the process's memory, so each worker counts on its own.
"""

import math
import time
from typing import Literal

from fastapi import Depends, Request
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from .errors import TooManyRequestsError
from .settings import Settings

Scope = Literal["auth", "default"]


class RateLimits:
    def __init__(self, settings: Settings) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._limits: dict[Scope, RateLimitItem] = {
            "auth": parse(settings.rate_limit_auth),
            "default": parse(settings.rate_limit_default),
        }

    async def hit(self, scope: Scope, client: str) -> None:
        """Count one request; `TooManyRequestsError` once the client is over its limit."""
        limit = self._limits[scope]
        if not await self._limiter.hit(limit, scope, client):
            window = await self._limiter.get_window_stats(limit, scope, client)
            retry_after = max(1, math.ceil(window.reset_time - time.time()))
            raise TooManyRequestsError(retry_after)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def _limit_auth(request: Request) -> None:
    await request.app.state.rate_limits.hit("auth", _client(request))


async def _limit_default(request: Request) -> None:
    await request.app.state.rate_limits.hit("default", _client(request))


AuthRateLimit = Depends(_limit_auth)
DefaultRateLimit = Depends(_limit_default)
