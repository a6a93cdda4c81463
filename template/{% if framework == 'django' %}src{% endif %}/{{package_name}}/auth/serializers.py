from typing import Any

from rest_framework import serializers

from ..validation import StrictCharField, StrictEmailField

PASSWORD_MIN_LENGTH = 8
# argon2 hashes any length, but an unbounded body is a cheap denial of service.
PASSWORD_MAX_LENGTH = 128


class RegisterSerializer(serializers.Serializer[None]):
    email = StrictEmailField(max_length=320)
    password = StrictCharField(
        min_length=PASSWORD_MIN_LENGTH, max_length=PASSWORD_MAX_LENGTH, trim_whitespace=False
    )
    full_name = StrictCharField(min_length=1, max_length=200)


class LoginSerializer(serializers.Serializer[None]):
    email = StrictEmailField(max_length=320)
    password = StrictCharField(min_length=1, max_length=PASSWORD_MAX_LENGTH, trim_whitespace=False)


class RefreshSerializer(serializers.Serializer[None]):
    refresh_token = StrictCharField(min_length=1, max_length=4096)


class LogoutSerializer(RefreshSerializer):
    """The refresh token whose login ends."""


class TokenSerializer(serializers.Serializer[Any]):
    access_token = serializers.CharField()
    refresh_token = serializers.CharField()
    token_type = serializers.CharField(default="bearer")
    expires_in = serializers.IntegerField(help_text="Seconds until the access token expires")
