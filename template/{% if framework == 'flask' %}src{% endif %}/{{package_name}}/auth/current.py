"""The caller: `@auth_required` checks the access token (`@admin_required` also the role);
`current_user_id()` and `current_user()` then say who is calling (the id needs no database
access)."""

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import current_app, g, request

from ..database import db_session
from ..errors import ForbiddenError, UnauthorizedError
from ..settings import Settings
from ..users.models import User
from ..users.roles import Role
from ..users.service import get_user
from .tokens import INVALID, Caller, caller_from_token

# The OpenAPI security scheme the protected operations name.
SECURITY_SCHEMES = {
    "BearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An access token from /auth/login",
    }
}


def _bearer_token() -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise UnauthorizedError("Missing bearer token.")
    return token


P = ParamSpec("P")
R = TypeVar("R")


def auth_required(view: Callable[P, R]) -> Callable[P, R]:
    """Refuse the request with 401 unless it carries a valid access token."""

    @functools.wraps(view)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        settings: Settings = current_app.extensions["settings"]
        g.caller = caller_from_token(settings, _bearer_token())
        return view(*args, **kwargs)

    return checked


def admin_required(view: Callable[P, R]) -> Callable[P, R]:
    """Refuse the request with 401 without a valid access token, 403 unless it is an admin's."""

    @functools.wraps(view)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        # The token's role turns other callers away without a query; the row has the last
        # word, so an admin who was deactivated or demoted loses admin routes at once.
        if not current_caller().is_admin or current_user().role != Role.ADMIN:
            raise ForbiddenError("Only an admin may do this.")
        return view(*args, **kwargs)

    return auth_required(checked)


def current_caller() -> Caller:
    caller: Caller = g.caller
    return caller


def current_user_id() -> int:
    return current_caller().user_id


def current_user() -> User:
    """The caller's row; a deactivated account is refused even with a valid token."""
    user = get_user(db_session(), current_user_id())
    if user is None or not user.is_active:
        raise UnauthorizedError(INVALID)
    return user
