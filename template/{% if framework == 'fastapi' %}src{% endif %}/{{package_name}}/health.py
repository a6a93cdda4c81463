"""Liveness (the process answers) and readiness (its dependencies answer)."""

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from .errors import problem_response, problem_responses

router = APIRouter(prefix="/health", tags=["health"], responses=problem_responses())

_CHECK_TIMEOUT_SECONDS = 2.0


@router.get("/live")
async def live() -> dict[str, str]:
    return {"status": "ok"}


async def _database_ok(engine: AsyncEngine) -> bool:
    try:
        async with asyncio.timeout(_CHECK_TIMEOUT_SECONDS), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:  # any failure means "not ready"; the reason is not the caller's business
        return False
    return True


@router.get("/ready", responses=problem_responses(503))
async def ready(request: Request) -> JSONResponse:
    checks = {"database": "ok" if await _database_ok(request.app.state.engine) else "unavailable"}
    if all(state == "ok" for state in checks.values()):
        return JSONResponse({"status": "ok", "checks": checks})
    return problem_response(
        503, "A dependency is unavailable.", instance=request.url.path, checks=checks
    )
