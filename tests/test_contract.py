"""Full tier: the HTTP contract, over real HTTP, against every framework x ORM the table
admits, and each other auth style on each framework.

Each project is generated, installed, migrated and served under its production command on a
free loopback port. The same tests run unchanged against every one: a difference in
behaviour between frameworks is a failure here. Where auth styles differ, a test takes
`token_api` (JWT projects) or `key_api` (API-key projects) instead of `api`; tests of
accounts take `account_api` (every style but `none`), and `public_api` checks that a project
without accounts is open to every caller.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import stack_table
from conftest import projects_by_auth, render, run
from contract import (
    PASSWORD,
    Api,
    Reply,
    TokenUser,
    User,
    assert_problem,
    assert_validation_problem,
    project_issuer,
)
from serving import project_answers, serve

pytestmark = pytest.mark.full

# The generated settings' default MAX_BODY_BYTES.
BODY_LIMIT_BYTES = 1024 * 1024


PROJECTS = projects_by_auth()
TOKEN_PROJECTS = [project for project in PROJECTS if project[2] == "jwt"]
SESSION_PROJECTS = [project for project in PROJECTS if project[2] == "session"]
# Projects whose accounts log in with a password.
PASSWORD_PROJECTS = [project for project in PROJECTS if project[2] in ("jwt", "session")]
KEY_PROJECTS = [project for project in PROJECTS if project[2] == "api_key"]
# Projects with accounts, and those whose own endpoints make them (with OIDC the identity
# provider does).
ACCOUNT_PROJECTS = [project for project in PROJECTS if project[2] != "none"]
SIGN_UP_PROJECTS = [project for project in ACCOUNT_PROJECTS if project[2] != "oidc"]
PUBLIC_PROJECTS = [project for project in PROJECTS if project[2] == "none"]
BROWSER_ORIGIN = "https://app.example.com"

Project = tuple[str, str, str]


def _ids(projects: list[Project]) -> list[str]:
    return ["-".join(project) for project in projects]


@pytest.fixture(scope="module")
def served(copie_session: Any) -> Iterator[Callable[[Project], Api]]:
    """Each project is generated, installed and served once, the first time a test needs it,
    and stays up until the module's tests are done."""
    apis: dict[Project, Api] = {}
    with ExitStack() as stack:

        def api_of(answers: Project) -> Api:
            if answers not in apis:
                framework, orm, auth = answers
                project: Path = render(copie_session, framework=framework, orm=orm, auth=auth)
                commands = stack_table.project_context(project_answers(project))["commands"]
                run(commands["install"].run, cwd=project)
                run(commands["migrate"].run, cwd=project)
                env = {"CORS_ALLOWED_ORIGINS": BROWSER_ORIGIN}
                issuer = None
                if auth == "oidc":
                    issuer, issuer_env = project_issuer(project)
                    stack.callback(issuer.close)
                    env.update(issuer_env)
                server = stack.enter_context(serve(project, env=env))
                apis[answers] = Api(server.base_url, project, issuer, env)
            return apis[answers]

        yield api_of


def _served_from(projects: list[Project]) -> Any:
    """A module fixture over ``projects``, each served once by `served`."""

    @pytest.fixture(scope="module", params=projects, ids=_ids(projects))
    def api_of(served: Callable[[Project], Api], request: pytest.FixtureRequest) -> Api:
        return served(request.param)

    return api_of


api = _served_from(PROJECTS)
token_api = _served_from(TOKEN_PROJECTS)
session_api = _served_from(SESSION_PROJECTS)
password_api = _served_from(PASSWORD_PROJECTS)
key_api = _served_from(KEY_PROJECTS)
sign_up_api = _served_from(SIGN_UP_PROJECTS)
account_api = _served_from(ACCOUNT_PROJECTS)
public_api = _served_from(PUBLIC_PROJECTS)


# --- health ----------------------------------------------------------------------------


