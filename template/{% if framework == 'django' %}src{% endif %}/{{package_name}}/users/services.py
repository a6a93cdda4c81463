from django.db import IntegrityError, transaction

from ..auth import refresh_tokens
from ..errors import ConflictError, NotFoundError, UnauthorizedError
from .models import Role, User


def create_user(*, email: str, password: str, full_name: str) -> User:
    try:
        with transaction.atomic():
            return User.objects.create_user(email=email, password=password, full_name=full_name)
    except IntegrityError:
        raise ConflictError("A user with this e-mail address already exists.") from None


def active_user(user_id: int) -> User:
    """The caller's row; a deleted or deactivated account is refused even with a valid token."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise UnauthorizedError("The token is invalid or has expired.")
    return user


@transaction.atomic
def deactivate_user(user_id: int) -> User:
    """Block the account and revoke its refresh tokens; its access tokens expire soon after."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise NotFoundError("No user with this id.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    refresh_tokens.revoke_user(user.id)
    return user


def promote_to_admin(email: str) -> User | None:
    user = User.objects.filter(email=email.lower()).first()
    if user is not None:
        user.role = Role.ADMIN
        user.save(update_fields=["role"])
    return user
