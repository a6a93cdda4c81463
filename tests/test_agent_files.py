"""Fast tier: every agent tool's file is valid for that tool and speaks only of the chosen stack."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import stack_table
import yaml
from conftest import render

ALL_AGENTS = [row.value for row in stack_table.layers_for("agents")]
# Stacks this template may offer one day; a project must not hear of those it did not choose.
OTHER_STACKS = {
    "Django", "Flask", "Litestar", "SQLModel", "Tortoise", "PostgreSQL", "MySQL", "MariaDB",
    "MongoDB", "Celery", "Dramatiq", "arq", "taskiq", "Redis", "RabbitMQ", "Kafka", "NATS",
    "Express", "Fastify", "NestJS", "Prisma", "Spring", "GraphQL", "tRPC", "GitLab",
}  # fmt: skip

ANSWER_SETS = {
    "defaults": {},
    "no-agent-tool": {"agents": []},
    "every-agent-tool": {"agents": ALL_AGENTS},
    "every-agent-tool-no-ci-no-docker": {"agents": ALL_AGENTS, "ci": "none", "docker": False},
}


def frontmatter(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text()
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.DOTALL)
    assert match, f"{path} has no frontmatter block"
    data = yaml.safe_load(match[1])
    assert isinstance(data, dict), f"{path}: frontmatter is not a mapping"
    return data, match[2]


def granted_tools(tool: stack_table.AgentTool, data: dict[str, Any]) -> list[str]:
    """The tool names an agent file grants, read the way its tool reads them."""
    tools = data.get(tool.tools_field, [])
    if isinstance(tools, dict):
        return list(tools)
    return [t.strip() for t in tools.split(",")] if isinstance(tools, str) else list(tools)


def foreign_words(answers: dict[str, Any]) -> set[str]:
    chosen = stack_table.selected_layers(answers)
    chosen_text = " ".join(row.label for row in chosen)
    unchosen = {
        row.label for row in stack_table.LAYERS if row not in chosen and row.value != "none"
    }
    return {word for word in OTHER_STACKS | unchosen if word not in chosen_text}


@pytest.fixture(scope="module", params=list(ANSWER_SETS), ids=list(ANSWER_SETS))
def project(request: pytest.FixtureRequest, copie_session: Any) -> tuple[Path, dict[str, Any]]:
    path = render(copie_session, **ANSWER_SETS[request.param])
    answers = yaml.safe_load((path / ".copier-answers.yml").read_text())
    return path, answers


def agent_documents(project: Path, answers: dict[str, Any]) -> list[Path]:
    paths = [project / "AGENTS.md"]
    for value in answers["agents"]:
        tool = stack_table.layer("agents", value).agent
        assert tool is not None
        paths += [project / tool.path, *(project / other for other in tool.other_files)]
    return paths


def test_each_selected_tool_gets_its_files_and_no_other(
    project: tuple[Path, dict[str, Any]],
) -> None:
    path, answers = project
    assert (path / "AGENTS.md").is_file()
    for row in stack_table.layers_for("agents"):
        assert row.agent is not None
        for relative in (row.agent.path, *row.agent.other_files):
            assert (path / relative).is_file() == (row.value in answers["agents"]), relative


def test_frontmatter_is_valid_for_each_tool(project: tuple[Path, dict[str, Any]]) -> None:
    path, answers = project
    for value in answers["agents"]:
        tool = stack_table.layer("agents", value).agent
        assert tool is not None
        if not tool.required_fields:
            continue
        data, body = frontmatter(path / tool.path)
        assert body.strip(), f"{tool.path} has no instructions"
        missing = [name for name in tool.required_fields if name not in data]
        assert not missing, f"{tool.path} lacks {missing}"
        name = data.get("name", Path(tool.path).name.split(".")[0])
        assert re.match(tool.name_pattern, name), f"{tool.path}: bad name {name!r}"
        assert isinstance(data["description"], str) and data["description"]
        if tool.description_limit:
            assert len(data["description"]) <= tool.description_limit
        unknown = set(granted_tools(tool, data)) - tool.known_tools
        if tool.known_tools:
            assert not unknown, f"{tool.path} names tools {value} does not have: {unknown}"


def test_opencode_permissions_use_its_values(project: tuple[Path, dict[str, Any]]) -> None:
    path, answers = project
    agent_file = path / ".opencode/agent/backend-engineer.md"
    if "opencode" not in answers["agents"]:
        assert not agent_file.exists()
        return
    data, _ = frontmatter(agent_file)
    assert data["mode"] == "subagent"
    for key, value in data["permission"].items():
        values = value.values() if isinstance(value, dict) else [value]
        assert set(values) <= {"allow", "ask", "deny"}, key


def test_agent_files_speak_only_of_the_chosen_stack(project: tuple[Path, dict[str, Any]]) -> None:
    path, answers = project
    forbidden = foreign_words(answers)
    for document in agent_documents(path, answers):
        text = document.read_text()
        found = {word for word in forbidden if re.search(rf"\b{re.escape(word)}\b", text)}
        assert not found, f"{document.name} mentions {found}, which this project did not choose"


def test_every_make_target_they_mention_exists(project: tuple[Path, dict[str, Any]]) -> None:
    path, answers = project
    targets = set(re.findall(r"^([a-z][a-z-]*):", (path / "Makefile").read_text(), re.MULTILINE))
    for document in [*agent_documents(path, answers), path / "README.md"]:
        mentioned = set(re.findall(r"`make ([a-z][a-z-]*)`", document.read_text()))
        if document.name == "AGENTS.md":
            assert {"check", "test", "lint", "tasks-check"} <= mentioned
        assert mentioned <= targets, f"{document.name}: no such target {mentioned - targets}"


def test_imports_point_at_agents_md(project: tuple[Path, dict[str, Any]]) -> None:
    path, answers = project
    for value in answers["agents"]:
        tool = stack_table.layer("agents", value).agent
        assert tool is not None
        if tool.agents_md_import:
            name, line = tool.agents_md_import
            assert line in (path / name).read_text().splitlines()