def test_health_endpoints_answer(api: Api) -> None:
    live = api.request("GET", stack_table.LIVENESS_PATH, prefix="")
    ready = api.request("GET", stack_table.READINESS_PATH, prefix="")

    assert (live.status, live.json) == (200, {"status": "ok"})
    assert (ready.status, ready.json) == (200, {"status": "ok", "checks": {"database": "ok"}})


def test_a_request_id_is_echoed_or_made_up(api: Api) -> None:
    echoed = api.request("GET", stack_table.LIVENESS_PATH, prefix="",
                         headers={"X-Request-ID": "contract-42"})  # fmt: skip
    made_up = api.request("GET", stack_table.LIVENESS_PATH, prefix="")

    assert echoed.headers["X-Request-ID"] == "contract-42"
    assert made_up.headers["X-Request-ID"]


@pytest.mark.parametrize(
    "path", [stack_table.LIVENESS_PATH, stack_table.API_PREFIX + "/posts", "/nowhere"],
    ids=["ok", "unauthorized-or-public", "not-found"],
)  # fmt: skip
def test_every_response_carries_the_security_headers(api: Api, path: str) -> None:
    reply = api.request("GET", path, prefix="")

    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["X-Frame-Options"] == "DENY"
    assert reply.headers["Referrer-Policy"] == "same-origin"
    assert reply.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_cors_admits_the_configured_origin_only(api: Api) -> None:
    asked = [header for header in (api.auth_header, "Content-Type") if header]
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": ",".join(asked).lower(),
    }

    allowed = api.request("OPTIONS", "/posts", headers={"Origin": BROWSER_ORIGIN, **preflight})
    other = api.request("OPTIONS", "/posts",
                        headers={"Origin": "https://evil.example.net", **preflight})  # fmt: skip

    assert allowed.status == 200, allowed
    assert allowed.headers["Access-Control-Allow-Origin"] == BROWSER_ORIGIN
    assert "POST" in allowed.headers["Access-Control-Allow-Methods"]
    allowed_headers = allowed.headers["Access-Control-Allow-Headers"].lower()
    assert all(header.lower() in allowed_headers for header in asked), allowed_headers
    # Only a session's cookie is a credential a browser sends by itself.
    credentials = "true" if api.auth == "session" else None
    assert allowed.headers.get("Access-Control-Allow-Credentials") == credentials
    assert other.headers.get("Access-Control-Allow-Origin") is None


def test_the_openapi_document_is_served(api: Api) -> None:
    reply = api.request("GET", stack_table.OPENAPI_PATH, prefix="")

    assert reply.status == 200, reply
    paths = reply.json["paths"]
    auth_paths = {
        "jwt": ("/auth/register", "/auth/login", "/auth/refresh", "/auth/logout"),
        "session": ("/auth/register", "/auth/login", "/auth/logout"),
        "api_key": ("/auth/register", "/api-keys", "/api-keys/{key_id}"),
        "oidc": (),
        "none": (),
    }[api.auth]
    account_paths = ("/users/me", "/users", "/users/{user_id}/deactivate")
    for path in (*auth_paths, *(account_paths if api.has_accounts else ()), "/posts",
                 "/posts/{post_id}", "/posts/{post_id}/publish"):  # fmt: skip
        assert stack_table.API_PREFIX + path in paths, sorted(paths)
    if not api.has_accounts:
        assert not [path for path in paths if "/users" in path or "/auth/" in path], paths
        # Nothing to authenticate: no scheme, no operation asking for one, no 401.
        assert not reply.json.get("components", {}).get("securitySchemes"), reply.json
        operations = [op for item in paths.values() for op in item.values() if "responses" in op]
        assert all(op.get("security", [{}]) == [{}] for op in operations), operations
        assert not [op for op in operations if "401" in op["responses"]], operations


# --- auth ------------------------------------------------------------------------------


