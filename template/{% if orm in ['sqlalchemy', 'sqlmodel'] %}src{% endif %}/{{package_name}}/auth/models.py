"""Refresh tokens as stored: only their SHA-256 hash, grouped in one family per login.

A Core table rather than a mapped class: the app only inserts, looks up and marks rows,
each in one statement, and never needs them as objects.
"""

from sqlalchemy import Column, ForeignKey, Integer, String, Table

from ..orm import UTCDateTime, metadata, utcnow

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "user_id",
        Integer,
        ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("family_id", String(32), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("expires_at", UTCDateTime(), nullable=False),
    # Set when the token is exchanged for the next one: presenting it again is a replay.
    Column("used_at", UTCDateTime()),
    Column("revoked_at", UTCDateTime()),
    Column("created_at", UTCDateTime(), nullable=False, default=utcnow),
)
