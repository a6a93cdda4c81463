"""Full tier: replay each covering project's CI against real services; serve and fuzz one."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import stack_table
import yaml
from ci_replay import replay
from conftest import projects_by_auth, render, run
from contract import Api, project_issuer, session_headers
from serving import request_json, serve

pytestmark = pytest.mark.full


def _context(project: Path) -> dict[str, Any]:
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    return stack_table.project_context(answers)


# Server databases' projects also take the cache and a job queue (each broker once), where the
# table admits them: their lines are covered without replays of their own.
SERVER_DATABASE_EXTRAS = {
    "postgresql": {"cache": "redis", "queue": "dramatiq", "broker": "redis"},
    "mysql": {"queue": "dramatiq", "broker": "rabbitmq"},
}


def covering_set() -> dict[str, dict[str, Any]]:
    """One project per framework x ORM x database the table admits: together they cover
    every line a framework, ORM, database, cache, queue or broker answer changes."""
    projects: dict[str, dict[str, Any]] = {}
    for framework in stack_table.layers_for("framework"):
        if framework.value == stack_table.ADOPT:
            continue
        for orm in stack_table.layers_for("orm"):
            with_orm = {"framework": framework.value, "orm": orm.value}
            if stack_table.refusal("orm", orm.value, with_orm):
                continue
            for database in stack_table.layers_for("database"):
                answers = {**with_orm, "database": database.value}
                if stack_table.refusal("database", database.value, answers):
                    continue
                name = f"{framework.value}-{orm.value}-{database.value}"
                for question, value in SERVER_DATABASE_EXTRAS.get(database.value, {}).items():
                    # A question left out keeps its default: no broker without a queue.
                    if not stack_table.refusal(question, value, {"queue": "none", **answers}):
                        answers[question] = value
                        name += f"-{value}"
                projects[name] = answers
    return projects


def queue_variants(covering: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The queue x broker pairs each framework admits that no covering project takes, each
    on the framework's first PostgreSQL project (without its cache or queue)."""
    variants: dict[str, dict[str, Any]] = {}
    for framework in dict.fromkeys(a["framework"] for a in covering.values()):
        own = [a for a in covering.values() if a["framework"] == framework]
        covered = {(a.get("queue"), a.get("broker")) for a in own}
        base = next(
            {k: a[k] for k in ("framework", "orm", "database")}
            for a in own
            if a["database"] == "postgresql"
        )
        for queue in stack_table.layers_for("queue"):
            for broker in stack_table.layers_for("broker"):
                pair = {"queue": queue.value, "broker": broker.value}
                if "none" in pair.values() or (queue.value, broker.value) in covered:
                    continue
                if stack_table.refusal("queue", queue.value, {**base, **pair}) or (
                    stack_table.refusal("broker", broker.value, {**base, **pair})
                ):
                    continue
                name = "-".join((*base.values(), queue.value, broker.value))
                variants[name] = {**base, **pair}
    return variants


# Auth styles that change the models themselves (no users table): they run on every ORM.
MODEL_CHANGING_STYLES = ("none",)


def auth_variants(covering: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each auth style a framework admits besides the default, on the framework's first
    PostgreSQL project (with its cache, and its queue unless the style refuses queues): every
    line the style changes, once; a style in `MODEL_CHANGING_STYLES` on each ORM's."""
    default = stack_table.preferred("auth", {})
    variants: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, str]] = set()
    for answers in covering.values():
        if answers["database"] != "postgresql" or (answers["framework"], answers["orm"]) in seen:
            continue
        first_orm = not any(framework == answers["framework"] for framework, _ in seen)
        seen.add((answers["framework"], answers["orm"]))
        for auth in stack_table.layers_for("auth"):
            if auth.value == default or not (first_orm or auth.value in MODEL_CHANGING_STYLES):
                continue
            variant = {**answers, "auth": auth.value}
            if stack_table.refusal("auth", auth.value, variant):
                variant.update(queue="none", broker="none")
            if not stack_table.refusal("auth", auth.value, variant):
                name = "-".join(v for k, v in variant.items() if k != "auth" and v != "none")
                variants[f"{name}-{auth.value}"] = variant
    return variants


