from httpx import AsyncClient

from .helpers import assert_problem


async def test_live(client: AsyncClient) -> None:
    response = await client.get("/health/live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_when_the_database_answers(client: AsyncClient) -> None:
    response = await client.get("/health/ready")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok"}


async def test_not_ready_when_the_database_is_unreachable(
    client_without_database: AsyncClient,
) -> None:
    body = assert_problem(await client_without_database.get("/health/ready"), 503)

    assert body["checks"] == {"database": "unavailable"}
