from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from ..errors import UnauthorizedError
from ..users.models import User
from . import refresh_tokens
from .tokens import INVALID, TokenPair, issue_access_token

REPLAYED = "This refresh token was already used or revoked: its login is now revoked."


def login(email: str, password: str) -> TokenPair:
    user = User.objects.filter(email=email.lower()).first()
    if user is None:
        # Hash anyway: an unknown e-mail and a wrong password cost the same time.
        make_password(password)
    # check_password also replaces an outdated hash (bcrypt, PBKDF2) with an argon2 one.
    elif user.check_password(password) and user.is_active:
        return _issue(user, refresh_tokens.new_family())
    raise UnauthorizedError("Incorrect e-mail or password.")


def refresh(token: str) -> TokenPair:
    stored = refresh_tokens.find(token)
    if stored is None or timezone.now() >= stored.expires_at:
        raise UnauthorizedError(INVALID)
    # Spending is one conditional UPDATE, so of two requests racing with one token only one
    # wins; the other waits for its transaction, then finds the token spent. The new token
    # is issued in the same transaction, so a replay's revocation always reaches it.
    with transaction.atomic():
        spent = refresh_tokens.spend(stored)
        user = User.objects.filter(pk=stored.user_id, is_active=True).first()
        if spent and user is not None:
            return _issue(user, stored.family_id)
    if not spent:
        refresh_tokens.revoke_family(stored.family_id)
        raise UnauthorizedError(REPLAYED)
    raise UnauthorizedError(INVALID)


def logout(token: str) -> None:
    """Revoke the token's family; an unknown token is not an error (nothing to revoke)."""
    stored = refresh_tokens.find(token)
    if stored is not None:
        refresh_tokens.revoke_family(stored.family_id)


def _issue(user: User, family_id: str) -> TokenPair:
    return TokenPair(
        access_token=issue_access_token(user.id, user.role),
        refresh_token=refresh_tokens.issue(user, family_id),
        expires_in=settings.ACCESS_TOKEN_TTL_SECONDS,
    )