def test_register_returns_the_user_without_secrets(sign_up_api: Api) -> None:
    email, reply = sign_up_api.register()

    assert reply.status == 201, reply
    shown_once = {"api_key"} if sign_up_api.auth == "api_key" else set()
    user_fields = {"id", "email", "full_name", "role", "is_active", "created_at"}
    assert set(reply.json) == user_fields | shown_once
    assert (reply.json["role"], reply.json["is_active"]) == ("user", True)
    assert reply.json["email"] == email
    assert PASSWORD not in reply.body.decode()
    if sign_up_api.auth == "api_key":
        key = reply.json["api_key"]
        assert set(key) == {"id", "name", "hint", "created_at", "revoked_at", "key"}, key
        assert key["key"].startswith(key["hint"] + "_") and key["revoked_at"] is None


def test_registering_an_email_twice_is_a_conflict_whatever_its_case(sign_up_api: Api) -> None:
    email, _ = sign_up_api.register()

    _, again = sign_up_api.register(email.upper())

    assert_problem(again, 409)


@pytest.mark.parametrize(
    "changes",
    [{"email": "not-an-email"}, {"full_name": None}, {"email": 42},
     {"full_name": "Nul\u0000"}],
    ids=["bad-email", "missing-name", "wrong-type", "nul-in-name"],
)  # fmt: skip
def test_register_rejects_invalid_input(sign_up_api: Api, changes: dict[str, Any]) -> None:
    payload = {**sign_up_api.sign_up("valid@example.com"), **changes}
    payload = {field: value for field, value in payload.items() if value is not None}

    assert_validation_problem(sign_up_api.request("POST", "/auth/register", payload))


@pytest.mark.parametrize(
    "password", ["short", PASSWORD + "\u0000"], ids=["short-password", "nul-in-password"]
)
def test_register_rejects_a_bad_password(password_api: Api, password: str) -> None:
    payload = {**password_api.sign_up("valid@example.com"), "password": password}

    assert_validation_problem(password_api.request("POST", "/auth/register", payload))


def test_an_address_at_a_test_domain_is_an_address(sign_up_api: Api) -> None:
    email, reply = sign_up_api.register(f"user-{uuid.uuid4().hex[:12]}@example.test")

    assert reply.status == 201, reply
    assert reply.json["email"] == email


def test_login_returns_a_bearer_token_pair(token_api: Api) -> None:
    email, _ = token_api.register()

    reply = token_api.request("POST", "/auth/login", {"email": email, "password": PASSWORD})

    assert reply.status == 200, reply
    assert reply.json["token_type"] == "bearer"
    assert reply.json["expires_in"] > 0
    assert reply.json["access_token"] and reply.json["refresh_token"]


def test_login_starts_a_session_in_locked_down_cookies(session_api: Api) -> None:
    email, _ = session_api.register()

    reply = session_api.request("POST", "/auth/login", {"email": email, "password": PASSWORD})

    assert reply.status == 200, reply
    cookies = {
        header.split("=", 1)[0]: {part.strip().lower() for part in header.split(";")[1:]}
        for header in reply.headers.get_all("Set-Cookie") or []
    }
    assert {"httponly", "samesite=lax"} <= cookies["session"], cookies
    assert "httponly" not in cookies["csrf_token"], "the page's own code must read it"
    assert reply.json["csrf_token"] and reply.json["expires_in"] > 0


def test_a_write_without_the_csrf_token_is_forbidden(session_api: Api) -> None:
    user = session_api.new_user()
    cookie_only = {"Cookie": user.headers["Cookie"]}

    forged = session_api.request("POST", "/posts", {"title": "T", "body": "B"},
                                 headers=cookie_only)  # fmt: skip
    read = session_api.request("GET", "/users/me", headers=cookie_only)

    assert_problem(forged, 403)
    assert read.status == 200, read


def test_logout_ends_the_session(session_api: Api) -> None:
    user = session_api.new_user()

    logout = session_api.request("POST", "/auth/logout", user=user)

    assert logout.status == 204, logout
    assert_problem(session_api.request("GET", "/users/me", user=user), 401)


