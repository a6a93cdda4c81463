import subprocess
import sys
from collections.abc import Callable

import pytest
from pytest_django import Settings
from rest_framework.test import APIClient

from .conftest import DEFAULT_PASSWORD, Account
from .helpers import assert_problem


@pytest.fixture
def limited_account(
    settings: Settings, account: Account, fresh_cache: Callable[[], None]
) -> Account:
    """An account, then limits of 3 auth requests and 4 API requests in all per minute,
    counted from zero."""
    settings.RATE_LIMITS = {"auth": "3/minute", "api": "4/minute"}
    fresh_cache()
    return account


def assert_rate_limited(response_status: int, retry_after: str | None) -> None:
    assert response_status == 429
    assert retry_after is not None
    assert 1 <= int(retry_after) <= 60


def test_guessing_passwords_is_cut_off(client: APIClient, limited_account: Account) -> None:
    account = limited_account
    guesses = [
        client.post(
            "/api/v1/auth/login", {"email": account.email, "password": f"guess-{n}"}, format="json"
        )
        for n in range(3)
    ]
    # Past the limit even the right password is refused until the window moves on.
    blocked = client.post(
        "/api/v1/auth/login", {"email": account.email, "password": DEFAULT_PASSWORD}, format="json"
    )

    assert [guess.status_code for guess in guesses] == [401, 401, 401]
    assert_problem(blocked, 429)
    assert_rate_limited(blocked.status_code, blocked.get("Retry-After"))


def test_the_api_has_a_limit_of_its_own_and_health_has_none(
    client: APIClient, limited_account: Account
) -> None:
    account = limited_account
    # Different routes draw on the same budget.
    paths = ["/api/v1/posts", "/api/v1/users/me"] * 2 + ["/api/v1/posts"]
    replies = [client.get(path, headers=account.headers) for path in paths]
    health = [client.get("/health/live") for _ in range(5)]

    assert [reply.status_code for reply in replies[:4]] == [200, 200, 200, 200]
    assert_problem(replies[4], 429)
    assert {reply.status_code for reply in health} == {200}


@pytest.mark.parametrize("rate", ["often", "10/fortnight", ""])
def test_a_malformed_rate_is_refused_at_start_up(rate: str) -> None:
    started = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "RATE_LIMIT_AUTH": rate,
            "PATH": "",
        },
        capture_output=True,
        text=True,
        check=False,
    )

    assert started.returncode != 0
    assert "rate limit" in started.stderr
