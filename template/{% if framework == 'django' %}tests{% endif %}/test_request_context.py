import logging

import pytest
from rest_framework.test import APIClient


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
