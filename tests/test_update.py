"""`copier update` against a project its team has changed: nothing of theirs may be lost.

Each test builds a throwaway git copy of this template with two tagged releases: 1.0.0 is
the template as it is, 1.1.0 adds the changes the test needs. Projects are generated,
committed and changed like a team would, then updated with copier's command line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import TEMPLATE_ROOT, run

FASTAPI_SRC = "template/{% if framework == 'fastapi' %}src{% endif %}/{{package_name}}"
GIT_IDENTITY = ["-c", "user.name=Forge Tests", "-c", "user.email=tests@example.com"]
CONFLICT = re.compile(r"^<<<<<<< .*?^>>>>>>> [^\n]*\n", re.DOTALL | re.MULTILINE)


def git(cwd: Path, *args: str) -> str:
    return run(["git", *GIT_IDENTITY, *args], cwd=cwd).stdout


def copier(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "copier", *args, "--trust", "--defaults"], cwd=cwd)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{path} does not contain {old!r}"
    path.write_text(text.replace(old, new, 1))


Release = Callable[[Path], None]


def template_repository(root: Path, *releases: tuple[str, Release]) -> Path:
    """A git copy of this template's working tree, one commit and tag per release."""
    repository = root / "template-repo"
    files = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=TEMPLATE_ROOT
    ).stdout.split("\0")
    for name in filter(None, files):
        source = TEMPLATE_ROOT / name
        if source.is_file():
            (repository / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repository / name)
    git(repository.parent, "init", "-q", "-b", "main", str(repository))
    for tag, change in releases:
        change(repository)
        git(repository, "add", "-A")
        git(repository, "commit", "-q", "-m", f"release {tag}")
        git(repository, "tag", tag)
    return repository


def unchanged(repository: Path) -> None:
    """Release 1.0.0: the template exactly as it is in this checkout."""


RELEASE_1_1_AGENTS_RULE = "\n## Releases\nTag a release only from a green `main`.\n"


def release_1_1(repository: Path) -> None:
    """Release 1.1.0: template changes of the usual kinds."""
    # A setting the user also changes: a true conflict.
    edit(repository / "template/pyproject.toml.jinja", "line-length = 100", "line-length = 99")
    # A module the user changes elsewhere: a clean merge.
    service = repository / FASTAPI_SRC / "posts/service.py.jinja"
    service.write_text('"""Posts: slugs, ownership and publishing."""\n\n' + service.read_text())
    # A module the user leaves alone, and a new file.
    health = repository / FASTAPI_SRC / "health.py.jinja"
    health.write_text(health.read_text() + "\n\nREADINESS_TIMEOUT_SECONDS = 2.0\n")
    (repository / "template/docs").mkdir()
    (repository / "template/docs/runbook.md").write_text("# Runbook\n\nRestart with care.\n")
    # A file adopted projects get too: an adopted project's own copy must not take it.
    agents = repository / "template/AGENTS.md.jinja"
    agents.write_text(agents.read_text() + RELEASE_1_1_AGENTS_RULE)


STATS_MODULE = '''"""Site statistics."""

from fastapi import APIRouter

from .errors import problem_responses

router = APIRouter(prefix="/stats", tags=["stats"], responses=problem_responses())


@router.get("")
async def stats() -> dict[str, int]:
    return {"version": 1}
'''
STATS_TEST = """from httpx import AsyncClient


async def test_stats_answer(client: AsyncClient) -> None:
    response = await client.get("/api/v1/stats")

    assert response.status_code == 200
    assert response.json() == {"version": 1}
"""
USER_FUNCTION = '''

def count_words(text: str) -> int:
    """Words in a post body, for the reading-time badge."""
    return len(text.split())
'''


def generate(repository: Path, destination: Path, version: str, *answers: str) -> Path:
    copier(destination.parent, "copy", "--vcs-ref", version, *answers, str(repository),
           str(destination))  # fmt: skip
    git(destination, "init", "-q", "-b", "main")
    git(destination, "add", "-A")
    git(destination, "commit", "-q", "-m", "generated")
    return destination