COVERING_SET = covering_set()
QUEUE_VARIANTS = queue_variants(COVERING_SET)
AUTH_VARIANTS = auth_variants(COVERING_SET)
CI_REPLAYS = {**COVERING_SET, **AUTH_VARIANTS}


@pytest.fixture(scope="module")
def default_project(copie_session: Any) -> Path:
    project = render(copie_session)
    run(_context(project)["commands"]["install"].run, cwd=project)
    return project


@pytest.mark.parametrize("name", list(CI_REPLAYS))
def test_generated_ci_replays_green_against_real_services(copie_session: Any, name: str) -> None:
    """The project's own CI, replayed here: install, every check, tests on the real database."""
    project = render(copie_session, **CI_REPLAYS[name])

    results = replay(project, project / ".github/workflows/ci.yml")

    replayed = [result.command for result in results]
    checks = [c.run for c in _context(project)["commands"].values() if c.check]
    assert set(checks) <= set(replayed), "the workflow must run every check command"
    if CI_REPLAYS[name]["database"] != "sqlite":
        test_step = next(
            r for r in results if r.command == _context(project)["commands"]["test"].run
        )
        # Against a real server nothing may be skipped, the outage test included.
        assert " skipped" not in test_step.output, test_step.output


# The files a queue or broker answer changes, and the tests that exercise them.
QUEUE_TESTS = (
    "tests/test_jobs.py",
    "tests/test_events.py",
    "tests/test_broker_stalls.py",
    "tests/test_health.py",
)


@pytest.mark.parametrize("name", list(QUEUE_VARIANTS))
def test_queue_variant_passes_its_checks_and_job_tests(copie_session: Any, name: str) -> None:
    """A queue x broker pair the covering set leaves out: its lint, type check, and the tests
    that run its jobs and events on the real broker (the rest is the covering set's)."""
    project = render(copie_session, **QUEUE_VARIANTS[name])
    context = _context(project)

    for target in ("install", "lint", "typecheck"):
        run(context["commands"][target].run, cwd=project)
    # The local server `.env` names, under a name of this run's own: the test suites make
    # their databases from it (Django's test settings would otherwise pick SQLite).
    url = urlsplit(context["env_defaults"]["DATABASE_URL"])
    database = url._replace(path=f"{url.path}_{uuid.uuid4().hex[:8]}").geturl()
    result = run(
        ["uv", "run", "pytest", "-p", "no:cacheprovider", *QUEUE_TESTS],
        cwd=project,
        env={"DATABASE_URL": database},
    )

    assert " skipped" not in result.stdout, result.stdout


def test_a_workflow_whose_service_cannot_be_reached_fails_the_replay(copie_session: Any) -> None:
    project = render(copie_session, database="postgresql")
    context = _context(project)
    port = context["services"][0].port
    workflow = project / ".github/workflows/ci.yml"
    text = workflow.read_text()
    assert f"- {port}:{port}" in text
    # Only the job with the services: the checks job would pass and only cost time.
    data = yaml.safe_load(text.replace(f"- {port}:{port}", f"- {port + 1}:{port}"))
    data["jobs"] = {"tests": data["jobs"]["tests"]}
    workflow.write_text(yaml.safe_dump(data))

    with pytest.raises(pytest.fail.Exception, match=re.escape(context["commands"]["test"].run)):
        replay(project, workflow)


def test_make_test_passes_as_the_readme_says(default_project: Path) -> None:
    run(["make", "test"], cwd=default_project)


def test_default_project_serves_under_its_production_command(default_project: Path) -> None:
    context = _context(default_project)
    run(context["commands"]["migrate"].run, cwd=default_project)

    with serve(default_project) as server:
        ready = request_json(f"{server.base_url}/health/ready")
        missing = request_json(f"{server.base_url}/api/v1/nope")

    assert ready == (200, {"status": "ok", "checks": {"database": "ok"}})
    assert missing[0] == 404
    assert missing[1]["status"] == 404
    logs = [json.loads(line) for line in server.output if line.startswith("{")]
    assert any(log.get("event") == "request" for log in logs), "\n".join(server.output)


