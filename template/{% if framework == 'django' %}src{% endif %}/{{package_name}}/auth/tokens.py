"""Access tokens: short-lived JWTs (HS256, pyjwt) with every registered claim checked.

An access token says who the caller is and what role they have, so a request needs no
database lookup to be authorised. Refresh tokens are not JWTs: see `refresh_tokens`.
"""

from dataclasses import dataclass
from datetime import timedelta

import jwt
from django.conf import settings
from django.utils import timezone

from ..errors import UnauthorizedError
from ..users.models import Role

ALGORITHM = "HS256"
ACCESS = "access"
INVALID = "The token is invalid or has expired."
# Primary keys are 64-bit; a larger number cannot name a user.
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


@dataclass(frozen=True)
class Caller:
    """Who a valid access token was issued to."""

    user_id: int
    role: Role


def issue_access_token(user_id: int, role: str) -> str:
    now = timezone.now()
    claims = {
        "sub": str(user_id),
        "role": role,
        "typ": ACCESS,
        "iss": settings.TOKEN_ISSUER,
        "aud": settings.TOKEN_AUDIENCE,
        "iat": now,
        "exp": now + timedelta(seconds=settings.ACCESS_TOKEN_TTL_SECONDS),
    }
    return jwt.encode(claims, settings.SECRET_KEY, algorithm=ALGORITHM)


def caller_from_token(token: str) -> Caller:
    """The caller a valid access token names; `UnauthorizedError` otherwise."""
    try:
        claims = jwt.decode(
            token,
            settings.SECRET_KEY,
            # A fixed list: the token's own `alg` header never chooses (no "none", no RS/HS mix).
            algorithms=[ALGORITHM],
            audience=settings.TOKEN_AUDIENCE,
            issuer=settings.TOKEN_ISSUER,
            options={"require": ["exp", "iat", "iss", "aud", "sub", "typ", "role"]},
        )
    except jwt.InvalidTokenError:
        raise UnauthorizedError(INVALID) from None
    if claims["typ"] != ACCESS:
        raise UnauthorizedError("This endpoint needs an access token.")
    subject, role = claims["sub"], claims["role"]
    if not (isinstance(subject, str) and subject.isascii() and subject.isdigit()):
        raise UnauthorizedError(INVALID)
    if not 0 < int(subject) <= MAX_ID or role not in Role.values:
        raise UnauthorizedError(INVALID)
    return Caller(int(subject), Role(role))
