"""Input validation with DRF serializers, answered as one 422 problem listing every error."""

from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from rest_framework import serializers
from rest_framework.request import Request

from .errors import ValidationProblem

Location = Literal["body", "query", "path"]
S = TypeVar("S", bound=serializers.Serializer[Any])


def validated(serializer_class: type[S], data: Any, location: Location) -> dict[str, Any]:
    """The serializer's validated data; `ValidationProblem` (422) if ``data`` is invalid."""
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise ValidationProblem(list(_located(serializer.errors, [location])))
    result: dict[str, Any] = serializer.validated_data
    return result


def validated_body(serializer_class: type[S], request: Request) -> dict[str, Any]:
    return validated(serializer_class, request.data, "body")


def _located(errors: Any, location: list[str]) -> Any:
    """DRF's nested {field: [messages]} as a flat list of located messages."""
    if isinstance(errors, Mapping):
        for field, nested in errors.items():
            inner = location if field == "non_field_errors" else [*location, str(field)]
            yield from _located(nested, inner)
    elif isinstance(errors, list):
        for item in errors:
            yield from _located(item, location)
    else:
        yield {"location": location, "message": str(errors)}


class StrictCharField(serializers.CharField):
    """A JSON string only: DRF's CharField would accept 123 and store "123"."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictEmailField(serializers.EmailField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)
