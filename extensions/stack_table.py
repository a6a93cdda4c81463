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

import keyword
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Command:
    """A project command: a Makefile target that runs ``run`` in the project root."""

    target: str
    run: str
    description: str
    # Part of `make check`, which CI runs: it must pass on every commit.
    check: bool = False


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


@dataclass(frozen=True)
class Toolchain:
    """What every project of one language shares, whatever its layers."""

    name: str
    # The uv release the Dockerfile and CI install (the one this template is tested with).
    uv_version: str
    dev_dependencies: tuple[str, ...]
    commands: tuple[Command, ...]
    facts: tuple[str, ...]


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
    # (path, what lives there) pairs that the README and agent files print as the layout.
    layout: tuple[tuple[str, str], ...] = ()
    # Production command in the container image, and extra environment inside containers.
    server_argv: tuple[str, ...] = ()
    migrate_argv: tuple[str, ...] = ()
    container_env: Mapping[str, str] = field(default_factory=dict)
    # Settings of an agent tool's file (agents rows only): file path and frontmatter values.
    agent_file: Mapping[str, Any] = field(default_factory=dict)


PYTHON = Toolchain(
    name="python",
    uv_version="0.13.9",
    dev_dependencies=(
        "httpx>=0.28",
        "mypy>=1.15",
        "pytest>=8.3",
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
        Command("test", "uv run pytest", "Run the test suite", check=True),
    ),
    facts=(
        "Python {python_version}, dependencies managed with uv (`pyproject.toml` + `uv.lock`).",
        "ruff lints and formats; mypy runs in strict mode; pytest runs the tests.",
    ),
)

TOOLCHAINS: Mapping[str, Toolchain] = {PYTHON.name: PYTHON}

# Every project has these, whatever its language: the task-file tool needs only python3.
TASK_COMMANDS: tuple[Command, ...] = (
    Command("tasks-check", "python3 scripts/tasks.py lint", "Check the task files", check=True),
    Command("tasks-status", "python3 scripts/tasks.py status", "Progress of the task files"),
    Command("tasks-next", "python3 scripts/tasks.py next", "The next task that is ready"),
)


