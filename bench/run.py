"""backend-forge benchmarks: numbers, not pass/fail.

    uv run python bench/run.py [--duration 10] [--runs 5] [--load-duration 30] [--only SECTION]

Measures, on this machine and in one run:
- generation: median wall time of `copier copy` of the default project, next to the time of
  `copier --version` (copier's own start-up, the floor);
- time to green: generate the default project, `uv sync` (warm cache), its tests;
- throughput: each framework's project on PostgreSQL, migrated and seeded with 10,000 posts
  by 100 users, under its production server with one process, driven by wrk (32 connections)
  after a warm-up; every endpoint is reported next to the ceiling, a bare JSON route served by
  the same server with the same settings; FastAPI's also next to two reference routes added
  to its app (bench/floors.py): its caller check alone, and the caller check with the post
  read by the database driver alone;
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
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "extensions")]

import stack_table  # noqa: E402
from contract import Api, User  # noqa: E402
from load_run import LOAD_CONNECTIONS, load_run  # noqa: E402
from servers import SERVERS, throwaway_database  # noqa: E402
from serving import project_answers, serve  # noqa: E402

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


def seed(api: Api, database_url: str) -> tuple[User, int]:
    """USERS accounts, each with one post made through the API, then copied in SQL to POSTS
    published posts (the same columns on every framework); the first account and its post."""
    users = [api.new_user() for _ in range(USERS)]
    post_ids = [api.new_post(user, title="Post", body="x" * 500)["id"] for user in users]
    server = SERVERS["postgresql"]
    with psycopg.connect(
        host=server.host, port=server.port, user=server.user,
        dbname=urlsplit(database_url).path.lstrip("/"), autocommit=True,
    ) as connection:  # fmt: skip
        tables = connection.execute(
            "SELECT table_name FROM information_schema.columns"
            " WHERE table_schema = 'public' AND column_name = 'slug'"
        ).fetchall()
        assert len(tables) == 1, f"expected one posts table (with a slug), found {tables}"
        (table,) = tables[0]
        columns = [
            name
            for (name,) in connection.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = 'public' AND table_name = %s AND column_name <> 'id'",
                (table,),
            )
        ]
        copied = {"slug": "slug || '-' || n", "created_at": "created_at - n * interval '1 s'"}
        connection.execute(
            f"INSERT INTO {table} ({', '.join(columns)})"
            f" SELECT {', '.join(copied.get(name, name) for name in columns)}"
            f" FROM {table}, generate_series(1, {POSTS // USERS - 1}) AS n"
        )
        connection.execute(f"UPDATE {table} SET published = true, published_at = now()")
        connection.execute(f"VACUUM ANALYZE {table}")
    return users[0], post_ids[0]


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


def measuring(base_url: str, project: Path, duration: int) -> Callable[..., dict[str, Any]]:
    """``measure(method, path, headers)``: wrk's numbers for one endpoint of the server at
    ``base_url`` (a POST creates a new post per request). One request first shows that the
    endpoint answers 2xx, as wrk would count a redirect as a success."""
    api = Api(base_url, project)

    def measure(method: str, path: str, headers: dict[str, str]) -> dict[str, Any]:
        payload = {"title": "bench check", "body": "load"} if method == "POST" else None
        reply = api.request(method, path, payload, headers=headers, prefix="")
        assert 200 <= reply.status < 300, f"{method} {path}: {reply}"
        script = ROOT / "bench" / "post.lua" if method == "POST" else None
        return wrk(f"{base_url}{path}", duration, headers, script)

    return measure


# Reference points served by the FastAPI project's app with routes of bench/floors.py added.
FLOOR_CALLER = "reference: the caller check alone, no database"
FLOOR_DRIVER = "reference: caller check + the post read by asyncpg alone"
CEILING = "ceiling (bare JSON route)"
LONG_LIVED_TOKENS = {"ACCESS_TOKEN_TTL_SECONDS": str(24 * 3600)}


def throughput(work: Path, duration: int) -> dict[str, dict[str, Any]]:
    """Each framework's endpoints, next to the ceiling of its own server in the same run."""
    return {
        framework.label: framework_throughput(work, framework.value, duration)
        for framework in stack_table.layers_for("framework")
        if framework.value != stack_table.ADOPT
    }