def make_team_changes(project: Path) -> None:
    package = project / "src/my_service"
    (package / "posts/service.py").write_text(
        (package / "posts/service.py").read_text() + USER_FUNCTION
    )
    (package / "stats.py").write_text(STATS_MODULE)
    (project / "tests/test_stats.py").write_text(STATS_TEST)
    include_health = "    app.include_router(health.router)\n"
    include_stats = "    app.include_router(stats.router, prefix=API_PREFIX)\n"
    edit(package / "main.py", include_health, include_health + include_stats)
    edit(package / "main.py", "from . import health\n", "from . import health, stats\n")
    edit(project / "pyproject.toml", "dependencies = [\n", 'dependencies = [\n    "anyio>=4.4",\n')
    pyproject = project / "pyproject.toml"
    pyproject.write_text(re.sub(r"line-length = \d+", "line-length = 110", pyproject.read_text()))
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "team changes")


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("releases")
    return template_repository(root, ("1.0.0", unchanged), ("1.1.0", release_1_1))


@pytest.mark.full
def test_update_merges_template_changes_and_keeps_every_team_change(
    repository: Path, tmp_path: Path
) -> None:
    project = generate(repository, tmp_path / "project", "1.0.0")
    make_team_changes(project)

    copier(project, "update", "--vcs-ref", "1.1.0")

    package = project / "src/my_service"
    service = (package / "posts/service.py").read_text()
    assert service.startswith('"""Posts: slugs, ownership and publishing."""'), "template change"
    assert USER_FUNCTION in service, "the team's function"
    assert (package / "stats.py").read_text() == STATS_MODULE
    assert (
        "app.include_router(stats.router, prefix=API_PREFIX)" in (package / "main.py").read_text()
    )
    assert "READINESS_TIMEOUT_SECONDS = 2.0" in (package / "health.py").read_text()
    assert (project / "docs/runbook.md").is_file()
    # The one true conflict is shown inline; the rest of the file has both sides' changes.
    pyproject = (project / "pyproject.toml").read_text()
    conflicts = CONFLICT.findall(pyproject)
    assert len(conflicts) == 1, pyproject
    assert "line-length = 110" in conflicts[0] and "line-length = 99" in conflicts[0]
    assert '"anyio>=4.4",' in CONFLICT.sub("", pyproject)
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["_commit"] == "1.1.0"

    # The team resolves the conflict their way; the project still passes its own checks.
    (project / "pyproject.toml").write_text(CONFLICT.sub("line-length = 110\n", pyproject))
    run(["uv", "lock"], cwd=project)
    run(["uv", "sync", "--locked"], cwd=project)
    run("uv run ruff check . && uv run mypy && uv run pytest -q -n 2", cwd=project)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "update to 1.1.0")

    # Updating again to the same release changes nothing.
    copier(project, "update", "--vcs-ref", "1.1.0")
    assert git(project, "status", "--porcelain") == ""


def test_a_file_the_team_deleted_stays_deleted_and_untouched_files_follow_the_template(
    repository: Path, tmp_path: Path
) -> None:
    project = generate(repository, tmp_path / "project", "1.0.0")
    git(project, "rm", "-q", "tasks/tasks-0001-api.md", "tasks/prd-0001-first-release.md")
    git(project, "commit", "-q", "-m", "our own plans")

    copier(project, "update", "--vcs-ref", "1.1.0")

    assert not (project / "tasks/tasks-0001-api.md").exists()
    assert "READINESS_TIMEOUT_SECONDS" in (project / "src/my_service/health.py").read_text()
    assert "line-length = 99" in (project / "pyproject.toml").read_text()
    assert not CONFLICT.search((project / "pyproject.toml").read_text())


