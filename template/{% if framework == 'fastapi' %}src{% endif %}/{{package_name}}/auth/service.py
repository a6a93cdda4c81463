from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import UnauthorizedError
from ..orm import utcnow
from ..settings import Settings
from ..users.models import User
from ..users.service import create_user, get_user, get_user_by_email
from . import refresh_tokens
from .passwords import hash_password, verify_password
from .refresh_tokens import StoredToken
from .schemas import LoginRequest, RegisterRequest
from .tokens import INVALID, TokenPair, issue_access_token

REPLAYED = "This refresh token was already used or revoked: its login is now revoked."


async def register(session: AsyncSession, request: RegisterRequest) -> User:
    return await create_user(
        session,
        email=request.email,
        password_hash=await hash_password(request.password),
        full_name=request.full_name,
    )


async def login(session: AsyncSession, settings: Settings, request: LoginRequest) -> TokenPair:
    user = await get_user_by_email(session, request.email)
    # Unknown e-mail and wrong password answer alike, in the same time.
    password_ok, new_hash = await verify_password(
        request.password, user.password_hash if user else None
    )
    if user is None or not password_ok or not user.is_active:
        raise UnauthorizedError("Incorrect e-mail or password.")
    if new_hash is not None:
        user.password_hash = new_hash
    return await _issue(session, settings, user, refresh_tokens.new_family())


async def refresh(session: AsyncSession, settings: Settings, token: str) -> TokenPair:
    stored = await _stored(session, token)
    if stored is None or utcnow() >= stored.expires_at:
        raise UnauthorizedError(INVALID)
    # Spending is one conditional UPDATE, so of two requests racing with one token only
    # one wins; the other is treated as the replay it looks like.
    spent = await session.execute(refresh_tokens.spend(stored.id))
    if not refresh_tokens.was_spent(spent):
        await session.execute(refresh_tokens.revoke_family(stored.family_id))
        await session.commit()
        raise UnauthorizedError(REPLAYED)
    user = await get_user(session, stored.user_id)
    if user is None or not user.is_active:
        await session.commit()
        raise UnauthorizedError(INVALID)
    return await _issue(session, settings, user, stored.family_id)


async def logout(session: AsyncSession, token: str) -> None:
    """Revoke the token's family; an unknown token is not an error (nothing to revoke)."""
    stored = await _stored(session, token)
    if stored is not None:
        await session.execute(refresh_tokens.revoke_family(stored.family_id))
        await session.commit()


async def _stored(session: AsyncSession, token: str) -> StoredToken | None:
    row = (await session.execute(refresh_tokens.find(token))).one_or_none()
    return None if row is None else StoredToken(**row._asdict())


async def _issue(
    session: AsyncSession, settings: Settings, user: User, family_id: str
) -> TokenPair:
    issued = refresh_tokens.issue(user.id, family_id, settings.refresh_token_ttl_seconds)
    await session.execute(issued.statement)
    await session.commit()
    return TokenPair(
        access_token=issue_access_token(settings, user.id, user.role),
        refresh_token=issued.token,
        expires_in=settings.access_token_ttl_seconds,
    )
