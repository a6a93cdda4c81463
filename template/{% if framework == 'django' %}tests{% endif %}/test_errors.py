from django.conf import settings
from rest_framework.test import APIClient

from .conftest import Account
from .helpers import assert_problem, assert_validation_problem


def test_malformed_json_is_a_validation_problem(client: APIClient, account: Account) -> None:
    response = client.post(
        "/api/v1/posts", b'{"title": "unterminated', content_type="application/json",
        headers=account.headers,
    )  # fmt: skip

    assert assert_validation_problem(response)[0]["location"] == ["body"]


def test_json_nested_too_deeply_is_a_validation_problem(
    client: APIClient, account: Account
) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    response = client.post(
        "/api/v1/posts", nested, content_type="application/json", headers=account.headers
    )

    assert assert_validation_problem(response)[0]["location"] == ["body"]


def test_a_body_that_is_not_an_object_is_a_validation_problem(
    client: APIClient, account: Account
) -> None:
    response = client.post("/api/v1/posts", [1, 2], format="json", headers=account.headers)

    assert_validation_problem(response)


def test_an_unknown_route_is_a_problem(client: APIClient) -> None:
    problem = assert_problem(client.get("/api/v1/nowhere"), 404)

    assert problem["instance"] == "/api/v1/nowhere"


def test_a_wrong_method_is_a_problem_naming_the_allowed_ones(
    client: APIClient, account: Account
) -> None:
    response = client.put("/api/v1/posts", {"title": "t"}, format="json", headers=account.headers)

    assert_problem(response, 405)
    allowed = {method.strip() for method in response["Allow"].split(",")}
    assert {"GET", "POST"} <= allowed
    assert "PUT" not in allowed


def test_a_body_over_the_limit_is_refused_before_it_is_read(
    client: APIClient, account: Account
) -> None:
    too_big = b"x" * (settings.MAX_BODY_BYTES + 1)

    response = client.post(
        "/api/v1/posts", too_big, content_type="application/json", headers=account.headers
    )

    assert_problem(response, 413)
