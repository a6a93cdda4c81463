from rest_framework.test import APIClient


def test_liveness_needs_nothing(client: APIClient) -> None:
    response = client.get("/health/live")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_readiness_checks_the_database(client: APIClient) -> None:
    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
