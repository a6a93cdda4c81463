"""Liveness (the process answers) and readiness (its dependencies answer)."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from .errors import problem_response


@require_GET
def live(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure means "not ready"; the reason is not the caller's business
        return False
    return True


@require_GET
def ready(request: HttpRequest) -> HttpResponse:
    checks = {"database": "ok" if _database_ok() else "unavailable"}
    if all(state == "ok" for state in checks.values()):
        return JsonResponse({"status": "ok", "checks": checks})
    return problem_response(request, 503, "A dependency is unavailable.", checks=checks)
