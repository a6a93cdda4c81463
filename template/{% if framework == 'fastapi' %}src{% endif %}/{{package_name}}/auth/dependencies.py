"""`CurrentUserId` (token only, no database access) and `CurrentUser` (loads the row)."""

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..database import Session
from ..errors import UnauthorizedError
from ..settings import AppSettings
from ..users.models import User
from ..users.service import get_user
from .tokens import user_id_from_token

_bearer = HTTPBearer(auto_error=False, description="An access token from /auth/login")


async def _current_user_id(
    settings: AppSettings,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> int:
    if credentials is None:
        raise UnauthorizedError("Missing bearer token.")
    return user_id_from_token(settings, credentials.credentials, "access")


CurrentUserId = Annotated[int, Depends(_current_user_id)]


async def _current_user(session: Session, user_id: CurrentUserId) -> User:
    user = await get_user(session, user_id)
    if user is None or not user.is_active:
        raise UnauthorizedError("The token is invalid or has expired.")
    return user


CurrentUser = Annotated[User, Depends(_current_user)]
