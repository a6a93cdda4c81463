"""Apply the stack table's MIGRATIONS during `copier update` (copier's `_migrations`).

Copier runs this in the project at both stages of an update, with the stage and both
template versions in the environment (STAGE, VERSION_PEP440_FROM, VERSION_PEP440_TO). An entry
applies when the project's version is older than its release and the new version is at least
that release:

- before the update, renamed questions (and renamed choices) are rewritten in the answers
  file, so the new template reads the old answers under their new names;
- after the update, a moved file gets the team's version of the old file merged with the
  template's new one (three-way, from the file as the last copier run wrote it), because copier
  itself deletes a file the template no longer has, changes and all;
- after the update, any other file copier deleted that the team had changed since it was
  generated is put back and named in the output, as git does with a modify/delete conflict
  (e.g. `main.py` after `--data framework=flask`): the team ports its changes, then deletes it.

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


PRE_RELEASES = {"a": 1, "b": 2, "rc": 3}
VERSION_PATTERN = re.compile(
    r"v?(?P<release>\d+(?:\.\d+)*)(?:[.-]?(?P<pre>a|b|rc)(?P<pre_n>\d*))?"
    r"(?:[.-]?post(?P<post>\d*))?(?:[.-]?dev(?P<dev>\d*))?(?:\+[A-Za-z0-9.]+)?"
)

Key = tuple[tuple[int, ...], tuple[int, int], int, tuple[int, int]]


def release_key(version: str) -> Key:
    """Order release tags and copier's versions: 1.0.dev1 < 1.0a1 < 1.0rc1 < 1.0 < 1.0.post1.

    This is PEP 440's order for the forms our tags and copier use, not a full parser: copier
    gives a commit past a tag as a post/dev version with a local part
    (``0.2.0.post3.dev0+g1a2b3c``), and here the local part is ignored (PEP 440 would sort
    ``1.0+local`` just after ``1.0``; no release is ever tagged with one).
    """
    match = VERSION_PATTERN.fullmatch(version)
    if match is None:
        raise ValueError(f"not a release version: {version!r}")
    release = tuple(int(part) for part in match["release"].split("."))
    release += (0,) * (4 - len(release))
    is_dev, is_post = match["dev"] is not None, match["post"] is not None
    if match["pre"]:
        pre = (PRE_RELEASES[match["pre"]], int(match["pre_n"] or 0))
    else:
        # A bare X.Y.devN comes before every pre-release of X.Y.
        pre = (0, 0) if is_dev and not is_post else (4, 0)
    post = int(match["post"] or 0) if is_post else -1
    dev = (0, int(match["dev"] or 0)) if is_dev else (1, 0)
    return release, pre, post, dev


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
    # "./": the path is relative to the project, which may sit below the repository's root.
    shown = subprocess.run(
        ["git", "show", f"{revision}:./{path}"], capture_output=True, text=True, check=False
    )
    return shown.stdout if shown.returncode == 0 else None


def blob_id(revision: str, path: str) -> str | None:
    """The id of the file's content at ``revision`` (None where it has no such file)."""
    parsed = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{revision}:./{path}"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return parsed.stdout.strip() or None


def last_generation() -> str:
    """The commit that last changed the answers file: the project as the last copier run
    wrote it ("" if the answers file was never committed)."""
    return subprocess.run(
        ["git", "log", "-1", "--format=%H", "--", str(ANSWERS_FILE)],
        capture_output=True, text=True, check=False,
    ).stdout.strip()  # fmt: skip


def last_generated(path: str) -> str | None:
    """The file as the last copier run wrote it."""
    commit = last_generation()
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


def deleted_by_update() -> list[str]:
    """Files the update removed from the working tree (they are still in HEAD), relative to
    the project."""
    listed = subprocess.run(
        ["git", "diff", "--relative", "--name-only", "-z", "--no-renames", "--diff-filter=D",
         "HEAD"],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    return [path for path in listed.split("\0") if path]


def keep_changed_files(deleted: list[str], moved: set[str]) -> None:
    """Put back each deleted file whose committed version the team changed after generating
    it, byte for byte and with its mode, as git does with a modify/delete conflict."""
    generation = last_generation()
    for path in deleted:
        ours = blob_id("HEAD", path)
        if path in moved or ours is None or (generation and ours == blob_id(generation, path)):
            continue
        subprocess.run(["git", "restore", "--source=HEAD", "--worktree", "--", path], check=True)
        print(
            f"kept {path}: the template no longer has it, but it has your changes; "
            "move them where they belong, then delete the file"
        )


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
    if stage == "after":
        moved = {m.old for m in due if isinstance(m, stack_table.PathMove)}
        keep_changed_files(deleted_by_update(), moved)
    return 0


if __name__ == "__main__":
    sys.exit(main())
