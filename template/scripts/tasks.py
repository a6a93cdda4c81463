#!/usr/bin/env python3
"""Check and summarise the task files in tasks/ (conventions: tasks/README.md).

    python3 scripts/tasks.py lint [PATH ...]    report every rule broken, as file:line: message
    python3 scripts/tasks.py status [PATH ...]  counts per status, blockers, percent done
    python3 scripts/tasks.py next [PATH ...]    the first pending task whose dependencies are done

PATH is a task file or a folder of them (default: tasks/). Standard library only, so it runs
in any project that has a Python 3.10+ interpreter.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

MARKERS = {" ": "pending", "~": "in progress", "x": "done", "!": "blocked"}
TASKS_NAME = re.compile(r"^tasks-(\d{4})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
PRD_NAME = re.compile(r"^prd-(\d{4})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
IGNORED_NAMES = {"README.md"}

TASK_LINE = re.compile(r"^(?P<indent>\s*)- \[(?P<marker>.)\] (?P<rest>.*)$")
TASK_ID = re.compile(r"^(?P<id>\d+(?:\.\d+)*)(?P<dot>\.?) +(?P<title>\S.*)$")
FIELD_LINE = re.compile(r"^\s+- (?P<name>[A-Z][A-Za-z]*): ?(?P<value>.*)$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\b")


@dataclass
class Task:
    id: str
    title: str
    marker: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    children: list[Task] = field(default_factory=list)

    @property
    def status(self) -> str:
        return MARKERS[self.marker]

    @property
    def depends_on(self) -> list[str]:
        value = self.fields.get("Depends", "")
        return [part.strip() for part in value.split(",") if part.strip()]


@dataclass
class TaskFile:
    path: Path
    tasks: list[Task]
    problems: list[tuple[int, str]]

    def leaves(self) -> list[Task]:
        return [leaf for task in self.tasks for leaf in (task.children or [task])]

    def all_tasks(self) -> list[Task]:
        return [t for task in self.tasks for t in (task, *task.children)]


def parse(path: Path) -> TaskFile:
    """Read one task file into its task tree, collecting what breaks the grammar."""
    problems: list[tuple[int, str]] = []
    tasks: list[Task] = []
    current: Task | None = None
    lines = path.read_text(encoding="utf-8").splitlines()

    first = next(((n, text) for n, text in enumerate(lines, 1) if text.strip()), None)
    if first is None or not first[1].startswith("# "):
        problems.append((first[0] if first else 1, "the file must start with a '# ' title"))

    in_code_block = False
    for number, text in enumerate(lines, 1):
        if text.lstrip().startswith("```"):
            in_code_block = not in_code_block
            continue
        if in_code_block:
            continue
        task_line = TASK_LINE.match(text)
        if task_line:
            current = _task_from_line(task_line, number, tasks, problems)
            continue
        field_line = FIELD_LINE.match(text)
        if field_line and current is not None:
            name, value = field_line["name"], field_line["value"].strip()
            if name in current.fields:
                problems.append((number, f"task {current.id} repeats the field {name}"))
            current.fields[name] = value
        elif text.lstrip().startswith("- [") or re.match(r"^\s*\[.\]", text):
            problems.append((number, "a task line reads '- [ ] 1. Title' or '  - [ ] 1.1 Title'"))
    return TaskFile(path, tasks, problems)


def _task_from_line(
    match: re.Match[str], number: int, tasks: list[Task], problems: list[tuple[int, str]]
) -> Task | None:
    marker, indent = match["marker"], len(match["indent"].expandtabs())
    if marker not in MARKERS:
        problems.append((number, f"unknown marker [{marker}]; use [ ], [~], [x] or [!]"))
        marker = " "
    numbered = TASK_ID.match(match["rest"])
    if numbered is None:
        problems.append((number, "a task needs a number: '1. Title' or '1.1 Title'"))
        return None
    task = Task(numbered["id"], numbered["title"].strip(), marker, number)
    parts = task.id.split(".")
    if indent == 0:
        if len(parts) != 1 or not numbered["dot"]:
            problems.append((number, f"a top-level task is numbered like '{len(tasks) + 1}.'"))
        tasks.append(task)
        return task
    parent = tasks[-1] if tasks else None
    if parent is None:
        problems.append((number, f"sub-task {task.id} has no parent task above it"))
        return None
    if len(parts) != 2 or parts[0] != parent.id or numbered["dot"]:
        problems.append(
            (number, f"a sub-task of {parent.id} is numbered like '{parent.id}.1' (no final dot)")
        )
    parent.children.append(task)
    return task


def lint(task_file: TaskFile) -> list[tuple[int, str]]:
    """Every rule the file breaks, as (line, message)."""
    problems = list(task_file.problems)
    path = task_file.path
    name = TASKS_NAME.match(path.name)
    if name is None:
        problems.append(
            (1, "a file in tasks/ is named tasks-<prd-id>-<domain>.md or prd-<prd-id>-<name>.md")
        )
    elif not list(path.parent.glob(f"prd-{name[1]}-*.md")):
        problems.append((1, f"no PRD for this task file: add prd-{name[1]}-<name>.md next to it"))

    seen: dict[str, int] = {}
    for task in task_file.all_tasks():
        if task.id in seen:
            problems.append((task.line, f"task {task.id} is already on line {seen[task.id]}"))
        seen.setdefault(task.id, task.line)

    for position, task in enumerate(task_file.tasks, 1):
        if task.id.isdigit() and int(task.id) != position:
            problems.append((task.line, f"task {task.id} should be numbered {position}."))
        for sub_position, child in enumerate(task.children, 1):
            expected = f"{task.id}.{sub_position}"
            if child.id.startswith(f"{task.id}.") and child.id != expected:
                problems.append((child.line, f"sub-task {child.id} should be numbered {expected}"))
        problems.extend(_status_problems(task))
        for child in task.children:
            problems.extend(_status_problems(child))
        problems.extend(_parent_problems(task))

    for task in task_file.all_tasks():
        for dependency in task.depends_on:
            if dependency not in seen:
                problems.append((task.line, f"task {task.id} depends on unknown {dependency}"))
    return sorted(problems)


def _status_problems(task: Task) -> list[tuple[int, str]]:
    missing: list[str] = []
    if task.marker == "~" and not DATE.match(task.fields.get("Started", "")):
        missing.append("is in progress [~]: add 'Started: YYYY-MM-DD'")
    elif task.marker == "!" and not task.fields.get("Blocker"):
        missing.append("is blocked [!]: add 'Blocker: <what is missing>'")
    elif task.marker == "x" and not task.children:
        missing.extend(
            f"is done [x]: add '{needed}: ...'"
            for needed in ("Files", "Tests")
            if not task.fields.get(needed)
        )
    if "Agent" in task.fields and not task.fields["Agent"]:
        missing.append("has an empty Agent field")
    return [(task.line, f"task {task.id} {text}") for text in missing]


def _parent_problems(task: Task) -> list[tuple[int, str]]:
    if not task.children:
        return []
    unfinished = [child.id for child in task.children if child.marker != "x"]
    started = [child.id for child in task.children if child.marker != " "]
    if task.marker == "x" and unfinished:
        return [(task.line, f"task {task.id} is done [x] but not {', '.join(unfinished)}")]
    if task.marker == " " and started:
        return [
            (
                task.line,
                f"task {task.id} is pending [ ] but {', '.join(started)} started: mark it [~]",
            )
        ]
    return []


def collect(paths: list[str]) -> list[Path]:
    """The task files among ``paths`` (folders are searched for *.md, README.md excluded)."""
    found: list[Path] = []
    for raw in paths or ["tasks"]:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.glob("*.md"))
                if p.name not in IGNORED_NAMES and not PRD_NAME.match(p.name)
            )
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"{raw}: no such file or folder")
    return found


def command_lint(files: list[Path]) -> int:
    count = 0
    for path in files:
        for line, message in lint(parse(path)):
            print(f"{path}:{line}: {message}")
            count += 1
    if count:
        print(f"{count} problem(s) in the task files", file=sys.stderr)
        return 1
    print(f"{len(files)} task file(s) OK")
    return 0


def _summary(leaves: list[Task]) -> str:
    counts = dict.fromkeys(MARKERS.values(), 0)
    for task in leaves:
        counts[task.status] += 1
    done = round(100 * counts["done"] / len(leaves)) if leaves else 100
    listed = ", ".join(f"{number} {status}" for status, number in counts.items())
    return f"{len(leaves)} tasks: {listed} ({done}% done)"


def command_status(files: list[Path]) -> int:
    every_leaf: list[Task] = []
    for path in files:
        leaves = parse(path).leaves()
        every_leaf.extend(leaves)
        print(f"{path}: {_summary(leaves)}")
        for task in leaves:
            if task.marker == "!":
                print(f"  blocked {task.id} {task.title}: {task.fields.get('Blocker', '?')}")
    print(f"total: {_summary(every_leaf)}")
    return 0


def command_next(files: list[Path]) -> int:
    for path in files:
        task_file = parse(path)
        done = {task.id for task in task_file.all_tasks() if task.marker == "x"}
        for task in task_file.leaves():
            if task.marker == " " and all(dep in done for dep in task.depends_on):
                print(f"{path}:{task.line}: {task.id} {task.title}")
                return 0
    print("no pending task is ready (all done, in progress, blocked or waiting on dependencies)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("lint", "status", "next"))
    parser.add_argument("paths", nargs="*", help="task files or folders (default: tasks/)")
    arguments = parser.parse_args(argv)
    try:
        files = collect(arguments.paths)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 2
    commands = {"lint": command_lint, "status": command_status, "next": command_next}
    return commands[arguments.command](files)


if __name__ == "__main__":
    sys.exit(main())
