"""Assertions and probes shared by the tests."""

from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread
import pytest
from httpx import AsyncClient, Response

T = TypeVar("T")


def assert_problem(response: Response, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem document with ``status``; returns its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert "traceback" not in response.text.lower()
    return body


async def walk_a_post_through_its_routes(client: AsyncClient, headers: dict[str, str]) -> list[int]:
    """Creates a post, lists, reads, edits, publishes and deletes it; the status codes."""
    created = await client.post(
        "/api/v1/posts", json={"title": "Walked", "body": "Through every route."}, headers=headers
    )
    url = f"/api/v1/posts/{created.json()['id']}"
    responses = [
        created,
        await client.get("/api/v1/posts", headers=headers),
        await client.get(url, headers=headers),
        await client.patch(url, json={"title": "Edited"}, headers=headers),
        await client.post(f"{url}/publish", headers=headers),
        await client.delete(url, headers=headers),
    ]
    return [response.status_code for response in responses]


def record_thread_pool_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of what is handed to anyio's thread pool from now on, in order.

    FastAPI runs a plain `def` endpoint or dependency there: a thread hop on every request.
    Work sent to an executor with `loop.run_in_executor` is not seen.
    """
    calls: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def recording_run_sync(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        target = getattr(function, "func", function)  # through functools.partial
        calls.append(getattr(target, "__qualname__", repr(target)))
        return await run_sync(function, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", recording_run_sync)
    return calls


def thread_pool_canary() -> None:
    """Handed to the thread pool by a test, to show that the recording sees what goes there."""
