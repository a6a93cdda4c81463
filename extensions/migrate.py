"""Apply the stack table's MIGRATIONS during `copier update` (copier's `_migrations`).

Copier runs this in the project at both stages of an update, with the stage and both
template versions in the environment (STAGE, VERSION_PEP440_FROM, VERSION_PEP440_TO). An entry
applies when the project's version is older than its release and the new version is at least
that release:

- before the update, renamed questions (and renamed choices) are rewritten in the answers
  file, so the new template reads the old answers under their new names;
- after the update, a moved file gets the team's version of the old file merged with the
  template's new one (three-way, from the file as the last copier run wrote it), because copier
  itself deletes a file the template no longer has, changes and all.

Only the standard library is used: copier runs this with the machine's python3.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stack_table

ANSWERS_FILE = Path(".copier-answers.yml")


def release_key(version: str) -> tuple[tuple[int, ...], int]:
    """Order PEP 440 versions well enough for releases: X.Y.Z, with dev/pre before final."""
    match = re.match(r"v?(\d+(?:\.\d+)*)(.*)", version)
    if match is None:
        raise ValueError(f"not a release version: {version!r}")
    release = tuple(int(part) for part in match.group(1).split("."))
    release += (0,) * (4 - len(release))
    return release, 0 if re.match(r"(\.?(dev|a|b|rc))", match.group(2)) else 1


def applies(since: str, version_from: str, version_to: str) -> bool:
    return release_key(version_from) < release_key(since) <= release_key(version_to)


def rename_answer(text: str, rename: stack_table.AnswerRename) -> str:
    """The answers file with one question (and its renamed choices) under the new name."""
    lines = []
    for line in text.splitlines():
        key, separator, value = line.partition(": ")
        if key == rename.old and separator:
            value = rename.values.get(value.strip(), value.strip())
            line = f"{rename.new}: {value}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def git_show(revision: str, path: str) -> str | None:
    shown = subprocess.run(
        ["git", "show", f"{revision}:{path}"], capture_output=True, text=True, check=False
    )
    return shown.stdout if shown.returncode == 0 else None


def last_generated(path: str) -> str | None:
    """The file as the last copier run wrote it: the commit that last changed the answers."""
    commit = subprocess.run(
        ["git", "log", "-1", "--format=%H", "--", str(ANSWERS_FILE)],
        capture_output=True, text=True, check=False,
    ).stdout.strip()  # fmt: skip
    return git_show(commit, path) if commit else None


def move_path(move: stack_table.PathMove) -> None:
    old, new = Path(move.old), Path(move.new)
    ours = old.read_text() if old.is_file() else git_show("HEAD", move.old)
    if ours is None:
        return
    base = last_generated(move.old)
    if new.is_file() and base is not None:
        with tempfile.TemporaryDirectory() as scratch:
            files = []
            for name, text in (("ours", ours), ("base", base), ("theirs", new.read_text())):
                files.append(Path(scratch, name))
                files[-1].write_text(text)
            merged = subprocess.run(
                ["git", "merge-file", "-p", "-L", "before updating", "-L", "last generated",
                 "-L", "after updating", *map(str, files)],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            if merged.returncode < 0 or merged.returncode > 127:
                raise SystemExit(f"git merge-file failed for {new}: {merged.stderr}")
            ours = merged.stdout
    new.parent.mkdir(parents=True, exist_ok=True)
    new.write_text(ours)
    old.unlink(missing_ok=True)
    print(f"moved {old} to {new} with the project's changes (release {move.since})")


def main() -> int:
    stage = os.environ["STAGE"]
    version_from = os.environ["VERSION_PEP440_FROM"]
    version_to = os.environ["VERSION_PEP440_TO"]
    due = [m for m in stack_table.MIGRATIONS if applies(m.since, version_from, version_to)]
    for migration in due:
        if isinstance(migration, stack_table.AnswerRename) and stage == "before":
            ANSWERS_FILE.write_text(rename_answer(ANSWERS_FILE.read_text(), migration))
            print(f"renamed answer {migration.old} to {migration.new} (release {migration.since})")
        elif isinstance(migration, stack_table.PathMove) and stage == "after":
            move_path(migration)
    return 0


if __name__ == "__main__":
    sys.exit(main())
