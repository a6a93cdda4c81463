from django.db import IntegrityError, transaction

from ..errors import ConflictError, UnauthorizedError
from .models import User


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
