"""Bearer access tokens for DRF: the caller is known from the token alone, no query."""

from dataclasses import dataclass

from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from ..errors import UnauthorizedError
from ..users.models import Role
from .tokens import caller_from_token


@dataclass(frozen=True)
class TokenUser:
    """Who a valid access token names; load the row with `users.services.active_user`."""

    id: int
    role: Role
    is_authenticated: bool = True


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[TokenUser, str] | None:
        header = request.headers.get("Authorization", "")
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise UnauthorizedError("Missing bearer token.")
        caller = caller_from_token(token)
        return TokenUser(caller.user_id, caller.role), token

    def authenticate_header(self, request: Request) -> str:
        return "Bearer"


def caller_id(request: Request) -> int:
    """The authenticated caller's user id (views behind `IsAuthenticated` always have one)."""
    user = request.user
    if not isinstance(user, TokenUser):
        raise UnauthorizedError
    return user.id
