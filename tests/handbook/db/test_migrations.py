"""The Alembic migrations: shipped in the package, frozen v1, and the models match the migrated schema."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from handbook.db import user_store
from handbook.db.user_models import UserBase
from handbook.db.user_store import MIGRATIONS_DIR, SCHEMA_VERSION, open_user_db, script_directory
from handbook.paths import user_db_path
from tests.handbook.db.test_user_store import V1_SCHEMA


def test_the_newest_revision_is_the_schema_version_and_ids_are_version_numbers() -> None:
    script = script_directory()
    assert script.get_current_head() == f"{SCHEMA_VERSION:04d}"
    revisions = sorted(rev.revision for rev in script.walk_revisions())
    assert revisions == [f"{n:04d}" for n in range(1, SCHEMA_VERSION + 1)]
    assert MIGRATIONS_DIR.is_relative_to(Path(user_store.__file__).parent)  # inside the package: wheels carry it


def test_the_models_match_the_migrated_schema(data_dir: Path) -> None:
    store = open_user_db(data_dir)
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), UserBase.metadata)
    store.dispose()
    assert differences == []


def _normalised(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).replace("( ", "(").replace(" )", ")").strip().rstrip(";")


def test_schema_1_is_exactly_what_the_first_release_created(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(user_store, "SCHEMA_VERSION", 1)
    open_user_db(data_dir).dispose()
    with closing(sqlite3.connect(user_db_path(data_dir))) as con:
        made = {
            _normalised(row[0])
            for row in con.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name <> 'alembic_version'")
        }
    released = {_normalised(statement) for statement in V1_SCHEMA.split(";") if "CREATE" in statement}
    assert made == released
