from typing import Any

from httpx import AsyncClient

from .helpers import assert_problem

PROBLEM = "application/problem+json"


async def _schema(client: AsyncClient) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema


async def test_every_error_response_is_documented_as_problem_json(client: AsyncClient) -> None:
    schema = await _schema(client)

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "default" in responses, f"{method} {path} documents no error response"
            for code, response in responses.items():
                if not code.startswith("2") and "content" in response:
                    assert list(response["content"]) == [PROBLEM], f"{method} {path} {code}"


async def test_validation_errors_are_documented_where_input_is_validated(
    client: AsyncClient,
) -> None:
    schema = await _schema(client)

    assert "422" in schema["paths"]["/api/v1/posts"]["post"]["responses"]
    assert "404" in schema["paths"]["/api/v1/posts/{post_id}"]["get"]["responses"]


async def test_method_not_allowed_names_every_allowed_method(client: AsyncClient) -> None:
    response = await client.put("/api/v1/posts")

    assert_problem(response, 405)
    assert response.headers["allow"] == "GET, POST"
