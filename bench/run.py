"""backend-forge benchmarks: numbers, not pass/fail.

    uv run python bench/run.py [--duration 10] [--runs 5] [--load-duration 30] [--only SECTION]

Measures, on this machine and in one run:
- generation: median wall time of `copier copy` of the default project, next to the time of
  `copier --version` (copier's own start-up, the floor);
- time to green: generate the default project, `uv sync` (warm cache), its tests;
- throughput: the FastAPI project on PostgreSQL, migrated and seeded with 10,000 posts by 100
  users, under its production server with one worker, driven by wrk (32 connections) after a
  warm-up; every endpoint is reported next to the ceiling, a bare JSON route served by the same
  server with the same settings, and next to two reference routes added to the project's app
  (bench/floors.py): its caller check alone, and the caller check with the post read by the
  database driver alone;
- load: every framework's app on PostgreSQL under 64 connections for 30 s: errors, the most
  database connections it held against its limit, and memory growth (bench/load_run.py).
Writes markdown tables to stdout and JSON to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "extensions")]

import stack_table  # noqa: E402
from load_run import LOAD_CONNECTIONS, load_run  # noqa: E402
from servers import throwaway_database  # noqa: E402
from serving import project_answers, request_json, serve  # noqa: E402

ENV = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
ENV.pop("VIRTUAL_ENV", None)
CONNECTIONS = 32
USERS, POSTS = 100, 10_000


def timed(command: list[str] | str, cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env=ENV, check=True, capture_output=True, shell=isinstance(command, str)
    )
    return time.perf_counter() - started


def copy(destination: Path, **answers: str) -> None:
    data = [f"--data={key}={value}" for key, value in answers.items()]
    subprocess.run(
        ["copier", "copy", "--trust", "--defaults", "--quiet", "--vcs-ref=HEAD", *data, str(ROOT), str(destination)],
        env=ENV, check=True, capture_output=True,
    )  # fmt: skip


def generation(runs: int, work: Path) -> dict[str, float]:
    floor = statistics.median(timed(["copier", "--version"], ROOT) for _ in range(runs))
    times = []
    for number in range(runs):
        started = time.perf_counter()
        copy(work / f"generated-{number}")
        times.append(time.perf_counter() - started)
    return {"copier_version_s": floor, "copy_default_s": statistics.median(times)}


def time_to_green(work: Path) -> dict[str, float]:
    project = work / "green"
    started = time.perf_counter()
    copy(project)
    subprocess.run(["uv", "sync", "--quiet"], cwd=project, env=ENV, check=True)
    subprocess.run(
        ["uv", "run", "pytest", "-q", "-n", "auto"],
        cwd=project,
        env=ENV,
        check=True,
        capture_output=True,
    )
    return {"generate_install_test_s": time.perf_counter() - started}


def seed(project: Path, database_url: str) -> None:
    script = f"""
import asyncio
from datetime import UTC, datetime, timedelta
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import create_async_engine
from my_service.auth.passwords import _hasher
from my_service.models import Post, User

async def main():
    engine = create_async_engine({database_url!r})
    password = _hasher.hash("correct-horse-battery")
    now = datetime.now(UTC)
    async with engine.begin() as connection:
        await connection.execute(insert(User), [
            {{"email": f"user{{n}}@example.com", "password_hash": password, "full_name": f"User {{n}}",
             "is_active": True, "created_at": now}} for n in range({USERS})])
        await connection.execute(insert(Post), [
            {{"author_id": n % {USERS} + 1, "title": f"Post {{n}}", "body": "x" * 500, "slug": f"post-{{n}}",
             "published": True, "published_at": now, "created_at": now - timedelta(seconds=n),
             "updated_at": now}} for n in range({POSTS})])
    await engine.dispose()

