"""The content database is rebuilt when missing, damaged or stale, and is never written by the app."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from handbook.content.loader import load_content
from handbook.db.content_models import CONTENT_SCHEMA_VERSION
from handbook.db.content_store import ContentStore, build_key, open_content
from handbook.paths import content_db_path


@pytest.fixture
def empty_dir(tmp_path: Path) -> Path:
    """A data folder without the session's prebuilt content database."""
    return tmp_path / "empty"


def assert_current(store: ContentStore) -> None:
    """The store holds today's content: the key of the files on disk and the drug they describe."""
    meta = store.meta()
    assert meta["build_key"] == build_key()
    assert meta["schema_version"] == str(CONTENT_SCHEMA_VERSION)
    assert meta["content_version"] == load_content().monographs[0].content_version
    with store.session() as session:
        assert store.drug(session).generic_name == "aldesleukin"


def test_first_open_builds_then_reuses(empty_dir: Path) -> None:
    first = open_content(empty_dir)
    assert first.rebuilt
    assert first.path == content_db_path(empty_dir)
    assert_current(first)
    first.dispose()
    built = content_db_path(empty_dir).stat().st_mtime_ns
    second = open_content(empty_dir)
    assert not second.rebuilt
    assert content_db_path(empty_dir).stat().st_mtime_ns == built
    assert_current(second)
    second.dispose()


def test_a_content_change_rebuilds(data_dir: Path, content_copy: Path) -> None:
    open_content(data_dir, content_copy).dispose()
    path = content_copy / "drugs" / "proleukin.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("brand_name: Proleukin", "brand_name: Proleukin-X", 1),
        encoding="utf-8",
    )
    store = open_content(data_dir, content_copy)
    assert store.rebuilt
    with store.session() as session:
        assert store.drug(session).brand_name == "Proleukin-X"
    store.dispose()


def test_a_damaged_file_is_rebuilt(data_dir: Path) -> None:
    content_db_path(data_dir).write_bytes(b"this is not a database" * 100)
    store = open_content(data_dir)
    assert store.rebuilt
    assert_current(store)
    store.dispose()


def test_a_database_missing_its_tables_is_rebuilt(empty_dir: Path) -> None:
    empty_dir.mkdir()
    sqlite3.connect(content_db_path(empty_dir)).close()
    store = open_content(empty_dir)
    assert store.rebuilt
    assert_current(store)
    store.dispose()


def test_an_unwritable_data_folder_keeps_the_content_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    store = open_content(blocker / "data")
    assert store.path is None
    assert "cannot be written" in store.notice
    with store.session() as session:
        assert store.drug(session).brand_name == "Proleukin"
    store.dispose()


def test_the_app_cannot_write_to_the_content_database(data_dir: Path) -> None:
    store = open_content(data_dir)
    with store.session() as session, pytest.raises(OperationalError):
        session.execute(text("DELETE FROM side_effect"))
    store.dispose()


def test_a_locked_database_is_rebuilt_beside_the_lock(data_dir: Path) -> None:
    path = content_db_path(data_dir)
    # Another process holds an exclusive lock and has left the file out of date.
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE meta SET value = 'stale' WHERE key = 'build_key'")
    try:
        store = open_content(data_dir)
        assert store.rebuilt
        assert store.path == path
        assert_current(store)
        store.dispose()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