def test_a_wrong_password_and_an_unknown_user_answer_alike(password_api: Api) -> None:
    email, _ = password_api.register()

    wrong = password_api.request("POST", "/auth/login", {"email": email, "password": "not-the-one"})
    unknown = password_api.request(
        "POST", "/auth/login", {"email": "nobody@example.com", "password": PASSWORD}
    )

    assert assert_problem(wrong, 401)["detail"] == assert_problem(unknown, 401)["detail"]


def test_refresh_issues_a_new_pair_and_refuses_an_access_token(token_api: Api) -> None:
    user = token_api.new_token_user()

    refreshed = token_api.request("POST", "/auth/refresh", {"refresh_token": user.refresh_token})
    with_access = token_api.request("POST", "/auth/refresh", {"refresh_token": user.access_token})
    garbage = token_api.request("POST", "/auth/refresh", {"refresh_token": "not-a-token"})

    assert refreshed.status == 200, refreshed
    me = token_api.request("GET", "/users/me", token=refreshed.json["access_token"])
    assert me.status == 200, me
    assert_problem(with_access, 401)
    assert_problem(garbage, 401)


def test_a_replayed_refresh_token_revokes_its_login_and_no_other(token_api: Api) -> None:
    user = token_api.new_token_user()
    other_login = token_api.login(user.email)

    rotated = token_api.refresh(user.refresh_token)
    replayed = token_api.refresh(user.refresh_token)
    after_replay = token_api.refresh(rotated.json["refresh_token"])
    other = token_api.refresh(other_login["refresh_token"])

    assert rotated.status == 200, rotated
    assert rotated.json["refresh_token"] != user.refresh_token
    assert_problem(replayed, 401)
    assert_problem(after_replay, 401)
    assert other.status == 200, other


def test_logout_revokes_the_refresh_token(token_api: Api) -> None:
    user = token_api.new_token_user()

    logout = token_api.request("POST", "/auth/logout", {"refresh_token": user.refresh_token})
    unknown = token_api.request("POST", "/auth/logout", {"refresh_token": "never-issued"})

    assert (logout.status, logout.body, unknown.status) == (204, b"", 204)
    assert_problem(token_api.refresh(user.refresh_token), 401)


def test_only_an_admin_lists_and_deactivates_accounts(account_api: Api) -> None:
    api = account_api
    admin, member = api.new_admin(), api.new_user()

    forbidden = api.request("GET", "/users", user=member)
    total = api.request("GET", "/users?limit=1", user=admin).json["total"]
    # Oldest first: the newest accounts, these two among them, are on the last page.
    listing = api.request("GET", f"/users?limit=100&offset={max(0, total - 100)}", user=admin)
    refused = api.request("POST", f"/users/{admin.id}/deactivate", user=member)
    deactivated = api.request("POST", f"/users/{member.id}/deactivate", user=admin)

    assert_problem(forbidden, 403)
    assert_problem(refused, 403)
    assert listing.status == 200, listing
    assert set(listing.json) == {"items", "total", "limit", "offset"}
    roles = {user["id"]: user["role"] for user in listing.json["items"]}
    assert roles.get(admin.id) == "admin", roles
    assert (deactivated.status, deactivated.json["is_active"]) == (200, False)
    if isinstance(member, TokenUser):
        assert_problem(api.refresh(member.refresh_token), 401)
    assert_problem(api.request("GET", "/users/me", user=member), 401)
    assert_problem(api.request("POST", "/users/987654/deactivate", user=admin), 404)


