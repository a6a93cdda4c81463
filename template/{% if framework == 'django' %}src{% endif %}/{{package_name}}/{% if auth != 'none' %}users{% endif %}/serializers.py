from typing import Any

from rest_framework import serializers

from ..pagination import PageSerializer
from .models import User


class UserReadSerializer(serializers.ModelSerializer[User]):
    """A user as they see themselves."""

    class Meta:
        model = User
        fields: Any = ("id", "email", "full_name", "role", "is_active", "created_at")


class UserPublicSerializer(serializers.ModelSerializer[User]):
    """A user as others see them (no e-mail address)."""

    class Meta:
        model = User
        fields: Any = ("id", "full_name")


class UserPageSerializer(PageSerializer):
    items = UserReadSerializer(many=True)
