"""Full tier: a short load against each framework's app on PostgreSQL, under its production
command. Not a benchmark (bench/ measures speed): under 64 concurrent connections every valid
request must succeed, and the app must stay within its database connection limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import stack_table
from conftest import admitted_pairs, render, run
from contract import Api
from load import run_load
from servers import ConnectionCounter, throwaway_database
from serving import project_answers, serve

pytestmark = pytest.mark.full

CONNECTIONS = 64
SECONDS = 8
# SQLAlchemy projects: a pool smaller than the load, so the limit is really exercised.
POOL_ENV = {"DATABASE_POOL_SIZE": "3", "DATABASE_MAX_OVERFLOW": "2"}


def connection_limit(answers: dict[str, Any], env_names: set[str]) -> int:
    """The most connections the served app may hold: its pool, or one per server thread."""
    if "DATABASE_POOL_SIZE" in env_names:
        return int(POOL_ENV["DATABASE_POOL_SIZE"]) + int(POOL_ENV["DATABASE_MAX_OVERFLOW"])
    argv = stack_table.server_command(answers, "127.0.0.1", 0)
    return int(argv[argv.index("--threads") + 1])


PAIRS = admitted_pairs()


@pytest.mark.parametrize(("framework", "orm"), PAIRS, ids=[f"{f}-{o}" for f, o in PAIRS])
def test_under_load_every_request_succeeds_within_the_connection_limit(
    copie_session: Any, framework: str, orm: str
) -> None:
    project: Path = render(copie_session, framework=framework, orm=orm, database="postgresql")
    answers = project_answers(project)
    context = stack_table.project_context(answers)
    run(context["commands"]["install"].run, cwd=project)
    env_names = {var.name for var in context["env_vars"]}
    with throwaway_database("postgresql", context["default_database_url"]) as url:
        env = {"DATABASE_URL": url, **(POOL_ENV if "DATABASE_POOL_SIZE" in env_names else {})}
        run(context["commands"]["migrate"].run, cwd=project, env=env)
        with serve(project, env=env) as server:
            api = Api(server.base_url)
            author = api.new_user()
            post = api.new_post(author)
            paths = [
                f"{stack_table.API_PREFIX}/posts?limit=20",
                f"{stack_table.API_PREFIX}/posts/{post['id']}",
                stack_table.LIVENESS_PATH,
            ]
            with ConnectionCounter("postgresql", url) as counter:
                result = run_load(
                    api.host,
                    api.port,
                    paths,
                    {"Authorization": f"Bearer {author.access_token}"},
                    CONNECTIONS,
                    SECONDS,
                )

    assert not result.errors, f"{result.errors} after {result.requests} answers"
    assert result.requests > 0
    assert set(result.statuses) == {200}, result.statuses
    assert 0 < counter.most <= connection_limit(answers, env_names), counter.most
