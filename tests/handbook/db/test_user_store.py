"""The user database: versioned, WAL, damaged files set aside, newer files refused, nothing lost."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func, select

from handbook.db import user_store
from handbook.db.user_models import ChecklistEntry, ChecklistRun
from handbook.db.user_store import SCHEMA_VERSION, UserDatabaseError, check_user_db, open_user_db
from handbook.paths import user_db_path

ROOT = Path(__file__).resolve().parents[3]


def add_run(store: user_store.UserStore, slug: str = "before-dose") -> int:
    with store.action() as session:
        run = ChecklistRun(template_slug=slug, title="t", content_version="v")
        session.add(run)
        session.flush()
        return run.id


def test_new_database_is_at_the_current_version_in_wal_mode(data_dir: Path) -> None:
    store = open_user_db(data_dir)
    with sqlite3.connect(user_db_path(data_dir)) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.dispose()


def test_an_action_that_fails_leaves_nothing_behind(data_dir: Path) -> None:
    store = open_user_db(data_dir)
    with pytest.raises(RuntimeError), store.action() as session:
        session.add(ChecklistRun(template_slug="x", title="t", content_version="v"))
        session.flush()
        raise RuntimeError("power cut in the middle")
    with store.session() as session:
        assert session.scalar(select(func.count(ChecklistRun.id))) == 0
    store.dispose()


def test_a_damaged_file_is_set_aside_and_a_fresh_one_started(data_dir: Path) -> None:
    path = user_db_path(data_dir)
    path.write_bytes(b"not a database at all" * 200)
    store = open_user_db(data_dir)
    assert "damaged" in store.notice
    aside = list(data_dir.glob("user.damaged-*.sqlite3"))
    assert len(aside) == 1
    assert aside[0].read_bytes().startswith(b"not a database")
    assert add_run(store) == 1
    store.dispose()


def test_a_file_from_a_newer_app_is_refused_and_left_alone(data_dir: Path) -> None:
    path = user_db_path(data_dir)
    with sqlite3.connect(path) as con:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    before = path.read_bytes()
    with pytest.raises(UserDatabaseError, match="newer version"):
        open_user_db(data_dir)
    assert path.read_bytes() == before
    assert check_user_db(path)[0] is False


# The first release's schema, exactly as its create_all wrote it (PRAGMA user_version 1, no Alembic table).
V1_SCHEMA = """
CREATE TABLE preference ("key" VARCHAR NOT NULL, value VARCHAR NOT NULL, PRIMARY KEY ("key"));
CREATE TABLE checklist_run (id INTEGER NOT NULL, template_slug VARCHAR NOT NULL, title VARCHAR NOT NULL,
    content_version VARCHAR NOT NULL, started_at DATETIME NOT NULL, updated_at DATETIME NOT NULL,
    completed_at DATETIME, nurse VARCHAR NOT NULL, cosigner VARCHAR NOT NULL, patient_name VARCHAR,
    patient_record VARCHAR, patient_bed VARCHAR, PRIMARY KEY (id));
CREATE INDEX ix_checklist_run_template_slug ON checklist_run (template_slug);
CREATE TABLE checklist_entry (id INTEGER NOT NULL, run_id INTEGER NOT NULL, item_slug VARCHAR NOT NULL,
    checked BOOLEAN NOT NULL, value VARCHAR NOT NULL, note VARCHAR NOT NULL, updated_at DATETIME NOT NULL,
    PRIMARY KEY (id), UNIQUE (run_id, item_slug),
    FOREIGN KEY(run_id) REFERENCES checklist_run (id) ON DELETE CASCADE);
CREATE INDEX ix_checklist_entry_run_id ON checklist_entry (run_id);
INSERT INTO preference VALUES ('theme', 'dark');
INSERT INTO checklist_run VALUES (1, 'before-dose', 'Before each dose', '2026.10', '2026-11-01 08:00:00',
    '2026-11-01 08:05:00', NULL, 'AB', '', NULL, NULL, NULL);