asyncio.run(main())
"""
    subprocess.run(
        ["uv", "run", "python", "-c", script],
        cwd=project,
        env={**ENV, "DATABASE_URL": database_url},
        check=True,
    )


def wrk(
    url: str, duration: int, headers: dict[str, str], script: Path | None = None
) -> dict[str, Any]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(script)]
    warm = [*command[:3], "-d2s", *command[4:]]
    subprocess.run([*warm, url], check=True, capture_output=True)
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p50_ms": _latency_ms(output, "50%"),
        "p99_ms": _latency_ms(output, "99%"),
        "non_2xx": int(non_2xx[1]) if non_2xx else 0,
    }


def _latency_ms(output: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


# Reference points served by the project's app with routes of bench/floors.py added.
FLOOR_CALLER = "reference: the caller check alone, no database"
FLOOR_DRIVER = "reference: caller check + the post read by asyncpg alone"


def throughput(work: Path, duration: int) -> dict[str, Any]:
    project = work / "throughput"
    copy(project, database="postgresql")
    subprocess.run(["uv", "sync", "--quiet", "--no-dev"], cwd=project, env=ENV, check=True)
    shutil.copy(ROOT / "bench" / "ceiling.py", project / "src" / "bench_ceiling.py")
    shutil.copy(ROOT / "bench" / "floors.py", project / "src" / "bench_floors.py")
    project_url = stack_table.database_driver(project_answers(project)).url
    with throwaway_database("postgresql", like=project_url) as database_url:
        env_file = (project / ".env").read_text()
        (project / ".env").write_text(
            env_file.replace("ENVIRONMENT=development", "ENVIRONMENT=production")
            + f"\nDATABASE_URL={database_url}\nLOG_LEVEL=WARNING\n"
        )
        subprocess.run(
            ["uv", "run", "alembic", "upgrade", "head"],
            cwd=project,
            env=ENV,
            check=True,
            capture_output=True,
        )
        seed(project, database_url)
        results: dict[str, Any] = {}
        with serve(project) as server:
            _, tokens = request_json(
                f"{server.base_url}/api/v1/auth/login",
                {"email": "user1@example.com", "password": "correct-horse-battery"},
            )
            auth = {"Authorization": f"Bearer {tokens['access_token']}"}
            _, page = request_json(f"{server.base_url}/api/v1/posts?limit=1", headers=auth)
            post_id = page["items"][0]["id"]
            base = server.base_url
            results["GET /api/v1/posts?limit=20"] = wrk(
                f"{base}/api/v1/posts?limit=20", duration, auth
            )
            results["GET /api/v1/posts/{id}"] = wrk(
                f"{base}/api/v1/posts/{post_id}", duration, auth
            )
            results["POST /api/v1/posts"] = wrk(
                f"{base}/api/v1/posts", duration, auth, ROOT / "bench" / "post.lua"
            )
            results["GET /health/live"] = wrk(f"{base}/health/live", duration, {})
        floors_env = {"BENCH_PACKAGE": project_answers(project)["package_name"]}
        with serve(project, app="bench_floors:create_app", env=floors_env) as server:
            base = server.base_url
            results[FLOOR_CALLER] = wrk(f"{base}/bench/caller", duration, auth)
            results[FLOOR_DRIVER] = wrk(f"{base}/bench/driver/{post_id}", duration, auth)
        with serve(project, app="bench_ceiling:create_app") as server:
            results["ceiling (bare JSON route)"] = wrk(f"{server.base_url}/", duration, {})
    ceiling = results["ceiling (bare JSON route)"]["rps"]
    for numbers in results.values():
        numbers["of_ceiling"] = numbers["rps"] / ceiling
    return results


SECTIONS = ("generation", "time_to_green", "throughput", "load")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per endpoint")
    parser.add_argument(
        "--runs", type=int, default=5, help="copies timed for the generation median"
    )
    parser.add_argument("--load-duration", type=int, default=30, help="seconds of the load run")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run only these")
    arguments = parser.parse_args()
    if arguments.load_duration < 20:
        parser.error("--load-duration must be at least 20 s: memory is compared over 10 s windows")
    sections = arguments.only or SECTIONS
    if {"throughput", "load"} & set(sections) and shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)
    report: dict[str, Any] = {
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    }
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        if "generation" in sections:
            report["generation"] = generation(arguments.runs, work)
        if "time_to_green" in sections:
            report["time_to_green"] = time_to_green(work)
        if "throughput" in sections:
            report["throughput"] = throughput(work, arguments.duration)
        if "load" in sections:
            report["load"] = load_run(copy, ENV, work, arguments.load_duration)
    print(f"Machine: {report['machine']}\n")
    if {"generation", "time_to_green"} & set(report):
        print("| Generation | seconds |\n| --- | --- |")
    if "generation" in report:
        print(f"| `copier --version` (floor) | {report['generation']['copier_version_s']:.2f} |")
        print(
            f"| `copier copy` default project (median of {arguments.runs}) | {report['generation']['copy_default_s']:.2f} |"
        )
    if "time_to_green" in report:
        print(
            f"| time to green (copy, `uv sync` warm, tests) | {report['time_to_green']['generate_install_test_s']:.2f} |\n"
        )
    if "throughput" in report:
        print(
            f"| FastAPI + PostgreSQL, 1 worker, {CONNECTIONS} connections | req/s | of ceiling | p50 ms | p99 ms | non-2xx |"
        )
        print("| --- | --- | --- | --- | --- | --- |")
        for name, numbers in report["throughput"].items():
            print(
                f"| {name} | {numbers['rps']:.0f} | {numbers['of_ceiling']:.1%} | {numbers['p50_ms']:.1f} | {numbers['p99_ms']:.1f} | {numbers['non_2xx']} |"
            )
    if "load" in report:
        print(
            f"\n| Load, PostgreSQL, {LOAD_CONNECTIONS} connections, {arguments.load_duration} s | requests | req/s | non-2xx | socket errors | DB connections (limit) | RSS first 10 s → last 10 s |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name, numbers in report["load"].items():
            print(
                f"| {name} | {numbers['requests']} | {numbers['rps']:.0f} | {numbers['non_2xx']} | {numbers['socket_errors']} | {numbers['db_connections_max']} ({numbers['db_connection_limit']}) | {numbers['rss_first_10s_mib']:.1f} → {numbers['rss_last_10s_mib']:.1f} MiB ({numbers['rss_growth']:+.1%}) |"
            )
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    # A partial run (--only) does not replace the latest full one.
    name = "latest.json" if set(sections) == set(SECTIONS) else f"latest-{'-'.join(sections)}.json"
    (results / name).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
