"""Fixtures: every test runs against the real app (middleware included) and a real database,
inside a transaction that is rolled back, so each starts from empty tables."""

import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

DEFAULT_PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _database(db: None) -> None:
    """Every test may use the database."""


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Rate limit counters live in the cache; each test starts with none."""
    cache.clear()


@pytest.fixture
def client() -> APIClient:
    return APIClient()


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    password: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


NewAccount = Callable[[], Account]


@pytest.fixture
def new_account(client: APIClient) -> NewAccount:
    """Registers and logs in a fresh user."""
    numbers = itertools.count(1)

    def register_and_login() -> Account:
        email = f"user{next(numbers)}@example.com"
        registered = client.post(
            "/api/v1/auth/register",
            {"email": email, "password": DEFAULT_PASSWORD, "full_name": "Test User"},
            format="json",
        )
        assert registered.status_code == 201, registered.content
        login = client.post(
            "/api/v1/auth/login", {"email": email, "password": DEFAULT_PASSWORD}, format="json"
        )
        assert login.status_code == 200, login.content
        tokens = login.json()
        return Account(
            id=registered.json()["id"],
            email=email,
            password=DEFAULT_PASSWORD,
            access_token=tokens["access_token"],
            refresh_token=tokens["refresh_token"],
        )

    return register_and_login


@pytest.fixture
def account(new_account: NewAccount) -> Account:
    return new_account()


def log_in(client: APIClient, email: str, password: str = DEFAULT_PASSWORD) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/login", {"email": email, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    tokens: dict[str, str] = response.json()
    return tokens


@pytest.fixture
def admin(client: APIClient, new_account: NewAccount) -> Account:
    """An account promoted to admin, logged in again so its token carries the role."""
    account = new_account()
    call_command("promote", account.email, stdout=io.StringIO())
    tokens = log_in(client, account.email)
    return Account(account.id, account.email, account.password, tokens["access_token"],
                   tokens["refresh_token"])  # fmt: skip