def test_guessing_passwords_is_cut_off_with_a_problem_and_retry_after(password_api: Api) -> None:
    user = password_api.new_user()
    with serve(
        password_api.project, env={**password_api.env, "RATE_LIMIT_AUTH": "3/minute"}
    ) as strict_server:
        strict = Api(
            strict_server.base_url, password_api.project, password_api.issuer, password_api.env
        )
        guesses = [
            strict.request("POST", "/auth/login", {"email": user.email, "password": f"guess-{n}"})
            for n in range(3)
        ]
        blocked = strict.request("POST", "/auth/login", {"email": user.email, "password": PASSWORD})
        other_routes = strict.request("GET", "/users/me", user=user)

    assert [guess.status for guess in guesses] == [401, 401, 401]
    assert_problem(blocked, 429)
    assert 1 <= int(blocked.headers["Retry-After"]) <= 60
    assert other_routes.status == 200, other_routes


def test_requests_with_wrong_credentials_count_against_the_limit(account_api: Api) -> None:
    api = account_api
    user = api.new_user()
    wrong = api.credentials("guess")
    with serve(api.project, env={**api.env, "RATE_LIMIT_DEFAULT": "4/minute"}) as strict_server:
        strict = Api(strict_server.base_url, api.project, api.issuer, api.env)
        guesses = [strict.request("GET", "/users/me", headers=wrong) for _ in range(4)]
        blocked = strict.request("GET", "/users/me", user=user)

    assert [guess.status for guess in guesses] == [401, 401, 401, 401]
    assert_problem(blocked, 429)


def test_signing_up_in_bulk_is_cut_off_with_a_problem_and_retry_after(key_api: Api) -> None:
    user = key_api.new_user()
    with serve(
        key_api.project, env={**key_api.env, "RATE_LIMIT_AUTH": "3/minute"}
    ) as strict_server:
        strict = Api(strict_server.base_url, key_api.project, key_api.issuer, key_api.env)
        sign_ups = [strict.register()[1] for _ in range(4)]
        other_routes = strict.request("GET", "/users/me", user=user)

    assert [sign_up.status for sign_up in sign_ups[:3]] == [201, 201, 201]
    assert_problem(sign_ups[3], 429)
    assert 1 <= int(sign_ups[3].headers["Retry-After"]) <= 60
    assert other_routes.status == 200, other_routes


@pytest.mark.parametrize(
    ("trusted_proxies", "clients_share_a_budget"),
    [("127.0.0.1", False), ("192.0.2.1", True)],
    ids=["behind-a-trusted-proxy", "from-an-untrusted-peer"],
)
def test_a_trusted_proxy_tells_clients_apart_and_nobody_else_can(
    sign_up_api: Api, trusted_proxies: str, clients_share_a_budget: bool
) -> None:
    user = sign_up_api.new_user()
    env = {"RATE_LIMIT_AUTH": "2/minute", "FORWARDED_ALLOW_IPS": trusted_proxies}
    with serve(sign_up_api.project, env={**sign_up_api.env, **env}) as strict_server:
        strict = Api(
            strict_server.base_url, sign_up_api.project, sign_up_api.issuer, sign_up_api.env
        )

        def guess(forwarded_for: str) -> Reply:
            """An auth request that fails: a wrong password, or a sign-up taken already."""
            path, refused = "/auth/login", {"email": user.email, "password": "wrong-password"}
            if sign_up_api.auth == "api_key":
                path, refused = "/auth/register", sign_up_api.sign_up(user.email)
            return strict.request("POST", path, refused, headers={"X-Forwarded-For": forwarded_for})

        spent = [guess("198.51.100.1") for _ in range(2)]
        # What the client writes itself sits left of what the proxy appends: never believed.
        spoofed = guess("203.0.113.9, 198.51.100.1")
        another_client = guess("198.51.100.2")

    refusal = 409 if sign_up_api.auth == "api_key" else 401
    assert [guess.status for guess in spent] == [refusal, refusal]
    assert_problem(spoofed, 429)
    if clients_share_a_budget:
        assert_problem(another_client, 429)
    else:
        assert another_client.status == refusal, another_client


