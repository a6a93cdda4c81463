from django.db.models import QuerySet

from .models import User


def all_users() -> QuerySet[User]:
    """Every account, oldest first."""
    return User.objects.order_by("id")
