from pydantic import BaseModel, Field

from ..text import Email, Text

PASSWORD_MIN_LENGTH = 8
# argon2 hashes any length, but an unbounded body is a cheap denial of service.
PASSWORD_MAX_LENGTH = 128


class RegisterRequest(BaseModel):
    email: Email
    password: Text = Field(min_length=PASSWORD_MIN_LENGTH, max_length=PASSWORD_MAX_LENGTH)
    full_name: Text = Field(min_length=1, max_length=200)


class LoginRequest(BaseModel):
    email: Email
    password: Text = Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)


class RefreshRequest(BaseModel):
    refresh_token: Text = Field(min_length=1, max_length=4096)


class LogoutRequest(RefreshRequest):
    """The refresh token whose login ends."""


class TokenResponse(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105  (the OAuth 2 token type, not a secret)
    expires_in: int = Field(description="Seconds until the access token expires")
