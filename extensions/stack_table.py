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
from dataclasses import dataclass, field, replace
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
    # Production command in the container image; environment baked into the image (never a
    # secret) and environment the development compose file adds.
    server_argv: tuple[str, ...] = ()
    migrate_argv: tuple[str, ...] = ()
    image_env: Mapping[str, str] = field(default_factory=dict)
    container_env: Mapping[str, str] = field(default_factory=dict)
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
    ("scripts/tasks.py", "the task-file checker behind `make tasks-*`"),
)


SERVER_DATABASE_TESTS_FACT = (
    "Tests run against `DATABASE_URL` when it is set (each run creates and drops its own "
    "databases there) and against SQLite otherwise."
)
GITHUB_CI_FACT = (
    "CI: GitHub Actions (`.github/workflows/ci.yml`) runs `make check`'s commands, the tests "
    "against the same services, and builds the image (pushed to GHCR from the default branch)."
)
GITHUB_CI_LAYOUT = (".github/workflows/ci.yml", "GitHub Actions: checks, tests, image")
GITLAB_CI_FACT = (
    "CI: GitLab CI (`.gitlab-ci.yml`) runs the same stages and pushes the image to the "
    "project's registry from the default branch."
)
GITLAB_CI_LAYOUT = (".gitlab-ci.yml", "GitLab CI: checks, tests, image")


LAYERS: tuple[Layer, ...] = (
    # --- framework -------------------------------------------------------------------
    Layer(
        question="framework",
        value="fastapi",
        label="FastAPI",
        summary="async ASGI framework with typed routes and OpenAPI from pydantic models",
        admits={"orm": ("sqlalchemy",)},
        dependencies=(
            "fastapi>=0.121",
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
                "uv run uvicorn --factory {package_name}.main:create_app --reload",
                "Run the API with auto-reload on http://127.0.0.1:8000",
            ),
        ),
        facts=(
            "HTTP layer: FastAPI; each domain package has `router.py` (routes), "
            "`schemas.py` (pydantic models), `service.py` (business logic) and `models.py`.",
            "Dependencies are injected with `Annotated[..., Depends(...)]` aliases "
            "defined next to what they provide.",
            "Outside production, OpenAPI is served at `/openapi.json` and the docs UI at `/docs`.",
            "Errors are RFC 9457 problem details (`application/problem+json`), "
            "raised as `ProblemError` subclasses from `errors.py`.",
        ),
        server_argv=(
            *("uvicorn", "--factory", "{package_name}.main:create_app"),
            *("--host", "0.0.0.0", "--port", "8000"),
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
        env=(
            EnvVar("DATABASE_POOL_SIZE", "5", "Connections the pool keeps open"),
            EnvVar("DATABASE_MAX_OVERFLOW", "10", "Extra connections allowed under load"),
            EnvVar(
                "DATABASE_POOL_TIMEOUT_SECONDS",
                "10",
                "How long a request waits for a connection before answering 503",
            ),
            EnvVar(
                "DATABASE_POOL_RECYCLE_SECONDS", "1800", "Connections older than this are replaced"
            ),
        ),
        commands=(
            Command("migrate", "uv run alembic upgrade head", "Apply database migrations"),
            Command(
                "migrations-check",
                "uv run alembic upgrade head && uv run alembic check",
                "Fail if the models and the migrations have drifted apart",
                check=True,
                needs_services=True,
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
                "DATABASE_URL", "sqlite+aiosqlite:///./app.db", "SQLAlchemy URL of the database"
            ),
        ),
        image_env={"DATABASE_URL": "sqlite+aiosqlite:////data/app.db"},
        container_env={"DATABASE_URL": "sqlite+aiosqlite:////data/app.db"},
        facts=("Database: SQLite in a local file (`app.db`); each test run uses its own file.",),
    ),
    Layer(
        question="database",
        value="postgresql",
        label="PostgreSQL",
        summary="the asyncpg driver, pooled connections and a statement timeout",
        dependencies=("asyncpg>=0.30",),
        # The tests fall back to SQLite when DATABASE_URL is not set.
        dev_dependencies=("aiosqlite>=0.20",),
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
                "DATABASE_URL",
                "postgresql+asyncpg://postgres:postgres@127.0.0.1:5432/{package_name}",
                "SQLAlchemy URL of the database",
            ),
            EnvVar(
                "DATABASE_STATEMENT_TIMEOUT_MS",
                "30000",
                "The server cancels a statement running longer than this",
            ),
        ),
        container_env={
            "DATABASE_URL": "postgresql+asyncpg://postgres:postgres@db:5432/{package_name}"
        },
        facts=(
            "Database: PostgreSQL through asyncpg; statements are cancelled after "
            "`DATABASE_STATEMENT_TIMEOUT_MS`.",
            SERVER_DATABASE_TESTS_FACT,
        ),
    ),
    Layer(
        question="database",
        value="mysql",
        label="MySQL / MariaDB",
        summary="the aiomysql driver, utf8mb4 and pooled, recycled connections",
        dependencies=("aiomysql>=0.2",),
        dev_dependencies=("aiosqlite>=0.20",),
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
        env=(
            EnvVar(
                "DATABASE_URL",
                "mysql+aiomysql://root:root@127.0.0.1:3306/{package_name}?charset=utf8mb4",
                "SQLAlchemy URL of the database",
            ),
        ),
        container_env={
            "DATABASE_URL": "mysql+aiomysql://root:root@db:3306/{package_name}?charset=utf8mb4"
        },
        facts=(
            "Database: MySQL or MariaDB through aiomysql, with utf8mb4; pooled connections are "
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
            return [_fill(part, fill) for part in argv]
    return []


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
    )


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
        commands[command.target] = replace(command, run=_fill(command.run, fill))
    env: dict[str, EnvVar] = {}
    for row in rows:
        for var in row.env:
            env[var.name] = var
    return {
        "language": toolchain.name,
        "uv_version": toolchain.uv_version,
        "locked_install": toolchain.locked_install,
        "source_globs": list(toolchain.source_globs),
        # (title, row) for every chosen layer that adds something, for docs to list.
        "stack": [(QUESTION_TITLES[row.question], row) for row in rows if row.value != "none"],
        "dependencies": _unique([dep for row in rows for dep in row.dependencies]),
        "dev_dependencies": _unique(
            [*toolchain.dev_dependencies, *(dep for row in rows for dep in row.dev_dependencies)]
        ),
        "services": [_filled_service(service, fill) for row in rows for service in row.services],
        "env_vars": [
            EnvVar(v.name, _fill(v.example, fill), v.description, v.secret) for v in env.values()
        ],
        "default_database_url": _fill(env["DATABASE_URL"].example, fill),
        "commands": commands,
        "facts": [
            _fill(fact, fill) for fact in (*toolchain.facts, *(f for r in rows for f in r.facts))
        ],
        "server_argv": _argv("server_argv", rows, fill),
        "migrate_argv": _argv("migrate_argv", rows, fill),
        "image_env": {k: _fill(v, fill) for row in rows for k, v in row.image_env.items()},
        "container_env": {k: _fill(v, fill) for row in rows for k, v in row.container_env.items()},
        "layout": [
            *((_fill(path, fill), what) for row in rows for path, what in row.layout),
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
