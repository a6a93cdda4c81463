from httpx import Client

from .helpers import assert_problem


def test_live(client: Client) -> None:
    response = client.get("/health/live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_when_the_database_answers(client: Client) -> None:
    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok"}


def test_not_ready_when_the_database_is_unreachable(
    client_without_database: Client,
) -> None:
    body = assert_problem(client_without_database.get("/health/ready"), 503)

    assert body["checks"] == {"database": "unavailable"}
