from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from ..errors import UnauthorizedError
from ..users.models import Role, User
from .authentication import TokenUser
from .tokens import INVALID


class IsAdmin(BasePermission):
    """Admins only: 401 without a valid token, 403 with anyone else's."""

    message = "Only an admin may do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        caller = request.user
        # The token's role turns other callers away without a query; the row has the last
        # word, so an admin who was deactivated or demoted loses admin routes at once.
        if not isinstance(caller, TokenUser) or caller.role != Role.ADMIN:
            return False
        if not User.objects.filter(pk=caller.id, is_active=True).exists():
            raise UnauthorizedError(INVALID)
        return User.objects.filter(pk=caller.id, role=Role.ADMIN).exists()
