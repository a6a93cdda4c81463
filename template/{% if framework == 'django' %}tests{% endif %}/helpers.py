from typing import Any

from django.http import HttpResponse

PROBLEM_MEDIA_TYPE = "application/problem+json"


def assert_problem(response: HttpResponse, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem details document with ``status``."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_MEDIA_TYPE
    problem: dict[str, Any] = response.json()  # type: ignore[attr-defined]
    assert problem["status"] == status
    assert problem["title"]
    assert problem["detail"]
    return problem


def assert_validation_problem(response: HttpResponse) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = assert_problem(response, 422)["errors"]
    assert errors
    for error in errors:
        assert error["location"]
        assert error["message"]
    return errors
