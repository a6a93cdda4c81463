"""Every error leaves the API as an RFC 9457 problem details document."""

import socket
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import structlog
from apiflask import APIFlask, HTTPError
from flask import Request, Response, jsonify, request
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.datastructures import Headers

PROBLEM_MEDIA_TYPE = "application/problem+json"

logger = structlog.stdlib.get_logger("errors")


class Problem(BaseModel):
    """The body of every error response (RFC 9457); some carry extra members."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None


def problem_response(
    status_code: int,
    detail: str,
    *,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
        "instance": request.path,
        **extensions,
    }
    response = jsonify(body)
    response.status_code = status_code
    response.content_type = PROBLEM_MEDIA_TYPE
    response.headers.update(headers or {})
    return response


class ProblemError(Exception):
    """An expected failure that maps to one HTTP status; raise a subclass from services."""

    status_code: int = 400

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}


class NotFoundError(ProblemError):
    status_code = 404


class ConflictError(ProblemError):
    status_code = 409


class ForbiddenError(ProblemError):
    status_code = 403


class UnauthorizedError(ProblemError):
    status_code = 401

    def __init__(self, detail: str = "Missing or invalid credentials.") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


def _invalid_body(message: str) -> HTTPError:
    return HTTPError(422, "The request is not valid.", detail={"json": {"": [message]}})


class ProblemRequest(Request):
    """Malformed JSON is invalid input (422), like a wrong type, not a bare 400."""

    def on_json_loading_failed(self, e: ValueError | None) -> Any:
        raise _invalid_body(f"Malformed JSON: {e}" if e else "Malformed JSON")

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        data = super().get_json(force=force, silent=silent, cache=cache)
        # Unless silent, a body that is not JSON has raised by now: None is a literal `null`,
        # which APIFlask would read as `{}` and a PATCH take as "change nothing".
        if data is None and not silent:
            raise _invalid_body("The body must be a JSON object, not null.")
        return data


# APIFlask's names for where input comes from, and ours (the same as the other frameworks').
_LOCATIONS = {"json": "body", "query": "query", "path": "path", "headers": "header"}


def _validation_errors(detail: Any) -> list[dict[str, Any]]:
    """APIFlask's {location: {field: [messages]}} as a list of located messages."""
    if not isinstance(detail, dict):
        return []
    return [
        {
            "location": [_LOCATIONS.get(location, location), *filter(None, str(field).split("."))],
            "message": message,
        }
        for location, fields in detail.items()
        if isinstance(fields, dict)
        for field, messages in fields.items()
        for message in (messages if isinstance(messages, list) else [messages])
    ]


def _http_error(error: HTTPError) -> Response:
    if error.status_code == 422:
        return problem_response(
            422, "The request is not valid.", errors=_validation_errors(error.detail)
        )
    detail = error.message or HTTPStatus(error.status_code).phrase
    headers = Headers(error.headers)
    if error.status_code == 405:
        detail = f"The method {request.method} is not allowed here."
        headers["Allow"] = ", ".join(sorted(headers.get("Allow", "").replace(" ", "").split(",")))
    elif error.status_code == 404:
        detail = f"Nothing lives at {request.path}."
    elif error.status_code == 413:
        detail = "The request body is too large."
    elif error.status_code == 429:
        detail = "Too many requests; try again after the seconds in Retry-After."
    return problem_response(error.status_code, detail, headers=dict(headers.items()))


def register_error_handlers(app: APIFlask) -> None:
    app.request_class = ProblemRequest
    app.error_processor(_http_error)

    @app.errorhandler(ProblemError)
    def _problem_error(error: ProblemError) -> Response:
        return problem_response(error.status_code, error.detail, headers=error.headers)

    # The database cannot be reached (refused, unreachable, pool exhausted): 503, so clients
    # retry; the pool reconnects by itself once the database is back.
    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeoutError)
    @app.errorhandler(ConnectionError)
    @app.errorhandler(TimeoutError)
    @app.errorhandler(socket.gaierror)
    def _database_unavailable(error: Exception) -> Response:
        logger.warning("database unavailable", error=type(error).__name__)
        return problem_response(
            503, "The database is unavailable; try again shortly.", headers={"Retry-After": "5"}
        )

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        logger.exception("unhandled error")
        return problem_response(500, "An unexpected error occurred.")


def document_problems(app: APIFlask, rate_limited_prefix: str) -> None:
    """Describe every error response in the OpenAPI document as problem details, every
    request body as required, and the 429 of every rate-limited operation."""
    problem_schema = {"$ref": "#/components/schemas/Problem"}
    app.config["HTTP_ERROR_SCHEMA"] = problem_schema
    app.config["VALIDATION_ERROR_SCHEMA"] = problem_schema

    @app.spec_processor
    def _problem_media_type(spec: dict[Any, Any] | str) -> dict[Any, Any] | str:
        if isinstance(spec, str):  # only the final, dumped document is a string
            return spec
        spec.setdefault("components", {}).setdefault("schemas", {})["Problem"] = (
            Problem.model_json_schema()
        )
        problem = {"content": {PROBLEM_MEDIA_TYPE: {"schema": problem_schema}}}
        for path, operations in spec["paths"].items():
            for operation in operations.values():
                if path.startswith(rate_limited_prefix):
                    operation["responses"]["429"] = {"description": "Too Many Requests", **problem}
                # Every body the API takes is required: a request without one is a 422.
                if "requestBody" in operation:
                    operation["requestBody"]["required"] = True
                responses = operation["responses"]
                responses["default"] = {"description": "Any other error", **problem}
                for code, response in responses.items():
                    if not code.startswith("2") and "content" in response:
                        response.update(problem)
        return spec
