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
from servers import PostgresConnectionCounter, throwaway_database
from serving import database_connection_limit, pool_environment, project_answers, serve

pytestmark = pytest.mark.full

CONNECTIONS = 64
SECONDS = 8
PAIRS = admitted_pairs()


@pytest.mark.parametrize(("framework", "orm"), PAIRS, ids=[f"{f}-{o}" for f, o in PAIRS])
def test_under_load_every_request_succeeds_within_the_connection_limit(
    copie_session: Any, framework: str, orm: str
) -> None:
    project: Path = render(copie_session, framework=framework, orm=orm, database="postgresql")
    answers = project_answers(project)
    context = stack_table.project_context(answers)
    run(context["commands"]["install"].run, cwd=project)
    # A pool smaller than the load, so its limit is really exercised.
    pool_env = pool_environment(answers, size=3, overflow=2)
    with throwaway_database("postgresql", context["default_database_url"]) as url:
        env = {"DATABASE_URL": url, **pool_env}
        run(context["commands"]["migrate"].run, cwd=project, env=env)
        with serve(project, env=env) as server:
            api = Api(server.base_url, project)
            author = api.new_user()
            post = api.new_post(author)
            paths = [
                f"{stack_table.API_PREFIX}/posts?limit=20",
                f"{stack_table.API_PREFIX}/posts/{post['id']}",
                stack_table.LIVENESS_PATH,
            ]
            with PostgresConnectionCounter(url) as counter:
                result = run_load(
                    api.host,
                    api.port,
                    paths,
                    author.headers,
                    CONNECTIONS,
                    SECONDS,
                )

    assert not result.errors, f"{result.errors} after {result.requests} answers"
    assert result.requests > 0
    assert set(result.statuses) == {200}, result.statuses
    assert 0 < counter.most <= database_connection_limit(answers, pool_env), counter.most
