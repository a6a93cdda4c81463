"""JWT access and refresh tokens (HS256, pyjwt) with every registered claim checked."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

import jwt

from ..errors import UnauthorizedError
from ..orm import MAX_ID, utcnow
from ..settings import Settings

ALGORITHM = "HS256"
TokenKind = Literal["access", "refresh"]


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


def _encode(settings: Settings, user_id: int, kind: TokenKind, ttl_seconds: int) -> str:
    now = utcnow()
    claims = {
        "sub": str(user_id),
        "typ": kind,
        "iss": settings.token_issuer,
        "aud": settings.token_audience,
        "iat": now,
        "exp": now + timedelta(seconds=ttl_seconds),
    }
    return jwt.encode(claims, settings.secret_key.get_secret_value(), algorithm=ALGORITHM)


def issue_token_pair(settings: Settings, user_id: int) -> TokenPair:
    return TokenPair(
        access_token=_encode(settings, user_id, "access", settings.access_token_ttl_seconds),
        refresh_token=_encode(settings, user_id, "refresh", settings.refresh_token_ttl_seconds),
        expires_in=settings.access_token_ttl_seconds,
    )


def user_id_from_token(settings: Settings, token: str, kind: TokenKind) -> int:
    """The user id a valid token of ``kind`` was issued to; `UnauthorizedError` otherwise."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key.get_secret_value(),
            algorithms=[ALGORITHM],
            audience=settings.token_audience,
            issuer=settings.token_issuer,
            options={"require": ["exp", "iat", "iss", "aud", "sub", "typ"]},
        )
    except jwt.InvalidTokenError:
        raise UnauthorizedError("The token is invalid or has expired.") from None
    if claims["typ"] != kind:
        raise UnauthorizedError(f"This endpoint needs a {kind} token.")
    subject = claims["sub"]
    if not (subject.isascii() and subject.isdigit() and 0 < int(subject) <= MAX_ID):
        raise UnauthorizedError("The token is invalid or has expired.")
    return int(subject)
