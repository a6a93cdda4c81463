"""Thin views: validate the input, call a selector or service, serialize the result.

Reads trust the token alone; writes load the author, so a deactivated account cannot write.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..auth.authentication import caller_id
from ..pagination import MAX_ID, PageParamsSerializer
from ..users.services import active_user
from ..validation import validated, validated_body
from . import selectors, services
from .serializers import (
    PostCreateSerializer,
    PostPageSerializer,
    PostReadSerializer,
    PostUpdateSerializer,
)

# The bounds PostIdSerializer checks, shown in the OpenAPI document.
POST_ID = OpenApiParameter(
    "post_id",
    {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID},
    OpenApiParameter.PATH,
)


class PostIdSerializer(serializers.Serializer[None]):
    # Validated here rather than by a URL converter: "abc" is invalid input (422), not 404.
    post_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)


def _post_id(raw: str) -> int:
    post_id: int = validated(PostIdSerializer, {"post_id": raw}, "path")["post_id"]
    return post_id


class PostListView(APIView):
    @extend_schema(
        operation_id="list_posts",
        parameters=[PageParamsSerializer],
        responses={200: PostPageSerializer},
        tags=["posts"],
    )
    def get(self, request: Request) -> Response:
        page = validated(PageParamsSerializer, request.query_params, "query")
        posts = selectors.visible_posts(caller_id(request))
        window = posts[page["offset"] : page["offset"] + page["limit"]]
        body = {"items": window, "total": posts.count(), **page}
        return Response(PostPageSerializer(body).data)

    @extend_schema(
        operation_id="create_post",
        request=PostCreateSerializer,
        responses={201: PostReadSerializer},
        tags=["posts"],
    )
    def post(self, request: Request) -> Response:
        data = validated_body(PostCreateSerializer, request)
        post = services.create_post(active_user(caller_id(request)), **data)
        return Response(PostReadSerializer(post).data, status=status.HTTP_201_CREATED)


class PostDetailView(APIView):
    @extend_schema(
        operation_id="get_post", parameters=[POST_ID], responses={200: PostReadSerializer},
        tags=["posts"],
    )  # fmt: skip
    def get(self, request: Request, post_id: str) -> Response:
        post = selectors.visible_post(caller_id(request), _post_id(post_id))
        return Response(PostReadSerializer(post).data)

    @extend_schema(
        operation_id="update_post",
        parameters=[POST_ID],
        request=PostUpdateSerializer,
        responses={200: PostReadSerializer},
        tags=["posts"],
    )
    def patch(self, request: Request, post_id: str) -> Response:
        checked_id = _post_id(post_id)
        changes = validated_body(PostUpdateSerializer, request)
        author = active_user(caller_id(request))
        return Response(
            PostReadSerializer(services.update_post(author.id, checked_id, changes)).data
        )

    @extend_schema(
        operation_id="delete_post", parameters=[POST_ID], responses={204: None}, tags=["posts"]
    )
    def delete(self, request: Request, post_id: str) -> Response:
        checked_id = _post_id(post_id)
        services.delete_post(active_user(caller_id(request)).id, checked_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostPublishView(APIView):
    @extend_schema(
        operation_id="publish_post", parameters=[POST_ID], request=None,
        responses={200: PostReadSerializer}, tags=["posts"],
    )  # fmt: skip
    def post(self, request: Request, post_id: str) -> Response:
        checked_id = _post_id(post_id)
        post = services.publish_post(active_user(caller_id(request)).id, checked_id)
        return Response(PostReadSerializer(post).data)
