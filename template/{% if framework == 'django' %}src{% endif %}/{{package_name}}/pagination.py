"""Offset pagination: the query parameters every list takes and the fields it returns."""

from typing import Any

from rest_framework import serializers

# Primary keys are 64-bit; a larger offset or id cannot name anything.
MAX_ID = 2**63 - 1
MAX_PAGE_SIZE = 100


class PageParamsSerializer(serializers.Serializer[None]):
    limit = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, default=20)
    offset = serializers.IntegerField(min_value=0, max_value=MAX_ID, default=0)


class PageSerializer(serializers.Serializer[Any]):
    """The fields every paginated response carries next to its ``items``."""

    total = serializers.IntegerField()
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()
