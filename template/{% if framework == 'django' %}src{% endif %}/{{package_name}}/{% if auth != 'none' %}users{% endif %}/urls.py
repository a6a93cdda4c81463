from django.urls import path

from .views import DeactivateUserView, MeView, UserListView

urlpatterns = [
    path("users", UserListView.as_view(), name="users"),
    path("users/me", MeView.as_view(), name="users-me"),
    path("users/<str:user_id>/deactivate", DeactivateUserView.as_view(), name="users-deactivate"),
]
