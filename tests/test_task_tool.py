"""The task-file tool shipped in every project (template/scripts/tasks.py), run as users run it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import TEMPLATE_ROOT

TOOL = TEMPLATE_ROOT / "template" / "scripts" / "tasks.py"
PRD = "# PRD 0001: sample\n"


def tasks_tool(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def write_tasks(folder: Path, body: str, name: str = "tasks-0001-api.md", prd: bool = True) -> Path:
    tasks = folder / "tasks"
    tasks.mkdir(exist_ok=True)
    if prd:
        (tasks / "prd-0001-sample.md").write_text(PRD)
    path = tasks / name
    path.write_text(textwrap.dedent(body).lstrip())
    return path


GOOD = """
    # Tasks 0001: API

    - [x] 1. Accounts
      - [x] 1.1 Register
        - Files: src/app/auth.py
        - Tests: tests/test_auth.py
    - [~] 2. Posts
      - Started: 2026-01-10
      - [x] 2.1 Create posts
        - Files: src/app/posts.py
        - Tests: tests/test_posts.py
      - [!] 2.2 E-mail the author
        - Blocker: no mail provider
      - [ ] 2.3 Edit posts
        - Depends: 2.1
      - [ ] 2.4 Delete posts
        - Depends: 2.2
    - [ ] 3. Search
"""


def test_a_good_file_passes(tmp_path: Path) -> None:
    write_tasks(tmp_path, GOOD)

    result = tasks_tool("lint", cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 task file(s) OK" in result.stdout


BAD_FILES = [
    (
        "unknown marker",
        "# T\n\n- [X] 1. Thing\n",
        "3: unknown marker [X]; use [ ], [~], [x] or [!]",
    ),
    ("no number", "# T\n\n- [ ] Thing without a number\n", "3: a task needs a number"),
    (
        "done without tests",
        "# T\n\n- [x] 1. Thing\n  - Files: a.py\n",
        "3: task 1 is done [x]: add 'Tests: ...'",
    ),
    (
        "done without files",
        "# T\n\n- [x] 1. Thing\n  - Tests: t.py\n",
        "3: task 1 is done [x]: add 'Files: ...'",
    ),
    (
        "blocked without blocker",
        "# T\n\n- [!] 1. Thing\n",
        "3: task 1 is blocked [!]: add 'Blocker:",
    ),
    (
        "started without date",
        "# T\n\n- [~] 1. Thing\n  - Started: soon\n",
        "3: task 1 is in progress [~]: add 'Started: YYYY-MM-DD'",
    ),
    ("numbering gap", "# T\n\n- [ ] 1. A\n- [ ] 3. B\n", "4: task 3 should be numbered 2."),
    (
        "sub-task numbering",
        "# T\n\n- [ ] 1. A\n  - [ ] 1.2 B\n",
        "4: sub-task 1.2 should be numbered 1.1",
    ),
    (
        "sub-task of another parent",
        "# T\n\n- [ ] 1. A\n  - [ ] 2.1 B\n",
        "4: a sub-task of 1 is numbered like '1.1'",
    ),
    (
        "duplicate id",
        "# T\n\n- [ ] 1. A\n  - [ ] 1.1 B\n  - [ ] 1.1 C\n",
        "5: task 1.1 is already on line 4",
    ),
    (
        "done under pending parent",
        "# T\n\n- [ ] 1. A\n  - [x] 1.1 B\n    - Files: a\n    - Tests: b\n",
        "3: task 1 is pending [ ] but 1.1 started: mark it [~]",
    ),
    (
        "parent done too early",
        "# T\n\n- [x] 1. A\n  - [ ] 1.1 B\n",
        "3: task 1 is done [x] but not 1.1",
    ),
    ("unknown dependency", "# T\n\n- [ ] 1. A\n  - Depends: 7\n", "3: task 1 depends on unknown 7"),
    ("no title", "- [ ] 1. A\n", "1: the file must start with a '# ' title"),
    ("empty agent", "# T\n\n- [ ] 1. A\n  - Agent:\n", "3: task 1 has an empty Agent field"),
]


@pytest.mark.parametrize(
    ("body", "message"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES]
)
def test_each_broken_rule_has_its_message(tmp_path: Path, body: str, message: str) -> None:
    path = write_tasks(tmp_path, body)

    result = tasks_tool("lint", cwd=tmp_path)

    assert result.returncode == 1
    assert f"{path.relative_to(tmp_path)}:{message}" in result.stdout, result.stdout


def test_a_badly_named_file_is_reported(tmp_path: Path) -> None:
    write_tasks(tmp_path, "# T\n", name="todo.md")

    result = tasks_tool("lint", cwd=tmp_path)

    assert result.returncode == 1
    assert "tasks/todo.md:1: a file in tasks/ is named tasks-<prd-id>-<domain>.md" in result.stdout


def test_a_task_file_needs_its_prd(tmp_path: Path) -> None:
    write_tasks(tmp_path, "# T\n", prd=False)

    result = tasks_tool("lint", cwd=tmp_path)

    assert result.returncode == 1
    assert "no PRD for this task file: add prd-0001-<name>.md" in result.stdout


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = tasks_tool("lint", "nowhere", cwd=tmp_path)

    assert result.returncode == 2
    assert "nowhere: no such file or folder" in result.stderr


def test_status_counts_leaves_and_lists_blockers(tmp_path: Path) -> None:
    write_tasks(tmp_path, GOOD)

    result = tasks_tool("status", cwd=tmp_path)

    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "tasks/tasks-0001-api.md: 6 tasks: 3 pending, 0 in progress, 2 done, 1 blocked (33% done)",
        "  blocked 2.2 E-mail the author: no mail provider",
        "total: 6 tasks: 3 pending, 0 in progress, 2 done, 1 blocked (33% done)",
    ]


def test_next_skips_tasks_waiting_on_dependencies(tmp_path: Path) -> None:
    write_tasks(tmp_path, GOOD)

    result = tasks_tool("next", cwd=tmp_path)

    assert result.stdout.strip() == "tasks/tasks-0001-api.md:14: 2.3 Edit posts"


def test_next_when_nothing_is_ready(tmp_path: Path) -> None:
    write_tasks(tmp_path, "# T\n\n- [!] 1. A\n  - Blocker: waiting\n")

    result = tasks_tool("next", cwd=tmp_path)

    assert result.returncode == 0
    assert "no pending task is ready" in result.stdout
