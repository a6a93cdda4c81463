import uuid

from django.db import models
from django.utils import timezone


def new_id() -> str:
    return uuid.uuid4().hex


class OutboxRow(models.Model):
    """A job a request wants run, or an event it announces, waiting for the relay."""

    class Kind(models.TextChoices):
        JOB = "job"
        EVENT = "event"

    # Also the message's id: the job's idempotency key, or the event's id.
    id = models.CharField(max_length=32, primary_key=True, default=new_id, editable=False)
    # A job (`name` is its actor) or an event (`name` is its type, e.g. "post.published").
    kind = models.CharField(max_length=10, choices=Kind)
    name = models.CharField(max_length=100)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Hand-overs the broker refused, and the last error (an outage is recorded, not counted).
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")

    class Meta:
        db_table = "outbox"

    def __str__(self) -> str:
        return f"{self.kind} {self.name} {self.id}"
