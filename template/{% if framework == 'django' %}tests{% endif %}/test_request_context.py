import logging

import pytest
from pytest_django import Settings
from rest_framework.test import APIClient

from .helpers import assert_problem


def test_a_valid_request_id_is_echoed(client: APIClient) -> None:
    response = client.get("/health/live", headers={"X-Request-ID": "abc-123"})

    assert response["X-Request-ID"] == "abc-123"


@pytest.mark.parametrize("sent", [None, "has spaces", "x" * 200])
def test_a_missing_or_unsafe_request_id_is_replaced(client: APIClient, sent: str | None) -> None:
    headers = {"X-Request-ID": sent} if sent else {}

    response = client.get("/health/live", headers=headers)

    assert response["X-Request-ID"] not in ("", sent)
    assert len(response["X-Request-ID"]) == 32


def test_each_request_is_logged_once_with_its_id(
    client: APIClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="http"):
        client.get("/api/v1/nowhere", headers={"X-Request-ID": "log-me"})

    lines = [r.msg for r in caplog.records if r.name == "http" and isinstance(r.msg, dict)]
    assert len(lines) == 1
    assert lines[0]["request_id"] == "log-me"
    assert (lines[0]["status"], lines[0]["path"]) == (404, "/api/v1/nowhere")


def test_an_unexpected_exception_is_a_500_problem_and_its_traceback_is_logged(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings.ROOT_URLCONF = "tests.failing_urls"
    # As a server answers: the test client would raise the exception instead.
    client = APIClient(raise_request_exception=False)

    with caplog.at_level(logging.ERROR, logger="errors"):
        response = client.get("/boom", headers={"X-Request-ID": "crash-1"})

    body = assert_problem(response, 500)
    assert "secret internal detail" not in response.content.decode()
    assert body["detail"] == "An unexpected error occurred."
    assert response["X-Request-ID"] == "crash-1"
    [crash] = [r.msg for r in caplog.records if r.name == "errors"]
    assert isinstance(crash, dict)
    assert (crash["event"], crash["request_id"]) == ("unhandled_exception", "crash-1")
    assert "secret internal detail" in repr(crash["exc_info"])
