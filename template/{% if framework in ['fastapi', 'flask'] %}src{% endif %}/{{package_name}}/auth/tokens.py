"""Access tokens: short-lived JWTs (HS256, pyjwt) with every registered claim checked.

An access token says who the caller is and what role they have, so a request needs no
database lookup to be authorised. Refresh tokens are not JWTs: see `refresh_tokens`.
"""

from dataclasses import dataclass
from datetime import timedelta

import jwt

from ..errors import UnauthorizedError
from ..orm import MAX_ID, utcnow
from ..settings import Settings
from ..users.roles import Role

ALGORITHM = "HS256"
ACCESS = "access"
INVALID = "The token is invalid or has expired."


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

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


def issue_access_token(settings: Settings, user_id: int, role: str) -> str:
    now = utcnow()
    claims = {
        "sub": str(user_id),
        "role": role,
        "typ": ACCESS,
        "iss": settings.token_issuer,
        "aud": settings.token_audience,
        "iat": now,
        "exp": now + timedelta(seconds=settings.access_token_ttl_seconds),
    }
    return jwt.encode(claims, settings.secret_key.get_secret_value(), algorithm=ALGORITHM)


def caller_from_token(settings: Settings, token: str) -> Caller:
    """The caller a valid access token names; `UnauthorizedError` otherwise."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key.get_secret_value(),
            # A fixed list: the token's own `alg` header never chooses (no "none", no RS/HS mix).
            algorithms=[ALGORITHM],
            audience=settings.token_audience,
            issuer=settings.token_issuer,
            options={"require": ["exp", "iat", "iss", "aud", "sub", "typ", "role"]},
        )
    except jwt.InvalidTokenError:
        raise UnauthorizedError(INVALID) from None
    if claims["typ"] != ACCESS:
        raise UnauthorizedError("This endpoint needs an access token.")
    subject, role = claims["sub"], claims["role"]
    if not (isinstance(subject, str) and subject.isascii() and subject.isdigit()):
        raise UnauthorizedError(INVALID)
    if not 0 < int(subject) <= MAX_ID or role not in tuple(Role):
        raise UnauthorizedError(INVALID)
    return Caller(int(subject), Role(role))
