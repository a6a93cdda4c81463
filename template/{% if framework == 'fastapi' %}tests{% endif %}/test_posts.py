from typing import Any

import pytest
from httpx import AsyncClient

from .conftest import Account, NewAccount
from .helpers import assert_problem

POSTS = "/api/v1/posts"


async def _create(client: AsyncClient, account: Account, **fields: Any) -> dict[str, Any]:
    payload = {"title": "Hello, World!", "body": "First post."} | fields
    response = await client.post(POSTS, json=payload, headers=account.headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_create_derives_a_slug_and_starts_as_a_draft(
    client: AsyncClient, account: Account
) -> None:
    post = await _create(client, account, title="Ünïcode & Spaces  here")

    assert post["slug"] == "unicode-spaces-here"
    assert post["published"] is False
    assert post["published_at"] is None
    assert post["author"] == {"id": account.id, "full_name": "Test User"}


async def test_titles_that_collide_get_distinct_slugs(
    client: AsyncClient, account: Account
) -> None:
    first = await _create(client, account, title="Same title")
    second = await _create(client, account, title="Same title")

    assert first["slug"] == "same-title"
    assert second["slug"].startswith("same-title-")


async def test_an_explicit_slug_already_taken_is_a_conflict(
    client: AsyncClient, account: Account
) -> None:
    await _create(client, account, slug="taken")

    response = await client.post(
        POSTS, json={"title": "T", "body": "B", "slug": "taken"}, headers=account.headers
    )

    assert_problem(response, 409)


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "", "body": "B"},
        {"title": "T"},
        {"title": "T", "body": "B", "slug": "Not A Slug"},
        {"title": 42, "body": ["not", "text"]},
    ],
)
async def test_create_rejects_invalid_posts(
    client: AsyncClient, account: Account, payload: dict[str, Any]
) -> None:
    body = assert_problem(await client.post(POSTS, json=payload, headers=account.headers), 422)

    assert body["errors"]


async def test_get_update_publish_and_delete_own_post(
    client: AsyncClient, account: Account
) -> None:
    post = await _create(client, account)
    url = f"{POSTS}/{post['id']}"

    fetched = await client.get(url, headers=account.headers)
    assert fetched.json() == post

    updated = await client.patch(url, json={"title": "Edited"}, headers=account.headers)
    assert updated.status_code == 200
    assert updated.json()["title"] == "Edited"
    assert updated.json()["body"] == post["body"]
    assert updated.json()["updated_at"] >= post["updated_at"]

    published = await client.post(f"{url}/publish", headers=account.headers)
    assert published.status_code == 200
    assert published.json()["published"] is True
    assert published.json()["published_at"] is not None

    deleted = await client.delete(url, headers=account.headers)
    assert deleted.status_code == 204
    assert_problem(await client.get(url, headers=account.headers), 404)


async def test_someone_elses_draft_does_not_exist_for_you(
    client: AsyncClient, account: Account, new_account: NewAccount
) -> None:
    post = await _create(client, account)
    url = f"{POSTS}/{post['id']}"
    stranger = await new_account()

    assert_problem(await client.get(url, headers=stranger.headers), 404)
    assert_problem(await client.patch(url, json={"title": "X"}, headers=stranger.headers), 404)
    assert_problem(await client.post(f"{url}/publish", headers=stranger.headers), 404)
    assert_problem(await client.delete(url, headers=stranger.headers), 404)


async def test_only_the_author_may_change_a_published_post(
    client: AsyncClient, account: Account, new_account: NewAccount
) -> None:
    post = await _create(client, account)
    url = f"{POSTS}/{post['id']}"
    await client.post(f"{url}/publish", headers=account.headers)
    reader = await new_account()

    assert (await client.get(url, headers=reader.headers)).status_code == 200
    assert_problem(await client.patch(url, json={"title": "X"}, headers=reader.headers), 404)
    assert_problem(await client.delete(url, headers=reader.headers), 404)


async def test_list_paginates_published_posts_and_own_drafts(
    client: AsyncClient, account: Account, new_account: NewAccount
) -> None:
    other = await new_account()
    for number in range(3):
        post = await _create(client, other, title=f"Published {number}")
        await client.post(f"{POSTS}/{post['id']}/publish", headers=other.headers)
    await _create(client, other, title="Someone else's draft")
    await _create(client, account, title="My draft")

    first_page = await client.get(POSTS, params={"limit": 2}, headers=account.headers)
    second_page = await client.get(POSTS, params={"limit": 2, "offset": 2}, headers=account.headers)

    assert first_page.status_code == 200
    assert first_page.json()["total"] == 4
    assert (first_page.json()["limit"], first_page.json()["offset"]) == (2, 0)
    titles = [post["title"] for page in (first_page, second_page) for post in page.json()["items"]]
    assert titles == ["My draft", "Published 2", "Published 1", "Published 0"]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "x"}])
async def test_list_rejects_bad_pagination(
    client: AsyncClient, account: Account, params: dict[str, Any]
) -> None:
    assert_problem(await client.get(POSTS, params=params, headers=account.headers), 422)


async def test_posts_need_authentication(client: AsyncClient) -> None:
    assert_problem(await client.get(POSTS), 401)
    assert_problem(await client.post(POSTS, json={"title": "T", "body": "B"}), 401)


async def test_unknown_post_is_not_found(client: AsyncClient, account: Account) -> None:
    assert_problem(await client.get(f"{POSTS}/999999", headers=account.headers), 404)
