"""The test PostgreSQL server itself: real, reachable on loopback, password roles, stop and start."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import create_engine, text

from tests.postgres import PostgresCluster, PostgresDatabase


def test_the_superuser_url_reaches_a_real_server(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as connection:
            version = connection.execute(text("SHOW server_version_num")).scalar_one()
            user = connection.execute(text("SELECT current_user")).scalar_one()
    finally:
        engine.dispose()
    assert int(version) >= 150000
    assert user == "postgres"


def test_a_login_role_signs_in_with_its_password_only(postgres: PostgresDatabase) -> None:
    postgres.cluster.create_role("fixture_nurse_a", "right-horse")
    try:
        with psycopg.connect(
            f"host=127.0.0.1 port={postgres.cluster.port} dbname={postgres.name} user=fixture_nurse_a "
            "password=right-horse"
        ) as connection:
            assert connection.execute("SELECT current_user").fetchone() == ("fixture_nurse_a",)
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(
                f"host=127.0.0.1 port={postgres.cluster.port} dbname={postgres.name} user=fixture_nurse_a "
                "password=wrong"
            )
    finally:
        postgres.cluster.execute(sql.SQL("DROP ROLE fixture_nurse_a"))


def test_the_server_stops_and_starts_again(postgres_cluster: PostgresCluster) -> None:
    postgres_cluster.stop()
    assert not postgres_cluster.is_running()
    postgres_cluster.start()
    assert postgres_cluster.is_running()