def test_me_is_the_current_user(account_api: Api) -> None:
    api = account_api
    user = api.new_user()

    reply = api.request("GET", "/users/me", user=user)

    assert reply.status == 200, reply
    assert (reply.json["id"], reply.json["email"]) == (user.id, user.email)


@pytest.mark.parametrize("credential", [None, "not-a-credential"], ids=["missing", "malformed"])
def test_me_without_valid_credentials_is_unauthorized(
    account_api: Api, credential: str | None
) -> None:
    api = account_api
    headers = api.credentials(credential) if credential else {}

    reply = api.request("GET", "/users/me", headers=headers)

    assert_problem(reply, 401)
    challenge = {"api_key": "ApiKey", "session": "Cookie"}.get(api.auth, "Bearer")
    assert reply.headers["WWW-Authenticate"].startswith(challenge)


def test_a_refresh_token_cannot_authenticate(token_api: Api) -> None:
    user = token_api.new_token_user()

    assert_problem(token_api.request("GET", "/users/me", token=user.refresh_token), 401)


def test_a_revoked_key_cannot_authenticate_and_others_keys_are_not_found(key_api: Api) -> None:
    user, other = key_api.new_user(), key_api.new_user()
    spare = key_api.request("POST", "/api-keys", {"name": "spare"}, user=user)
    others_keys = key_api.request("GET", "/api-keys", user=other).json["items"]

    revoked = key_api.request("DELETE", f"/api-keys/{spare.json['id']}", user=user)
    not_yours = key_api.request("DELETE", f"/api-keys/{others_keys[0]['id']}", user=user)

    assert spare.status == 201, spare
    assert (revoked.status, revoked.body) == (204, b"")
    assert_problem(
        key_api.request("GET", "/users/me", headers={"X-API-Key": spare.json["key"]}), 401
    )
    assert_problem(not_yours, 404)
    assert key_api.request("GET", "/users/me", user=other).status == 200


# --- posts -----------------------------------------------------------------------------


def test_create_derives_a_slug_and_starts_as_a_draft(api: Api) -> None:
    author = api.new_user()

    post = api.new_post(author, title="Hello, Contract World!")

    assert post["slug"].startswith("hello-contract-world")
    assert post["published"] is False and post["published_at"] is None
    if api.has_accounts:
        assert post["author"] == {"id": author.id, "full_name": "Contract Tester"}
    else:
        assert "author" not in post


def test_an_explicit_slug_already_taken_is_a_conflict(api: Api) -> None:
    author = api.new_user()
    post = api.new_post(author)

    reply = api.request("POST", "/posts", {"title": "Other", "body": "b", "slug": post["slug"]},
                        user=author)  # fmt: skip

    assert_problem(reply, 409)


def test_get_update_publish_and_delete_own_post(api: Api) -> None:
    author = api.new_user()
    post_id = api.new_post(author)["id"]
    path = f"/posts/{post_id}"

    got = api.request("GET", path, user=author)
    updated = api.request("PATCH", path, {"title": "Renamed"}, user=author)
    published = api.request("POST", f"{path}/publish", user=author)
    deleted = api.request("DELETE", path, user=author)
    gone = api.request("GET", path, user=author)

    assert (got.status, got.json["id"]) == (200, post_id)
    assert (updated.status, updated.json["title"]) == (200, "Renamed")
    assert updated.json["body"] == got.json["body"], "fields left out stay as they are"
    assert published.status == 200 and published.json["published"] is True
    assert published.json["published_at"] is not None
    assert (deleted.status, deleted.body) == (204, b"")
    assert_problem(gone, 404)


def test_someone_elses_draft_does_not_exist_for_you(account_api: Api) -> None:
    api = account_api
    author, stranger = api.new_user(), api.new_user()
    path = f"/posts/{api.new_post(author)['id']}"

    for method, payload in (("GET", None), ("PATCH", {"title": "Mine now"}), ("DELETE", None)):
        assert_problem(api.request(method, path, payload, user=stranger), 404)
    assert_problem(api.request("POST", f"{path}/publish", user=stranger), 404)


