"""Request middleware: a request id and one access log line per request, and the body limit."""

import re
import time
import uuid
from collections.abc import Callable

import structlog
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .errors import problem_response

REQUEST_ID_HEADER = "X-Request-ID"
# Accept a caller's id only if it is short and harmless to echo into logs and headers.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

logger = structlog.stdlib.get_logger("http")

Handler = Callable[[HttpRequest], HttpResponse]


class RequestContextMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        candidate = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = candidate if _VALID_REQUEST_ID.match(candidate) else uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            logger.info(
                "request",
                method=request.method,
                path=request.path,
                status=response.status_code,
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
            )
            return response
        finally:
            structlog.contextvars.clear_contextvars()


class BodySizeLimitMiddleware:
    """Answers 413 to a body declared larger than MAX_BODY_BYTES, before reading it.

    A body streamed without a length is bounded by `wsgi.bounded_body` first.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > settings.MAX_BODY_BYTES:
            return problem_response(
                request, 413, f"The request body is larger than {settings.MAX_BODY_BYTES} bytes."
            )
        return self.get_response(request)
