from datetime import datetime

from pydantic import BaseModel, ConfigDict

from ..pagination import PageInfo
from .roles import Role


class UserRead(BaseModel):
    """A user as they see themselves."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    full_name: str
    role: Role
    is_active: bool
    created_at: datetime


class UserPage(PageInfo):
    items: list[UserRead]


class UserPublic(BaseModel):
    """A user as others see them (no e-mail address)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    full_name: str