LAYERS: tuple[Layer, ...] = (
    # --- framework -------------------------------------------------------------------
    Layer(
        question="framework",
        value="fastapi",
        label="FastAPI",
        summary="async ASGI framework with typed routes and OpenAPI from pydantic models",
        admits={"orm": ("sqlalchemy",)},
        dependencies=(
            "fastapi>=0.115",
            "uvicorn[standard]>=0.34",
            "pydantic-settings>=2.7",
            "email-validator>=2.2",
            "structlog>=25.1",
        ),
        dev_dependencies=("pytest-asyncio>=1.0",),
        env=(
            EnvVar("ENVIRONMENT", "development", "development, test or production"),
            EnvVar("LOG_LEVEL", "INFO", "Minimum level of the JSON logs"),
        ),
        commands=(
            Command(
                "dev",
                "uv run uvicorn {package_name}.main:app --reload",
                "Run the API with auto-reload on http://127.0.0.1:8000",
            ),
        ),
        facts=(
            "HTTP layer: FastAPI; each domain package has `router.py` (routes), "
            "`schemas.py` (pydantic models), `service.py` (business logic) and `models.py`.",
            "Dependencies are injected with `Annotated[..., Depends(...)]` aliases "
            "defined next to what they provide.",
            "OpenAPI is served at `/openapi.json` and the docs UI at `/docs`.",
            "Errors are RFC 9457 problem details (`application/problem+json`), "
            "raised as `ProblemError` subclasses from `errors.py`.",
        ),
        server_argv=(
            *("uvicorn", "{package_name}.main:app", "--host", "0.0.0.0", "--port", "8000"),
            *("--proxy-headers", "--no-access-log"),
        ),
        layout=(
            ("src/{package_name}/main.py", "app factory: routers, middleware, error handlers"),
            ("src/{package_name}/settings.py", "typed settings from the environment and `.env`"),
            ("src/{package_name}/errors.py", "problem-details errors and their handlers"),
            ("src/{package_name}/middleware.py", "request id, access log, crash guard"),
            ("src/{package_name}/database.py", "engine, declarative base, per-request session"),
            ("src/{package_name}/auth/", "register, login, refresh; token and password helpers"),
            ("src/{package_name}/users/", "user model, schemas, service, `/users` routes"),
            ("src/{package_name}/posts/", "post model, schemas, service, `/posts` routes"),
            ("src/{package_name}/health.py", "`/health/live` and `/health/ready`"),
            ("tests/", "pytest suite against the real app and a real database"),
        ),
    ),
    # --- orm -------------------------------------------------------------------------
    Layer(
        question="orm",
        value="sqlalchemy",
        label="SQLAlchemy 2 (async) + Alembic",
        summary="typed declarative models, async sessions, migrations with Alembic",
        dependencies=("sqlalchemy[asyncio]>=2.0.36", "alembic>=1.14"),
        commands=(
            Command("migrate", "uv run alembic upgrade head", "Apply database migrations"),
            Command(
                "migrations-check",
                "uv run alembic upgrade head && uv run alembic check",
                "Fail if the models and the migrations have drifted apart",
                check=True,
            ),
        ),
        facts=(
            "Models are SQLAlchemy 2 typed declarative classes (`Mapped[...]`); "
            "sessions are async and one is opened per request.",
            "Schema changes go through Alembic: edit the models, then "
            '`uv run alembic revision --autogenerate -m "..."`, review the file in '
            "`migrations/versions/`, and `make migrate`.",
            "Load relationships eagerly (`selectinload`/`joinedload`) to avoid N+1 queries.",
        ),
        migrate_argv=("alembic", "upgrade", "head"),
        layout=(("migrations/", "Alembic environment and revisions (`migrations/versions/`)"),),
    ),
    # --- database --------------------------------------------------------------------
    Layer(
        question="database",
        value="sqlite",
        label="SQLite (embedded)",
        summary="a file next to the app; no server to run",
        dependencies=("aiosqlite>=0.20",),
        env=(
            EnvVar(
                "DATABASE_URL",
                "sqlite+aiosqlite:///./app.db",
                "SQLAlchemy URL of the database",
            ),
        ),
        container_env={"DATABASE_URL": "sqlite+aiosqlite:////data/app.db"},
        facts=("Database: SQLite in a local file (`app.db`); tests use their own file.",),
    ),
    # --- queue -----------------------------------------------------------------------
    Layer(
        question="queue",
        value="none",
        label="None",
        summary="no background jobs",
        admits={"broker": ("none",)},
    ),
    # --- broker ----------------------------------------------------------------------
    Layer(
        question="broker",
        value="none",
        label="None",
        summary="no message broker (no queue selected)",
    ),
    # --- cache -----------------------------------------------------------------------
    Layer(question="cache", value="none", label="None", summary="no cache layer"),
    # --- auth ------------------------------------------------------------------------
    Layer(
        question="auth",
        value="jwt",
        label="JWT (access + refresh tokens)",
        summary="email/password login returning short-lived access and refresh tokens",
        dependencies=("pyjwt>=2.10", "pwdlib[argon2]>=0.2"),
        env=(
            EnvVar(
                "SECRET_KEY",
                "change-me-to-a-long-random-string",
                "Key that signs tokens; at least 32 characters in production",
                secret=True,
            ),
            EnvVar("ACCESS_TOKEN_TTL_SECONDS", "900", "Lifetime of an access token"),
            EnvVar("REFRESH_TOKEN_TTL_SECONDS", "1209600", "Lifetime of a refresh token"),
        ),
        facts=(
            "Auth: `POST /api/v1/auth/register`, `/auth/login` and `/auth/refresh`; "
            "tokens are JWTs signed with HS256 (pyjwt), passwords hashed with argon2 (pwdlib).",
            "Protected routes take `CurrentUserId` (read from the token, no query) or "
            "`CurrentUser` (loads the row); a missing or bad token is 401.",
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
        summary="lint, type check, migrations check and tests on every push",
        facts=("CI: GitHub Actions (`.github/workflows/ci.yml`) runs `make check`'s commands.",),
        layout=((".github/workflows/ci.yml", "CI: lint, type check, migrations check, tests"),),
    ),
    Layer(question="ci", value="none", label="None", summary="no CI configuration"),
    # --- agents ----------------------------------------------------------------------
    Layer(
        question="agents",
        value="claude",
        label="Claude Code",
        summary="`.claude/agents/backend-engineer.md` and a CLAUDE.md importing AGENTS.md",
        agent_file={
            "path": ".claude/agents/backend-engineer.md",
            "name": "backend-engineer",
            "tools": ("Read", "Edit", "Write", "Grep", "Glob", "Bash", "TodoWrite"),
            "model": "inherit",
        },
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
    if question in MULTISELECT_QUESTIONS:
        return tuple(value)
    return (str(value),)


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
    rows = layers_for(question)
    for row in rows:
        if not refusal(question, row.value, answers):
            return row.value
    return rows[0].value


# --- names ---------------------------------------------------------------------------

# Popular distributions a project package must not shadow (stdlib names come from sys).
THIRD_PARTY_NAMES = frozenset(
    {
        "aiosqlite", "alembic", "anyio", "app", "argon2", "asyncpg", "attr", "attrs",
        "celery", "click", "django", "dramatiq", "email_validator", "fastapi", "flask",
        "httpx", "jinja2", "jwt", "mypy", "numpy", "pandas", "pwdlib", "pydantic",
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
            return [part.format(**fill) for part in argv]
    return []


def project_context(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the templates need that is derived from the answers.

    Placeholders such as ``{package_name}`` in commands and facts are filled in here,
    so templates print them as they are.
    """
    rows = selected_layers(answers)
    toolchain = TOOLCHAINS[layer("framework", answers["framework"]).language]
    fill = {key: answers[key] for key in ("package_name", "project_slug", "python_version")}

    commands: dict[str, Command] = {}
    layer_commands = (c for row in rows for c in row.commands)
    for command in (*toolchain.commands, *layer_commands, *TASK_COMMANDS):
        commands[command.target] = Command(
            command.target, command.run.format(**fill), command.description, command.check
        )
    env: dict[str, EnvVar] = {}
    for row in rows:
        for var in row.env:
            env[var.name] = var
    return {
        "language": toolchain.name,
        "uv_version": toolchain.uv_version,
        "layers": {row.question: row for row in rows if row.question not in MULTISELECT_QUESTIONS},
        # (title, row) for every chosen layer that adds something, for docs to list.
        "stack": [(QUESTION_TITLES[row.question], row) for row in rows if row.value != "none"],
        "dependencies": _unique([dep for row in rows for dep in row.dependencies]),
        "dev_dependencies": _unique(
            [*toolchain.dev_dependencies, *(dep for row in rows for dep in row.dev_dependencies)]
        ),
        "services": [service for row in rows for service in row.services],
        "env_vars": list(env.values()),
        "commands": commands,
        "facts": [
            fact.format(**fill) for fact in (*toolchain.facts, *(f for r in rows for f in r.facts))
        ],
        "server_argv": _argv("server_argv", rows, fill),
        "migrate_argv": _argv("migrate_argv", rows, fill),
        "container_env": {k: v for row in rows for k, v in row.container_env.items()},
        "layout": [(path.format(**fill), what) for row in rows for path, what in row.layout],
        "agent_files": {row.value: row.agent_file for row in rows if row.question == "agents"},
    }
