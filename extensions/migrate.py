"""Apply the stack table's MIGRATIONS during `copier update` (copier's `_migrations`).

Copier runs this in the project at both stages of an update, with the stage and both
template versions in the environment (STAGE, VERSION_PEP440_FROM, VERSION_PEP440_TO). An entry
applies when the project's version is older than its release and the new version is at least
that release:

- before the update, renamed questions (and renamed choices) are rewritten in the answers
  file, so the new template reads the old answers under their new names;
- before the update, moved files are moved with `git mv`, so copier merges the template's
  changes into the user's file at its new place instead of recreating it from scratch.

Only the standard library is used: copier runs this with the machine's python3.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
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


def move_path(move: stack_table.PathMove) -> None:
    old, new = Path(move.old), Path(move.new)
    if not old.exists() or new.exists():
        return
    new.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "mv", str(old), str(new)], check=True)
    print(f"moved {old} to {new} (template release {move.since})")


def main() -> int:
    stage = os.environ["STAGE"]
    version_from = os.environ["VERSION_PEP440_FROM"]
    version_to = os.environ["VERSION_PEP440_TO"]
    if stage != "before":
        return 0
    due = [m for m in stack_table.MIGRATIONS if applies(m.since, version_from, version_to)]
    for migration in due:
        if isinstance(migration, stack_table.AnswerRename):
            ANSWERS_FILE.write_text(rename_answer(ANSWERS_FILE.read_text(), migration))
            print(f"renamed answer {migration.old} to {migration.new} (release {migration.since})")
        else:
            move_path(migration)
    return 0


if __name__ == "__main__":
    sys.exit(main())
