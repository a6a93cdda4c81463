import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from .conftest import Account, NewAccount, log_in
from .helpers import assert_problem

USERS = "/api/v1/users"


def test_an_admin_lists_every_account(client: APIClient, admin: Account, account: Account) -> None:
    response = client.get(USERS, headers=admin.headers)

    assert response.status_code == 200, response.content
    page = response.json()
    assert page["total"] == 2
    assert {(user["id"], user["role"]) for user in page["items"]} == {
        (admin.id, "admin"),
        (account.id, "user"),
    }


@pytest.mark.parametrize("operation", ["list", "deactivate"])
def test_only_admins_manage_accounts(
    client: APIClient, account: Account, new_account: NewAccount, operation: str
) -> None:
    other = new_account()
    if operation == "list":
        response = client.get(USERS, headers=account.headers)
    else:
        response = client.post(f"{USERS}/{other.id}/deactivate", headers=account.headers)

    assert_problem(response, 403)


def test_a_deactivated_account_is_locked_out(
    client: APIClient, admin: Account, account: Account
) -> None:
    response = client.post(f"{USERS}/{account.id}/deactivate", headers=admin.headers)

    assert response.status_code == 200, response.content
    assert response.json()["is_active"] is False
    login = client.post(
        "/api/v1/auth/login", {"email": account.email, "password": account.password}, format="json"
    )
    assert_problem(login, 401)
    refresh = client.post(
        "/api/v1/auth/refresh", {"refresh_token": account.refresh_token}, format="json"
    )
    assert_problem(refresh, 401)
    assert_problem(client.get(f"{USERS}/me", headers=account.headers), 401)


def test_deactivating_an_unknown_account_is_not_found(client: APIClient, admin: Account) -> None:
    assert_problem(client.post(f"{USERS}/999999/deactivate", headers=admin.headers), 404)


def test_the_promote_command_makes_an_admin(client: APIClient, account: Account) -> None:
    with pytest.raises(CommandError, match="No account"):
        call_command("promote", "nobody@example.com", stdout=io.StringIO())
    call_command("promote", account.email, stdout=io.StringIO())

    token = log_in(client, account.email)["access_token"]
    listing = client.get(USERS, headers={"Authorization": f"Bearer {token}"})

    assert listing.status_code == 200, listing.content
