"""Who is calling: `CurrentUserId` and `AdminCaller` read the token alone (no database
access); `CurrentUser` also loads the row, refusing a deactivated account."""

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..database import Session
from ..errors import ForbiddenError, UnauthorizedError
from ..settings import AppSettings
from ..users.models import User
from ..users.service import get_user
from .tokens import INVALID, Caller, caller_from_token

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


async def _admin_caller(caller: CurrentCaller) -> Caller:
    if not caller.is_admin:
        raise ForbiddenError("Only an admin may do this.")
    return caller


AdminCaller = Annotated[Caller, Depends(_admin_caller)]


async def _current_user(session: Session, user_id: CurrentUserId) -> User:
    user = await get_user(session, user_id)
    if user is None or not user.is_active:
        raise UnauthorizedError(INVALID)
    return user


CurrentUser = Annotated[User, Depends(_current_user)]
