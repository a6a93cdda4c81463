"""A circuit breaker for Redis: after a failure, Redis is left alone for a few seconds.

While Redis is down, each request would otherwise wait for its own failed attempt; with the
breaker open, requests go straight to the fallback (the database, per-process counters).
"""

import time

import structlog

log = structlog.get_logger(__name__)


class CircuitBreaker:
    def __init__(self, name: str, *, pause_seconds: float = 5.0) -> None:
        self._name = name
        self._pause_seconds = pause_seconds
        self._open_until = 0.0

    @property
    def is_open(self) -> bool:
        """True while Redis is being left alone after a failure."""
        return time.monotonic() < self._open_until

    def trip(self, operation: str, error: Exception) -> None:
        self._open_until = time.monotonic() + self._pause_seconds
        log.warning(
            "redis_unavailable",
            component=self._name,
            operation=operation,
            error=repr(error),
            retry_in_seconds=self._pause_seconds,
        )
