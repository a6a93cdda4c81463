"""The ceiling: one bare JSON route, served by the same server with the same settings.

uvicorn serves `create_app` (a Starlette app, as before 2026-12-05); gunicorn serves
`application`, a bare WSGI callable, since Flask and Django projects have no Starlette.
"""

from typing import Any

BODY = b'{"status": "ok"}'


def application(_environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]
    )
    return [BODY]


def create_app() -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def hello(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    # /health/live too: the benchmark waits on it before it starts the load.
    return Starlette(routes=[Route("/", hello), Route("/health/live", hello)])
