"""Reference points between the ceiling and the project's own routes.

The project's app, served by the same server with the same settings, with two routes added:
- `/bench/caller`: the project's own caller check (token, rate limit) and nothing else, so
  the share of the ceiling no database-backed route of this app can exceed;
- `/bench/driver/{post_id}`: the same caller check, then the same post and author read by
  asyncpg alone, outside SQLAlchemy, so what the driver and the database cost on their own.

`bench/run.py` copies this file into the generated project's `src/` and serves
`bench_floors:create_app`; `BENCH_PACKAGE` names the project's package. It assumes the
default answers' `auth=jwt`, whose `CurrentUserId` reads the token alone (other styles look
the caller up in the database). The routes are matched after the project's own, which costs
them a little more than the project's busiest routes.
"""

import importlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import asyncpg
from fastapi import APIRouter, FastAPI, Path, Request
from sqlalchemy import make_url

PACKAGE = os.environ["BENCH_PACKAGE"]
READ_POST = """
    SELECT p.id, p.slug, p.title, p.body, p.published, p.published_at, p.created_at,
           p.updated_at, u.id AS author_id, u.full_name AS author_full_name
    FROM posts p JOIN users u ON u.id = p.author_id
    WHERE p.id = $1 AND (p.published OR p.author_id = $2)
"""


def create_app() -> FastAPI:
    project = importlib.import_module(f"{PACKAGE}.main")
    caller = importlib.import_module(f"{PACKAGE}.auth.dependencies")
    rate_limits = importlib.import_module(f"{PACKAGE}.rate_limits")
    app: FastAPI = project.create_app()
    url = make_url(app.state.settings.database_url).set(drivername="postgresql")
    project_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool_size = app.state.settings.database_pool_size
        async with (
            project_lifespan(app),
            asyncpg.create_pool(
                url.render_as_string(hide_password=False), min_size=pool_size, max_size=pool_size
            ) as pool,
        ):
            app.state.driver_pool = pool
            yield

    app.router.lifespan_context = lifespan
    router = APIRouter(prefix="/bench", dependencies=[rate_limits.DefaultRateLimit])

    @router.get("/caller")
    async def caller_only(viewer_id: caller.CurrentUserId) -> dict[str, int]:
        return {"id": viewer_id}

    @router.get("/driver/{post_id}")
    async def driver_read(
        post_id: Annotated[int, Path(ge=1)], viewer_id: caller.CurrentUserId, request: Request
    ) -> dict[str, Any]:
        async with request.app.state.driver_pool.acquire() as connection:
            row = await connection.fetchrow(READ_POST, post_id, viewer_id)
        return dict(row)

    app.include_router(router)
    return app
