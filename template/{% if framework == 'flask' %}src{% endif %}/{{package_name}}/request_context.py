"""Request context: a request id on every log line and response, and one access log line."""

import io
import re
import time
import uuid

import structlog
from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import RequestEntityTooLarge

REQUEST_ID_HEADER = "X-Request-ID"
# Accept a caller's id only if it is short and harmless to echo into logs and headers.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

logger = structlog.stdlib.get_logger("http")


def _bind_request_id() -> None:
    candidate = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = candidate if _VALID_REQUEST_ID.match(candidate) else uuid.uuid4().hex
    g.started_at = time.perf_counter()
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=g.request_id)


def _refuse_oversize_body() -> None:
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None:
        if request.content_length > limit:
            raise RequestEntityTooLarge
        return
    if not request.environ.get("wsgi.input_terminated"):
        return
    # A streamed (chunked) body has no declared length, and Werkzeug would silently cut it
    # at the limit. Read at most one byte past the limit instead: more is a 413; otherwise
    # the body is handed on with its length, like any other.
    body = request.environ["wsgi.input"].read(limit + 1)
    if len(body) > limit:
        raise RequestEntityTooLarge
    request.environ["wsgi.input"] = io.BytesIO(body)
    request.environ["CONTENT_LENGTH"] = str(len(body))


def _log_and_echo(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = g.request_id
    logger.info(
        "request",
        method=request.method,
        path=request.path,
        status=response.status_code,
        duration_ms=round((time.perf_counter() - g.started_at) * 1000, 2),
    )
    return response


def _forget_request(_error: BaseException | None = None) -> None:
    structlog.contextvars.clear_contextvars()


def register_request_context(app: Flask) -> None:
    app.before_request(_bind_request_id)
    app.before_request(_refuse_oversize_body)
    app.after_request(_log_and_echo)
    app.teardown_request(_forget_request)
