"""The load run: each framework's app on PostgreSQL under a sustained load, with numbers on
errors, database connections and memory (bench/run.py prints them; no pass or fail here).

For each framework (its preferred ORM): generate, install, migrate a throwaway database,
create a user and a post, serve under the production command, then drive a mix of
`GET /api/v1/posts?limit=20`, `GET /api/v1/posts/{id}` and `/health/live` with wrk for the
whole run. Meanwhile the database's connections (pg_stat_activity) and the resident memory of
the server's process tree are sampled; memory is compared between the first and the last
10 seconds.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

import stack_table
from contract import Api
from load import PeriodicSampler
from servers import PostgresConnectionCounter, throwaway_database
from serving import database_connection_limit, pool_environment, project_answers, serve

LOAD_CONNECTIONS = 64
MIX_SCRIPT = Path(__file__).with_name("mix.lua")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The parent pid is the second field after the command's closing parenthesis.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        total += int(match[1]) if match else 0
        pending += _children(current)
    return total


class MemorySampler(PeriodicSampler):
    """RSS of a process tree, once a second, while the `with` block runs."""

    def __init__(self, pid: int) -> None:
        super().__init__()
        self.pid = pid
        self.samples: list[tuple[float, int]] = []

    def sample(self) -> None:
        self.samples.append((time.monotonic() - self.started_at, tree_rss_kib(self.pid)))

    def growth(self, window: float) -> tuple[float, float, float]:
        """Mean RSS (MiB) over the first and the last ``window`` seconds, and the growth."""
        end = self.samples[-1][0]
        first = statistics.mean(kib for at, kib in self.samples if at <= window) / 1024
        last = statistics.mean(kib for at, kib in self.samples if at >= end - window) / 1024
        return first, last, (last - first) / first


def _wrk(url: str, duration: int, token: str, post_id: int) -> dict[str, Any]:
    paths = {
        "BENCH_API_PREFIX": stack_table.API_PREFIX,
        "BENCH_LIVENESS_PATH": stack_table.LIVENESS_PATH,
        "BENCH_POST_ID": str(post_id),
    }
    command = [
        "wrk", "-t2", f"-c{LOAD_CONNECTIONS}", f"-d{duration}s", "--timeout", "10s",
        "-s", str(MIX_SCRIPT), "-H", f"Authorization: Bearer {token}", url,
    ]  # fmt: skip
    output = subprocess.run(
        command, env={**os.environ, **paths}, check=True, capture_output=True, text=True
    ).stdout
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "non_2xx": int(non_2xx[1]) if non_2xx else 0,
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
    }


def load_run(copy: Any, sync_env: dict[str, str], work: Path, duration: int) -> dict[str, Any]:
    """One load run per framework; ``copy(destination, **answers)`` generates a project."""
    results: dict[str, Any] = {}
    for framework in stack_table.layers_for("framework"):
        if framework.value == stack_table.ADOPT:
            continue
        project = work / f"load-{framework.value}"
        copy(project, framework=framework.value, database="postgresql")
        subprocess.run(["uv", "sync", "--quiet"], cwd=project, env=sync_env, check=True)
        answers = project_answers(project)
        context = stack_table.project_context(answers)
        # A pool smaller than the load, so its limit is really exercised.
        pool_env = pool_environment(answers, size=5, overflow=5)
        with throwaway_database("postgresql", context["default_database_url"]) as url:
            env = {"DATABASE_URL": url, "LOG_LEVEL": "WARNING", **pool_env}
            subprocess.run(
                context["commands"]["migrate"].run, shell=True, cwd=project,
                env={**sync_env, **env}, check=True, capture_output=True,
            )  # fmt: skip
            with serve(project, env=env) as server:
                api = Api(server.base_url, project)
                author = api.new_user()
                post = api.new_post(author)
                with (
                    PostgresConnectionCounter(url) as counter,
                    MemorySampler(server.pid) as memory,
                ):
                    numbers = _wrk(server.base_url, duration, author.access_token, post["id"])
        first, last, growth = memory.growth(window=10)
        results[framework.label] = {
            **numbers,
            "db_connections_max": counter.most,
            "db_connection_limit": database_connection_limit(answers, pool_env),
            "rss_first_10s_mib": first,
            "rss_last_10s_mib": last,
            "rss_growth": growth,
        }
    return results
