import pytest
from django.test import override_settings
from rest_framework.test import APIClient

ORIGIN = "https://app.example.com"
PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization",
}


@pytest.mark.parametrize("path", ["/health/live", "/api/v1/users/me", "/nowhere"])
def test_every_response_carries_the_security_headers(client: APIClient, path: str) -> None:
    response = client.get(path)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response


@override_settings(ALLOWED_HOSTS=["api.example.com"])
def test_unknown_hosts_are_refused(client: APIClient) -> None:
    served = client.get("/health/live", headers={"Host": "api.example.com"})
    refused = client.get("/health/live", headers={"Host": "evil.example.net"})

    assert served.status_code == 200
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"


@override_settings(CORS_ALLOWED_ORIGINS=[ORIGIN])
def test_cors_admits_configured_origins_only(client: APIClient) -> None:
    allowed = client.options("/api/v1/posts", headers={"Origin": ORIGIN, **PREFLIGHT})
    refused = client.options(
        "/api/v1/posts", headers={"Origin": "https://evil.example.net", **PREFLIGHT}
    )

    assert allowed.status_code == 200
    assert allowed["Access-Control-Allow-Origin"] == ORIGIN
    assert "Access-Control-Allow-Credentials" not in allowed
    assert "Access-Control-Allow-Origin" not in refused
