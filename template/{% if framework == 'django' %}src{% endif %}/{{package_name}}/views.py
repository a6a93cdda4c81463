"""The base of every API view."""

from rest_framework.request import Request
from rest_framework.views import APIView


class ApiView(APIView):
    """Counts each request against the client's rate limits before checking its credentials,
    so requests with wrong credentials are limited too (DRF checks credentials first)."""

    def perform_authentication(self, request: Request) -> None:
        super().check_throttles(request)
        super().perform_authentication(request)

    def check_throttles(self, request: Request) -> None:
        """Done already, before authentication."""
