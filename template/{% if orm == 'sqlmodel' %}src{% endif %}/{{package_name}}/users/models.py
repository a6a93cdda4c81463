from datetime import datetime

from sqlmodel import Field, SQLModel

from ..orm import UTCDateTime, utcnow
from .roles import Role


class User(SQLModel, table=True):
    __tablename__ = "users"

    # Assigned by the database on insert; every row the app reads has one.
    id: int = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, unique=True)
    password_hash: str = Field(max_length=255)
    full_name: str = Field(max_length=200)
    is_active: bool = True
    role: str = Field(
        default=Role.USER, max_length=16, sa_column_kwargs={"server_default": Role.USER}
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
