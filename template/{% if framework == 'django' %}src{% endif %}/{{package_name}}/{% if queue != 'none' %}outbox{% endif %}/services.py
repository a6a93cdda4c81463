"""The outbox: jobs a request wants run and events it announces, written in the request's own
transaction.

A request never talks to the broker. It adds a row here, committed (or rolled back) with the
change that asked for the job or caused the event; the relay (`outbox/relay.py`) later hands
each row to the broker and marks it sent. A broker outage delays jobs and events instead of
failing requests or losing them.
"""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone

from .models import OutboxRow

# A row the broker refused this often is set aside: it stays in the table, unsent, and no
# longer holds up the rows behind it. Fix the cause, then set its attempts to 0 to send it.
MAX_ATTEMPTS = 10
# Sent rows are kept this long (to see which jobs and events went out), then deleted.
SENT_ROWS_KEPT_FOR = timedelta(days=7)
_MAX_ERROR_LENGTH = 1000


def enqueue(actor: str, **payload: Any) -> OutboxRow:
    """Adds the job ``actor(**payload)``; call it in the transaction of the change that asks
    for the job."""
    return OutboxRow.objects.create(kind=OutboxRow.Kind.JOB, name=actor, payload=payload)


def record_event(event_type: str, data: dict[str, Any]) -> OutboxRow:
    """Announces an event (``data`` must be JSON-ready); call it in the transaction of the
    change the event reports."""
    return OutboxRow.objects.create(kind=OutboxRow.Kind.EVENT, name=event_type, payload=data)


def waiting(limit: int) -> list[OutboxRow]:
    """The oldest rows not handed over yet, locked until the caller's transaction ends.
    Several relays may run: each skips the rows another holds (SQLite has no row locks: run
    one relay there)."""
    rows = (
        OutboxRow.objects.select_for_update(skip_locked=True)
        .filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .order_by("created_at", "id")
    )
    return list(rows[:limit])


def mark_sent(row_id: str) -> None:
    OutboxRow.objects.filter(pk=row_id).update(sent_at=timezone.now(), last_error="")


def mark_refused(row_id: str, error: str) -> None:
    """Counts a refusal on the row; it waits for the next batch, up to `MAX_ATTEMPTS`."""
    OutboxRow.objects.filter(pk=row_id).update(
        attempts=F("attempts") + 1, last_error=error[:_MAX_ERROR_LENGTH]
    )


def mark_unreachable(row_id: str, error: str) -> None:
    """Records why the broker could not be reached; an outage does not count as a refusal."""
    OutboxRow.objects.filter(pk=row_id).update(last_error=error[:_MAX_ERROR_LENGTH])


def prune_sent(now: datetime) -> int:
    """Deletes the rows sent longer than `SENT_ROWS_KEPT_FOR` before ``now``; returns how
    many."""
    deleted, _ = OutboxRow.objects.filter(sent_at__lt=now - SENT_ROWS_KEPT_FOR).delete()
    return deleted
