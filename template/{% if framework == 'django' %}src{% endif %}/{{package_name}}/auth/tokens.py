"""JWT access and refresh tokens (HS256, pyjwt) with every registered claim checked."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

import jwt
from django.conf import settings
from django.utils import timezone

from ..errors import UnauthorizedError

ALGORITHM = "HS256"
# Primary keys are 64-bit; a larger number cannot name a user.
MAX_ID = 2**63 - 1
TokenKind = Literal["access", "refresh"]


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


def _encode(user_id: int, kind: TokenKind, ttl_seconds: int) -> str:
    now = timezone.now()
    claims = {
        "sub": str(user_id),
        "typ": kind,
        "iss": settings.TOKEN_ISSUER,
        "aud": settings.TOKEN_AUDIENCE,
        "iat": now,
        "exp": now + timedelta(seconds=ttl_seconds),
    }
    return jwt.encode(claims, settings.SECRET_KEY, algorithm=ALGORITHM)


def issue_token_pair(user_id: int) -> TokenPair:
    return TokenPair(
        access_token=_encode(user_id, "access", settings.ACCESS_TOKEN_TTL_SECONDS),
        refresh_token=_encode(user_id, "refresh", settings.REFRESH_TOKEN_TTL_SECONDS),
        expires_in=settings.ACCESS_TOKEN_TTL_SECONDS,
    )


def user_id_from_token(token: str, kind: TokenKind) -> int:
    """The user id a valid token of ``kind`` was issued to; `UnauthorizedError` otherwise."""
    try:
        claims = jwt.decode(
            token,
            settings.SECRET_KEY,
            algorithms=[ALGORITHM],
            audience=settings.TOKEN_AUDIENCE,
            issuer=settings.TOKEN_ISSUER,
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
