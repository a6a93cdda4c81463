"""Writes: creating, changing, publishing and deleting posts."""

import re
import secrets
import unicodedata

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..errors import ConflictError
from ..users.models import User
from .models import Post
from .selectors import own_post

_SLUG_MAX_BASE_LENGTH = 80


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:_SLUG_MAX_BASE_LENGTH].rstrip("-") or "post"


def _slug_candidates(title: str, slug: str | None) -> list[str]:
    """The slugs to try in turn: the caller's own, or the title's then random variants."""
    if slug:
        return [slug]
    base = slugify(title)
    first = (
        base if not Post.objects.filter(slug=base).exists() else f"{base}-{secrets.token_hex(3)}"
    )
    # A concurrent request may take the same slug between the check and the insert.
    return [first, *(f"{base}-{secrets.token_hex(4)}" for _ in range(2))]


def create_post(author: User, title: str, body: str, slug: str | None = None) -> Post:
    for candidate in _slug_candidates(title, slug):
        try:
            with transaction.atomic():
                return Post.objects.create(author=author, title=title, body=body, slug=candidate)
        except IntegrityError:
            if not Post.objects.filter(slug=candidate).exists():
                raise
    raise ConflictError(f"The slug {candidate!r} is already taken.")


def update_post(author_id: int, post_id: int, changes: dict[str, str]) -> Post:
    post = own_post(author_id, post_id)
    for field, value in changes.items():
        setattr(post, field, value)
    post.save(update_fields=[*changes, "updated_at"])
    return post


def publish_post(author_id: int, post_id: int) -> Post:
    post = own_post(author_id, post_id)
    if not post.published:
        post.published = True
        post.published_at = timezone.now()
        post.save(update_fields=["published", "published_at", "updated_at"])
    return post


def delete_post(author_id: int, post_id: int) -> None:
    own_post(author_id, post_id).delete()
