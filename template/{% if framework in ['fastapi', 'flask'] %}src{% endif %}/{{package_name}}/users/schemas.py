from datetime import datetime

from pydantic import BaseModel, ConfigDict


class UserRead(BaseModel):
    """A user as they see themselves."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    full_name: str
    created_at: datetime


class UserPublic(BaseModel):
    """A user as others see them (no e-mail address)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    full_name: str
