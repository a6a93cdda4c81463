from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic.json_schema import SkipJsonSchema

from ..pagination import PageInfo
from ..text import NO_NUL_PATTERN, Text
from ..users.schemas import UserPublic

Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=NO_NUL_PATTERN),
]
Body = Annotated[Text, Field(min_length=1, max_length=100_000)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=200)]


class PostCreate(BaseModel):
    title: Title
    body: Body
    slug: Slug | None = Field(default=None, description="Derived from the title when omitted")


class PostUpdate(BaseModel):
    """Fields left out stay as they are; a field cannot be set to null."""

    # SkipJsonSchema: the schema shows the fields as optional strings, not as nullable.
    title: Title | SkipJsonSchema[None] = None
    body: Body | SkipJsonSchema[None] = None

    @field_validator("title", "body", mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("may be left out but not set to null")
        return value


class PostRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    slug: str
    title: str
    body: str
    published: bool
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    author: UserPublic


class PostPage(PageInfo):
    items: list[PostRead]
