from enum import StrEnum


class Role(StrEnum):
    """What an account may do: admins also manage other accounts."""

    USER = "user"
    ADMIN = "admin"
