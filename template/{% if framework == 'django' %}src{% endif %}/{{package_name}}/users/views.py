from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..auth.authentication import caller_id
from ..auth.permissions import IsAdmin
from ..pagination import MAX_ID, PageParamsSerializer
from ..validation import validated
from . import selectors
from .serializers import UserPageSerializer, UserReadSerializer
from .services import active_user, deactivate_user

# The bounds UserIdSerializer checks, shown in the OpenAPI document.
USER_ID = OpenApiParameter(
    "user_id",
    {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID},
    OpenApiParameter.PATH,
)


class UserIdSerializer(serializers.Serializer[None]):
    # Validated here rather than by a URL converter: "abc" is invalid input (422), not 404.
    user_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class MeView(APIView):
    @extend_schema(operation_id="read_me", responses={200: UserReadSerializer}, tags=["users"])
    def get(self, request: Request) -> Response:
        return Response(UserReadSerializer(active_user(caller_id(request))).data)


# Shown on the admin-only operations in the OpenAPI document.
ADMIN_ONLY = OpenApiResponse(description="Only an admin may do this")


class AdminView(APIView):
    permission_classes = (IsAuthenticated, IsAdmin)


class UserListView(AdminView):
    @extend_schema(
        operation_id="list_users",
        parameters=[PageParamsSerializer],
        responses={200: UserPageSerializer, 403: ADMIN_ONLY},
        tags=["users"],
    )
    def get(self, request: Request) -> Response:
        page = validated(PageParamsSerializer, request.query_params, "query")
        users = selectors.all_users()
        window = users[page["offset"] : page["offset"] + page["limit"]]
        return Response(UserPageSerializer({"items": window, "total": users.count(), **page}).data)


class DeactivateUserView(AdminView):
    @extend_schema(
        operation_id="deactivate_user", parameters=[USER_ID], request=None,
        responses={200: UserReadSerializer, 403: ADMIN_ONLY}, tags=["users"],
        description="Block the account and revoke its refresh tokens.",
    )  # fmt: skip
    def post(self, request: Request, user_id: str) -> Response:
        data = validated(UserIdSerializer, {"user_id": user_id}, "path")
        return Response(UserReadSerializer(deactivate_user(data["user_id"])).data)