INSERT INTO checklist_entry VALUES (1, 1, 'sbp', 1, '84', 'on phenylephrine', '2026-11-01 08:04:00');
PRAGMA user_version = 1;
"""


def write_v1_file(data_dir: Path) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = user_db_path(data_dir)
    with closing(sqlite3.connect(path)) as con:
        con.executescript(V1_SCHEMA)
    return path


def test_a_first_release_file_with_data_is_backed_up_and_migrated(data_dir: Path) -> None:
    path = write_v1_file(data_dir)
    store = open_user_db(data_dir)
    with store.session() as session:
        run = session.scalars(select(ChecklistRun)).one()
        assert (run.nurse, run.entries[0].value, run.entries[0].note) == ("AB", "84", "on phenylephrine")
    store.dispose()
    backups = list(data_dir.glob("user.v1-backup-*.sqlite3"))
    assert len(backups) == 1
    with closing(sqlite3.connect(backups[0])) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1
        assert con.execute("SELECT value FROM preference").fetchall() == [("dark",)]
    with closing(sqlite3.connect(path)) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(f"{SCHEMA_VERSION:04d}",)]
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "preference" not in tables
    assert {"course", "scheduled_dose", "dose_record", "assessment", "course_closure"} <= tables


def test_a_migration_that_fails_leaves_the_file_as_it_was(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_v1_file(data_dir)

    def broken(connection: object, version: int) -> None:
        connection.exec_driver_sql("DROP TABLE preference")  # type: ignore[attr-defined]
        raise RuntimeError("power cut in the middle of a migration")

    monkeypatch.setattr(user_store, "_step", broken)
    with pytest.raises(RuntimeError):
        open_user_db(data_dir)
    with closing(sqlite3.connect(path)) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1
        assert con.execute("SELECT value FROM preference").fetchall() == [("dark",)]


def test_an_unknown_alembic_revision_is_refused_and_left_alone(data_dir: Path) -> None:
    open_user_db(data_dir).dispose()
    path = user_db_path(data_dir)
    with closing(sqlite3.connect(path)) as con, con:
        con.execute("UPDATE alembic_version SET version_num = 'f00dcafe'")
    before = path.read_bytes()
    with pytest.raises(UserDatabaseError, match="newer version"):
        user_store.migrate(user_store.make_engine(path))
    assert path.read_bytes() == before


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from handbook.db.user_store import open_user_db
    from handbook.db.user_models import ChecklistEntry, ChecklistRun
    store = open_user_db(Path(sys.argv[1]))
    tag = sys.argv[2]
    with store.action() as session:
        run = ChecklistRun(template_slug=tag, title=tag, content_version="v")
        session.add(run)
    for i in range(int(sys.argv[3])):
        with store.action() as session:
            session.add(ChecklistEntry(run_id=run.id, item_slug=f"{tag}-{i}", checked=True))
        print(i, flush=True)
""")


def test_two_processes_writing_at_once_lose_nothing(data_dir: Path) -> None:
    open_user_db(data_dir).dispose()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data_dir), tag, "150"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    with sqlite3.connect(user_db_path(data_dir)) as con:
        assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM checklist_entry").fetchone()[0] == 300


def test_a_killed_process_keeps_every_committed_action(data_dir: Path) -> None:
    open_user_db(data_dir).dispose()
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir), "k", "100000"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    committed = -1
    for line in child.stdout:  # each printed number is an action already committed
        committed = int(line)
        if committed >= 40:
            break
    child.kill()  # SIGKILL: no clean-up at all
    child.communicate(timeout=30)
    store = open_user_db(data_dir)
    assert store.notice == ""
    with store.session() as session:
        count = session.scalar(select(func.count(ChecklistEntry.id)))
    assert count is not None
    assert count >= committed + 1
    store.dispose()


OPENER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from handbook.db.user_store import open_user_db
    open_user_db(Path(sys.argv[1])).dispose()
""")


@pytest.mark.slow
def test_two_processes_creating_the_database_at_once_both_succeed(tmp_path: Path) -> None:
    for attempt in range(4):
        folder = tmp_path / f"race-{attempt}"
        openers = [
            subprocess.Popen(
                [sys.executable, "-c", OPENER, str(folder)],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        for opener in openers:
            _, err = opener.communicate(timeout=120)
            assert opener.returncode == 0, err
        with sqlite3.connect(user_db_path(folder)) as con:
            assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
