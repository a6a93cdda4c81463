from django.urls import path

from .views import PostDetailView, PostListView, PostPublishView

urlpatterns = [
    path("posts", PostListView.as_view(), name="posts"),
    path("posts/<str:post_id>", PostDetailView.as_view(), name="post"),
    path("posts/<str:post_id>/publish", PostPublishView.as_view(), name="post-publish"),
]
