"""Every error leaves the API as an RFC 9457 problem details document."""

import socket
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"

logger = structlog.stdlib.get_logger("errors")


def problem_response(
    status_code: int,
    detail: str,
    *,
    instance: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
    }
    if instance is not None:
        body["instance"] = instance
    body.update(extensions)
    return JSONResponse(
        body, status_code=status_code, headers=headers, media_type=PROBLEM_MEDIA_TYPE
    )


class ProblemError(Exception):
    """An expected failure that maps to one HTTP status; raise a subclass from services."""

    status_code: int = 400

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers


class NotFoundError(ProblemError):
    status_code = 404


class ConflictError(ProblemError):
    status_code = 409


class UnauthorizedError(ProblemError):
    status_code = 401

    def __init__(self, detail: str = "Missing or invalid credentials.") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


def register_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def _problem_error(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(
            exc.status_code, exc.detail, instance=request.url.path, headers=exc.headers
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(
            exc.status_code, str(exc.detail), instance=request.url.path, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"location": list(error["loc"]), "message": error["msg"], "type": error["type"]}
            for error in exc.errors()
        ]
        return problem_response(
            422, "The request is not valid.", instance=request.url.path, errors=errors
        )

    # The database cannot be reached (refused, unreachable, pool exhausted): 503, so clients
    # retry; the pool reconnects by itself once the database is back.
    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(PoolTimeoutError)
    @app.exception_handler(ConnectionError)
    @app.exception_handler(TimeoutError)
    @app.exception_handler(socket.gaierror)
    async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
        logger.error("database_unavailable", error=str(exc))
        return problem_response(
            503,
            "The database is unavailable; try again shortly.",
            instance=request.url.path,
            headers={"Retry-After": "5"},
        )