def test_a_published_post_is_readable_by_all_and_writable_by_its_author_only(
    account_api: Api,
) -> None:
    api = account_api
    author, reader = api.new_user(), api.new_user()
    path = f"/posts/{api.new_post(author)['id']}"
    api.request("POST", f"{path}/publish", user=author)

    assert api.request("GET", path, user=reader).status == 200
    assert_problem(api.request("PATCH", path, {"title": "x"}, user=reader), 404)
    assert_problem(api.request("DELETE", path, user=reader), 404)


def test_writes_racing_a_delete_are_not_found_never_errors(api: Api) -> None:
    author = api.new_user()
    statuses: list[int] = []
    with ThreadPoolExecutor(max_workers=12) as pool:
        for _ in range(8):
            path = f"/posts/{api.new_post(author)['id']}"
            writes = [("PATCH", path, {"title": "Racing"}), ("POST", f"{path}/publish", None)] * 5
            racing = [*writes, ("DELETE", path, None), ("DELETE", path, None)]
            replies = pool.map(lambda w: api.request(w[0], w[1], w[2], user=author), racing)
            statuses += [reply.status for reply in replies]

    assert set(statuses) <= {200, 204, 404}, sorted(statuses)


def test_concurrent_publishes_answer_with_the_one_date_stored(api: Api) -> None:
    author = api.new_user()
    path = f"/posts/{api.new_post(author)['id']}"

    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda _: api.request("POST", f"{path}/publish", user=author),
                                range(8)))  # fmt: skip

    assert {reply.status for reply in replies} == {200}, [str(reply) for reply in replies]
    stored = api.request("GET", path, user=author).json["published_at"]
    assert {reply.json["published_at"] for reply in replies} == {stored}


def test_the_list_paginates_with_items_and_total(api: Api) -> None:
    author = api.new_user()
    created = [api.new_post(author, title=f"Page test {n}")["id"] for n in range(3)]

    first = api.request("GET", "/posts?limit=2&offset=0", user=author)
    total = first.json["total"]
    last = api.request("GET", f"/posts?limit=2&offset={total - 1}", user=author)

    assert first.status == 200, first
    assert set(first.json) == {"items", "total", "limit", "offset"}
    assert (first.json["limit"], first.json["offset"]) == (2, 0)
    assert [post["id"] for post in first.json["items"]] == created[::-1][:2], "newest first"
    assert total >= 3 and len(last.json["items"]) == 1
    default = api.request("GET", "/posts", user=author)
    assert default.json["limit"] == 20 and default.json["offset"] == 0


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "offset=-1", "limit=ten", "offset="])
def test_bad_pagination_is_a_validation_problem(api: Api, query: str) -> None:
    user = api.new_user()

    assert_validation_problem(api.request("GET", f"/posts?{query}", user=user))


@pytest.mark.parametrize(
    "payload",
    [{"title": "", "body": "b"}, {"title": 123, "body": "b"}, {"body": "no title"},
     {"title": "t", "body": "b", "slug": "Not A Slug"}, {"title": "t", "body": "b", "slug": 7},
     {"title": "nul\u0000", "body": "b"}, {"title": "t", "body": "nul\u0000"}],
    ids=["empty-title", "wrong-type", "missing-title", "bad-slug", "slug-not-a-string",
         "nul-in-title", "nul-in-body"],
)  # fmt: skip
def test_invalid_posts_are_validation_problems(api: Api, payload: dict[str, Any]) -> None:
    user = api.new_user()

    assert_validation_problem(api.request("POST", "/posts", payload, user=user))


def test_patch_cannot_set_a_field_to_null(api: Api) -> None:
    author = api.new_user()
    path = f"/posts/{api.new_post(author)['id']}"

    reply = api.request("PATCH", path, {"title": None}, user=author)

    assert_validation_problem(reply)