def framework_throughput(work: Path, framework: str, duration: int) -> dict[str, Any]:
    project = work / f"throughput-{framework}"
    copy(project, framework=framework, database="postgresql")
    subprocess.run(["uv", "sync", "--quiet", "--no-dev"], cwd=project, env=ENV, check=True)
    shutil.copy(ROOT / "bench" / "ceiling.py", project / "src" / "bench_ceiling.py")
    answers = project_answers(project)
    context = stack_table.project_context(answers)
    asgi = "uvicorn" in stack_table.server_command(answers, "127.0.0.1", 0)
    results: dict[str, Any] = {}
    with throwaway_database("postgresql", context["default_database_url"]) as database_url:
        # The token made while seeding must outlive every wrk run, whatever --duration says.
        env = {"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING", **LONG_LIVED_TOKENS}
        subprocess.run(
            context["commands"]["migrate"].run, shell=True, cwd=project,
            env={**ENV, **env}, check=True, capture_output=True,
        )  # fmt: skip
        with serve(project, env=env) as server:
            author, post_id = seed(Api(server.base_url, project), database_url)
        # Production settings; the proxy in front of it would say the request came over TLS.
        env |= {"ENVIRONMENT": "production"}
        headers = {**author.headers, "X-Forwarded-Proto": "https"}
        posts = f"{stack_table.API_PREFIX}/posts"
        with serve(project, env=env) as server:
            measure = measuring(server.base_url, project, duration)
            results[f"GET {posts}?limit=20"] = measure("GET", f"{posts}?limit=20", headers)
            results[f"GET {posts}/{{id}}"] = measure("GET", f"{posts}/{post_id}", headers)
            results[f"POST {posts}"] = measure("POST", posts, headers)
            liveness = stack_table.LIVENESS_PATH
            results[f"GET {liveness}"] = measure("GET", liveness, {})
        if framework == "fastapi":
            shutil.copy(ROOT / "bench" / "floors.py", project / "src" / "bench_floors.py")
            floors_env = {**env, "BENCH_PACKAGE": answers["package_name"]}
            with serve(project, app="bench_floors:create_app", env=floors_env) as server:
                measure = measuring(server.base_url, project, duration)
                results[FLOOR_CALLER] = measure("GET", "/bench/caller", headers)
                results[FLOOR_DRIVER] = measure("GET", f"/bench/driver/{post_id}", headers)
        ceiling_app = "bench_ceiling:create_app" if asgi else "bench_ceiling:application"
        with serve(project, app=ceiling_app, env=env) as server:
            results[CEILING] = measuring(server.base_url, project, duration)("GET", "/", {})
    for numbers in results.values():
        numbers["of_ceiling"] = numbers["rps"] / results[CEILING]["rps"]
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
    for framework, endpoints in report.get("throughput", {}).items():
        print(
            f"| {framework} + PostgreSQL, 1 process, {CONNECTIONS} connections | req/s | of ceiling | p50 ms | p99 ms | non-2xx |"
        )
        print("| --- | --- | --- | --- | --- | --- |")
        for name, numbers in endpoints.items():
            print(
                f"| {name} | {numbers['rps']:.0f} | {numbers['of_ceiling']:.1%} | {numbers['p50_ms']:.1f} | {numbers['p99_ms']:.1f} | {numbers['non_2xx']} |"
            )
        print()
    if "load" in report:
        print(
            f"| Load, PostgreSQL, {LOAD_CONNECTIONS} connections, {arguments.load_duration} s | requests | req/s | non-2xx | socket errors | DB connections (limit) | RSS first 10 s → last 10 s |"
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
