"""Rotating refresh tokens: opaque random strings, stored only as their SHA-256 hash.

A login starts a family. Each refresh spends the presented token and issues the next one
of the same family. A spent token presented again has been copied, so the whole family is
revoked: whoever holds it, thief or owner, has to log in again. Logout revokes the family.
"""

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from ..users.models import RefreshToken, User

# 256 bits from the OS's CSPRNG: a fast hash is enough to store what cannot be guessed.
TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_family() -> str:
    return uuid.uuid4().hex


def issue(user: User, family_id: str) -> str:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    RefreshToken.objects.create(
        user=user,
        family_id=family_id,
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(seconds=settings.REFRESH_TOKEN_TTL_SECONDS),
    )
    return token


def find(token: str) -> RefreshToken | None:
    return RefreshToken.objects.filter(token_hash=token_hash(token)).first()


def spend(stored: RefreshToken) -> bool:
    """Mark a live token used; False if a concurrent refresh spent it first."""
    live = RefreshToken.objects.filter(pk=stored.pk, used_at=None, revoked_at=None)
    return live.update(used_at=timezone.now()) == 1


def revoke_family(family_id: str) -> None:
    RefreshToken.objects.filter(family_id=family_id, revoked_at=None).update(
        revoked_at=timezone.now()
    )


def revoke_user(user_id: int) -> None:
    RefreshToken.objects.filter(user_id=user_id, revoked_at=None).update(revoked_at=timezone.now())
