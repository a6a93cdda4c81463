"""Liveness (the process answers) and readiness (its dependencies answer)."""

from typing import Any

from apiflask import APIBlueprint
from flask import current_app
from sqlalchemy import Engine, text

from .errors import problem_response
from .rate_limits import limiter

blueprint = APIBlueprint("health", __name__, url_prefix="/health", tag="health")
# Probes poll often, from the same address: never limit them.
limiter.exempt(blueprint)


@blueprint.get("/live")
def live() -> dict[str, str]:
    return {"status": "ok"}


def _database_ok(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any failure means "not ready"; the reason is not the caller's business
        return False
    return True


@blueprint.get("/ready")
def ready() -> Any:
    checks = {"database": "ok" if _database_ok(current_app.extensions["engine"]) else "unavailable"}
    if all(state == "ok" for state in checks.values()):
        return {"status": "ok", "checks": checks}
    return problem_response(503, "A dependency is unavailable.", checks=checks)
