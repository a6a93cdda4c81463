"""The outbox relay: hands outbox rows to the broker, oldest first, and marks them sent.

It runs as a process of its own (`make relay`, see `../relay.py`). While the broker is down,
rows stay in the outbox and the relay tries again, waiting longer each time (up to
`MAX_PAUSE_SECONDS`); nothing a committed request asked for is lost. A row is marked sent
only after the broker took it, so a crash in between hands it over again: the jobs are
idempotent.
"""

import time
from dataclasses import dataclass

import structlog
from django.conf import settings
from django.db import DatabaseError, close_old_connections, transaction
from django.utils import timezone

from ..broker import UNREACHABLE
from ..handover import Outlets
from .services import mark_refused, mark_sent, mark_unreachable, prune_sent, waiting

BATCH_SIZE = 100
IDLE_PAUSE_SECONDS = 0.5
MAX_PAUSE_SECONDS = 30.0
PRUNE_EVERY_SECONDS = 3600

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Handover:
    """What one batch did: rows handed over, rows refused, and why the broker could not be
    reached (the batch stopped there), if it could not."""

    handed_over: int = 0
    refused: int = 0
    error: str | None = None


def relay_batch(outlets: Outlets) -> Handover:
    """Hand up to `BATCH_SIZE` waiting rows over, oldest first; stop if the broker cannot be
    reached."""
    with transaction.atomic():
        handed_over = refused = 0
        for row in waiting(BATCH_SIZE):
            try:
                outlets.hand_over(row.id, row.kind, row.name, row.payload, row.created_at)
            except UNREACHABLE as error:
                # The broker is down: this row and the rest wait for the next batch.
                mark_unreachable(row.id, repr(error))
                return Handover(handed_over, refused, repr(error))
            # Any other error is this row's alone: the rows behind it go on.
            except Exception as error:
                mark_refused(row.id, repr(error))
                refused += 1
                continue
            mark_sent(row.id)
            handed_over += 1
        return Handover(handed_over, refused)


def prune() -> None:
    """Delete the rows sent long enough ago (see `services.SENT_ROWS_KEPT_FOR`)."""
    prune_sent(timezone.now())


def run() -> None:
    outlets = Outlets.open(settings.BROKER_URL, settings.JOBS_QUEUE, settings.EVENTS_TOPIC)
    pause = IDLE_PAUSE_SECONDS
    next_prune = time.monotonic()
    while True:
        # As before each request: a connection the database dropped is replaced.
        close_old_connections()
        if time.monotonic() >= next_prune:
            try:
                prune()
            except DatabaseError as error:
                log.warning("outbox_not_pruned", error=repr(error))
            next_prune = time.monotonic() + PRUNE_EVERY_SECONDS
        try:
            handover = relay_batch(outlets)
        except DatabaseError as error:
            handover = Handover(error=f"database: {error!r}")
        if handover.refused:
            log.error("outbox_rows_refused", count=handover.refused)
        if handover.error is not None:
            log.warning("outbox_not_relayed", error=handover.error, retry_in_seconds=pause)
            time.sleep(pause)
            pause = min(pause * 2, MAX_PAUSE_SECONDS)
            continue
        pause = IDLE_PAUSE_SECONDS
        if handover.handed_over + handover.refused < BATCH_SIZE:
            outlets.keep_alive()
            time.sleep(IDLE_PAUSE_SECONDS)
