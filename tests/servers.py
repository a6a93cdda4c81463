"""The database servers of this machine (and CI), and throwaway databases on them.

Each database gets a unique name and is dropped afterwards, so parallel runs never collide.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pymysql
from load import PeriodicSampler


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str


SERVERS = {
    "postgresql": Server("127.0.0.1", 5432, "postgres"),
    "mysql": Server("127.0.0.1", 3306, "root"),
}


def local_url(database: str, like: str, name: str) -> str:
    """``like`` (a project's URL for this kind of server) pointed at database ``name`` here.

    The project's scheme (its driver) and query (e.g. charset) are kept; the credentials,
    host and port become this machine's server.
    """
    server = SERVERS[database]
    parts = urlsplit(like)
    netloc = f"{server.user}@{server.host}:{server.port}"
    return urlunsplit((parts.scheme, netloc, f"/{name}", parts.query, ""))


def _execute(database: str, statement: str) -> None:
    server = SERVERS[database]
    if database == "postgresql":
        with psycopg.connect(
            host=server.host, port=server.port, user=server.user, dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(statement.encode())
        return
    connection = pymysql.connect(host=server.host, port=server.port, user=server.user)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


@contextmanager
def throwaway_database(database: str, like: str) -> Iterator[str]:
    """A new, empty database on the server; yields its URL in the form of ``like`` and drops
    the database afterwards."""
    name = f"forge_{uuid.uuid4().hex[:12]}"
    _execute(database, f"CREATE DATABASE {name}")
    force = " WITH (FORCE)" if database == "postgresql" else ""
    try:
        yield local_url(database, like, name)
    finally:
        _execute(database, f"DROP DATABASE IF EXISTS {name}{force}")


class PostgresConnectionCounter(PeriodicSampler):
    """Samples how many client connections the PostgreSQL database at ``url`` has, every
    50 ms while the `with` block runs (background workers such as autovacuum not counted)."""

    interval = 0.05

    def __init__(self, url: str) -> None:
        super().__init__()
        self.name = urlsplit(url).path.lstrip("/")
        self.most = 0
        self._connection: psycopg.Connection[tuple[int]] | None = None

    def sample(self) -> None:
        if self._connection is None:
            server = SERVERS["postgresql"]
            self._connection = psycopg.connect(
                host=server.host, port=server.port, user=server.user, dbname="postgres",
                autocommit=True,
            )  # fmt: skip
        row = self._connection.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = %s AND backend_type = 'client backend'",
            (self.name,),
        ).fetchone()
        self.most = max(self.most, row[0] if row else 0)

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        if self._connection is not None:
            self._connection.close()
