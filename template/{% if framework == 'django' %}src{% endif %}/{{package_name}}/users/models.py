from typing import ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str, full_name: str) -> "User":
        user = self.model(email=email.lower(), full_name=full_name)
        user.set_password(password)
        user.save(using=self._db)
        return user


class Role(models.TextChoices):
    """What an account may do: admins also manage other accounts."""

    USER = "user"
    ADMIN = "admin"


class User(AbstractBaseUser):
    """An account, known by its e-mail address (stored lowercase, unique)."""

    email = models.EmailField(max_length=320, unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.USER)
    created_at = models.DateTimeField(default=timezone.now)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    objects: ClassVar[UserManager] = UserManager()

    def __str__(self) -> str:
        return self.email


class RefreshToken(models.Model):
    """A refresh token as stored: only its SHA-256 hash, in one family per login."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="refresh_tokens")
    family_id = models.CharField(max_length=32, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    # Set when the token is exchanged for the next one: presenting it again is a replay.
    used_at = models.DateTimeField(null=True)
    revoked_at = models.DateTimeField(null=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"refresh token {self.pk} of family {self.family_id}"
