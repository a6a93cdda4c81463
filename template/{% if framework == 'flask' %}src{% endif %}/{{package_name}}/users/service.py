from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..auth import refresh_tokens
from ..errors import ConflictError, NotFoundError
from ..pagination import PageParams
from .models import User
from .roles import Role


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.lower()))


def create_user(session: Session, *, email: str, password_hash: str, full_name: str) -> User:
    user = User(email=email.lower(), password_hash=password_hash, full_name=full_name)
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ConflictError("A user with this e-mail address already exists.") from None
    return user


def list_users(session: Session, page: PageParams) -> tuple[list[User], int]:
    """Every account, oldest first."""
    total = session.scalar(select(func.count()).select_from(User))
    users = session.scalars(select(User).order_by(User.id).limit(page.limit).offset(page.offset))
    return list(users), total or 0


def deactivate_user(session: Session, user_id: int) -> User:
    user = get_user(session, user_id)
    if user is None:
        raise NotFoundError("No user with this id.")
    user.is_active = False
    session.execute(refresh_tokens.revoke_user(user.id))
    session.commit()
    return user


def promote_to_admin(session: Session, email: str) -> User | None:
    user = get_user_by_email(session, email)
    if user is not None:
        user.role = Role.ADMIN
        session.commit()
    return user
