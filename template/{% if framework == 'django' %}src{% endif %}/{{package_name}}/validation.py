"""Input validation with DRF serializers, answered as one 422 problem listing every error."""

from collections.abc import Mapping
from typing import IO, Any, Literal, TypeVar

from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from rest_framework import parsers, serializers
from rest_framework.exceptions import ParseError
from rest_framework.request import Request

from .errors import ValidationProblem

Location = Literal["body", "query", "path"]
S = TypeVar("S", bound=serializers.Serializer[Any])


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; a body nested too deeply for Python's parser is malformed too."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("The JSON is nested too deeply.") from None


def validated(serializer_class: type[S], data: Any, location: Location) -> dict[str, Any]:
    """The serializer's validated data; `ValidationProblem` (422) if ``data`` is invalid."""
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise ValidationProblem(list(_located(serializer.errors, [location])))
    result: dict[str, Any] = serializer.validated_data
    return result


def validated_query(serializer_class: type[S], request: Request) -> dict[str, Any]:
    # A plain dict, not the QueryDict: DRF reads an empty value in a form-like QueryDict as
    # "not given", so `?offset=` would quietly mean the default instead of being refused.
    return validated(serializer_class, request.query_params.dict(), "query")


def validated_body(serializer_class: type[S], request: Request) -> dict[str, Any]:
    # DRF reads a request without a body as {}; every body this API takes is required.
    if request.stream is None:
        raise ValidationProblem([{"location": ["body"], "message": "A JSON body is required."}])
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


# No NUL character in any text: PostgreSQL cannot store one and no real text holds one.
NO_NUL_PATTERN = r"^[^\x00]*$"


class StrictCharField(serializers.CharField):
    """A JSON string only: DRF's CharField would accept 123 and store "123".

    ``pattern`` is checked and shown in the OpenAPI document; without one, the document shows
    the rule DRF already enforces, that no NUL character is allowed.
    """

    def __init__(self, *, pattern: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # One pattern per field, so the OpenAPI document shows the very rule that is checked.
        if pattern is not None:
            self.validators.append(RegexValidator(pattern))
        else:
            self.validators = [
                RegexValidator(NO_NUL_PATTERN, message=ProhibitNullCharactersValidator.message)
                if isinstance(validator, ProhibitNullCharactersValidator)
                else validator
                for validator in self.validators
            ]

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictEmailField(serializers.EmailField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)
