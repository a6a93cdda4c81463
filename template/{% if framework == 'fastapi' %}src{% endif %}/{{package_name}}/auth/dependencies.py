"""Who is calling: `CurrentUserId` reads the token alone (no database access);
`CurrentUser` also loads the row, refusing a deactivated account; `AdminUser` also demands
that the account is an admin's."""

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..database import Session
from ..errors import ForbiddenError, UnauthorizedError
from ..settings import AppSettings
from ..users.models import User
from ..users.roles import Role
from ..users.service import get_user
from .tokens import INVALID, Caller, caller_from_token

ADMINS_ONLY = "Only an admin may do this."

_bearer = HTTPBearer(auto_error=False, description="An access token from /auth/login")


async def _current_caller(
    settings: AppSettings,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    if credentials is None:
        raise UnauthorizedError("Missing bearer token.")
    return caller_from_token(settings, credentials.credentials)


CurrentCaller = Annotated[Caller, Depends(_current_caller)]


async def _current_user_id(caller: CurrentCaller) -> int:
    return caller.user_id


CurrentUserId = Annotated[int, Depends(_current_user_id)]


async def _current_user(session: Session, user_id: CurrentUserId) -> User:
    user = await get_user(session, user_id)
    if user is None or not user.is_active:
        raise UnauthorizedError(INVALID)
    return user


CurrentUser = Annotated[User, Depends(_current_user)]


async def _admin(caller: CurrentCaller, session: Session) -> User:
    # The token's role turns other callers away without a query; the row has the last word,
    # so an admin who was deactivated or demoted loses admin routes at once.
    if not caller.is_admin:
        raise ForbiddenError(ADMINS_ONLY)
    user = await _current_user(session, caller.user_id)
    if user.role != Role.ADMIN:
        raise ForbiddenError(ADMINS_ONLY)
    return user


AdminUser = Annotated[User, Depends(_admin)]
