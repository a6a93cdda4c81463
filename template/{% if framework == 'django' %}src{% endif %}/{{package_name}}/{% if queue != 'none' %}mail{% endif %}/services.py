"""Outgoing e-mail: the messages the app sends, and the backend that sends them.

This backend records each message in the `sent_emails` table, which is what development and
tests want; production swaps in a backend with the same methods that hands the message to
an e-mail API (or to Django's `send_mail`).

The job's key is unique in the table, so a job that runs twice sends once: recording and
sending are one INSERT here. A backend that sends elsewhere must keep that promise itself,
e.g. by passing the key as the provider's idempotency key.
"""

from django.db import transaction

from ..users.models import User
from .models import SentEmail


class DatabaseMailer:
    def already_sent(self, key: str) -> bool:
        return SentEmail.objects.filter(key=key).exists()

    def send(self, *, key: str, recipient: str, subject: str, body: str) -> None:
        SentEmail.objects.create(key=key, recipient=recipient, subject=subject, body=body)


def send_welcome_email(user_id: int, key: str) -> None:
    """The welcome e-mail job: acts once per ``key``, however often it runs."""
    mailer = DatabaseMailer()
    with transaction.atomic():
        user = User.objects.filter(pk=user_id).first()
        if user is None or mailer.already_sent(key):
            return
        mailer.send(
            key=key,
            recipient=user.email,
            subject="Welcome",
            body=f"Hello {user.full_name}, your account is ready.",
        )
