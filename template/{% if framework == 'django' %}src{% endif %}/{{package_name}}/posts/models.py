from django.conf import settings
from django.db import models
from django.utils import timezone


class Post(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    slug = models.SlugField(max_length=220, unique=True)
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The list's order: newest first, the id breaking ties.
        indexes = (models.Index(fields=("created_at", "id"), name="posts_created_at_id"),)

    def __str__(self) -> str:
        return self.slug
