from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from ..users.models import Role
from .authentication import TokenUser


class IsAdmin(BasePermission):
    """Admins only: 401 without a valid token, 403 with anyone else's."""

    message = "Only an admin may do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return isinstance(user, TokenUser) and user.role == Role.ADMIN
