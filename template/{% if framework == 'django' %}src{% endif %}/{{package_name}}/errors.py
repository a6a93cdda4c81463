"""Every error leaves the API as an RFC 9457 problem details document."""

import math
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import structlog
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response

PROBLEM_MEDIA_TYPE = "application/problem+json"

logger = structlog.stdlib.get_logger("errors")


def problem_body(status: int, detail: str, instance: str, **extensions: Any) -> dict[str, Any]:
    return {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": instance,
        **extensions,
    }


def problem_response(
    request: HttpRequest,
    status: int,
    detail: str,
    *,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JsonResponse:
    """A problem response for code outside DRF views (middleware, Django's handlers)."""
    return JsonResponse(
        problem_body(status, detail, request.path, **extensions),
        status=status,
        content_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


class ProblemError(exceptions.APIException):
    """An expected failure that maps to one HTTP status; raise a subclass from services."""

    status_code = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)


class NotFoundError(ProblemError):
    status_code = 404


class ConflictError(ProblemError):
    status_code = 409


class UnauthorizedError(ProblemError):
    """401 with a `WWW-Authenticate: Bearer` challenge, from any view."""

    status_code = 401
    auth_header = "Bearer"

    def __init__(self, detail: str = "Missing or invalid credentials.") -> None:
        super().__init__(detail)


class ValidationProblem(exceptions.APIException):
    """Invalid input: 422 listing each problem with where it is (see `validation.py`)."""

    status_code = 422

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("The request is not valid.")
        self.errors = errors


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler, answering every error as problem details.

    Anything it does not know is left to Django, whose 500 handler is a problem too.
    """
    request = context["request"]
    if isinstance(exc, (OperationalError, InterfaceError)):
        # The database cannot be reached: 503, so clients retry; Django reconnects by itself
        # (CONN_HEALTH_CHECKS) once the database is back.
        logger.warning("database unavailable", error=type(exc).__name__)
        return _problem(request.path, 503, "The database is unavailable; try again shortly.",
                        headers={"Retry-After": "5"})  # fmt: skip
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, exceptions.ParseError):
        exc = ValidationProblem(
            [{"location": ["body"], "message": f"Malformed JSON: {exc.detail}"}]
        )
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if auth_header := getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = auth_header
    if wait := getattr(exc, "wait", None):
        headers["Retry-After"] = str(max(1, math.ceil(wait)))
    extensions = {"errors": exc.errors} if isinstance(exc, ValidationProblem) else {}
    if isinstance(exc, exceptions.MethodNotAllowed):
        detail = f"The method {request.method} is not allowed here."
    else:
        detail = (
            str(exc.detail) if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        )
    return _problem(request.path, exc.status_code, detail, headers=headers, **extensions)


def _problem(
    instance: str, status: int, detail: str, headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> Response:  # fmt: skip
    return Response(
        problem_body(status, detail, instance, **extensions),
        status=status,
        headers=headers,
        content_type=PROBLEM_MEDIA_TYPE,
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400 handler: a Host outside ALLOWED_HOSTS and other suspicious requests."""
    return problem_response(request, 400, "The request was refused as malformed or unsafe.")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 handler (unknown routes, outside DRF's views)."""
    return problem_response(request, 404, f"Nothing lives at {request.path}.")


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler: the traceback goes to the logs, never to the client."""
    return problem_response(request, 500, "An unexpected error occurred.")