def rename_and_move(repository: Path) -> None:
    """Release 1.1.0: a question renamed and a file moved, each with its MIGRATIONS entry."""
    edit(repository / "copier.yml", "author_email:\n", "contact_email:\n")
    edit(repository / "copier.yml", "'@' not in author_email or ' ' in author_email",
         "'@' not in contact_email or ' ' in contact_email")  # fmt: skip
    edit(repository / "copier.yml", "author_email must be", "contact_email must be")
    edit(repository / "template/pyproject.toml.jinja", "author_email", "contact_email")
    (repository / "template/tools").mkdir()
    (repository / "template/scripts/tasks.py").rename(repository / "template/tools/tasks.py")
    for path in [*repository.glob("template/**/*.jinja"), repository / "extensions/stack_table.py"]:
        text = path.read_text()
        path.write_text(text.replace("scripts/tasks.py", "tools/tasks.py"))
    edit(repository / "template/pyproject.toml.jinja", '"scripts/**"', '"tools/**"')
    edit(repository / "template/pyproject.toml.jinja", '"scripts"]', '"tools"]')
    edit(
        repository / "extensions/stack_table.py",
        "MIGRATIONS: tuple[AnswerRename | PathMove, ...] = ()",
        "MIGRATIONS: tuple[AnswerRename | PathMove, ...] = (\n"
        '    AnswerRename("1.1.0", "author_email", "contact_email"),\n'
        '    PathMove("1.1.0", "scripts/tasks.py", "tools/tasks.py"),\n)',
    )


def test_migrations_carry_a_renamed_answer_and_a_moved_file_with_its_changes(
    tmp_path: Path,
) -> None:
    repository = template_repository(tmp_path, ("1.0.0", unchanged), ("1.1.0", rename_and_move))
    project = generate(
        repository, tmp_path / "project", "1.0.0", "--data", "author_email=ops@acme.test"
    )
    tool = project / "scripts/tasks.py"
    tool.write_text(tool.read_text() + "# Our tweak: keep the checker quiet in CI logs.\n")
    git(project, "commit", "-q", "-am", "our tweak")

    copier(project, "update", "--vcs-ref", "1.1.0")

    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["contact_email"] == "ops@acme.test" and "author_email" not in answers
    assert 'email = "ops@acme.test"' in (project / "pyproject.toml").read_text()
    assert not (project / "scripts/tasks.py").exists()
    moved = (project / "tools/tasks.py").read_text()
    assert moved.endswith("# Our tweak: keep the checker quiet in CI logs.\n")
    assert not CONFLICT.search(moved)
    assert "python3 tools/tasks.py lint" in (project / "Makefile").read_text()
    run(["python3", "tools/tasks.py", "lint"], cwd=project)


# (answer given on update, paths that must appear, paths that must go, text that must appear)
ANSWER_CHANGES = [
    pytest.param(
        "database=postgresql",
        {"compose.yaml": "image: postgres:17", "pyproject.toml": '"asyncpg>=',
         "uv.lock": 'name = "asyncpg"', ".github/workflows/ci.yml": "services:"},
        [],
        id="database",
    ),
    pytest.param(
        "ci=gitlab",
        {".gitlab-ci.yml": "stages: [check, test, build]"},
        [".github/workflows/ci.yml"],
        id="ci",
    ),
    pytest.param(
        'agents=["claude", "cursor"]',
        {".cursor/rules/backend-engineer.mdc": "alwaysApply:"},
        [],
        id="agents",
    ),
    pytest.param("docker=false", {}, ["Dockerfile", "compose.yaml"], id="docker"),
]  # fmt: skip


@pytest.mark.parametrize(("answer", "appear", "gone"), ANSWER_CHANGES)
def test_changing_an_answer_on_update_adds_the_layer_without_touching_team_code(
    repository: Path, tmp_path: Path, answer: str, appear: dict[str, str], gone: list[str]
) -> None:
    project = generate(repository, tmp_path / "project", "1.1.0")
    make_team_changes(project)
    team_files = {
        name: (project / name).read_text()
        for name in ("src/my_service/stats.py", "src/my_service/main.py", "tests/test_stats.py")
    }
    local_settings = (project / ".env").read_text()
    assert "\nSECRET_KEY=" in local_settings

    copier(project, "update", "--vcs-ref", "1.1.0", "--data", answer)

    # The secret key and the checkout's other settings live only in .env: never replaced.
    assert (project / ".env").read_text() == local_settings

    for name, text in appear.items():
        assert text in (project / name).read_text(), f"{name} lacks {text!r}"
    for name in gone:
        assert not (project / name).exists(), f"{name} is still there"
    for name, text in team_files.items():
        assert (project / name).read_text() == text, f"{name} was changed"
    pyproject = (project / "pyproject.toml").read_text()
    assert '"anyio>=4.4",' in pyproject and "line-length = 110" in pyproject
    changed = [project / name for name in git(project, "diff", "--name-only").split()]
    assert not [path for path in changed if path.exists() and CONFLICT.search(path.read_text())]


