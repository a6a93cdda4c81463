"""Replays a generated GitHub Actions workflow on this machine.

Each Linux job's `run:` steps execute in order in the project, with the workflow's, the job's
and the step's `env`, under bash as on GitHub's runners. The job's `services` are mapped onto
this machine's servers: an environment value that names a service's published port is pointed
at a throwaway database on the matching local server, but only if the URL would also work on
the runner (same port, database, user and password as the service declares); Redis and
RabbitMQ URLs keep the local server, where the tests use keys and queues of their own. Any other
loopback port is made unreachable, since nothing else listens on a runner. `uses:` steps are
replaced by what this machine already has, as listed in REPLACED_ACTIONS; an unknown action,
or an expression the replay cannot evaluate, fails the replay.
"""

from __future__ import annotations

import re
import subprocess
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from conftest import run
from servers import throwaway_database
from serving import free_port

# Actions and what stands in for them here.
REPLACED_ACTIONS = {
    "actions/checkout": "the rendered project is the checkout",
    "astral-sh/setup-uv": "uv and the pinned Python are installed on this machine",
}
# Jobs made only of these need a Docker engine, which this machine does not have.
DOCKER_ACTIONS = ("docker/",)
# Service images and the local server that plays their part.
LOCAL_SERVERS = {"postgres": "postgresql", "mariadb": "mysql", "mysql": "mysql"}

LOOPBACK_URL = re.compile(
    r"^(?P<scheme>[\w+]+)://(?:(?P<user>[^:@/]+)(?::(?P<password>[^@/]*))?@)?"
    r"(?:127\.0\.0\.1|localhost):(?P<port>\d+)/(?P<database>[^?]*)"
)


@dataclass
class StepResult:
    """A replayed `run:` step and what it printed."""

    command: str
    output: str


def _uses_name(step: dict[str, Any]) -> str:
    return str(step["uses"]).split("@")[0]


def _service_problem(match: re.Match[str], service: dict[str, Any]) -> str:
    """Why this URL would not reach the service on a runner ("" if it would)."""
    env = service.get("env", {})
    image = str(service["image"]).split(":")[0]
    if image == "redis":
        return "" if match["user"] is None and match["password"] is None else "Redis has no users"
    if image == "rabbitmq":
        expected = {
            "user": env.get("RABBITMQ_DEFAULT_USER", "guest"),
            "password": env.get("RABBITMQ_DEFAULT_PASS", "guest"),
            "database": quote(env.get("RABBITMQ_DEFAULT_VHOST", "/"), safe=""),
        }
        return _mismatch(match, expected)
    if image == "postgres":
        expected = {
            "user": env.get("POSTGRES_USER", "postgres"),
            "password": env.get("POSTGRES_PASSWORD"),
            "database": env.get("POSTGRES_DB", env.get("POSTGRES_USER", "postgres")),
        }
    else:
        expected = {
            "user": "root",
            "password": env.get("MARIADB_ROOT_PASSWORD", env.get("MYSQL_ROOT_PASSWORD")),
            "database": env.get("MARIADB_DATABASE", env.get("MYSQL_DATABASE")),
        }
    return _mismatch(match, expected)


def _mismatch(match: re.Match[str], expected: dict[str, Any]) -> str:
    for key, value in expected.items():
        if match[key] != value:
            return f"{key} {match[key]!r} does not match the service's {value!r}"
    return ""


def _job_environment(job: dict[str, Any], base: dict[str, str], stack: ExitStack) -> dict[str, str]:
    """The job's environment with service URLs pointed at this machine's servers."""
    by_port: dict[int, dict[str, Any]] = {}
    for service in (job.get("services") or {}).values():
        for mapping in service.get("ports", []):
            host_port = int(str(mapping).split(":")[0])
            by_port[host_port] = service
    environment = {**base, **{k: str(v) for k, v in (job.get("env") or {}).items()}}
    for name, value in environment.items():
        match = LOOPBACK_URL.match(value)
        if match is None:
            continue
        service = by_port.get(int(match["port"]))
        problem = "no service publishes this port" if service is None else ""
        problem = problem or _service_problem(match, service)  # type: ignore[arg-type]
        if problem:
            # On the runner this URL would fail; here it must fail too.
            environment[name] = value.replace(f":{match['port']}/", f":{free_port()}/", 1)
            continue
        image = str(service["image"]).split(":")[0]  # type: ignore[index]
        if image in ("redis", "rabbitmq"):
            continue  # the local server listens on the same port; tests keep to their own keys
        environment[name] = stack.enter_context(
            throwaway_database(LOCAL_SERVERS[image], like=value)
        )
    return environment


def replay(project: Path, workflow: Path) -> list[StepResult]:
    """Run every Linux job of ``workflow`` in ``project``; fails the test on any failure."""
    data = yaml.safe_load(workflow.read_text())
    results: list[StepResult] = []
    workflow_env = {k: str(v) for k, v in (data.get("env") or {}).items()}
    for job_id, job in data["jobs"].items():
        if "ubuntu" not in str(job.get("runs-on", "")):
            raise AssertionError(f"job {job_id} does not run on Linux; the replay cannot run it")
        steps = job["steps"]
        if all("uses" in s and _uses_name(s).startswith(DOCKER_ACTIONS) for s in steps[1:]):
            continue  # needs a Docker engine
        with ExitStack() as stack:
            environment = _job_environment(job, workflow_env, stack)
            for step in steps:
                if "uses" in step:
                    action = _uses_name(step)
                    if action not in REPLACED_ACTIONS:
                        raise AssertionError(f"job {job_id}: no stand-in for action {action}")
                    continue
                command = str(step["run"])
                if "${{" in command:
                    raise AssertionError(f"job {job_id}: cannot replay expressions in {command!r}")
                step_env = {
                    **environment,
                    **{k: str(v) for k, v in (step.get("env") or {}).items()},
                }
                completed: subprocess.CompletedProcess[str] = run(
                    ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command],
                    cwd=project / step.get("working-directory", "."),
                    env=step_env,
                )
                results.append(StepResult(command, completed.stdout + completed.stderr))
    return results
