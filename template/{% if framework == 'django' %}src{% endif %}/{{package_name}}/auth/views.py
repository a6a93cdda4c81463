from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..throttling import ApiRateThrottle, AuthRateThrottle
from ..users.serializers import UserReadSerializer
from ..users.services import create_user
from ..validation import validated_body
from . import services
from .serializers import (
    LoginSerializer,
    LogoutSerializer,
    RefreshSerializer,
    RegisterSerializer,
    TokenSerializer,
)
from .tokens import TokenPair


def _tokens(pair: TokenPair) -> Response:
    return Response(TokenSerializer({**asdict(pair), "token_type": "bearer"}).data)


class PublicView(APIView):
    """Anyone may call these: they are how a caller gets credentials."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (AuthRateThrottle, ApiRateThrottle)


class RegisterView(PublicView):
    @extend_schema(
        operation_id="register",
        request=RegisterSerializer,
        responses={201: UserReadSerializer},
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        data = validated_body(RegisterSerializer, request)
        user = create_user(
            email=data["email"], password=data["password"], full_name=data["full_name"]
        )
        return Response(UserReadSerializer(user).data, status=status.HTTP_201_CREATED)


class LoginView(PublicView):
    @extend_schema(
        operation_id="login", request=LoginSerializer, responses={200: TokenSerializer},
        tags=["auth"],
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        data = validated_body(LoginSerializer, request)
        return _tokens(services.login(data["email"], data["password"]))


class RefreshView(PublicView):
    @extend_schema(
        operation_id="refresh", request=RefreshSerializer, responses={200: TokenSerializer},
        tags=["auth"],
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        data = validated_body(RefreshSerializer, request)
        return _tokens(services.refresh(data["refresh_token"]))


class LogoutView(PublicView):
    @extend_schema(
        operation_id="logout", request=LogoutSerializer, responses={204: None}, tags=["auth"],
        description="Revoke the refresh token and every token rotated from the same login.",
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        data = validated_body(LogoutSerializer, request)
        services.logout(data["refresh_token"])
        return Response(status=status.HTTP_204_NO_CONTENT)
