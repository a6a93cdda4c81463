from rest_framework.test import APIClient


def test_the_schema_lists_every_operation(client: APIClient) -> None:
    response = client.get("/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {
        "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh",
        "/api/v1/users/me", "/api/v1/posts", "/api/v1/posts/{post_id}",
        "/api/v1/posts/{post_id}/publish",
    } <= set(paths)  # fmt: skip


def test_errors_are_documented_as_problem_details(client: APIClient) -> None:
    document = client.get("/openapi.json").json()

    get_post = document["paths"]["/api/v1/posts/{post_id}"]["get"]
    for status in ("401", "404", "422", "default"):
        assert "application/problem+json" in get_post["responses"][status]["content"]
    assert get_post["security"] == [{"BearerAuth": []}]
    assert "Problem" in document["components"]["schemas"]
