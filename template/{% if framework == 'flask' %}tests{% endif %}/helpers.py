"""Assertions shared by the tests."""

from typing import Any

from httpx import Response


def assert_problem(response: Response, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem document with ``status``; returns its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert "traceback" not in response.text.lower()
    return body
