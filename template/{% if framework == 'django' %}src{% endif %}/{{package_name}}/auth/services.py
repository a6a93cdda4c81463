from django.contrib.auth.hashers import make_password

from ..errors import UnauthorizedError
from ..users.models import User
from ..users.services import active_user
from .tokens import TokenPair, issue_token_pair, user_id_from_token


def login(email: str, password: str) -> TokenPair:
    user = User.objects.filter(email=email.lower()).first()
    if user is None:
        # Hash anyway: an unknown e-mail and a wrong password cost the same time.
        make_password(password)
    elif user.check_password(password) and user.is_active:
        return issue_token_pair(user.id)
    raise UnauthorizedError("Incorrect e-mail or password.")


def refresh(refresh_token: str) -> TokenPair:
    user = active_user(user_id_from_token(refresh_token, "refresh"))
    return issue_token_pair(user.id)
