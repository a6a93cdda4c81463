"""Fast tier: the generated Dockerfile, CI workflow and compose file pass offline checkers."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import render, run


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is a dev dependency of the template; run `uv sync`"
    return path


@pytest.fixture(scope="module")
def project(copie_session: Any) -> Path:
    return render(copie_session)


def test_dockerfile_passes_hadolint(project: Path) -> None:
    run([_tool("hadolint"), "--failure-threshold", "warning", "Dockerfile"], cwd=project)


def test_github_workflow_matches_its_schema(project: Path) -> None:
    run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
        + [str(p) for p in (project / ".github/workflows").glob("*.yml")],
        cwd=project,
    )


def test_compose_file_is_valid(project: Path) -> None:
    run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", "compose.yaml"],
        cwd=project,
    )
    run([_tool("docker-compose"), "-f", "compose.yaml", "config", "-q"], cwd=project)
