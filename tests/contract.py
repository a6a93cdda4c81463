"""A small HTTP client for the contract suite: real requests, nothing framework-specific."""

from __future__ import annotations

import http.client
import importlib.util
import json
import uuid
from dataclasses import dataclass
from email.message import Message
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import stack_table
from conftest import run
from serving import project_answers

PROBLEM_MEDIA_TYPE = "application/problem+json"
PASSWORD = "correct-horse-battery"


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    def __str__(self) -> str:
        return f"{self.status} {self.headers.get('content-type')}: {self.body[:500]!r}"


@dataclass
class User:
    """An account and the header its requests carry, whatever the project's auth style."""

    id: int
    email: str
    headers: dict[str, str]


# With auth=none the API has no accounts: every caller is this one, without credentials.
ANONYMOUS = User(0, "", {})


@dataclass
class TokenUser(User):
    """An account of a JWT project, with the pair its login answered with."""

    access_token: str
    refresh_token: str


class Api:
    """Requests against one served project; paths are relative to the API prefix."""

    def __init__(
        self, base_url: str, project: Path, issuer: Any = None, env: dict[str, str] | None = None
    ) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.project = project
        self.auth: str = project_answers(project)["auth"]
        # With OIDC, the identity provider whose tokens the served app accepts.
        self.issuer = issuer
        # What the app was served with: another server of the same project needs it too.
        self.env = env or {}

    @property
    def has_accounts(self) -> bool:
        return self.auth != "none"

    @property
    def auth_header(self) -> str | None:
        """The header a request authenticates with (with sessions, the one a browser's
        own code adds: the cookie goes by itself); None without accounts."""
        headers = {"api_key": "X-API-Key", "session": "X-CSRF-Token", "none": None}
        return headers.get(self.auth, "Authorization")

    def credentials(self, value: str) -> dict[str, str]:
        """The headers that present ``value`` as the project's kind of credential."""
        if self.auth == "api_key":
            return {"X-API-Key": value}
        if self.auth == "session":
            return {"Cookie": f"session={value}"}
        return {"Authorization": f"Bearer {value}"}

    def request(
        self,
        method: str,
        path: str,
        payload: Any = None,
        *,
        raw: bytes | None = None,
        token: str | None = None,
        user: User | None = None,
        headers: dict[str, str] | None = None,
        prefix: str = stack_table.API_PREFIX,
        chunked: bool = False,
    ) -> Reply:
        sent = {**(user.headers if user else {}), **(headers or {})}
        body = raw
        if payload is not None:
            body = json.dumps(payload).encode()
        if body is not None:
            sent.setdefault("Content-Type", "application/json")
        if token:
            sent["Authorization"] = f"Bearer {token}"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=15)
        try:
            if chunked and body is not None:
                # No Content-Length: the server only learns the size as the body streams in.
                pieces = (body[start : start + 65536] for start in range(0, len(body), 65536))
                connection.request(
                    method, prefix + path, body=pieces, headers=sent, encode_chunked=True
                )
            else:
                connection.request(method, prefix + path, body=body, headers=sent)
            response = connection.getresponse()
            return Reply(response.status, response.headers, response.read())
        finally:
            connection.close()

    def sign_up(self, email: str) -> dict[str, Any]:
        """What a sign-up sends: a password only where the style has one."""
        payload = {"email": email, "full_name": "Contract Tester"}
        return payload if self.auth == "api_key" else {**payload, "password": PASSWORD}

    def register(self, email: str | None = None) -> tuple[str, Reply]:
        email = email or f"user-{uuid.uuid4().hex[:12]}@example.com"
        return email, self.request("POST", "/auth/register", self.sign_up(email))

    def login(self, email: str) -> dict[str, str]:
        tokens = self.request("POST", "/auth/login", {"email": email, "password": PASSWORD})
        assert tokens.status == 200, tokens
        pair: dict[str, str] = tokens.json
        return pair

    def refresh(self, refresh_token: str) -> Reply:
        return self.request("POST", "/auth/refresh", {"refresh_token": refresh_token})

    def new_user(self) -> User:
        """A new account and its credentials; without accounts, the anonymous caller."""
        if not self.has_accounts:
            return ANONYMOUS
        if self.auth == "oidc":
            return self._first_call(f"user-{uuid.uuid4().hex[:12]}@example.com")
        email, registered = self.register()
        assert registered.status == 201, registered
        if self.auth == "api_key":
            key = registered.json["api_key"]["key"]
            return User(registered.json["id"], email, {"X-API-Key": key})
        return self._logged_in(registered.json["id"], email)

    def new_token_user(self) -> TokenUser:
        user = self.new_user()
        assert isinstance(user, TokenUser), f"auth={self.auth} has no tokens"
        return user

    def _first_call(self, email: str) -> User:
        """A new subject of the identity provider; its first request makes its account."""
        token = self.issuer.token(f"subject-{uuid.uuid4().hex}", email, name="Contract Tester")
        headers = {"Authorization": f"Bearer {token}"}
        me = self.request("GET", "/users/me", headers=headers)
        assert me.status == 200, me
        return User(me.json["id"], email, headers)

    def _logged_in(self, user_id: int, email: str) -> User:
        if self.auth == "session":
            reply = self.request("POST", "/auth/login", {"email": email, "password": PASSWORD})
            assert reply.status == 200, reply
            return User(user_id, email, session_headers(reply))
        tokens = self.login(email)
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        return TokenUser(user_id, email, headers, tokens["access_token"], tokens["refresh_token"])

    def new_admin(self) -> User:
        """A new account made an admin with the project's own command, as its README says;
        with tokens it logs in again, so its token carries the role."""
        user = self.new_user()
        run(["make", "promote", f"EMAIL={user.email}"], cwd=self.project)
        return self._logged_in(user.id, user.email) if isinstance(user, TokenUser) else user

    def new_post(self, author: User, **fields: Any) -> dict[str, Any]:
        payload = {"title": "A post about contracts", "body": "Same API everywhere.", **fields}
        reply = self.request("POST", "/posts", payload, user=author)
        assert reply.status == 201, reply
        post: dict[str, Any] = reply.json
        return post