def adopted_node_project(repository: Path, tmp_path: Path) -> Path:
    """A Node.js project that adopted release 1.0.0, committed."""
    project = tmp_path / "orders"
    project.mkdir()
    (project / "package.json").write_text('{"name": "orders", "scripts": {"test": "vitest"}}\n')
    copier(tmp_path, "copy", "--vcs-ref", "1.0.0", str(repository), str(project))
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["framework"] == "existing" and answers["test_command"] == "npm test"
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "adopted")
    return project


def test_updating_an_adopted_project_adds_new_files_and_never_touches_existing_ones(
    repository: Path, tmp_path: Path
) -> None:
    project = adopted_node_project(repository, tmp_path)
    (project / "AGENTS.md").write_text("# Our own rules for agents\n")
    git(project, "commit", "-q", "-am", "our own rules for agents")

    copier(project, "update", "--vcs-ref", "1.1.0")

    assert (project / "AGENTS.md").read_text() == "# Our own rules for agents\n"
    assert (project / "docs/runbook.md").is_file(), "a file new in the release is added"
    assert not (project / "pyproject.toml").exists() and not (project / "src").exists()
    assert git(project, "status", "--porcelain").split() == ["M", ".copier-answers.yml",
                                                             "??", "docs/"]  # fmt: skip


def test_an_adopted_project_takes_a_newer_file_by_deleting_its_copy_and_recopying(
    repository: Path, tmp_path: Path
) -> None:
    """The advice in docs/updating.md: delete the file, then `copier recopy`."""
    project = adopted_node_project(repository, tmp_path)
    (project / "tasks/README.md").write_text("# Our own task conventions\n")
    git(project, "commit", "-q", "-am", "our own task conventions")
    copier(project, "update", "--vcs-ref", "1.1.0")
    assert RELEASE_1_1_AGENTS_RULE not in (project / "AGENTS.md").read_text()
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "update to 1.1.0")

    (project / "AGENTS.md").unlink()
    copier(project, "recopy", "--vcs-ref=:current:")

    assert (project / "AGENTS.md").read_text().endswith(RELEASE_1_1_AGENTS_RULE)
    assert (project / "tasks/README.md").read_text() == "# Our own task conventions\n"
    assert (project / "package.json").is_file() and not (project / "src").exists()
    assert git(project, "status", "--porcelain").split() == ["M", "AGENTS.md"]


def test_changing_the_framework_on_update_swaps_the_app_and_loses_no_team_work(
    repository: Path, tmp_path: Path
) -> None:
    project = generate(repository, tmp_path / "project", "1.1.0")
    make_team_changes(project)
    package = project / "src/my_service"
    team_main = (package / "main.py").read_text()

    update = copier(project, "update", "--vcs-ref", "1.1.0", "--data", "framework=flask")

    # The Flask app comes in; FastAPI files the team never changed go.
    assert "def create_app" in (package / "app.py").read_text()
    assert '"apiflask>=' in (project / "pyproject.toml").read_text()
    assert not (package / "middleware.py").exists() and not (package / "posts/router.py").exists()
    # Files of the team's own are untouched.
    assert (package / "stats.py").read_text() == STATS_MODULE
    assert (project / "tests/test_stats.py").read_text() == STATS_TEST
    # A FastAPI module the team changed is kept and named, not silently deleted by copier.
    assert (package / "main.py").read_text() == team_main
    assert "kept src/my_service/main.py" in update.stdout + update.stderr
    # A module both changed holds both sides, marked as a conflict.
    service = (package / "posts/service.py").read_text()
    assert USER_FUNCTION.strip() in service and CONFLICT.search(service)
