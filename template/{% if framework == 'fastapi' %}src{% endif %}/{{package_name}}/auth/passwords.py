"""Password hashing with argon2 (pwdlib's recommended settings), off the event loop.

A hash takes tens of milliseconds of CPU on purpose; running it in a worker thread keeps the
server answering other requests meanwhile.
"""

from pwdlib import PasswordHash
from starlette.concurrency import run_in_threadpool

_hasher = PasswordHash.recommended()
# Verified against when the e-mail is unknown, so both failures cost the same time.
_UNKNOWN_USER_HASH = _hasher.hash("unknown-user-placeholder-password")


async def hash_password(password: str) -> str:
    return await run_in_threadpool(_hasher.hash, password)


async def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        await run_in_threadpool(_hasher.verify, password, _UNKNOWN_USER_HASH)
        return False
    return await run_in_threadpool(_hasher.verify, password, password_hash)
