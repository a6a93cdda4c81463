"""Password hashing with argon2 (pwdlib's recommended settings).

bcrypt hashes (from an older system) are still accepted, and replaced by argon2 at the
next successful login.
"""

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from pwdlib.hashers.bcrypt import BcryptHasher

# The first hasher makes new hashes; the others only verify.
_hasher = PasswordHash((Argon2Hasher(), BcryptHasher()))
# Verified against when the e-mail is unknown, so both failures cost the same time.
_UNKNOWN_USER_HASH = _hasher.hash("unknown-user-placeholder-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> tuple[bool, str | None]:
    """Whether the password matches, and the new hash to store if the old one is outdated."""
    if password_hash is None:
        _hasher.verify(password, _UNKNOWN_USER_HASH)
        return False, None
    return _hasher.verify_and_update(password, password_hash)
