from django.db import models
from django.utils import timezone


class SentEmail(models.Model):
    """An e-mail the database mail backend recorded as sent (see `mail/services.py`)."""

    # The job's key: a job that runs twice records (and so sends) once.
    key = models.CharField(max_length=32, unique=True)
    recipient = models.EmailField(max_length=320)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "sent_emails"

    def __str__(self) -> str:
        return f"{self.subject} to {self.recipient}"
