"""The database servers of this machine (and CI), and throwaway databases on them.

Each database gets a unique name and is dropped afterwards, so parallel runs never collide.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
import pymysql


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str
    # How a generated project names a database on this server (its async driver).
    url_template: str

    def url(self, database: str) -> str:
        return self.url_template.format(user=self.user, port=self.port, database=database)


SERVERS = {
    "postgresql": Server(
        "127.0.0.1", 5432, "postgres", "postgresql+asyncpg://{user}@127.0.0.1:{port}/{database}"
    ),
    "mysql": Server(
        "127.0.0.1",
        3306,
        "root",
        "mysql+aiomysql://{user}@127.0.0.1:{port}/{database}?charset=utf8mb4",
    ),
}


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
def throwaway_database(database: str) -> Iterator[str]:
    """A new, empty database on the server; yields its URL for the project and drops it after."""
    name = f"forge_{uuid.uuid4().hex[:12]}"
    _execute(database, f"CREATE DATABASE {name}")
    force = " WITH (FORCE)" if database == "postgresql" else ""
    try:
        yield SERVERS[database].url(name)
    finally:
        _execute(database, f"DROP DATABASE IF EXISTS {name}{force}")
