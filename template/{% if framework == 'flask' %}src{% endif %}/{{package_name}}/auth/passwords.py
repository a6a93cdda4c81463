"""Password hashing with argon2 (pwdlib's recommended settings)."""

from pwdlib import PasswordHash

_hasher = PasswordHash.recommended()
# Verified against when the e-mail is unknown, so both failures cost the same time.
_UNKNOWN_USER_HASH = _hasher.hash("unknown-user-placeholder-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        _hasher.verify(password, _UNKNOWN_USER_HASH)
        return False
    return _hasher.verify(password, password_hash)
