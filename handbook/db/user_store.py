"""Open the user database safely: WAL, a busy timeout, versioned migrations, damaged files set aside.

Schema versions live in ``PRAGMA user_version``. Each migration step runs in its own transaction,
after a copy of the file has been taken. A file written by a newer version of the app is refused,
never altered.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from handbook.db.user_models import UserBase
from handbook.paths import user_db_path

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


def _v1_initial(connection: Connection) -> None:
    UserBase.metadata.create_all(connection)


# Ordered steps: MIGRATIONS[n] brings a database from version n to n + 1. Never edit a released step.
MIGRATIONS: list[Callable[[Connection], None]] = [_v1_initial]
SCHEMA_VERSION = len(MIGRATIONS)


class UserDatabaseError(Exception):
    """The user database cannot be used (for example it was written by a newer app)."""


@dataclass
class UserStore:
    engine: Engine
    path: Path | None
    notice: str = ""  # something the user must be told once (a damaged file was set aside...)
    _sessions: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def action(self) -> Iterator[Session]:
        """One user action, one transaction: committed on success, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_user_db(data_dir: Path) -> UserStore:
    path = user_db_path(data_dir)
    notice = ""
    data_dir.mkdir(parents=True, exist_ok=True)
    if path.exists() and not _is_healthy(path):
        aside = _set_aside(path)
        notice = (
            f"The saved-checklists file was damaged and could not be read. It was moved to {aside.name} "
            "in the data folder, and a new, empty one was started."
        )
        log.error("user database %s damaged; moved to %s", path, aside)
    version = _version(path)
    if version > SCHEMA_VERSION:
        raise UserDatabaseError(
            f"{path} was written by a newer version of the handbook (schema {version}; this version "
            f"understands up to {SCHEMA_VERSION}). Update the handbook; the file was not changed."
        )
    engine = make_engine(path)
    if version < SCHEMA_VERSION:
        if version > 0:
            backup = path.with_name(f"{path.stem}.v{version}-backup-{_stamp()}{path.suffix}")
            _copy_database(path, backup)
            log.info("user database backed up to %s before migrating", backup)
        migrate(engine)
    return UserStore(engine=engine, path=path, notice=notice)


def open_in_memory() -> UserStore:
    engine = make_engine(None)
    migrate(engine)
    return UserStore(engine=engine, path=None)


def make_engine(path: Path | None) -> Engine:
    if path is None:
        from sqlalchemy.pool import StaticPool

        engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        if path is not None:
            dbapi_connection.execute("PRAGMA journal_mode = WAL")
            dbapi_connection.execute("PRAGMA synchronous = FULL")

    return engine


def migrate(engine: Engine) -> int:
    """Apply every pending step, each in its own transaction. Returns the resulting version.

    Each step takes SQLite's write lock first (BEGIN IMMEDIATE), so two copies of the app opening the
    same file at once migrate it once, one after the other.
    """
    while True:
        with engine.connect() as connection:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            version = connection.execute(text("PRAGMA user_version")).scalar_one()
            if version >= SCHEMA_VERSION:
                connection.rollback()
                return int(version)
            MIGRATIONS[version](connection)
            connection.execute(text(f"PRAGMA user_version = {version + 1}"))
            connection.commit()


def _version(path: Path) -> int:
    if not path.exists():
        return 0
    with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)) as con:
        return int(con.execute("PRAGMA user_version").fetchone()[0])


def _is_healthy(path: Path) -> bool:
    try:
        with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)) as con:
            return con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False


def check_user_db(path: Path) -> tuple[bool, str]:
    """(healthy, description) without changing anything: for ``handbook check``."""
    if not path.exists():
        return True, "not created yet (it is created when something is first saved)"
    if not _is_healthy(path):
        return False, "damaged (it will be set aside and a new one started when the app opens)"
    version = _version(path)
    if version > SCHEMA_VERSION:
        return False, f"written by a newer version of the app (schema {version} > {SCHEMA_VERSION})"
    return True, f"ok (schema {version})"


def _set_aside(path: Path) -> Path:
    aside = path.with_name(f"{path.stem}.damaged-{_stamp()}{path.suffix}")
    path.replace(aside)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(aside.with_name(aside.name + suffix))
    return aside


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy, WAL included, using SQLite's online backup."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    shutil.copymode(source, target)


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")