@dataclass(frozen=True)
class FuzzCredentials:
    """How the fuzzer authenticates: headers, and schemathesis settings (a cookie is only
    sent as the OpenAPI security scheme says if schemathesis itself sets it)."""

    headers: list[str]
    settings: str = ""


def fuzz_credentials(base_url: str, project: Path, auth: str, issuer: Any) -> FuzzCredentials:
    """Sign up a fuzzing account and return what authenticates it (nothing without accounts)."""
    if auth == "none":
        return FuzzCredentials([])
    sign_up = {"email": "fuzzer@example.com", "full_name": "Fuzzer"}
    if auth == "oidc":
        return FuzzCredentials(
            [f"Authorization: Bearer {issuer.token('fuzzer', sign_up['email'])}"]
        )
    if auth == "api_key":
        status, registered = request_json(f"{base_url}/api/v1/auth/register", sign_up)
        assert status == 201, registered
        return FuzzCredentials([f"X-API-Key: {registered['api_key']['key']}"])
    credentials = {"email": sign_up["email"], "password": "correct-horse-battery"}
    request_json(f"{base_url}/api/v1/auth/register", {**sign_up, **credentials})
    if auth == "session":
        login = Api(base_url, project).request("POST", "/auth/login", credentials)
        assert login.status == 200, login
        sent = session_headers(login)
        session_id = sent["Cookie"].removeprefix("session=")
        return FuzzCredentials(
            [f"X-CSRF-Token: {sent['X-CSRF-Token']}"],
            f'[auth.openapi.SessionCookie]\napi_key = "{session_id}"\n',
        )
    status, tokens = request_json(f"{base_url}/api/v1/auth/login", credentials)
    assert status == 200, tokens
    return FuzzCredentials([f"Authorization: Bearer {tokens['access_token']}"])


FUZZED = projects_by_auth()
ADMIN_ONLY_OPERATIONS = {
    f"GET {stack_table.API_PREFIX}/users",
    f"POST {stack_table.API_PREFIX}/users/{{user_id}}/deactivate",
}


@pytest.mark.parametrize(("framework", "orm", "auth"), FUZZED, ids=["-".join(p) for p in FUZZED])
def test_schemathesis_finds_nothing(
    copie_session: Any, tmp_path: Path, framework: str, orm: str, auth: str
) -> None:
    """Fuzz every operation, authenticated, against the OpenAPI document the app serves."""
    project = render(copie_session, framework=framework, orm=orm, auth=auth)
    context = _context(project)
    run(context["commands"]["install"].run, cwd=project)
    run(context["commands"]["migrate"].run, cwd=project)

    issuer, env = project_issuer(project) if auth == "oidc" else (None, {})
    with serve(project, env=env) as server:
        credentials = fuzz_credentials(server.base_url, project, auth, issuer)
        settings = tmp_path / "schemathesis.toml"
        shared = Path(__file__).with_name("schemathesis.toml").read_text()
        settings.write_text(f"{shared}\n{credentials.settings}")
        fuzzed = run(
            [
                "schemathesis", "--config-file", str(settings),
                "run", f"{server.base_url}{stack_table.OPENAPI_PATH}",
                *(part for header in credentials.headers for part in ("--header", header)),
                # The fuzzer's own key and session must stay live, or it would test only 401s.
                "--exclude-name", "DELETE /api/v1/api-keys/{key_id}",
                "--exclude-name", "POST /api/v1/auth/logout",
                "--checks", "all", "--max-examples", "25", "--seed", "1",
                "--suppress-health-check", "all",
            ],
            cwd=project,
        )  # fmt: skip
    if issuer is not None:
        issuer.close()

    # Only what a non-admin may not do answers 401/403 throughout; anything else means the
    # fuzzer lost its credentials and tested nothing but refusals.
    refused_throughout = set(re.findall(r"^  - ([A-Z]+ /\S+)$", fuzzed.stdout, re.MULTILINE))
    assert refused_throughout <= ADMIN_ONLY_OPERATIONS, fuzzed.stdout
