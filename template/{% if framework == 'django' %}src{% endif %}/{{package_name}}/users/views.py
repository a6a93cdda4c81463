from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..auth.authentication import caller_id
from .serializers import UserReadSerializer
from .services import active_user


class MeView(APIView):
    @extend_schema(operation_id="read_me", responses={200: UserReadSerializer}, tags=["users"])
    def get(self, request: Request) -> Response:
        return Response(UserReadSerializer(active_user(caller_id(request))).data)
