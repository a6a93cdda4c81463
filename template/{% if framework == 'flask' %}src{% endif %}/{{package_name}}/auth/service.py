from sqlalchemy.orm import Session

from ..errors import UnauthorizedError
from ..orm import utcnow
from ..settings import Settings
from ..users.models import User
from ..users.service import create_user, get_user, get_user_by_email
from . import refresh_tokens
from .passwords import hash_password, verify_password
from .refresh_tokens import StoredToken
from .schemas import LoginRequest, RegisterRequest
from .tokens import INVALID, TokenPair, issue_access_token

REPLAYED = "This refresh token was already used or revoked: its login is now revoked."


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
    password_ok, new_hash = verify_password(request.password, user.password_hash if user else None)
    if user is None or not password_ok or not user.is_active:
        raise UnauthorizedError("Incorrect e-mail or password.")
    if new_hash is not None:
        user.password_hash = new_hash
    return _issue(session, settings, user, refresh_tokens.new_family())


def refresh(session: Session, settings: Settings, token: str) -> TokenPair:
    stored = _stored(session, token)
    if stored is None or utcnow() >= stored.expires_at:
        raise UnauthorizedError(INVALID)
    # Spending is one conditional UPDATE, so of two requests racing with one token only
    # one wins; the other is treated as the replay it looks like.
    if not refresh_tokens.was_spent(session.execute(refresh_tokens.spend(stored.id))):
        session.execute(refresh_tokens.revoke_family(stored.family_id))
        session.commit()
        raise UnauthorizedError(REPLAYED)
    user = get_user(session, stored.user_id)
    if user is None or not user.is_active:
        session.commit()
        raise UnauthorizedError(INVALID)
    return _issue(session, settings, user, stored.family_id)


def logout(session: Session, token: str) -> None:
    """Revoke the token's family; an unknown token is not an error (nothing to revoke)."""
    stored = _stored(session, token)
    if stored is not None:
        session.execute(refresh_tokens.revoke_family(stored.family_id))
        session.commit()


def _stored(session: Session, token: str) -> StoredToken | None:
    row = session.execute(refresh_tokens.find(token)).one_or_none()
    return None if row is None else StoredToken(**row._asdict())


def _issue(session: Session, settings: Settings, user: User, family_id: str) -> TokenPair:
    issued = refresh_tokens.issue(user.id, family_id, settings.refresh_token_ttl_seconds)
    session.execute(issued.statement)
    session.commit()
    return TokenPair(
        access_token=issue_access_token(settings, user.id, user.role),
        refresh_token=issued.token,
        expires_in=settings.access_token_ttl_seconds,
    )
