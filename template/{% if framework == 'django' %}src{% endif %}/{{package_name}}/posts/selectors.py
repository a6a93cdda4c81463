"""Reads: which posts a viewer may see, with their authors loaded in the same query."""

from django.db.models import Q, QuerySet

from ..errors import NotFoundError
from .models import Post


def _visible_to(viewer_id: int) -> Q:
    return Q(published=True) | Q(author_id=viewer_id)


def visible_posts(viewer_id: int) -> QuerySet[Post]:
    """Published posts and the viewer's own drafts, newest first."""
    return (
        Post.objects.select_related("author")
        .filter(_visible_to(viewer_id))
        .order_by("-created_at", "-id")
    )


def _find(post_id: int, condition: Q) -> Post:
    post = Post.objects.select_related("author").filter(condition, pk=post_id).first()
    if post is None:
        raise NotFoundError(f"Post {post_id} does not exist.")
    return post


def visible_post(viewer_id: int, post_id: int) -> Post:
    return _find(post_id, _visible_to(viewer_id))


def own_post(author_id: int, post_id: int) -> Post:
    # Someone else's post answers 404 like a missing one: existence does not leak.
    return _find(post_id, Q(author_id=author_id))
