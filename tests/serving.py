"""Serve a generated project under its production command on a free loopback port."""

from __future__ import annotations

import json
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import stack_table
import yaml
from conftest import clean_environment


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def request_json(
    url: str, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, Any]]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@dataclass
class Server:
    base_url: str
    output: list[str] = field(default_factory=list)
    # The server command's process; the server itself runs as its child (`uv run`).
    pid: int = 0


def project_answers(project: Path) -> dict[str, Any]:
    return dict(yaml.safe_load((project / ".copier-answers.yml").read_text()))


# Test and benchmark traffic all comes from one address: lift the per-client rate limits
# (the limiter still counts every request) unless a caller sets its own.
LIFTED_RATE_LIMITS = {
    variable.name: "1000000/minute"
    for variable in (*stack_table.APP_ENV, stack_table.RATE_LIMIT_AUTH)
    if variable.name.startswith("RATE_LIMIT_")
}


@contextmanager
def serve(project: Path, app: str = "", env: Mapping[str, str] | None = None) -> Iterator[Server]:
    """Run the project's production server on a free loopback port until the block ends.

    ``app`` replaces the application the command serves (the benchmark's bare ceiling app);
    ``env`` is added to its environment, over `LIFTED_RATE_LIMITS`. The server's output is
    kept in ``Server.output``.
    """
    port = free_port()
    argv = stack_table.server_command(project_answers(project), "127.0.0.1", port, app=app)
    server = Server(f"http://127.0.0.1:{port}")
    # A file, not a pipe: nobody reads a pipe while the server runs, and a full one blocks it.
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            ["uv", "run", "--no-sync", *argv],
            cwd=project,
            env={**clean_environment(), **LIFTED_RATE_LIMITS, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        server.pid = process.pid
        try:
            _wait_until_live(server, process)
            yield server
        finally:
            process.terminate()
            process.wait(timeout=10)
            log.seek(0)
            server.output = log.read().splitlines()


def _wait_until_live(server: Server, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            request_json(f"{server.base_url}{stack_table.LIVENESS_PATH}")
            return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("the server did not start (its output follows the test)")
            time.sleep(0.2)


def pool_environment(answers: dict[str, Any], size: int, overflow: int) -> dict[str, str]:
    """Settings that give a project's database pool ``size`` + ``overflow`` connections
    (nothing for a project without a pool setting, which holds one per server thread)."""
    names = {var.name for var in stack_table.project_context(answers)["env_vars"]}
    if "DATABASE_POOL_SIZE" not in names:
        return {}
    return {"DATABASE_POOL_SIZE": str(size), "DATABASE_MAX_OVERFLOW": str(overflow)}


def database_connection_limit(answers: dict[str, Any], pool_env: Mapping[str, str]) -> int:
    """The most database connections the served project may hold: its pool as ``pool_env``
    sets it, or one per server thread (Django keeps one connection per thread)."""
    if pool_env:
        return int(pool_env["DATABASE_POOL_SIZE"]) + int(pool_env["DATABASE_MAX_OVERFLOW"])
    argv = stack_table.server_command(answers, "127.0.0.1", 0)
    return int(argv[argv.index("--threads") + 1])
