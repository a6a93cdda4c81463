from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, Relationship, SQLModel

from ..orm import UTCDateTime, utcnow
from ..users.models import User


class Post(SQLModel, table=True):
    __tablename__ = "posts"
    __table_args__ = (Index("ix_posts_created_at_id", "created_at", "id"),)

    # Assigned by the database on insert; every row the app reads has one.
    id: int = Field(default=None, primary_key=True)
    author_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    title: str = Field(max_length=200)
    body: str = Field(sa_type=Text)
    slug: str = Field(max_length=220, unique=True)
    published: bool = False
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(
        default_factory=utcnow, sa_type=UTCDateTime, sa_column_kwargs={"onupdate": utcnow}
    )

    # Every response shows the author, so a post is always loaded with it, in the same query.
    author: User = Relationship(sa_relationship_kwargs={"lazy": "joined", "innerjoin": True})
