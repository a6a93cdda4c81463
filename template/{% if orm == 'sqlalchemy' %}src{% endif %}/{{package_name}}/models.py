"""Every ORM model, imported in one place so `Base.metadata` knows all tables."""

from .orm import Base
from .posts.models import Post
from .users.models import User

__all__ = ["Base", "Post", "User"]
