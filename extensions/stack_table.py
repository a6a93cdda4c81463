"""The stack table: the single source of truth for every layer backend-forge can generate.

One ``Layer`` row per choice of every layer question. A row says which choices of the
other questions it admits, what it adds to the generated project (dependencies, services,
environment variables, commands) and the facts that the docs and agent files print.

``copier.yml`` reads the choices and their validators from here (through
``extensions/copier_glue.py``), the templates read the computed context built by
``project_context``, and the template's tests read the same rows. Adding a layer means
adding a row here and the template files that its answer switches on.

This module is plain data plus pure functions; it imports nothing from copier.
"""

from __future__ import annotations

import json
import keyword
import re
import shlex
import sys
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Command:
    """A project command: a Makefile target that runs ``run`` in the project root."""

    target: str
    run: str
    description: str
    # Part of `make check`, which CI runs: it must pass on every commit.
    check: bool = False
    # Needs the project's services (database, broker): CI runs it in the job that has them.
    needs_services: bool = False


@dataclass(frozen=True)
class EnvVar:
    """An environment variable the generated app reads through its settings."""

    name: str
    example: str
    description: str
    # A secret is generated per project into the git-ignored `.env`, never into answers.
    secret: bool = False


@dataclass(frozen=True)
class Service:
    """An external server the project needs (in compose, CI and its tests)."""

    name: str
    image: str
    port: int
    # The container's own settings, its readiness probe, and where it keeps its data.
    environment: Mapping[str, str] = field(default_factory=dict)
    healthcheck: tuple[str, ...] = ()
    data_path: str = ""
    # The app's environment variable holding the service's URL (CI points it at the service).
    url_env: str = "DATABASE_URL"
    # The server's command line, where the image's default does not suit the project.
    command: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgentTool:
    """How one AI coding tool reads a project's agent: file, name rule and tool names."""

    # The agent file (under the tool's own frontmatter) and any other file the tool reads.
    path: str
    other_files: tuple[str, ...] = ()
    # Frontmatter fields the tool requires in the agent file (none: plain Markdown).
    required_fields: tuple[str, ...] = ()
    # The frontmatter field that grants tools (opencode grants them as permissions).
    tools_field: str = "tools"
    # For tools that read their own file instead of AGENTS.md: that file and its import line.
    agents_md_import: tuple[str, str] | None = None
    # The tool's rule for agent names; ours is AGENT_NAME.
    name_pattern: str = r"^[a-z][a-z0-9-]*$"
    # The tool names our agent gets, spelled the tool's way, and every name the tool knows.
    tools: tuple[str, ...] = ()
    known_tools: frozenset[str] = frozenset()
    description_limit: int | None = None


AGENT_NAME = "backend-engineer"

# Tool names each agent tool accepts today (MultiEdit is gone from both).
CLAUDE_CODE_TOOLS = frozenset({
    "Agent", "Bash", "Edit", "Glob", "Grep", "LSP", "NotebookEdit", "Read", "Skill",
    "TodoWrite", "WebFetch", "WebSearch", "Write",
})  # fmt: skip
FACTORY_TOOLS = frozenset({
    "Read", "LS", "Grep", "Glob", "Create", "Edit", "ApplyPatch", "Execute", "WebSearch",
    "FetchUrl", "TodoWrite",
})  # fmt: skip


@dataclass(frozen=True)
class CiStep:
    """One GitHub Actions step that sets a toolchain up (an action, or a shell command)."""

    uses: str = ""
    with_: Mapping[str, str] = field(default_factory=dict)
    run: str = ""
    name: str = ""


CHECKOUT = CiStep(uses="actions/checkout@v5")


@dataclass(frozen=True)
class Toolchain:
    """What every project of one language shares, whatever its layers."""

    name: str
    # The uv release the Dockerfile and CI install (the one this template is tested with).
    uv_version: str
    # How CI installs: exactly the lock file, failing if it is stale.
    locked_install: str
    dev_dependencies: tuple[str, ...]
    commands: tuple[Command, ...]
    # The files an editor rule for backend work attaches to.
    source_globs: tuple[str, ...]
    facts: tuple[str, ...]
    # How CI gets the toolchain: GitHub Actions steps, GitLab's job image and its cache.
    github_setup: tuple[CiStep, ...] = ()
    gitlab_image: str = ""
    gitlab_variables: Mapping[str, str] = field(default_factory=dict)
    gitlab_cache: tuple[str, str] | None = None  # (key file, cached folder)


