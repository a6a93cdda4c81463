"""The ceiling: one bare JSON route, served by the same server with the same settings."""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def hello(_request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def create_app() -> Starlette:
    # /health/live too: the benchmark waits on it before it starts the load.
    return Starlette(routes=[Route("/", hello), Route("/health/live", hello)])