def session_headers(login: Reply) -> dict[str, str]:
    """What a browser sends after ``login``: the session cookie, and the CSRF token in the
    header its page adds."""
    cookies = SimpleCookie()
    for header in login.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    return {
        "Cookie": f"session={cookies['session'].value}",
        "X-CSRF-Token": login.json["csrf_token"],
    }


def assert_problem(reply: Reply, status: int) -> dict[str, Any]:
    """The reply is an RFC 9457 problem details document with ``status``."""
    assert reply.status == status, reply
    assert reply.headers.get_content_type() == PROBLEM_MEDIA_TYPE, reply
    problem: dict[str, Any] = reply.json
    assert problem["status"] == status, problem
    assert isinstance(problem["title"], str) and problem["title"], problem
    assert isinstance(problem["detail"], str) and problem["detail"], problem
    assert problem.get("type", "about:blank") == "about:blank", problem
    return problem


def assert_validation_problem(reply: Reply) -> list[dict[str, Any]]:
    """422 problem details listing each invalid input with its location and a message."""
    problem = assert_problem(reply, 422)
    errors: list[dict[str, Any]] = problem["errors"]
    assert errors, problem
    for error in errors:
        assert isinstance(error["location"], list) and error["location"], error
        assert isinstance(error["message"], str) and error["message"], error
    return errors


def project_issuer(project: Path) -> tuple[Any, dict[str, str]]:
    """An OIDC project's own test issuer (`tests/issuer.py`: keys made in this run, a JWKS on a
    loopback port, tokens for any subject), and the variables that point the app at it."""
    spec = importlib.util.spec_from_file_location("project_issuer", project / "tests/issuer.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    issuer = module.Issuer()
    env = {
        "OIDC_ISSUER": module.ISSUER,
        "OIDC_AUDIENCE": module.AUDIENCE,
        "OIDC_JWKS_URL": issuer.jwks_url,
    }
    return issuer, env