@pytest.mark.parametrize(
    "body", [b"null", b"[]", b'"text"', b""], ids=["null", "array", "string", "empty"]
)
def test_a_body_that_is_not_an_object_is_a_validation_problem(api: Api, body: bytes) -> None:
    author = api.new_user()
    path = f"/posts/{api.new_post(author)['id']}"

    reply = api.request("PATCH", path, raw=body, user=author,
                        headers={"Content-Type": "application/json"})  # fmt: skip

    assert_validation_problem(reply)
    assert api.request("GET", path, user=author).json["title"] == ("A post about contracts")


def test_posts_need_authentication(account_api: Api) -> None:
    assert_problem(account_api.request("GET", "/posts"), 401)
    assert_problem(account_api.request("POST", "/posts", {"title": "t", "body": "b"}), 401)


def test_without_accounts_every_caller_reads_and_writes_every_post(public_api: Api) -> None:
    created = public_api.request("POST", "/posts", {"title": "Open", "body": "To all."})
    path = f"/posts/{created.json['id']}"
    # Credentials of any kind change nothing: there is nothing to check them against.
    stranger = {"Authorization": "Bearer not-checked", "X-API-Key": "not-checked"}
    edited = public_api.request("PATCH", path, {"title": "Edited"}, headers=stranger)
    published = public_api.request("POST", f"{path}/publish")
    listed = public_api.request("GET", "/posts?limit=100")
    deleted = public_api.request("DELETE", path, headers=stranger)

    assert created.status == 201, created
    assert (edited.status, edited.json["title"]) == (200, "Edited")
    assert published.json["published"] is True
    assert created.json["id"] in [post["id"] for post in listed.json["items"]]
    assert (deleted.status, deleted.body) == (204, b"")
    assert "WWW-Authenticate" not in deleted.headers
    assert_problem(public_api.request("GET", "/users/me"), 404)


@pytest.mark.parametrize("post_id", ["0", "abc", "99999999999999999999"])
def test_ids_that_cannot_exist_are_validation_problems(api: Api, post_id: str) -> None:
    user = api.new_user()

    assert_validation_problem(api.request("GET", f"/posts/{post_id}", user=user))


def test_an_unknown_post_is_not_found(api: Api) -> None:
    user = api.new_user()

    assert_problem(api.request("GET", "/posts/987654", user=user), 404)


# --- errors ----------------------------------------------------------------------------


def test_malformed_json_is_a_validation_problem(api: Api) -> None:
    user: User = api.new_user()

    reply = api.request("POST", "/posts", raw=b'{"title": "unterminated', user=user)

    assert_validation_problem(reply)


def test_json_nested_too_deeply_is_a_validation_problem(api: Api) -> None:
    user = api.new_user()
    nested = b"[" * 100_000 + b"]" * 100_000

    assert_validation_problem(api.request("POST", "/posts", raw=nested, user=user))


def test_an_unknown_route_is_a_problem(api: Api) -> None:
    problem = assert_problem(api.request("GET", "/nowhere"), 404)

    assert problem["instance"] == f"{stack_table.API_PREFIX}/nowhere"


def test_a_wrong_method_is_a_problem_naming_the_allowed_ones(api: Api) -> None:
    user = api.new_user()

    reply = api.request("PUT", "/posts", {"title": "t"}, user=user)

    assert_problem(reply, 405)
    allowed = {method.strip() for method in reply.headers["Allow"].split(",")}
    assert {"GET", "POST"} <= allowed and "PUT" not in allowed


@pytest.mark.parametrize("chunked", [False, True], ids=["declared-length", "chunked"])
def test_a_body_over_the_limit_is_refused(api: Api, chunked: bool) -> None:
    user = api.new_user()
    too_big = b'{"title": "' + b"x" * BODY_LIMIT_BYTES + b'", "body": "b"}'

    reply = api.request("POST", "/posts", raw=too_big, user=user, chunked=chunked)

    assert_problem(reply, 413)
