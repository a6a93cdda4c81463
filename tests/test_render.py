"""Fast tier: rendering, output hygiene and refusals (no installs)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import stack_table
import yaml
from conftest import (
    answers_admitting,
    default_answers,
    offered_choices,
    projects_by_auth,
    render,
    run,
)

LEFTOVER_JINJA = re.compile(r"(?<!\$)\{\{|\{%|%\}|\{#")


def _text_files(project: Path) -> list[Path]:
    return [p for p in project.rglob("*") if p.is_file() and ".git" not in p.parts]


def test_defaults_give_the_embedded_fastapi_project(copie: Any) -> None:
    project = render(copie)

    for expected in (
        "pyproject.toml",
        "uv.lock",
        "Makefile",
        "README.md",
        "AGENTS.md",
        "CLAUDE.md",
        ".claude/agents/backend-engineer.md",
        "tasks/README.md",
        "Dockerfile",
        ".dockerignore",
        "compose.yaml",
        ".github/workflows/ci.yml",
        ".env",
        ".env.example",
        ".gitignore",
        ".python-version",
        "alembic.ini",
        "migrations/versions/0001_initial_schema.py",
        "src/my_service/main.py",
        "tests/conftest.py",
    ):
        assert (project / expected).is_file(), expected
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["framework"] == "fastapi"
    assert answers["database"] == "sqlite"
    # copier's defaults are the stack table's preferred choices.
    recorded = {q: answers[q] for q in stack_table.LAYER_QUESTIONS if q in answers}
    assert recorded == {q: v for q, v in default_answers().items() if q in recorded}


def test_the_secret_key_lives_only_in_the_ignored_env_file(copie: Any) -> None:
    first, second = render(copie), render(copie)

    secrets = []
    for project in (first, second):
        env = dict(
            line.split("=", 1)
            for line in (project / ".env").read_text().splitlines()
            if line and not line.startswith("#")
        )
        secrets.append(env["SECRET_KEY"])
        assert len(env["SECRET_KEY"]) >= 32
        assert env["SECRET_KEY"] not in (project / ".copier-answers.yml").read_text()
        assert env["SECRET_KEY"] not in (project / ".env.example").read_text()
        assert ".env" in (project / ".gitignore").read_text().splitlines()
    assert secrets[0] != secrets[1], "each project must get its own secret"


def test_env_example_lists_every_variable_of_the_selected_layers(copie: Any) -> None:
    project = render(copie)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())

    example = (project / ".env.example").read_text()
    for var in stack_table.project_context(answers)["env_vars"]:
        assert f"\n{var.name}=" in example, var.name


@pytest.mark.parametrize(("question", "value"), offered_choices())
def test_every_offered_choice_renders_clean(copie: Any, question: str, value: str) -> None:
    project = render(copie, **answers_admitting(question, value))

    for path in _text_files(project):
        text = path.read_text()
        leftover = LEFTOVER_JINJA.search(text)
        assert leftover is None, f"{path}: leftover Jinja at {text[leftover.start() :][:60]!r}"
        if path.suffix == ".py":
            compile(text, str(path), "exec")
        if "TODO" in text:
            pytest.fail(f"{path} contains a TODO")


@pytest.mark.parametrize("python_version", ["3.11", "3.12", "3.13"])
def test_python_version_reaches_the_project(copie: Any, python_version: str) -> None:
    project = render(copie, python_version=python_version)

    assert (project / ".python-version").read_text().strip() == python_version
    assert f'requires-python = ">={python_version}"' in (project / "pyproject.toml").read_text()
    assert f"FROM python:{python_version}-slim" in (project / "Dockerfile").read_text()


def test_without_docker_and_ci_those_files_are_absent(copie: Any) -> None:
    project = render(copie, docker=False, ci="none")

    for absent in ("Dockerfile", ".dockerignore", "compose.yaml", ".github"):
        assert not (project / absent).exists(), absent


def test_names_flow_into_the_project(copie: Any) -> None:
    project = render(copie, project_name="Blog API")

    assert (project / "src/blog_api/main.py").is_file()
    assert 'name = "blog-api"' in (project / "pyproject.toml").read_text()
    assert "blog_api.main:create_app" in (project / "Makefile").read_text()


BAD_ANSWERS = [
    ({"project_name": ""}, "project_name must not be empty"),
    ({"project_name": "42 things"}, "project_name must start with a letter"),
    ({"project_slug": "Bad Slug"}, "project_slug 'Bad Slug' must be lowercase"),
    ({"project_slug": "double--hyphen"}, "single hyphens"),
    ({"package_name": "import"}, "package_name 'import' is a Python keyword"),
    ({"package_name": "email"}, "shadow the standard library module 'email'"),
    ({"package_name": "sqlalchemy"}, "shadow the third-party package 'sqlalchemy'"),
    ({"package_name": "has-hyphen"}, "must be a lowercase Python identifier"),
    ({"author_email": "not an email"}, "author_email must be an e-mail address"),
    ({"python_version": "2.7"}, "Invalid choice"),
    ({"framework": "rails"}, "Invalid choice"),
    ({"database": "oracle"}, "Invalid choice"),
]


@pytest.mark.parametrize(("answers", "message"), BAD_ANSWERS)
def test_bad_answers_are_refused_and_nothing_is_written(
    copie: Any, answers: dict[str, Any], message: str
) -> None:
    result = copie.copy(extra_answers=answers)

    assert result.exception is not None, f"{answers} was accepted"
    assert message in str(result.exception)
    written = [p for p in copie.test_dir.glob("copie*/**/*")]
    assert written == [], f"files were written: {written}"


def refused_pairs() -> list[tuple[str, str, str, str]]:
    """Every framework x ORM and framework x database pair the stack table refuses, and every
    queue x auth pair it refuses on the default framework."""
    by_framework = [
        ("framework", framework.value, question, row.value)
        for framework in stack_table.layers_for("framework")
        if framework.value != stack_table.ADOPT
        for question in ("orm", "database")
        for row in stack_table.layers_for(question)
        if stack_table.refusal(question, row.value, {"framework": framework.value})
    ]
    framework = stack_table.preferred("framework", {})
    by_queue = [
        ("queue", queue.value, "auth", auth.value)
        for queue in stack_table.layers_for("queue")
        if not stack_table.refusal("queue", queue.value, {"framework": framework})
        for auth in stack_table.layers_for("auth")
        if stack_table.refusal("auth", auth.value, {"framework": framework, "queue": queue.value})
    ]
    return by_framework + by_queue


@pytest.mark.parametrize(
    ("first", "first_value", "second", "second_value"),
    refused_pairs(),
    ids=[f"{a}={b}-{c}={d}" for a, b, c, d in refused_pairs()],
)
def test_a_refused_pair_names_both_answers_and_writes_nothing(
    copie: Any, first: str, first_value: str, second: str, second_value: str
) -> None:
    result = copie.copy(extra_answers={first: first_value, second: second_value})

    assert result.exception is not None, f"{first}={first_value} with {second}={second_value}"
    assert f"{second}={second_value}" in str(result.exception)
    assert f"{first}={first_value}" in str(result.exception)
    assert [p for p in copie.test_dir.glob("copie*/**/*")] == []


@pytest.mark.parametrize(("framework", "orm", "auth"), projects_by_auth())
def test_shipped_task_files_pass_the_task_tool_and_name_real_files(
    copie: Any, framework: str, orm: str, auth: str
) -> None:
    project = render(copie, framework=framework, orm=orm, auth=auth)

    run(["python3", "scripts/tasks.py", "lint"], cwd=project)
    for task_file in (project / "tasks").glob("tasks-*.md"):
        for line in task_file.read_text().splitlines():
            name, _, value = line.strip().removeprefix("- ").partition(": ")
            if name in ("Files", "Tests"):
                for entry in value.split(", "):
                    path = entry.split("::")[0]
                    assert (project / path).exists(), f"{task_file.name} names missing {path}"
