"""Every table, imported in one place so `metadata` knows all of them."""

from .auth.models import refresh_tokens
from .orm import metadata
from .posts.models import Post
from .users.models import User

__all__ = ["Post", "User", "metadata", "refresh_tokens"]
