"""Rotating refresh tokens: opaque random strings, stored only as their SHA-256 hash.

A login starts a family. Each refresh spends the presented token and issues the next one
of the same family. A spent token presented again has been copied, so the whole family is
revoked: whoever holds it, thief or owner, has to log in again. Logout revokes the family.

The functions here build the statements; the auth service runs them in its transaction.
"""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Insert, Result, Select, Update, insert, select, update

from ..orm import utcnow
from .models import refresh_tokens

# 256 bits from the OS's CSPRNG: a fast hash is enough to store what cannot be guessed.
TOKEN_BYTES = 32


@dataclass(frozen=True)
class IssuedToken:
    token: str
    statement: Insert


@dataclass(frozen=True)
class StoredToken:
    id: int
    user_id: int
    family_id: str
    expires_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_family() -> str:
    return uuid.uuid4().hex


def issue(user_id: int, family_id: str, ttl_seconds: int) -> IssuedToken:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = utcnow()
    statement = insert(refresh_tokens).values(
        user_id=user_id,
        family_id=family_id,
        token_hash=token_hash(token),
        expires_at=now + timedelta(seconds=ttl_seconds),
        created_at=now,
    )
    return IssuedToken(token, statement)


def find(token: str) -> Select[tuple[int, int, str, datetime]]:
    """The stored token, spent or not: spending it again is how a replay shows."""
    columns = refresh_tokens.c
    return select(columns.id, columns.user_id, columns.family_id, columns.expires_at).where(
        columns.token_hash == token_hash(token)
    )


def spend(token_id: int) -> Update:
    """Mark a live token used; it matches no row if a concurrent refresh spent it first."""
    columns = refresh_tokens.c
    return (
        update(refresh_tokens)
        .where(columns.id == token_id, columns.used_at.is_(None), columns.revoked_at.is_(None))
        .values(used_at=utcnow())
    )


def was_spent(result: Result[Any]) -> bool:
    """Whether the `spend` statement that gave ``result`` marked the token."""
    # An UPDATE's result is a CursorResult, which counts the rows it matched.
    return cast(CursorResult[Any], result).rowcount == 1


def revoke_family(family_id: str) -> Update:
    columns = refresh_tokens.c
    return (
        update(refresh_tokens)
        .where(columns.family_id == family_id, columns.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_user(user_id: int) -> Update:
    columns = refresh_tokens.c
    return (
        update(refresh_tokens)
        .where(columns.user_id == user_id, columns.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
