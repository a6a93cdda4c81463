from typing import Any

from httpx import Client

from .helpers import assert_problem

PROBLEM = "application/problem+json"


def _schema(client: Client) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema


def test_every_error_response_is_documented_as_problem_json(client: Client) -> None:
    schema = _schema(client)

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "default" in responses, f"{method} {path} documents no error response"
            for code, response in responses.items():
                if not code.startswith("2") and "content" in response:
                    assert list(response["content"]) == [PROBLEM], f"{method} {path} {code}"


def test_validation_errors_are_documented_where_input_is_validated(
    client: Client,
) -> None:
    schema = _schema(client)

    assert "422" in schema["paths"]["/api/v1/posts"]["post"]["responses"]
    assert "404" in schema["paths"]["/api/v1/posts/{post_id}"]["get"]["responses"]


def test_method_not_allowed_names_every_allowed_method(client: Client) -> None:
    response = client.put("/api/v1/posts")

    assert_problem(response, 405)
    # Flask also answers HEAD and OPTIONS on every route.
    assert response.headers["allow"] == "GET, HEAD, OPTIONS, POST"