@dataclass(frozen=True)
class DatabaseDriver:
    """How one family of frameworks reaches one database: driver packages and URLs."""

    dependencies: tuple[str, ...]
    # DATABASE_URL in `.env` (the local server) and inside the compose network.
    url: str
    container_url: str
    # Baked into the image (an embedded database's file in the image's data folder).
    image_url: str = ""
    # The tests fall back to SQLite when DATABASE_URL is not set.
    dev_dependencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Layer:
    """One choice of one question, and everything that choice brings into a project."""

    question: str
    value: str
    label: str
    summary: str
    language: str = "python"
    # Other questions' choices this row works with; a question not named admits all.
    admits: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    dependencies: tuple[str, ...] = ()
    dev_dependencies: tuple[str, ...] = ()
    services: tuple[Service, ...] = ()
    env: tuple[EnvVar, ...] = ()
    commands: tuple[Command, ...] = ()
    facts: tuple[str, ...] = ()
    # (path, what lives there) pairs that the README and agent files print as the layout,
    # and those that depend on the framework (framework value -> pairs).
    layout: tuple[tuple[str, str], ...] = ()
    framework_layout: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # What the row adds only on some frameworks (framework value -> dependencies or facts).
    framework_dependencies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    framework_facts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    framework_commands: Mapping[str, tuple[Command, ...]] = field(default_factory=dict)
    # Production command in the container image, serving `app_target` on {host}:{port};
    # environment baked into the image (never a secret) and what the dev compose file adds.
    app_target: str = ""
    server_argv: tuple[str, ...] = ()
    migrate_argv: tuple[str, ...] = ()
    # Files and folders outside the installed package that migrations need in the image.
    image_files: tuple[str, ...] = ()
    image_env: Mapping[str, str] = field(default_factory=dict)
    container_env: Mapping[str, str] = field(default_factory=dict)
    # Processes besides the app (workers), each run from the app's image: name -> argv.
    processes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Framework rows: the driver family (a key of the database rows' `drivers`).
    database_driver: str = ""
    # Database rows: the driver of each framework family.
    drivers: Mapping[str, DatabaseDriver] = field(default_factory=dict)
    # CI rows only: the CI systems whose files the choice writes.
    ci_providers: tuple[str, ...] = ()
    # Agent tools only: the files that tool reads and its own naming and tool rules.
    agent: AgentTool | None = None


PYTHON = Toolchain(
    name="python",
    uv_version="0.13.9",
    locked_install="uv sync --locked",
    dev_dependencies=(
        "httpx>=0.28",
        "mypy>=1.15",
        "pytest>=8.3",
        "pytest-xdist>=3.6",
        "ruff>=0.11",
    ),
    commands=(
        Command("install", "uv sync", "Install the app and its dev tools into .venv"),
        Command(
            "lint",
            "uv run ruff check . && uv run ruff format --check .",
            "Lint and check formatting",
            check=True,
        ),
        Command("format", "uv run ruff check --fix . && uv run ruff format .", "Fix lint, format"),
        Command("typecheck", "uv run mypy", "Type-check with mypy (strict)", check=True),
        Command(
            "test",
            "uv run pytest -n auto",
            "Run the test suite (in parallel)",
            check=True,
            needs_services=True,
        ),
    ),
    source_globs=("src/**/*.py", "tests/**/*.py", "migrations/**/*.py"),
    facts=(
        "Python {python_version}, dependencies managed with uv (`pyproject.toml` + `uv.lock`).",
        "ruff lints and formats; mypy runs in strict mode; pytest runs the tests.",
    ),
    github_setup=(
        CHECKOUT,
        CiStep(
            uses="astral-sh/setup-uv@v7",
            with_={
                "version": "{uv_version}",
                "python-version": "{python_version}",
                "enable-cache": "true",
            },
        ),
    ),
    gitlab_image="ghcr.io/astral-sh/uv:{uv_version}-python{python_version}-bookworm-slim",
    gitlab_variables={
        "UV_CACHE_DIR": ".uv-cache",
        "UV_LINK_MODE": "copy",
        "UV_PYTHON_DOWNLOADS": "never",
    },
    gitlab_cache=("uv.lock", ".uv-cache"),
)

TOOLCHAINS: Mapping[str, Toolchain] = {PYTHON.name: PYTHON}

# Every project has these, whatever its language: the task-file tool needs only python3.
TASK_COMMANDS: tuple[Command, ...] = (
    Command("tasks-check", "python3 scripts/tasks.py lint", "Check the task files", check=True),
    Command("tasks-status", "python3 scripts/tasks.py status", "Progress of the task files"),
    Command("tasks-next", "python3 scripts/tasks.py next", "The next task that is ready"),
)
TASK_LAYOUT: tuple[tuple[str, str], ...] = (
    ("tasks/", "PRDs and task files; the conventions are in `tasks/README.md`"),
    ("scripts/tasks.py", "the task-file checker (`lint`, `status`, `next`); needs only python3"),
)


SERVER_DATABASE_TESTS_FACT = (
    "Tests run against `DATABASE_URL` when it is set (each run creates and drops its own "
    "databases there) and against SQLite otherwise."
)
GITHUB_CI_FACT = (
    "CI: GitHub Actions (`.github/workflows/ci.yml`) runs the check commands listed above, the "
    "tests against the same services, and builds the image (pushed to GHCR from the default "
    "branch)."
)
GITHUB_CI_LAYOUT = (".github/workflows/ci.yml", "GitHub Actions: checks, tests, image")
GITLAB_CI_FACT = (
    "CI: GitLab CI (`.gitlab-ci.yml`) runs the same stages and pushes the image to the "
    "project's registry from the default branch."
)
GITLAB_CI_LAYOUT = (".gitlab-ci.yml", "GitLab CI: checks, tests, image")


# What the generated app's image build never needs; tests stay out of the image.
GENERATED_DOCKER_IGNORE: tuple[str, ...] = (
    ".env", ".git", ".venv", "**/__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache",
    "*.db", "tests",
)  # fmt: skip

# The HTTP contract every framework's project honours (the template's contract suite checks
# it): where the API lives, where it listens in its container, and its health endpoints.
API_PREFIX = "/api/v1"
APP_PORT = 8000
LIVENESS_PATH = "/health/live"
READINESS_PATH = "/health/ready"
OPENAPI_PATH = "/openapi.json"

# What every auth style's project does alike: roles and headers; and the rate limits of the
# styles whose auth endpoints are the app's own (with OIDC, the identity provider's).
ROLES_FACT = (
    "Roles: `user` and `admin`; `GET /api/v1/users` and "
    "`POST /api/v1/users/{user_id}/deactivate` are admin-only (403 for others); "
    "`make promote EMAIL=...` makes an admin."
)
_SECURITY_HEADERS = (
    "Every response carries `X-Content-Type-Options`, `X-Frame-Options`, "
    "`Referrer-Policy` and `Cross-Origin-Opener-Policy` (plus HSTS in production); "
    "browser origins come from `CORS_ALLOWED_ORIGINS` ({credentials}) and, "
    "in production, hosts outside `ALLOWED_HOSTS` get a 400."
)
SECURITY_HEADERS_FACT = _SECURITY_HEADERS.format(credentials="never with credentials")
AUTH_RATE_LIMITS_FACT = (
    "Rate limits per client address: `RATE_LIMIT_AUTH` for the auth endpoints together, "
    "`RATE_LIMIT_DEFAULT` for the whole API; beyond them the answer is a 429 problem "
    "with `Retry-After`; health checks are never limited."
)
AUTH_FACTS = (ROLES_FACT, AUTH_RATE_LIMITS_FACT, SECURITY_HEADERS_FACT)
# The styles without auth endpoints of the app's own limit the whole API only.
DEFAULT_RATE_LIMIT_FACT = (
    "Rate limits per client address: `RATE_LIMIT_DEFAULT` for the whole API; beyond it the "
    "answer is a 429 problem with `Retry-After`; health checks are never limited."
)
# What checks e-mail addresses: the account schemas of FastAPI and Flask (Django has its own
# validators) and, on every framework, the e-mail claim of an OIDC token.
EMAIL_DEPENDENCY = "email-validator>=2.2"
ACCOUNT_DEPENDENCIES = dict.fromkeys(("fastapi", "flask"), (EMAIL_DEPENDENCY,))
# What hashes passwords, for the auth styles that have them.
PASSWORD_DEPENDENCIES = {
    **dict.fromkeys(("fastapi", "flask"), ("pwdlib[argon2,bcrypt]>=0.2",)),
    # Django's own Argon2 and bcrypt hashers use these.
    "django": ("argon2-cffi>=23.1", "bcrypt>=4.2"),
}
# Everything the password styles (jwt, session) add per framework.
PASSWORD_STYLE_DEPENDENCIES = {
    framework: (*ACCOUNT_DEPENDENCIES.get(framework, ()), *hashers)
    for framework, hashers in PASSWORD_DEPENDENCIES.items()
}
SESSIONS_TABLE_FACT = (
    "Sessions live in the `user_sessions` table, which keeps only the SHA-256 of each "
    "session id (a login deletes the account's ended sessions); the CSRF token is an HMAC of "
    "the session id, so it works only with its session."
)
RATE_LIMIT_AUTH = EnvVar(
    "RATE_LIMIT_AUTH",
    "10/minute",
    "Requests per client address to the auth endpoints together (429 beyond)",
)

# Every framework's app reads these.
APP_ENV = (
    EnvVar("ENVIRONMENT", "development", "development, test or production"),
    EnvVar("LOG_LEVEL", "INFO", "Minimum level of the JSON logs"),
    EnvVar(
        "RATE_LIMIT_DEFAULT",
        "1200/minute",
        "Requests per client address to the whole API together (429 beyond)",
    ),
    EnvVar(
        "ALLOWED_HOSTS",
        "localhost,127.0.0.1",
        "Host names the app answers to in production (comma-separated); keep 127.0.0.1, "
        "which the container's health check calls",
    ),
    EnvVar(
        "FORWARDED_ALLOW_IPS",
        "127.0.0.1,::1",
        "Reverse proxies (addresses or networks, comma-separated, or *) whose "
        "X-Forwarded-For names the client: set it to your load balancer's, or every client "
        "shares its rate limits",
    ),
    EnvVar(
        "CORS_ALLOWED_ORIGINS",
        "",
        "Browser origins allowed to call the API (comma-separated), e.g. "
        "https://app.example.com; none when empty",
    ),
)
PROBLEM_DETAILS_FACT = (
    "Errors are RFC 9457 problem details (`application/problem+json`), "
    "raised as `ProblemError` subclasses from `errors.py`."
)

# The WSGI frameworks' production server. Threads overlap requests waiting on the database;
# WEB_CONCURRENCY sets the number of processes.
GUNICORN_ARGV = (
    *("gunicorn", "{app}", "--bind", "{host}:{port}"),
    *("--worker-class", "gthread", "--threads", "8"),
)

# What every SQLAlchemy-based ORM row (SQLAlchemy, SQLModel) shares: pool settings, Alembic.
SQLALCHEMY_POOL_ENV = (
    EnvVar("DATABASE_POOL_SIZE", "10", "Connections the pool keeps open"),
    EnvVar(
        "DATABASE_MAX_OVERFLOW",
        "0",
        "Extra connections allowed under load, closed again when the pool has enough idle",
    ),
    EnvVar(
        "DATABASE_POOL_TIMEOUT_SECONDS",
        "10",
        "How long a request waits for a connection before answering 503",
    ),
    EnvVar("DATABASE_POOL_RECYCLE_SECONDS", "1800", "Connections older than this are replaced"),
)
ALEMBIC_COMMANDS = (
    Command("migrate", "uv run alembic upgrade head", "Apply database migrations"),
    Command(
        "migrations-check",
        "uv run alembic upgrade head && uv run alembic check",
        "Fail if the models and the migrations have drifted apart",
        check=True,
        needs_services=True,
    ),
)
ALEMBIC_FACT = (
    "Schema changes go through Alembic: edit the models, then "
    '`uv run alembic revision --autogenerate -m "..."`, review the file in '
    "`migrations/versions/`, and `make migrate`."
)


def alembic_orm(value: str, **row: Any) -> Layer:
    """An ORM row built on SQLAlchemy: its pool settings, Alembic commands and files."""
    return Layer(
        question="orm",
        value=value,
        env=SQLALCHEMY_POOL_ENV,
        commands=ALEMBIC_COMMANDS,
        migrate_argv=("alembic", "upgrade", "head"),
        image_files=("alembic.ini", "migrations"),
        layout=(("migrations/", "Alembic environment and revisions (`migrations/versions/`)"),),
        **row,
    )


# Where the outbox lives in a project on SQLAlchemy (Django's is an app, `outbox/`).
SQLALCHEMY_OUTBOX_LAYOUT = (
    ("src/{package_name}/outbox.py", "the outbox table; `enqueue` adds a job to it"),
    ("src/{package_name}/relay.py", "moves outbox rows to the broker"),
    ("src/{package_name}/mail.py", "the welcome e-mail; the dev mail backend (`sent_emails`)"),
)

# The job worker and the outbox relay, each a process of its own next to the app.
DRAMATIQ_WORKER_ARGV = ("dramatiq", "{package_name}.worker", "--processes", "1", "--threads", "4")
OUTBOX_RELAY_ARGV = ("python", "-m", "{package_name}.relay")

CELERY_WORKER_ARGV = (
    "celery", "--app", "{package_name}.worker", "worker", "--pool", "threads",
    "--concurrency", "4", "--without-gossip", "--without-mingle",
)  # fmt: skip

# arq's own log handler would print every line twice: the app's logging stays in charge.
ARQ_WORKER_ARGV = (
    "arq",
    "--custom-log-dict",
    "{package_name}.worker.LOGGING",
    "{package_name}.worker.WorkerSettings",
)

# One worker process (its supervisor restarts it if it dies, for instance when RabbitMQ is down
# as it starts); a message is acknowledged once its job has run, so a worker that dies
# mid-job leaves it to another.
TASKIQ_WORKER_ARGV = (
    "taskiq", "worker", "{package_name}.worker:broker", "--workers", "1",
    "--ack-type", "when_executed", "--max-async-tasks", "4", "--no-configure-logging",
)  # fmt: skip

QUEUE_FACTS = (
    "Jobs: a request never talks to the broker. It adds the job to the `outbox` "
    "table in its own transaction (`enqueue`, in the outbox module); `make relay` "
    "moves outbox rows to the broker and keeps them while the broker is down; "
    "`make worker` runs them. A row the broker refuses `MAX_ATTEMPTS` times is set "
    "aside (see the outbox module).",
    "Jobs are idempotent: each carries its outbox id as `key`, and a job that finds "
    "its key already done does nothing (a redelivered message acts once).",
    "Events: a change records its domain event (e.g. `post.published`, modelled in "
    "`events.py`) in the outbox in its own transaction (`record_event`) and the relay "
    "publishes it to `EVENTS_TOPIC`. Each type's JSON schema is in `docs/events/`; after "
    "changing an event model, rewrite them with `uv run python -m {package_name}.events`.",
)


def new_job_fact(how_to_declare: str) -> str:
    return (
        f"A new job: {how_to_declare}, then "
        '`enqueue("<its name>", **payload)` in the transaction of the change that asks for it '
        "(on SQLAlchemy, execute the statement it returns in that session); the payload is JSON."
    )


# Where a job's body goes, whatever the queue library.
WRITE_THE_BODY = "write its body where its work lives (as the mail module's `send_welcome_email`)"

DECLARE_JOBS = (
    f"{WRITE_THE_BODY}, taking "
    "`key` last, and declare it in `jobs.py`'s `declare_jobs` under its message name "
    "(Dramatiq: `actor_name=`, Celery: `name=`)"
)


def outbox_queue(
    value: str,
    *,
    worker_argv: tuple[str, ...],
    dependencies: tuple[str, ...],
    jobs_layout: tuple[str, str],
    how_to_declare_a_job: str = DECLARE_JOBS,
    admits: Mapping[str, tuple[str, ...]] | None = None,
    extra_layout: tuple[tuple[str, str], ...] = (),
    extra_facts: tuple[str, ...] = (),
    **row: Any,
) -> Layer:
    """A queue row fed by the transactional outbox: its worker, the relay, their files."""
    return Layer(
        question="queue",
        value=value,
        admits={"broker": ("redis", "rabbitmq"), **(admits or {})},
        # pydantic describes the events (a dependency of FastAPI and Flask already).
        dependencies=(*dependencies, "pydantic>=2.10"),
        env=(
            EnvVar(
                "JOBS_QUEUE",
                "{project_slug}-jobs",
                "Name of the queue the app's jobs go through",
            ),
        ),
        commands=(
            Command(
                "worker",
                "uv run " + " ".join(worker_argv),
                "Run the job worker (jobs retry with backoff; see jobs.py)",
            ),
            Command(
                "relay",
                "uv run " + " ".join(OUTBOX_RELAY_ARGV),
                "Deliver the outbox's jobs and events to the broker (retries while it is down)",
            ),
        ),
        processes={"worker": worker_argv, "relay": OUTBOX_RELAY_ARGV},
        layout=(
            ("src/{package_name}/handover.py", "what the relay sends for a job and for an event"),
            ("src/{package_name}/events.py", "the domain events and their models"),
            ("docs/events/", "each event type's JSON schema"),
            jobs_layout,
            ("src/{package_name}/worker.py", "the worker's entry point (`make worker`)"),
            ("src/{package_name}/broker.py", "the broker's clients, from `BROKER_URL`"),
            *extra_layout,
        ),
        framework_layout={
            **dict.fromkeys(("fastapi", "flask"), SQLALCHEMY_OUTBOX_LAYOUT),
            "django": (
                ("src/{package_name}/outbox/", "the outbox app: its model, `enqueue`, the relay"),
                ("src/{package_name}/relay.py", "the relay's entry point (`make relay`)"),
                (
                    "src/{package_name}/mail/",
                    "the mail app: the welcome e-mail, the dev backend's `sent_emails`",
                ),
            ),
        },
        facts=(*QUEUE_FACTS, new_job_fact(how_to_declare_a_job), *extra_facts),
        **row,
    )


# The cache and the job broker may share one Redis; each names its own URL variable. Jobs
# must survive a restart and never be evicted; cached entries expire on their own. The relay
# marks a row sent once Redis acknowledged it: `appendfsync always` makes that acknowledgement
# mean "on disk" (the default fsyncs once a second, so a crash could lose the last second).
REDIS_SERVICE = Service(
    name="redis",
    image="redis:7",
    port=6379,
    healthcheck=("redis-cli", "ping"),
    data_path="/data",
    url_env="BROKER_URL",
    command=(
        "redis-server",
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--maxmemory-policy",
        "noeviction",
    ),
)
# The official image lets `guest` in from other containers (RabbitMQ alone allows loopback).
RABBITMQ_SERVICE = Service(
    name="rabbitmq",
    image="rabbitmq:4",
    port=5672,
    healthcheck=("rabbitmq-diagnostics", "-q", "ping"),
    data_path="/var/lib/rabbitmq",
    url_env="BROKER_URL",
)


def broker_row(
    value: str,
    *,
    service: Service,
    url: tuple[str, str],
    url_description: str,
    topic: tuple[str, str],
    **row: Any,
) -> Layer:
    """A broker row: its server, `BROKER_URL` (from the host, and inside the compose network)
    and `EVENTS_TOPIC` (default name, and what it is on this broker)."""
    return Layer(
        question="broker",
        value=value,
        services=(service,),
        env=(
            EnvVar("BROKER_URL", url[0], url_description),
            EnvVar("EVENTS_TOPIC", topic[0], topic[1]),
        ),
        container_env={"BROKER_URL": url[1]},
        **row,
    )


# The framework choice that adopts the project already in the destination (docs/updating.md).
ADOPT = "existing"

# Where the accounts live, for the auth styles that have them, next to the style's own files.
_USERS_LAYOUT = {
    **dict.fromkeys(
        ("fastapi", "flask"),
        ("src/{package_name}/users/", "user model, schemas, service, `/users` routes"),
    ),
    "django": ("src/{package_name}/users/", "user model and migrations, `/users` routes"),
}


def accounts_layout(
    auth_layout: Mapping[str, tuple[tuple[str, str], ...]],
) -> dict[str, tuple[tuple[str, str], ...]]:
    """An auth style's files on each framework, after the accounts' own package."""
    return {
        framework: (_USERS_LAYOUT[framework], *auth_layout[framework])
        for framework in _USERS_LAYOUT
    }


# Where a Flask view finds its caller, for the auth styles that have accounts.
FLASK_CALLER_FACT = (
    "The caller comes from `auth.current` (`@auth_required`, `@admin_required`, "
    "`current_user()`, `current_user_id()`)."
)

# Where a Django view finds its caller, for the auth styles that have accounts.
DJANGO_CALLER_FACT = (
    "Views take the caller's id with `caller_id(request)`; writes load the row with "
    "`users.services.active_user`; admin-only views add the `IsAdmin` permission from "
    "`auth.permissions`."
)

# How each framework's project makes an admin, for the auth styles that have accounts.
_PROMOTE_DESCRIPTION = "Make the account with EMAIL an admin (make promote EMAIL=you@example.com)"
PROMOTE_COMMANDS = {
    framework: (Command("promote", run, _PROMOTE_DESCRIPTION),)
    for framework, run in (
        ("fastapi", "uv run python -m {package_name}.users.promote $(EMAIL)"),
        ("flask", "uv run flask --app '{package_name}.app:create_app()' promote $(EMAIL)"),
        ("django", "uv run python manage.py promote $(EMAIL)"),
    )
}

LAYERS: tuple[Layer, ...] = (
    # --- framework -------------------------------------------------------------------
    Layer(
        question="framework",
        value="fastapi",
        label="FastAPI",
        summary="async ASGI framework with typed routes and OpenAPI from pydantic models",
        admits={"orm": ("sqlalchemy", "sqlmodel")},
        database_driver="sqlalchemy-async",
        dependencies=(
            "fastapi>=0.121",
            "uvicorn[standard]>=0.34",
            "pydantic-settings>=2.7",
            "structlog>=25.1",
            "limits>=5.0",
        ),
        dev_dependencies=("pytest-asyncio>=1.0",),
        env=APP_ENV,
        commands=(
            Command(
                "dev",
                "uv run uvicorn --factory {package_name}.main:create_app --reload",
                f"Run the API with auto-reload on http://127.0.0.1:{APP_PORT}",
            ),
        ),
        facts=(
            "HTTP layer: FastAPI; each domain package has `router.py` (routes), "
            "`schemas.py` (pydantic models), `service.py` (business logic) and `models.py`.",
            "Dependencies are injected with `Annotated[..., Depends(...)]` aliases "
            "defined next to what they provide.",
            "Outside production, OpenAPI is served at `/openapi.json` and the docs UI at `/docs`.",
            PROBLEM_DETAILS_FACT,
        ),
        app_target="{package_name}.main:create_app",
        server_argv=(
            *("uvicorn", "--factory", "{app}"),
            *("--host", "{host}", "--port", "{port}"),
            *("--proxy-headers", "--no-access-log"),
        ),
        layout=(
            ("src/{package_name}/main.py", "app factory: routers, middleware, error handlers"),
            ("src/{package_name}/settings.py", "typed settings from the environment and `.env`"),
            ("src/{package_name}/errors.py", "problem-details errors and their handlers"),
            ("src/{package_name}/middleware.py", "request id, access log, crash guard"),
            ("src/{package_name}/database.py", "engine and per-request session"),
            ("src/{package_name}/orm.py", "table naming convention and shared column types"),
            ("src/{package_name}/posts/", "post model, schemas, service, `/posts` routes"),
            ("src/{package_name}/rate_limits.py", "per-client request limits (`limits`)"),
            ("src/{package_name}/security.py", "security headers and trusted hosts"),
            ("src/{package_name}/health.py", "`/health/live` and `/health/ready`"),
            ("tests/", "pytest suite against the real app and a real database"),
        ),
    ),
    Layer(
        question="framework",
        value="flask",
        label="Flask",
        summary="Flask 3 with APIFlask: pydantic-validated routes and OpenAPI, served by gunicorn",
        admits={"orm": ("sqlalchemy",)},
        database_driver="sqlalchemy-sync",
        dependencies=(
            "flask>=3.1",
            "apiflask>=3.1",
            "gunicorn>=23",
            "pydantic-settings>=2.7",
            "structlog>=25.1",
            "flask-limiter>=3.12",
            "flask-cors>=6.0",
        ),
        env=APP_ENV,
        commands=(
            Command(
                "dev",
                "uv run flask --app '{package_name}.app:create_app()' run --debug "
                f"--port {APP_PORT}",
                f"Run the API with auto-reload on http://127.0.0.1:{APP_PORT}",
            ),
        ),
        facts=(
            "HTTP layer: Flask with APIFlask; each domain package has `routes.py` (a blueprint), "
            "`schemas.py` (pydantic models, validated by `@input` and `@output`), `service.py` "
            "(business logic) and `models.py`.",
            "The request's SQLAlchemy session comes from `database.db_session()` and is closed "
            "when the request ends.",
            "Outside production, OpenAPI is served at `/openapi.json` and the docs UI at `/docs`.",
            PROBLEM_DETAILS_FACT,
        ),
        app_target="{package_name}.app:create_app()",
        server_argv=GUNICORN_ARGV,
        layout=(
            ("src/{package_name}/app.py", "app factory: blueprints, error handlers, hooks"),
            ("src/{package_name}/settings.py", "typed settings from the environment and `.env`"),
            ("src/{package_name}/errors.py", "problem-details errors and their handlers"),
            ("src/{package_name}/request_context.py", "request id and access log"),
            ("src/{package_name}/database.py", "engine and per-request session"),
            ("src/{package_name}/orm.py", "table naming convention and shared column types"),
            ("src/{package_name}/posts/", "post model, schemas, service, `/posts` routes"),
            ("src/{package_name}/rate_limits.py", "per-client limits (Flask-Limiter)"),
            ("src/{package_name}/security.py", "security headers, trusted hosts, CORS"),
            ("src/{package_name}/health.py", "`/health/live` and `/health/ready`"),
            ("tests/", "pytest suite against the real app and a real database"),
        ),
    ),
    Layer(
        question="framework",
        value="django",
        label="Django",
        summary="Django LTS with Django REST framework, OpenAPI from drf-spectacular, gunicorn",
        admits={"orm": ("django",), "database": ("sqlite", "postgresql")},
        database_driver="django",
        dependencies=(
            "django>=5.2,<5.3",
            "djangorestframework>=3.16",
            "drf-spectacular>=0.28",
            "django-environ>=0.12",
            "django-cors-headers>=4.7",
            "gunicorn>=23",
            "structlog>=25.1",
        ),
        dev_dependencies=(
            "pytest-django>=4.9",
            "django-stubs[compatible-mypy]>=5.2",
            "djangorestframework-stubs[compatible-mypy]>=3.16",
        ),
        env=(
            *APP_ENV,
            EnvVar(
                "SECRET_KEY",
                "change-me-to-a-long-random-string",
                "Django's signing key; at least 32 characters",
                secret=True,
            ),
        ),
        commands=(
            Command(
                "dev",
                f"uv run python manage.py runserver {APP_PORT}",
                f"Run the API with auto-reload on http://127.0.0.1:{APP_PORT}",
            ),
        ),
        facts=(
            "HTTP layer: Django REST framework; each app (such as `posts`) has `models.py`, "
            "`serializers.py` (input and output shapes), `services.py` (writes), "
            "`selectors.py` (reads), thin `views.py` and `urls.py`.",
            "Views derive from `views.ApiView` (each request counted against the rate limits "
            "first) and validate input with `validated(...)` from `validation.py`.",
            "Outside production, OpenAPI is served at `/openapi.json` and the docs UI at `/docs`.",
            "Errors are RFC 9457 problem details (`application/problem+json`): raise a "
            "`ProblemError` subclass from `errors.py`; `errors.problem_exception_handler` turns "
            "every DRF error into one.",
        ),
        app_target="{package_name}.wsgi:application",
        server_argv=GUNICORN_ARGV,
        image_env={"DJANGO_SETTINGS_MODULE": "{package_name}.settings"},
        layout=(
            ("manage.py", "Django's command line (`migrate`, `makemigrations`, `shell`)"),
            ("src/{package_name}/settings.py", "settings from the environment and `.env`"),
            ("src/{package_name}/urls.py", "routes: `/api/v1/...`, health, OpenAPI"),
            ("src/{package_name}/errors.py", "problem-details errors and their handlers"),
            ("src/{package_name}/middleware.py", "request id, access log, body size limit"),
            ("src/{package_name}/validation.py", "input validation answered as 422 problems"),
            ("src/{package_name}/posts/", "post model and migrations, `/posts` routes"),
            ("src/{package_name}/throttling.py", "per-client limits (DRF throttles)"),
            ("src/{package_name}/health.py", "`/health/live` and `/health/ready`"),
            ("tests/", "pytest-django suite against the real app and a real database"),
        ),
    ),
    Layer(
        question="framework",
        value=ADOPT,
        label="Existing project (adopt)",
        summary="keep the app already in the destination; add agent files, task "
        "conventions, CI and Docker only, never overwriting a file",
        # The adopted project's language is its own answer (`existing_language`).
        language="",
    ),
    # --- orm -------------------------------------------------------------------------
    alembic_orm(
        "sqlalchemy",
        label="SQLAlchemy 2 + Alembic",
        summary="typed declarative models, sessions per request, migrations with Alembic",
        dependencies=("sqlalchemy[asyncio]>=2.0.36", "alembic>=1.14"),
        facts=(
            "Models are SQLAlchemy 2 typed declarative classes (`Mapped[...]`); "
            "one session is opened per request.",
            ALEMBIC_FACT,
            "Load relationships eagerly (`selectinload`/`joinedload`) to avoid N+1 queries; "
            '`lazy="raise"` makes a forgotten one fail loudly.',
        ),
    ),
    alembic_orm(
        "sqlmodel",
        label="SQLModel + Alembic",
        summary="SQLModel table classes over SQLAlchemy 2 async sessions, migrations with Alembic",
        admits={"framework": ("fastapi",)},
        dependencies=("sqlmodel>=0.0.24", "sqlalchemy[asyncio]>=2.0.36", "alembic>=1.14"),
        facts=(
            "Tables are SQLModel classes (`table=True`) in each domain's `models.py`; request "
            "and response shapes stay plain pydantic models in `schemas.py`, so the API does "
            "not change with the table layout.",
            "Queries use `sqlmodel.select`, whose `where` takes `Post.id == post_id` as it "
            "is; elsewhere wrap a column in `col(...)` where an SQLAlchemy operator or a "
            "typed expression is needed (`col(Post.created_at).desc()`), so mypy sees a column.",
            ALEMBIC_FACT,
            'A post loads its author in the same query (`lazy="joined"`): never touch an '
            "unloaded relationship in async code.",
        ),
    ),
    Layer(
        question="orm",
        value="django",
        label="Django ORM",
        summary="Django models and migrations, persistent health-checked connections",
        admits={"framework": ("django",)},
        env=(
            EnvVar(
                "DATABASE_CONN_MAX_AGE_SECONDS",
                "60",
                "How long a connection is kept for reuse (0 closes it after each request)",
            ),
        ),
        commands=(
            Command("migrate", "uv run python manage.py migrate", "Apply database migrations"),
            Command(
                "migrations-check",
                # The test settings: the drift check needs no secret and no database server.
                "uv run python manage.py makemigrations --check --dry-run "
                "--settings tests.settings",
                "Fail if the models and the migrations have drifted apart",
                check=True,
            ),
        ),
        facts=(
            "Models are Django models; each app keeps its migrations in `migrations/`.",
            "Schema changes: edit the models, run `uv run python manage.py makemigrations`, "
            "review the new file, then `make migrate`.",
            "Load relationships eagerly (`select_related`/`prefetch_related`) to avoid N+1 "
            "queries.",
        ),
        migrate_argv=("django-admin", "migrate", "--noinput"),
    ),
    # --- database --------------------------------------------------------------------
    Layer(
        question="database",
        value="sqlite",
        label="SQLite (embedded)",
        summary="a file next to the app; no server to run",
        drivers={
            "sqlalchemy-async": DatabaseDriver(
                dependencies=("aiosqlite>=0.20",),
                url="sqlite+aiosqlite:///./app.db",
                container_url="sqlite+aiosqlite:////data/app.db",
                image_url="sqlite+aiosqlite:////data/app.db",
            ),
            "sqlalchemy-sync": DatabaseDriver(
                dependencies=(),
                url="sqlite:///./app.db",
                container_url="sqlite:////data/app.db",
                image_url="sqlite:////data/app.db",
            ),
            "django": DatabaseDriver(
                dependencies=(),
                url="sqlite:///app.db",
                container_url="sqlite:////data/app.db",
                image_url="sqlite:////data/app.db",
            ),
        },
        facts=("Database: SQLite in a local file (`app.db`); each test run uses its own file.",),
    ),
    Layer(
        question="database",
        value="postgresql",
        label="PostgreSQL",
        summary="pooled connections (asyncpg or psycopg) and a statement timeout",
        drivers={
            "sqlalchemy-async": DatabaseDriver(
                dependencies=("asyncpg>=0.30",),
                url="postgresql+asyncpg://postgres:postgres@127.0.0.1:5432/{package_name}",
                container_url="postgresql+asyncpg://postgres:postgres@db:5432/{package_name}",
                dev_dependencies=("aiosqlite>=0.20",),
            ),
            "sqlalchemy-sync": DatabaseDriver(
                dependencies=("psycopg[binary]>=3.2",),
                url="postgresql+psycopg://postgres:postgres@127.0.0.1:5432/{package_name}",
                container_url="postgresql+psycopg://postgres:postgres@db:5432/{package_name}",
            ),
            "django": DatabaseDriver(
                dependencies=("psycopg[binary]>=3.2",),
                url="postgres://postgres:postgres@127.0.0.1:5432/{package_name}",
                container_url="postgres://postgres:postgres@db:5432/{package_name}",
            ),
        },
        services=(
            Service(
                name="db",
                image="postgres:17",
                port=5432,
                environment={"POSTGRES_PASSWORD": "postgres", "POSTGRES_DB": "{package_name}"},
                healthcheck=("pg_isready", "-U", "postgres", "-d", "{package_name}"),
                data_path="/var/lib/postgresql/data",
            ),
        ),
        env=(
            EnvVar(
                "DATABASE_STATEMENT_TIMEOUT_MS",
                "30000",
                "The server cancels a statement running longer than this",
            ),
        ),
        facts=(
            "Database: PostgreSQL; statements are cancelled after `DATABASE_STATEMENT_TIMEOUT_MS`.",
            SERVER_DATABASE_TESTS_FACT,
        ),
    ),
    Layer(
        question="database",
        value="mysql",
        label="MySQL / MariaDB",
        summary="utf8mb4 and pooled, recycled connections (aiomysql or PyMySQL)",
        drivers={
            "sqlalchemy-async": DatabaseDriver(
                dependencies=("aiomysql>=0.2",),
                url="mysql+aiomysql://root:root@127.0.0.1:3306/{package_name}?charset=utf8mb4",
                container_url="mysql+aiomysql://root:root@db:3306/{package_name}?charset=utf8mb4",
                dev_dependencies=("aiosqlite>=0.20",),
            ),
            "sqlalchemy-sync": DatabaseDriver(
                dependencies=("pymysql>=1.1",),
                url="mysql+pymysql://root:root@127.0.0.1:3306/{package_name}?charset=utf8mb4",
                container_url="mysql+pymysql://root:root@db:3306/{package_name}?charset=utf8mb4",
            ),
        },
        services=(
            Service(
                name="db",
                image="mariadb:11.4",
                port=3306,
                environment={"MARIADB_ROOT_PASSWORD": "root", "MARIADB_DATABASE": "{package_name}"},
                healthcheck=("healthcheck.sh", "--connect", "--innodb_initialized"),
                data_path="/var/lib/mysql",
            ),
        ),
        facts=(
            "Database: MySQL or MariaDB, with utf8mb4; pooled connections are "
            "recycled before the server's idle timeout closes them.",
            SERVER_DATABASE_TESTS_FACT,
        ),
    ),
    # --- queue -----------------------------------------------------------------------
    Layer(
        question="queue",
        value="none",
        label="None",
        summary="no background jobs",
        admits={"broker": ("none",)},
    ),
    outbox_queue(
        "dramatiq",
        label="Dramatiq",
        summary="background jobs with retries, fed from a transactional outbox by a relay",
        worker_argv=DRAMATIQ_WORKER_ARGV,
        dependencies=("dramatiq>=2.2",),
        jobs_layout=("src/{package_name}/jobs.py", "the job actors and their retry policy"),
    ),
    outbox_queue(
        "celery",
        label="Celery",
        summary="Celery tasks with retries, fed from a transactional outbox by a relay",
        worker_argv=CELERY_WORKER_ARGV,
        dependencies=("celery>=5.5",),
        dev_dependencies=("celery-types>=0.23",),
        jobs_layout=("src/{package_name}/jobs.py", "the Celery tasks and their retry policy"),
        extra_layout=(("src/{package_name}/celery_app.py", "the Celery app and its settings"),),
        extra_facts=(
            "Several Celery workers on one host need node names of their own "
            "(`--hostname worker2@%h`); containers get theirs from their host names.",
        ),
    ),
    outbox_queue(
        "arq",
        label="arq",
        summary="asyncio jobs on Redis with retries, fed from a transactional outbox by a relay",
        admits={"framework": ("fastapi",), "broker": ("redis",)},
        worker_argv=ARQ_WORKER_ARGV,
        dependencies=("arq>=0.26.1",),
        jobs_layout=("src/{package_name}/jobs.py", "the arq jobs and their retry policy"),
        how_to_declare_a_job=(
            f"{WRITE_THE_BODY}, "
            "wrap it in `jobs.py` as `welcome_email` does (`@retried`, the context first, `key` "
            "last) and list it in `JOBS` with `func(..., name=..., max_tries=MAX_TRIES)`"
        ),
        extra_facts=(
            "arq keeps a job for `JOB_EXPIRES` (see `handover.py`): a worker down for longer "
            "finds it expired. A job that fails `MAX_TRIES` times is dropped and logged.",
        ),
    ),
    outbox_queue(
        "taskiq",
        label="taskiq",
        summary="asyncio jobs on RabbitMQ with retries, fed from a transactional outbox by a relay",
        admits={"framework": ("fastapi",), "broker": ("rabbitmq",)},
        worker_argv=TASKIQ_WORKER_ARGV,
        # Capped: 0.x releases, and `broker.JobBroker` builds on their broker's attributes.
        dependencies=(
            "taskiq>=0.13,<0.14",
            "taskiq-aio-pika>=0.6,<0.7",
            "aio-pika>=9.5",
            "aiormq>=6.8",
        ),
        jobs_layout=("src/{package_name}/jobs.py", "the taskiq jobs and their retry policy"),
        how_to_declare_a_job=(
            f"{WRITE_THE_BODY}, "
            "wrap it in `jobs.py` as `welcome_email` does (`key`, then the worker's `TaskiqState`) "
            "and list it in `JOBS` under its message name"
        ),
        extra_facts=(
            "taskiq retries a failed job through the delay queue `<JOBS_QUEUE>.delay` "
            "(`Backoff` in `jobs.py`), which lets retries out in the order they went in; a job "
            "that fails `MAX_TRIES` times is dropped and logged.",
        ),
    ),
    # --- broker ----------------------------------------------------------------------
    Layer(
        question="broker",
        value="none",
        label="None",
        summary="no message broker (no queue selected)",
    ),
    broker_row(
        "redis",
        label="Redis",
        summary="Redis for jobs and events (a stream)",
        dependencies=("redis>=5.2",),
        service=REDIS_SERVICE,
        url=("redis://127.0.0.1:6379/0", "redis://redis:6379/0"),
        url_description="URL of the broker (jobs and events)",
        topic=("{project_slug}:events", "Redis stream the app appends its domain events to"),
        facts=(
            "Broker: Redis. Job and event tests run against `BROKER_URL` (a real Redis) on a "
            "queue and a stream of their own.",
            "Events go to the Redis stream `EVENTS_TOPIC` (XADD, trimmed to about 100,000 "
            "entries); subscribers read it with XREAD or a consumer group.",
            "A Redis that holds jobs must not evict keys (`maxmemory-policy noeviction`) and "
            "should write them to disk before acknowledging them (`appendonly yes`, "
            "`appendfsync always`); give a cache that evicts a Redis, or a database number, "
            "of its own.",
        ),
    ),
    broker_row(
        "rabbitmq",
        label="RabbitMQ",
        summary="RabbitMQ for jobs and events (a topic exchange), with publisher confirms",
        dependencies=("pika>=1.3",),
        service=RABBITMQ_SERVICE,
        url=("amqp://guest:guest@127.0.0.1:5672/%2F", "amqp://guest:guest@rabbitmq:5672/%2F"),
        url_description=(
            "URL of the broker, jobs and events (the path is the virtual host; `%2F` is `/`)"
        ),
        topic=(
            "{project_slug}.events",
            "Topic exchange the app publishes its domain events to (routing key: event type)",
        ),
        facts=(
            "Broker: RabbitMQ. The relay publishes with confirms: a row leaves the outbox only "
            "once RabbitMQ has taken the message. Queues are durable and messages persistent.",
            "Job and event tests run against `BROKER_URL` (a real RabbitMQ) on queues and an "
            "exchange of their own, deleted at the end.",
            "Events go to the durable topic exchange `EVENTS_TOPIC`, routed by their type: "
            "a subscriber binds a queue of its own to `post.published`, `post.*` or `#`.",
        ),
    ),
    # --- cache -----------------------------------------------------------------------
    Layer(question="cache", value="none", label="None", summary="no cache layer"),
    Layer(
        question="cache",
        value="redis",
        label="Redis",
        summary="read-through cache of single posts and shared rate-limit counters",
        dependencies=("redis>=5.2",),
        services=(replace(REDIS_SERVICE, url_env="REDIS_URL"),),
        env=(
            EnvVar("REDIS_URL", "redis://127.0.0.1:6379/0", "URL of the Redis server"),
            EnvVar(
                "CACHE_TTL_SECONDS",
                "60",
                "How long a cached post lives; bounds staleness if an invalidation was missed",
            ),
            EnvVar(
                "CACHE_KEY_PREFIX",
                "{project_slug}:",
                "Prefix of every key the app writes, so services can share one Redis",
            ),
        ),
        container_env={"REDIS_URL": "redis://redis:6379/0"},
        layout=(("src/{package_name}/cache.py", "the Redis cache client; outages are misses"),),
        facts=(
            "Cache: Redis. `GET /posts/{id}` reads published posts through the cache "
            "(`posts/cache.py`); every change to a post forgets its entry after the commit. "
            "Rate-limit counters live in Redis too, so every worker shares them.",
            "A Redis outage is never an error: cache reads fall back to the database, rate "
            "limits fall back to per-process counters, and `/health/ready` reports the cache "
            "without failing.",
            "Cache tests run against `REDIS_URL` (a real Redis) under a key prefix of their "
            "own, deleted afterwards.",
        ),
    ),
    # --- auth ------------------------------------------------------------------------
    Layer(
        question="auth",
        value="jwt",
        framework_commands=PROMOTE_COMMANDS,
        label="JWT (access + refresh tokens)",
        summary="email/password login returning short-lived access and refresh tokens",
        dependencies=("pyjwt>=2.10",),
        framework_dependencies=PASSWORD_STYLE_DEPENDENCIES,
        framework_layout=accounts_layout(
            {
                **dict.fromkeys(
                    ("fastapi", "flask"),
                    (
                        (
                            "src/{package_name}/auth/",
                            "register, login, refresh, logout; tokens, passwords",
                        ),
                    ),
                ),
                "django": (
                    (
                        "src/{package_name}/auth/",
                        "register, login, refresh, logout; tokens, permissions",
                    ),
                ),
            }
        ),
        framework_facts={
            "flask": (FLASK_CALLER_FACT,),
            "django": (DJANGO_CALLER_FACT,),
            "fastapi": (
                "Protected routes take `CurrentUserId` (read from the token, no query), "
                "`CurrentUser` (loads the row) or `AdminUser` (403 unless the token's role is "
                "admin, and the row agrees).",
            ),
        },
        env=(
            EnvVar(
                "SECRET_KEY",
                "change-me-to-a-long-random-string",
                "Key that signs tokens; at least 32 characters in production",
                secret=True,
            ),
            EnvVar("ACCESS_TOKEN_TTL_SECONDS", "900", "Lifetime of an access token"),
            EnvVar("REFRESH_TOKEN_TTL_SECONDS", "1209600", "Lifetime of a refresh token"),
            RATE_LIMIT_AUTH,
        ),
        facts=(
            "Auth: `POST /api/v1/auth/register`, `/auth/login`, `/auth/refresh` and "
            "`/auth/logout`; access tokens are short-lived JWTs (HS256, pyjwt) carrying the "
            "user id and role; a missing or bad token is 401.",
            "Refresh tokens are opaque, stored as SHA-256 hashes and rotated on every refresh; "
            "a replayed refresh token revokes its whole login (token family), logout revokes it "
            "too.",
            "Passwords are hashed with argon2; bcrypt hashes are accepted and upgraded at login.",
            *AUTH_FACTS,
        ),
    ),
    Layer(
        question="auth",
        value="api_key",
        framework_commands=PROMOTE_COMMANDS,
        label="API keys",
        summary="per-user API keys in the X-API-Key header, shown once and stored hashed",
        framework_dependencies=ACCOUNT_DEPENDENCIES,
        env=(RATE_LIMIT_AUTH,),
        framework_layout=accounts_layout(
            dict.fromkeys(
                ("fastapi", "flask", "django"),
                (
                    (
                        "src/{package_name}/auth/",
                        "sign-up, API keys (make, list, revoke), the caller",
                    ),
                ),
            )
        ),
        framework_facts={
            "flask": (FLASK_CALLER_FACT,),
            "django": (DJANGO_CALLER_FACT,),
            "fastapi": (
                "Protected routes take `CurrentUser` (the key's owner, found with the key in one "
                "query), `CurrentUserId` or `AdminUser` (403 unless the owner is an admin).",
            ),
        },
        facts=(
            "Auth: `POST /api/v1/auth/register` creates a user and answers with its first API "
            "key, shown once; every other call sends a key in the `X-API-Key` header (a "
            "missing, unknown or revoked key is 401).",
            "Keys look like `sk_<lookup>_<secret>`: the lookup id finds the row, only the "
            "secret's SHA-256 is stored and it is compared in constant time. "
            "`POST /api/v1/api-keys` makes another key, `GET` lists the caller's keys "
            "(never the secret), `DELETE /api/v1/api-keys/{key_id}` revokes one. An account "
            "holds at most 20 live keys, and its last live key cannot be revoked (409).",
            *AUTH_FACTS,
        ),
    ),
    Layer(
        question="auth",
        value="session",
        framework_commands=PROMOTE_COMMANDS,
        label="Sessions (cookie + CSRF token)",
        summary="email/password login starting a server-side session in an HttpOnly cookie",
        framework_dependencies=PASSWORD_STYLE_DEPENDENCIES,
        framework_layout=accounts_layout(
            dict.fromkeys(
                ("fastapi", "flask", "django"),
                (
                    (
                        "src/{package_name}/auth/",
                        "register, login, logout; sessions, CSRF, passwords",
                    ),
                ),
            )
        ),
        framework_facts={
            "fastapi": (
                "Protected routes take `CurrentUser` (the session's account, loaded with the "
                "session in one query), `CurrentUserId` or `AdminUser` (403 unless the account "
                "is an admin).",
                SESSIONS_TABLE_FACT,
            ),
            "flask": (FLASK_CALLER_FACT, SESSIONS_TABLE_FACT),
            "django": (
                DJANGO_CALLER_FACT,
                "Sessions are Django's own (`django.contrib.sessions`, in the database), read by "
                "DRF's `SessionAuthentication`; the CSRF secret is kept in the session "
                "(`CSRF_USE_SESSIONS`), so a token works only with the session it came with. "
                "Over HTTPS, Django's CSRF check also wants an `Origin` (or `Referer`) of this "
                "host or of `CORS_ALLOWED_ORIGINS`, as browsers send. Run "
                "`python manage.py clearsessions` daily to delete expired sessions.",
            ),
        },
        env=(
            EnvVar("SESSION_TTL_SECONDS", "1209600", "Lifetime of a login session"),
            RATE_LIMIT_AUTH,
        ),
        facts=(
            "Auth: `POST /api/v1/auth/register`, `/auth/login` and `/auth/logout`. Login "
            "starts a server-side session: its id goes in the `session` cookie (HttpOnly, "
            "SameSite=Lax, Secure outside development); every login starts a new session and "
            "logout ends it.",
            "CSRF: login also sets a readable `csrf_token` cookie (and answers with the token); "
            "every POST, PATCH or DELETE of a logged-in client must send it back in "
            "`X-CSRF-Token` (403 otherwise). A missing, unknown or expired session is 401.",
            "Passwords are hashed with argon2; bcrypt hashes are accepted and upgraded at login.",
            ROLES_FACT,
            AUTH_RATE_LIMITS_FACT,
            _SECURITY_HEADERS.format(credentials="which may send the cookies; never `*`"),
        ),
    ),
    Layer(
        question="auth",
        value="oidc",
        framework_commands=PROMOTE_COMMANDS,
        label="OpenID Connect (external identity provider)",
        summary="bearer tokens from your identity provider, checked against its published keys",
        dependencies=("pyjwt[crypto]>=2.15", EMAIL_DEPENDENCY),
        env=(
            EnvVar(
                "OIDC_ISSUER",
                "https://login.example.com/",
                "The identity provider's issuer URL, exactly as tokens carry it in `iss`",
            ),
            EnvVar(
                "OIDC_AUDIENCE",
                "{project_slug}-api",
                "The audience tokens must be issued for (`aud`)",
            ),
            EnvVar(
                "OIDC_JWKS_URL",
                "https://login.example.com/.well-known/jwks.json",
                "Where the identity provider publishes its signing keys (a JWKS)",
            ),
        ),
        framework_layout=accounts_layout(
            dict.fromkeys(
                ("fastapi", "flask", "django"),
                (("src/{package_name}/auth/", "bearer tokens checked against the issuer's keys"),),
            )
        ),
        framework_facts={
            "flask": (FLASK_CALLER_FACT,),
            "django": (DJANGO_CALLER_FACT,),
            "fastapi": (
                "Protected routes take `CurrentUser` (the token's account, made on first sight), "
                "`CurrentUserId` or `AdminUser` (403 unless the account is an admin).",
            ),
        },
        facts=(
            "Auth: the API is an OAuth 2 resource server. Clients get access tokens from the "
            "identity provider at `OIDC_ISSUER` and send them as `Authorization: Bearer`; the "
            "signature is checked against the keys at `OIDC_JWKS_URL` (RS256 or ES256, found "
            "by `kid`, fetched again when an unknown one appears), and `iss`, `aud`, `exp`, "
            "`iat` and `sub` are required. A bad token is 401; an unreachable key set is 503.",
            "An account is made the first time a subject (`sub`) calls, from the token's "
            "`email` and `name` claims; the provider must put `email` in access tokens.",
            ROLES_FACT,
            DEFAULT_RATE_LIMIT_FACT,
            SECURITY_HEADERS_FACT,
        ),
    ),
    Layer(
        question="auth",
        value="none",
        label="Public API without accounts",
        summary="no login and no auth layer; every post is public",
        # The queue's first job welcomes new accounts, which this style does not have.
        admits={"queue": ("none",)},
        facts=(
            "Auth: none. The API has no accounts and no login: every endpoint is public, and "
            "anyone who reaches it may create, change, publish or delete any post. Keep it "
            "behind something that authenticates (a gateway, a private network) or choose "
            "another auth style before exposing it.",
            DEFAULT_RATE_LIMIT_FACT,
            SECURITY_HEADERS_FACT,
        ),
    ),
    # --- api style -------------------------------------------------------------------
    Layer(
        question="api_style",
        value="rest",
        label="REST + OpenAPI",
        summary="resource endpoints under /api/v1, described by an OpenAPI document",
    ),
    # --- ci --------------------------------------------------------------------------
    Layer(
        question="ci",
        value="github",
        label="GitHub Actions",
        summary="checks, tests against real services and an image pushed to GHCR from main",
        ci_providers=("github",),
        facts=(GITHUB_CI_FACT,),
        layout=(GITHUB_CI_LAYOUT,),
    ),
    Layer(
        question="ci",
        value="gitlab",
        label="GitLab CI",
        summary="the same stages on GitLab, image pushed to the project's registry from main",
        ci_providers=("gitlab",),
        facts=(GITLAB_CI_FACT,),
        layout=(GITLAB_CI_LAYOUT,),
    ),
    Layer(
        question="ci",
        value="both",
        label="GitHub Actions and GitLab CI",
        summary="both pipelines, for a project mirrored on both",
        ci_providers=("github", "gitlab"),
        facts=(GITHUB_CI_FACT, GITLAB_CI_FACT),
        layout=(GITHUB_CI_LAYOUT, GITLAB_CI_LAYOUT),
    ),
    Layer(question="ci", value="none", label="None", summary="no CI configuration"),
    # --- agents ----------------------------------------------------------------------
    Layer(
        question="agents",
        value="claude",
        label="Claude Code",
        summary="a backend-engineer subagent and a CLAUDE.md that imports AGENTS.md",
        agent=AgentTool(
            path=".claude/agents/backend-engineer.md",
            other_files=("CLAUDE.md",),
            required_fields=("name", "description", "tools", "model"),
            agents_md_import=("CLAUDE.md", "@AGENTS.md"),
            name_pattern=r"^[a-z]+(-[a-z]+)*$",
            tools=("Read", "Edit", "Write", "Glob", "Grep", "Bash", "TodoWrite", "WebFetch"),
            known_tools=CLAUDE_CODE_TOOLS,
        ),
    ),
    Layer(
        question="agents",
        value="factory",
        label="Factory droid",
        summary="a backend-engineer custom droid",
        agent=AgentTool(
            path=".factory/droids/backend-engineer.md",
            required_fields=("name", "description", "model", "tools"),
            name_pattern=r"^[a-z0-9_-]+$",
            tools=("Read", "LS", "Grep", "Glob", "Create", "Edit", "ApplyPatch", "Execute"),
            known_tools=FACTORY_TOOLS,
            description_limit=500,
        ),
    ),
    Layer(
        question="agents",
        value="opencode",
        label="opencode",
        summary="a backend-engineer subagent with a permission map",
        agent=AgentTool(
            path=".opencode/agent/backend-engineer.md",
            required_fields=("description", "mode", "permission"),
            tools_field="permission",
            # opencode names an agent after its file.
            name_pattern=r"^[a-z0-9][a-z0-9-]*$",
            tools=("edit", "bash", "webfetch"),
            known_tools=frozenset({"edit", "bash", "webfetch", "task"}),
        ),
    ),
    Layer(
        question="agents",
        value="copilot",
        label="GitHub Copilot",
        summary="repository instructions and a backend-engineer custom agent",
        agent=AgentTool(
            path=".github/agents/backend-engineer.agent.md",
            other_files=(".github/copilot-instructions.md",),
            required_fields=("description", "tools"),
            name_pattern=r"^[A-Za-z0-9._-]+$",
            tools=("read", "edit", "search", "execute", "todo"),
            known_tools=frozenset(
                {"read", "edit", "search", "execute", "shell", "agent", "web", "todo"}
            ),
        ),
    ),
    Layer(
        question="agents",
        value="cursor",
        label="Cursor",
        summary="a project rule attached to the source and test files",
        agent=AgentTool(
            path=".cursor/rules/backend-engineer.mdc",
            required_fields=("description", "globs", "alwaysApply"),
        ),
    ),
    Layer(
        question="agents",
        value="gemini",
        label="Gemini CLI",
        summary="a GEMINI.md that imports AGENTS.md",
        agent=AgentTool(path="GEMINI.md", agents_md_import=("GEMINI.md", "@./AGENTS.md")),
    ),
)

# How docs and agent files name each question.
QUESTION_TITLES: Mapping[str, str] = {
    "framework": "Framework",
    "orm": "ORM",
    "database": "Database",
    "queue": "Queue",
    "broker": "Broker",
    "cache": "Cache",
    "auth": "Auth",
    "api_style": "API style",
    "ci": "CI",
    "agents": "Agent tools",
}
LAYER_QUESTIONS: tuple[str, ...] = tuple(QUESTION_TITLES)
MULTISELECT_QUESTIONS: frozenset[str] = frozenset({"agents"})


def layers_for(question: str) -> tuple[Layer, ...]:
    """The rows of one question, in the order they are offered (the first is preferred)."""
    rows = tuple(layer for layer in LAYERS if layer.question == question)
    if not rows:
        raise KeyError(f"the stack table has no question {question!r}")
    return rows


def layer(question: str, value: str) -> Layer:
    for row in layers_for(question):
        if row.value == value:
            return row
    raise KeyError(f"the stack table has no choice {value!r} for {question!r}")


def _chosen_values(answers: Mapping[str, Any], question: str) -> tuple[str, ...]:
    value = answers.get(question)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if question in MULTISELECT_QUESTIONS and isinstance(value, (list, tuple)):
        return tuple(str(item) for item in value)
    raise TypeError(f"{question} must be a string or, for a multiselect, a list: {value!r}")


def refusal(question: str, value: str, answers: Mapping[str, Any]) -> str:
    """Why ``question=value`` cannot go with the answers given so far ("" if it can).

    A pair is refused when either side's row does not admit the other, so a rule only
    needs writing on one of the two rows.
    """
    candidate = layer(question, value)
    for other in LAYER_QUESTIONS:
        if other == question:
            continue
        for other_value in _chosen_values(answers, other):
            try:
                other_row = layer(other, other_value)
            except KeyError:
                continue
            allowed_here = candidate.admits.get(other)
            allowed_there = other_row.admits.get(question)
            if (allowed_here is not None and other_value not in allowed_here) or (
                allowed_there is not None and value not in allowed_there
            ):
                return (
                    f"{question}={value} does not work with {other}={other_value} "
                    f"({candidate.label} cannot be combined with {other_row.label})"
                )
    return ""


def preferred(question: str, answers: Mapping[str, Any]) -> str:
    """The first choice of ``question`` that the answers so far admit."""
    for row in layers_for(question):
        if not refusal(question, row.value, answers):
            return row.value
    raise ValueError(f"no choice of {question} works with {dict(answers)}")


# --- migrations between releases ------------------------------------------------------
# `copier update` runs extensions/migrate.py at both stages of every update; it applies the
# entries whose release lies after the project's version and up to the new one.


@dataclass(frozen=True)
class AnswerRename:
    """A question renamed in release ``since`` (and, optionally, some of its choices)."""

    since: str
    old: str
    new: str
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PathMove:
    """A generated file or folder moved in release ``since``; the project's copy follows."""

    since: str
    old: str
    new: str


# Empty until a release renames a question or moves a file (the tests exercise both kinds).
MIGRATIONS: tuple[AnswerRename | PathMove, ...] = ()


# --- names ---------------------------------------------------------------------------

# Popular distributions a project package must not shadow (stdlib names come from sys).
THIRD_PARTY_NAMES = frozenset(
    {
        "aiosqlite", "alembic", "anyio", "app", "argon2", "asyncpg", "attr", "attrs",
        "celery", "click", "django", "dramatiq", "email_validator", "fastapi", "flask",
        "httpx", "jinja2", "jwt", "mypy", "numpy", "pandas", "pika", "pwdlib", "pydantic",
        "pydantic_settings", "pytest", "redis", "requests", "rich", "ruff", "setuptools",
        "sqlalchemy", "sqlmodel", "starlette", "structlog", "test", "tests", "typer",
        "uvicorn", "yaml",
    }
)  # fmt: skip

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
PACKAGE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def name_problem(kind: str, value: str) -> str:
    """What is wrong with a project name, slug or package name ("" if nothing)."""
    if not value or not value.strip():
        return f"{kind} must not be empty"
    if kind == "project_name":
        if len(value) > 80:
            return "project_name must be at most 80 characters"
        if not value[0].isalpha():
            return "project_name must start with a letter"
        if not slugify(value):
            return "project_name must contain letters or digits"
        return ""
    if kind == "project_slug":
        if not SLUG_PATTERN.match(value):
            return (
                f"project_slug {value!r} must be lowercase letters, digits and single "
                "hyphens, starting with a letter (e.g. my-service)"
            )
        return ""
    if kind == "package_name":
        if not PACKAGE_PATTERN.match(value) or not value.isidentifier():
            return (
                f"package_name {value!r} must be a lowercase Python identifier "
                "(letters, digits, underscores; starting with a letter)"
            )
        if keyword.iskeyword(value) or keyword.issoftkeyword(value):
            return f"package_name {value!r} is a Python keyword"
        if value in sys.stdlib_module_names:
            return f"package_name {value!r} would shadow the standard library module {value!r}"
        if value in THIRD_PARTY_NAMES:
            return f"package_name {value!r} would shadow the third-party package {value!r}"
        return ""
    raise KeyError(kind)


# --- computed context ------------------------------------------------------------------


def selected_layers(answers: Mapping[str, Any]) -> tuple[Layer, ...]:
    """The rows the answers select, in table order."""
    chosen = {q: set(_chosen_values(answers, q)) for q in LAYER_QUESTIONS}
    return tuple(row for row in LAYERS if row.value in chosen[row.question])


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _argv(attribute: str, rows: Sequence[Layer], fill: Mapping[str, str]) -> list[str]:
    """The one selected row's command line for ``attribute`` (empty if none has one)."""
    for row in rows:
        if argv := getattr(row, attribute):
            return [_fill(part, fill) for part in argv]
    return []


def database_driver(answers: Mapping[str, Any]) -> DatabaseDriver:
    """The driver the chosen framework uses for the chosen database."""
    family = layer("framework", answers["framework"]).database_driver
    return layer("database", answers["database"]).drivers[family]


def server_command(answers: Mapping[str, Any], host: str, port: int, app: str = "") -> list[str]:
    """The production server's command line for a generated project, listening on host:port.

    ``app`` serves another application with the same server and settings (the benchmark's
    bare ceiling app); by default the project's own.
    """
    rows = selected_layers(answers)
    fill = {key: answers[key] for key in ("package_name", "project_slug", "python_version")}
    target = app or _fill(next(row.app_target for row in rows if row.app_target), fill)
    return _argv("server_argv", rows, {**fill, "app": target, "host": host, "port": str(port)})


def _fill(text: str, values: Mapping[str, str]) -> str:
    """Replace ``{name}`` placeholders; other braces in commands and facts stay as they are."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def _filled_service(service: Service, fill: Mapping[str, str]) -> Service:
    return replace(
        service,
        environment={k: _fill(v, fill) for k, v in service.environment.items()},
        healthcheck=tuple(_fill(part, fill) for part in service.healthcheck),
        command=tuple(_fill(part, fill) for part in service.command),
    )


def project_context(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the templates need that is derived from the answers.

    Placeholders such as ``{package_name}`` in commands and facts are filled in here,
    so templates print them as they are.
    """
    if answers["framework"] == ADOPT:
        return adopted_context(answers)
    rows = selected_layers(answers)
    framework = answers["framework"]
    toolchain = TOOLCHAINS[layer("framework", framework).language]
    fill = {key: answers[key] for key in ("package_name", "project_slug", "python_version")}
    fill["uv_version"] = toolchain.uv_version

    commands: dict[str, Command] = {}
    layer_commands = (
        c for row in rows for c in (*row.commands, *row.framework_commands.get(framework, ()))
    )
    for command in (*toolchain.commands, *layer_commands, *TASK_COMMANDS):
        commands[command.target] = replace(command, run=_fill(command.run, fill))
    driver = database_driver(answers)
    env: dict[str, EnvVar] = {
        "DATABASE_URL": EnvVar(
            "DATABASE_URL", driver.url, "URL of the database (its scheme names the driver)"
        )
    }
    for row in rows:
        for var in row.env:
            env[var.name] = var
    container_env = {
        k: _fill(v, fill)
        for k, v in (
            ("DATABASE_URL", driver.container_url),
            *(i for r in rows for i in r.container_env.items()),
        )
    }
    image_env = {"DATABASE_URL": driver.image_url} if driver.image_url else {}
    # Containers listen on every interface; the compose file publishes on loopback only.
    server_argv = server_command(answers, host="0.0.0.0", port=APP_PORT)
    return {
        "adopted": False,
        "language": toolchain.name,
        "uv_version": toolchain.uv_version,
        "locked_install": toolchain.locked_install,
        "install_command": toolchain.locked_install,
        "ci_setup": [
            replace(step, with_={k: _fill(v, fill) for k, v in step.with_.items()})
            for step in toolchain.github_setup
        ],
        "gitlab_image": _fill(toolchain.gitlab_image, fill),
        "gitlab_variables": dict(toolchain.gitlab_variables),
        "gitlab_cache": toolchain.gitlab_cache,
        "gitlab_before_script": [toolchain.locked_install],
        "tasks_job_image": "",
        "source_globs": list(toolchain.source_globs),
        # (title, label, summary) of every chosen layer that adds something, for docs to list.
        "stack": [
            (QUESTION_TITLES[row.question], row.label, row.summary)
            for row in rows
            if row.value != "none" or row.facts
        ],
        "dependencies": _unique(
            [
                *(dep for row in rows for dep in row.dependencies),
                *(dep for row in rows for dep in row.framework_dependencies.get(framework, ())),
                *driver.dependencies,
            ]
        ),
        "dev_dependencies": _unique(
            [
                *toolchain.dev_dependencies,
                *(dep for row in rows for dep in row.dev_dependencies),
                *driver.dev_dependencies,
            ]
        ),
        # One container per service name, however many layers use it.
        "services": list(
            {
                service.name: _filled_service(service, fill)
                for row in rows
                for service in row.services
            }.values()
        ),
        # Where the app finds each service: from the host (GitHub's runner) and in a container.
        "service_urls": {
            service.url_env: (
                _fill(env[service.url_env].example, fill),
                container_env[service.url_env],
            )
            for row in rows
            for service in row.services
        },
        "processes": {
            name: [_fill(part, fill) for part in argv]
            for row in rows
            for name, argv in row.processes.items()
        },
        # An embedded database keeps its file in the app's own volume.
        "embedded_database": bool(driver.image_url),
        "env_vars": [
            EnvVar(v.name, _fill(v.example, fill), v.description, v.secret) for v in env.values()
        ],
        "default_database_url": _fill(env["DATABASE_URL"].example, fill),
        # The settings' defaults: the same values `.env.example` shows.
        "env_defaults": {v.name: _fill(v.example, fill) for v in env.values()},
        "commands": commands,
        # How people and agents run each command, and everything CI runs.
        "command_lines": {target: f"make {target}" for target in commands},
        "check_line": "make check",
        "facts": [
            _fill(fact, fill)
            for fact in (
                *toolchain.facts,
                *(f for r in rows for f in (*r.facts, *r.framework_facts.get(framework, ()))),
            )
        ],
        "dockerfile": "generated-python",
        "docker_ignore": list(GENERATED_DOCKER_IGNORE),
        "start_argv": server_argv,
        "app_port": APP_PORT,
        "api_prefix": API_PREFIX,
        "liveness_path": LIVENESS_PATH,
        "readiness_path": READINESS_PATH,
        "server_argv": server_argv,
        "migrate_argv": _argv("migrate_argv", rows, fill),
        "image_files": [path for row in rows for path in row.image_files],
        "image_env": {
            k: _fill(v, fill)
            for k, v in (*image_env.items(), *(i for r in rows for i in r.image_env.items()))
        },
        "container_env": container_env,
        "layout": [
            *(
                (_fill(path, fill), what)
                for row in rows
                for path, what in (
                    *row.layout,
                    *row.framework_layout.get(framework, ()),
                )
            ),
            *TASK_LAYOUT,
        ],
        "ci_providers": [p for row in rows for p in row.ci_providers],
        "agent_name": AGENT_NAME,
        "agent_tools": {row.value: row.agent for row in rows if row.agent is not None},
        "agent_description": (
            f"Backend engineer for {answers['project_name']} "
            f"({', '.join(layer(q, answers[q]).label for q in ('framework', 'orm', 'database'))}). "
            "Use it to build or change API endpoints, data models, migrations, auth, and their "
            "tests, following the project's task files."
        ),
    }


# --- adopting an existing project ------------------------------------------------------
# `framework=existing` keeps the app in the destination and adds only what is missing of the
# agent files, AGENTS.md, task conventions, CI and Docker. The stack is detected from the
# project's own manifests and proposed as the defaults of the `existing_*` questions.

# Questions about the generated app; an adopted project is not asked them.
APP_QUESTIONS: tuple[str, ...] = (
    "orm", "database", "queue", "broker", "cache", "auth", "api_style",
)  # fmt: skip

# Top-level paths only a generated app has: an adopted project never gets them.
GENERATED_APP_PATHS: tuple[str, ...] = (
    "/.env", "/.env.example", "/.gitignore", "/.pre-commit-config.yaml", "/.python-version",
    "/Makefile", "/README.md", "/pyproject.toml", "/alembic.ini", "/migrations", "/src",
    "/tests", "/compose.yaml", "/tasks/prd-*.md", "/tasks/tasks-*.md",
)  # fmt: skip


@dataclass(frozen=True)
class AdoptedLanguage:
    """A language an existing project may be written in: how to spot it and build it."""

    value: str
    label: str
    # Files whose presence in the project root means this language (any one of them).
    manifests: tuple[str, ...]
    # (dependency name, framework label), most specific first (NestJS before Express).
    frameworks: tuple[tuple[str, str], ...] = ()
    github_setup: tuple[CiStep, ...] = ()
    gitlab_image: str = ""
    # The task-file check needs python3; without it in the image it gets a job of its own.
    gitlab_image_has_python: bool = False
    # includes/dockerfiles/<dockerfile>.jinja; "" means no Dockerfile can be written.
    dockerfile: str = ""
    port: int = 0
    source_globs: tuple[str, ...] = ()
    # What the image build never needs (besides .git and .env).
    docker_ignore: tuple[str, ...] = ()


# JVM builds name Spring Boot by its plugin id or group, or by a starter's artifact.
SPRING_BOOT = (("org.springframework.boot", "Spring Boot"), ("spring-boot", "Spring Boot"))

ADOPTED_LANGUAGES: tuple[AdoptedLanguage, ...] = (
    AdoptedLanguage(
        value="python",
        label="Python",
        manifests=("pyproject.toml", "requirements.txt", "setup.py", "manage.py"),
        frameworks=(
            ("django", "Django"),
            ("fastapi", "FastAPI"),
            ("flask", "Flask"),
            ("litestar", "Litestar"),
        ),
        github_setup=(
            CHECKOUT,
            CiStep(uses="actions/setup-python@v6", with_={"python-version": "{python_version}"}),
        ),
        gitlab_image="python:{python_version}-slim",
        gitlab_image_has_python=True,
        dockerfile="adopted-python",
        port=8000,
        source_globs=("**/*.py",),
        docker_ignore=(".venv", "**/__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"),
    ),
    AdoptedLanguage(
        value="node",
        label="Node.js",
        manifests=("package.json",),
        frameworks=(
            ("@nestjs/core", "NestJS"),
            ("fastify", "Fastify"),
            ("hono", "Hono"),
            ("express", "Express"),
        ),
        github_setup=(
            CHECKOUT,
            CiStep(uses="actions/setup-node@v5", with_={"node-version": "22"}),
        ),
        # The full image (not -slim) has python3.
        gitlab_image="node:22",
        gitlab_image_has_python=True,
        dockerfile="adopted-node",
        port=3000,
        source_globs=("src/**/*.ts", "src/**/*.js", "test/**/*.ts", "test/**/*.js"),
        docker_ignore=("node_modules", "dist", "coverage"),
    ),
    AdoptedLanguage(
        value="maven",
        label="Java/Kotlin (Maven)",
        manifests=("pom.xml",),
        frameworks=SPRING_BOOT,
        github_setup=(
            CHECKOUT,
            CiStep(
                uses="actions/setup-java@v5",
                with_={"distribution": "temurin", "java-version": "21", "cache": "maven"},
            ),
        ),
        gitlab_image="maven:3.9-eclipse-temurin-21",
        dockerfile="adopted-maven",
        port=8080,
        source_globs=("src/**/*.java", "src/**/*.kt"),
        docker_ignore=("target",),
    ),
    AdoptedLanguage(
        value="gradle",
        label="Java/Kotlin (Gradle)",
        manifests=("build.gradle", "build.gradle.kts"),
        frameworks=SPRING_BOOT,
        github_setup=(
            CHECKOUT,
            CiStep(
                uses="actions/setup-java@v5",
                with_={"distribution": "temurin", "java-version": "21", "cache": "gradle"},
            ),
            CiStep(uses="gradle/actions/setup-gradle@v4"),
        ),
        gitlab_image="gradle:8-jdk21",
        dockerfile="adopted-gradle",
        port=8080,
        source_globs=("src/**/*.java", "src/**/*.kt"),
        docker_ignore=("build", ".gradle"),
    ),
    AdoptedLanguage(
        value="other",
        label="Other",
        manifests=(),
        github_setup=(CHECKOUT,),
        gitlab_image="python:3.12-slim",
        gitlab_image_has_python=True,
        source_globs=("**/*",),
    ),
)
# The image of the task-file job, for build images without python3.
TASKS_JOB_IMAGE = "python:3.12-slim"


def adopted_language(value: str) -> AdoptedLanguage:
    for row in ADOPTED_LANGUAGES:
        if row.value == value:
            return row
    raise KeyError(f"the stack table has no adopted language {value!r}")


@dataclass(frozen=True)
class DetectedStack:
    """What an existing project's files say about it ("" where they say nothing)."""

    language: str = ""
    name: str = ""
    framework: str = ""
    install: str = ""
    lint: str = ""
    test: str = ""
    start: str = ""


# npm writes this test script into every new package.json; it is not a test suite.
NPM_PLACEHOLDER_TEST = 'echo "Error: no test specified" && exit 1'


def detect_stack(root: str | Path) -> DetectedStack:
    """Detect the language, framework and commands of the project in ``root``.

    Nothing is detected in a missing or empty folder, or one holding only what a new
    repository starts with (README, LICENSE, dotfiles): a project is generated there.
    """
    path = Path(str(root))
    if not path.is_dir():
        return DetectedStack()
    for language in ADOPTED_LANGUAGES:
        if any((path / manifest).is_file() for manifest in language.manifests):
            detect = {"python": _detect_python, "node": _detect_node}.get(
                language.value, _detect_jvm
            )
            return detect(path, language)
    if any(not _is_new_repository_file(entry.name) for entry in path.iterdir()):
        return DetectedStack(language="other", name=path.name)
    return DetectedStack()


def _is_new_repository_file(name: str) -> bool:
    """Files a brand-new repository may hold before its project is generated into it."""
    return name.startswith(".") or name.upper().startswith(("README", "LICENSE", "COPYING"))


def _framework(language: AdoptedLanguage, names: set[str]) -> str:
    return next((label for name, label in language.frameworks if name in names), "")


def _requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return match.group(1).lower().replace("_", "-") if match else ""


def _python_names(path: Path) -> tuple[set[str], dict[str, Any]]:
    """Every dependency name the project declares, and its pyproject.toml."""
    requirements: list[str] = []
    pyproject: dict[str, Any] = {}
    if (path / "pyproject.toml").is_file():
        pyproject = tomllib.loads((path / "pyproject.toml").read_text())
        project = pyproject.get("project", {})
        requirements += project.get("dependencies", [])
        for group in (
            *project.get("optional-dependencies", {}).values(),
            *pyproject.get("dependency-groups", {}).values(),
        ):
            requirements += [item for item in group if isinstance(item, str)]
        poetry = pyproject.get("tool", {}).get("poetry", {})
        requirements += list(poetry.get("dependencies", {}))
        for group in poetry.get("group", {}).values():
            requirements += list(group.get("dependencies", {}))
    for file in sorted(path.glob("requirements*.txt")):
        requirements += [
            line for line in file.read_text().splitlines() if line and line[0] not in "#-"
        ]
    return {name for name in map(_requirement_name, requirements) if name}, pyproject


def _detect_python(path: Path, language: AdoptedLanguage) -> DetectedStack:
    names, pyproject = _python_names(path)
    tools = pyproject.get("tool", {})
    if (path / "uv.lock").is_file():
        install, runner = "uv sync --locked", "uv run "
    elif (path / "poetry.lock").is_file():
        install, runner = "poetry install", "poetry run "
    elif (path / "requirements.txt").is_file():
        install, runner = "pip install -r requirements.txt", ""
    else:
        install, runner = "pip install -e .", ""
    lint = ""
    if "ruff" in names or "ruff" in tools or (path / "ruff.toml").is_file():
        lint = f"{runner}ruff check ."
    elif "flake8" in names or (path / ".flake8").is_file():
        lint = f"{runner}flake8"
    test = ""
    if "pytest" in names or "pytest" in tools or (path / "pytest.ini").is_file():
        test = f"{runner}pytest"
    elif (path / "manage.py").is_file():
        test = f"{runner}python manage.py test"
    return DetectedStack(
        language=language.value,
        name=str(pyproject.get("project", {}).get("name") or path.name),
        framework=_framework(language, names),
        install=install,
        lint=lint,
        test=test,
        start=_procfile_web(path) or _django_wsgi_server(path, names),
    )


def _procfile_web(path: Path) -> str:
    procfile = path / "Procfile"
    if procfile.is_file():
        for line in procfile.read_text().splitlines():
            if line.startswith("web:"):
                return line.removeprefix("web:").strip()
    return ""


def _django_wsgi_server(path: Path, names: set[str]) -> str:
    if "gunicorn" not in names or not (path / "manage.py").is_file():
        return ""
    for wsgi in sorted(path.glob("*/wsgi.py")):
        return f"gunicorn {wsgi.parent.name}.wsgi --bind 0.0.0.0:8000"
    return ""


def _detect_node(path: Path, language: AdoptedLanguage) -> DetectedStack:
    package = json.loads((path / "package.json").read_text())
    names = {*package.get("dependencies", {}), *package.get("devDependencies", {})}
    scripts: dict[str, str] = package.get("scripts", {})
    if (path / "pnpm-lock.yaml").is_file():
        install, run = "pnpm install --frozen-lockfile", "pnpm"
    elif (path / "yarn.lock").is_file():
        install, run = "yarn install --frozen-lockfile", "yarn"
    elif (path / "package-lock.json").is_file():
        install, run = "npm ci", "npm run"
    else:
        install, run = "npm install", "npm run"
    manager = run.split()[0]
    has_tests = scripts.get("test", NPM_PLACEHOLDER_TEST) != NPM_PLACEHOLDER_TEST
    return DetectedStack(
        language=language.value,
        name=str(package.get("name") or path.name).split("/")[-1],
        framework=_framework(language, names),
        install=install,
        lint=f"{run} lint" if "lint" in scripts else "",
        test=f"{manager} test" if has_tests else "",
        start=f"{manager} start" if "start" in scripts else "",
    )


def _detect_jvm(path: Path, language: AdoptedLanguage) -> DetectedStack:
    build = "\n".join(
        (path / manifest).read_text()
        for manifest in language.manifests
        if (path / manifest).is_file()
    )
    wrapper, tool = ("mvnw", "mvn") if language.value == "maven" else ("gradlew", "gradle")
    command = f"./{wrapper}" if (path / wrapper).is_file() else tool
    return DetectedStack(
        language=language.value,
        name=path.name,
        framework=_framework(language, {name for name, _ in language.frameworks if name in build}),
        test=f"{command} -B verify" if language.value == "maven" else f"{command} build",
        # Where the Dockerfile puts the built jar.
        start="java -jar /app/app.jar",
    )


# The questions only an adopted project is asked.
ADOPTED_QUESTIONS: tuple[str, ...] = (
    "existing_language", "existing_framework", "install_command", "lint_command",
    "test_command", "start_command",
)  # fmt: skip

ADOPTED_COMMANDS: tuple[tuple[str, str, str, bool], ...] = (
    # (answer, target, description, part of the checks)
    ("install_command", "install", "Install the project's dependencies", False),
    ("lint_command", "lint", "Lint", True),
    ("test_command", "test", "Run the test suite", True),
)


def adopted_context(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The computed context of an adopted project: its own commands, no app layers."""
    language = adopted_language(answers["existing_language"])
    fill = {"python_version": str(answers.get("python_version") or "3.12")}
    commands: dict[str, Command] = {}
    for answer, target, description, check in ADOPTED_COMMANDS:
        if run := str(answers.get(answer) or "").strip():
            # The tests get their own CI job, as in generated projects.
            commands[target] = Command(
                target, run, description, check=check, needs_services=target == "test"
            )
    for command in TASK_COMMANDS:
        commands[command.target] = command
    install = commands.pop("install", None)
    setup = [replace(step, with_={k: _fill(v, fill) for k, v in step.with_.items()})
             for step in language.github_setup]  # fmt: skip
    manager = install.run.split()[0] if install else ""
    if manager == "uv":
        setup.append(CiStep(uses="astral-sh/setup-uv@v7"))
    elif manager in ("pnpm", "yarn"):
        setup.append(CiStep(name="Enable the package manager", run="corepack enable"))
    rows = [row for row in selected_layers(answers) if row.question not in APP_QUESTIONS]
    framework = str(answers.get("existing_framework") or "").strip()
    stack_label = f"{language.label}, {framework}" if framework else language.label
    return {
        "adopted": True,
        "language": language.value,
        "install_command": install.run if install else "",
        "ci_setup": setup,
        "gitlab_image": _fill(language.gitlab_image, fill),
        "gitlab_variables": {},
        "gitlab_cache": None,
        "gitlab_before_script": (
            [f"pip install uv && {install.run}" if manager == "uv" else install.run]
            if install
            else []
        ),
        "tasks_job_image": "" if language.gitlab_image_has_python else TASKS_JOB_IMAGE,
        "source_globs": list(language.source_globs),
        "stack": [
            ("Language", language.label, "detected from the project's manifests"),
            *([("Framework", framework, "the project's own")] if framework else []),
        ],
        "dependencies": [],
        "dev_dependencies": [],
        "services": [],
        "service_urls": {},
        "processes": {},
        "embedded_database": False,
        "env_vars": [],
        "env_defaults": {},
        "commands": commands,
        "command_lines": {target: command.run for target, command in commands.items()},
        "check_line": " && ".join(c.run for c in commands.values() if c.check),
        "facts": [f for row in rows for f in row.facts],
        "uv_version": PYTHON.uv_version,
        "dockerfile": language.dockerfile,
        "docker_ignore": [".env", ".git", *language.docker_ignore],
        "start_argv": shlex.split(str(answers.get("start_command") or "")),
        "app_port": language.port,
        "server_argv": [],
        "migrate_argv": [],
        "image_env": {},
        "container_env": {},
        "layout": [*(item for row in rows for item in row.layout), *TASK_LAYOUT],
        "ci_providers": [p for row in rows for p in row.ci_providers],
        "agent_name": AGENT_NAME,
        "agent_tools": {row.value: row.agent for row in rows if row.agent is not None},
        "agent_description": (
            f"Backend engineer for {answers['project_name']} ({stack_label}). Use it to build "
            "or change API endpoints, data models and their tests, following the project's "
            "task files."
        ),
    }
