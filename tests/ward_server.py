"""A ward's records database on the test PostgreSQL server, set up the way IT would: an owner role (not a
superuser) that owns the database and runs ``handbook db upgrade``, and nurses who are login roles in the
``handbook_nurse`` group role that the upgrade creates."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from psycopg import sql

from handbook.db.server_rights import NURSE_ROLE
from handbook.db.user_store import upgrade_records
from tests.postgres import PostgresCluster, PostgresDatabase

OWNER = "handbook_owner_test"
NURSES = {"nurse_alice": "alice-pw-1", "nurse_bea": "bea-pw-2"}
PASSWORD = "owner-pw-0"


def _ensure_roles(cluster: PostgresCluster) -> None:
    with psycopg.connect(cluster.conninfo(), autocommit=True) as connection:
        existing = {row[0] for row in connection.execute("SELECT rolname FROM pg_roles")}
        if OWNER not in existing:
            connection.execute(
                sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(
                    sql.Identifier(OWNER), sql.Literal(PASSWORD)
                )
            )


def _ensure_nurses(cluster: PostgresCluster) -> None:
    """After the first upgrade made the group role: each nurse a login role in it (as IT does)."""
    with psycopg.connect(cluster.conninfo(), autocommit=True) as connection:
        existing = {row[0] for row in connection.execute("SELECT rolname FROM pg_roles")}
        for name, password in NURSES.items():
            if name not in existing:
                connection.execute(
                    sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                        sql.Identifier(name), sql.Literal(password), sql.Identifier(NURSE_ROLE)
                    )
                )


@dataclass(frozen=True)
class WardServer:
    database: PostgresDatabase

    @property
    def owner_url(self) -> str:
        return self.database.url_as(OWNER, PASSWORD)

    def nurse_url(self, name: str = "nurse_alice") -> str:
        return self.database.url_as(name, NURSES[name])

    def conninfo(self, name: str) -> str:
        password = PASSWORD if name == OWNER else NURSES[name]
        cluster = self.database.cluster
        return f"host=127.0.0.1 port={cluster.port} dbname={self.database.name} user={name} password={password}"


TEMPLATE = "ward_template"


@pytest.fixture(scope="session")
def ward_template(postgres_cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A records database made once per session exactly as IT would (owner role, ``db upgrade``), copied
    for each test: copying is much faster than migrating."""
    cluster = postgres_cluster
    _ensure_roles(cluster)
    cluster.drop_database(TEMPLATE)
    cluster.create_database(TEMPLATE, owner=OWNER)
    cluster.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(OWNER)), TEMPLATE)
    url = cluster.url(TEMPLATE, user=OWNER, password=PASSWORD)
    store, _before, _after = upgrade_records(tmp_path_factory.mktemp("ward-template"), url)
    store.dispose()
    _ensure_nurses(cluster)
    return TEMPLATE


@pytest.fixture
def ward_server(postgres_cluster: PostgresCluster, ward_template: str) -> Iterator[WardServer]:
    """A fresh ward records database, upgraded by IT's owner role, with two nurse login roles."""
    cluster = postgres_cluster
    if not cluster.is_running():
        cluster.start()
    name = f"w_{uuid.uuid4().hex[:12]}"
    cluster.execute(
        sql.SQL("CREATE DATABASE {} TEMPLATE {} OWNER {} STRATEGY FILE_COPY").format(
            sql.Identifier(name), sql.Identifier(ward_template), sql.Identifier(OWNER)
        )
    )
    try:
        yield WardServer(PostgresDatabase(cluster, name))
    finally:
        with contextlib.suppress(psycopg.Error):
            if not cluster.is_running():
                cluster.start()
            cluster.drop_database(name)
