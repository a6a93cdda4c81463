from typing import Any

from rest_framework import serializers

from ..pagination import PageSerializer
from ..users.serializers import UserPublicSerializer
from ..validation import StrictCharField
from .models import Post

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class PostCreateSerializer(serializers.Serializer[None]):
    title = StrictCharField(min_length=1, max_length=200)
    body = StrictCharField(min_length=1, max_length=100_000, trim_whitespace=False)
    slug = StrictCharField(
        pattern=SLUG_PATTERN, max_length=200, required=False,
        help_text="Derived from the title when omitted",
    )  # fmt: skip


class PostUpdateSerializer(serializers.Serializer[None]):
    """Fields left out stay as they are; a field cannot be set to null."""

    title = StrictCharField(min_length=1, max_length=200, required=False)
    body = StrictCharField(min_length=1, max_length=100_000, required=False, trim_whitespace=False)


class PostReadSerializer(serializers.ModelSerializer[Post]):
    author = UserPublicSerializer()

    class Meta:
        model = Post
        fields: Any = (
            "id", "slug", "title", "body", "published", "published_at", "created_at",
            "updated_at", "author",
        )  # fmt: skip


class PostPageSerializer(PageSerializer):
    items = PostReadSerializer(many=True)
