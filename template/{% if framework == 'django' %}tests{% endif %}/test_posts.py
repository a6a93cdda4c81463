from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from .conftest import Account, NewAccount
from .helpers import assert_problem, assert_validation_problem


def create(client: APIClient, author: Account, **fields: Any) -> Any:
    body = {"title": "Hello, World!", "body": "First post.", **fields}
    return client.post("/api/v1/posts", body, format="json", headers=author.headers)


def test_create_derives_a_slug_and_starts_as_a_draft(client: APIClient, account: Account) -> None:
    response = create(client, account)

    assert response.status_code == 201, response.content
    post = response.json()
    assert post["slug"] == "hello-world"
    assert post["published"] is False
    assert post["published_at"] is None
    assert post["author"] == {"id": account.id, "full_name": "Test User"}


def test_a_taken_derived_slug_gets_a_suffix(client: APIClient, account: Account) -> None:
    first = create(client, account).json()["slug"]
    second = create(client, account).json()["slug"]

    assert second != first
    assert second.startswith(f"{first}-")


def test_an_explicit_slug_already_taken_is_a_conflict(client: APIClient, account: Account) -> None:
    create(client, account, slug="mine")

    assert_problem(create(client, account, slug="mine"), 409)


def test_get_update_publish_and_delete_own_post(client: APIClient, account: Account) -> None:
    path = f"/api/v1/posts/{create(client, account).json()['id']}"

    updated = client.patch(path, {"title": "Renamed"}, format="json", headers=account.headers)
    published = client.post(f"{path}/publish", headers=account.headers)
    deleted = client.delete(path, headers=account.headers)

    assert (updated.status_code, updated.json()["title"]) == (200, "Renamed")
    assert updated.json()["body"] == "First post.", "fields left out stay as they are"
    assert published.json()["published"] is True
    assert published.json()["published_at"]
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert_problem(client.get(path, headers=account.headers), 404)


def test_someone_elses_draft_does_not_exist_for_you(
    client: APIClient, new_account: NewAccount
) -> None:
    author, stranger = new_account(), new_account()
    path = f"/api/v1/posts/{create(client, author).json()['id']}"

    assert_problem(client.get(path, headers=stranger.headers), 404)
    patch = client.patch(path, {"title": "Mine"}, format="json", headers=stranger.headers)
    assert_problem(patch, 404)
    assert_problem(client.post(f"{path}/publish", headers=stranger.headers), 404)
    assert_problem(client.delete(path, headers=stranger.headers), 404)


def test_a_published_post_is_readable_by_all_but_writable_by_its_author_only(
    client: APIClient, new_account: NewAccount
) -> None:
    author, reader = new_account(), new_account()
    path = f"/api/v1/posts/{create(client, author).json()['id']}"
    client.post(f"{path}/publish", headers=author.headers)

    assert client.get(path, headers=reader.headers).status_code == 200
    patch = client.patch(path, {"title": "x"}, format="json", headers=reader.headers)
    assert_problem(patch, 404)


def test_the_list_paginates_newest_first(client: APIClient, account: Account) -> None:
    ids = [create(client, account, title=f"Post {n}").json()["id"] for n in range(3)]

    response = client.get("/api/v1/posts?limit=2&offset=1", headers=account.headers)

    assert response.status_code == 200
    page = response.json()
    assert (page["total"], page["limit"], page["offset"]) == (3, 2, 1)
    assert [post["id"] for post in page["items"]] == ids[::-1][1:]


def test_the_list_costs_the_same_queries_for_one_post_or_twenty(
    client: APIClient, new_account: NewAccount
) -> None:
    viewer = new_account()

    def queries_for_a_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/posts", headers=viewer.headers).status_code == 200
        return len(captured.captured_queries)

    create(client, new_account())
    one = queries_for_a_page()
    for _ in range(19):
        create(client, new_account())
    assert queries_for_a_page() == one


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "offset=-1", "limit=ten"])
def test_bad_pagination_is_a_validation_problem(
    client: APIClient, account: Account, query: str
) -> None:
    errors = assert_validation_problem(
        client.get(f"/api/v1/posts?{query}", headers=account.headers)
    )

    assert errors[0]["location"][0] == "query"


@pytest.mark.parametrize(
    "payload",
    [{"title": "", "body": "b"}, {"title": 123, "body": "b"}, {"body": "no title"},
     {"title": "t", "body": "b", "slug": "Not A Slug"}],
    ids=["empty-title", "wrong-type", "missing-title", "bad-slug"],
)  # fmt: skip
def test_invalid_posts_are_validation_problems(
    client: APIClient, account: Account, payload: dict[str, Any]
) -> None:
    response = client.post("/api/v1/posts", payload, format="json", headers=account.headers)

    assert_validation_problem(response)


def test_patch_cannot_set_a_field_to_null(client: APIClient, account: Account) -> None:
    path = f"/api/v1/posts/{create(client, account).json()['id']}"

    response = client.patch(path, {"title": None}, format="json", headers=account.headers)

    assert_validation_problem(response)


@pytest.mark.parametrize("post_id", ["0", "abc", "99999999999999999999"])
def test_ids_that_cannot_exist_are_validation_problems(
    client: APIClient, account: Account, post_id: str
) -> None:
    errors = assert_validation_problem(
        client.get(f"/api/v1/posts/{post_id}", headers=account.headers)
    )

    assert errors[0]["location"] == ["path", "post_id"]


def test_posts_need_authentication(client: APIClient) -> None:
    assert_problem(client.get("/api/v1/posts"), 401)
    assert_problem(client.post("/api/v1/posts", {"title": "t", "body": "b"}, format="json"), 401)
