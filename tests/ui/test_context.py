"""Start-up keeps working with damaged, newer or unwritable data, and says so once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from handbook.db.user_store import SCHEMA_VERSION
from handbook.paths import user_db_path
from ui.context import AppContext


def test_a_user_database_from_a_newer_app_is_left_alone(data_dir: Path, qapp: object) -> None:
    path = user_db_path(data_dir)
    with sqlite3.connect(path) as con:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    ctx = AppContext.open(data_dir)
    try:
        assert ctx.user.path is None
        assert any("newer version" in notice for notice in ctx.notices)
        assert ctx.drug.brand_name == "Proleukin"
    finally:
        ctx.close()
    assert path.read_bytes() == before


def test_a_damaged_user_database_is_reported(data_dir: Path, qapp: object) -> None:
    user_db_path(data_dir).write_bytes(b"\x00garbage" * 300)
    ctx = AppContext.open(data_dir)
    try:
        assert ctx.user.path == user_db_path(data_dir)
        assert any("damaged" in notice for notice in ctx.notices)
    finally:
        ctx.close()


def test_an_unwritable_data_folder_still_opens_with_one_notice(tmp_path: Path, qapp: object) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    ctx = AppContext.open(blocker / "data")
    try:
        assert ctx.content.path is None
        assert ctx.user.path is None
        assert len(ctx.notices) == 1
        assert "cannot be written" in ctx.notices[0]
    finally:
        ctx.close()
