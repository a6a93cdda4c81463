from sqlalchemy.orm import Session

from ..errors import UnauthorizedError
from ..settings import Settings
from ..users.models import User
from ..users.service import create_user, get_user, get_user_by_email
from .passwords import hash_password, verify_password
from .schemas import LoginRequest, RegisterRequest
from .tokens import TokenPair, issue_token_pair, user_id_from_token


def register(session: Session, request: RegisterRequest) -> User:
    return create_user(
        session,
        email=request.email,
        password_hash=hash_password(request.password),
        full_name=request.full_name,
    )


def login(session: Session, settings: Settings, request: LoginRequest) -> TokenPair:
    user = get_user_by_email(session, request.email)
    # Unknown e-mail and wrong password answer alike, in the same time.
    password_ok = verify_password(request.password, user.password_hash if user else None)
    if user is None or not password_ok or not user.is_active:
        raise UnauthorizedError("Incorrect e-mail or password.")
    return issue_token_pair(settings, user.id)


def refresh(session: Session, settings: Settings, refresh_token: str) -> TokenPair:
    user_id = user_id_from_token(settings, refresh_token, "refresh")
    user = get_user(session, user_id)
    if user is None or not user.is_active:
        raise UnauthorizedError("The token is invalid or has expired.")
    return issue_token_pair(settings, user.id)
