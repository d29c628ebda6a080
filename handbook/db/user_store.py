"""Open the records database (the user database) safely, on SQLite or PostgreSQL, and migrate it.

The records database holds what nurses save: checklist progress and the course record. By default it is the
embedded SQLite file in the data folder; ``HANDBOOK_DATABASE_URL`` (an SQLAlchemy URL, or the ward settings)
names a server database instead.

Schema versions are the Alembic revisions in ``handbook/db/migrations`` ("0001", "0002", ...). On SQLite the
number is also kept in ``PRAGMA user_version``, so any version of the app can tell, without Alembic, whether it
understands a file. Each step runs in its own transaction, holding the database's write lock (SQLite
``BEGIN IMMEDIATE``; a PostgreSQL advisory lock), so two copies of the app starting at once migrate once; on
SQLite a copy of the file is taken before each step. A database written by a newer app is refused, never
altered; a damaged SQLite file is set aside and a fresh one started.
"""

from __future__ import annotations

import datetime as dt
import getpass
import logging
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from handbook.paths import user_db_path

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000

#: The newest schema this app knows: the head revision in handbook/db/migrations (a test keeps them equal).
SCHEMA_VERSION = 2

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Any fixed number: the key of the PostgreSQL advisory lock that serialises migrations.
_PG_MIGRATION_LOCK = 7_351_204_611

# The execution option that makes a SQLite transaction take the write lock at BEGIN.
_WRITE = "handbook_write"


class UserDatabaseError(Exception):
    """The records database cannot be used (written by a newer app, a bad URL...); the message says why."""


@dataclass
class UserStore:
    engine: Engine
    path: Path | None  # the SQLite file, or None (in memory, or a server database)
    notice: str = ""  # something the user must be told once (a damaged file was set aside...)
    recorder: str = ""  # who records, as the database knows them: the OS user (SQLite) or current_user (server)
    _sessions: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if not self.recorder:
            self.recorder = _recorder(self.engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def where(self) -> str:
        """Where the records are, for screens and ``handbook check`` (never with a password)."""
        if self.dialect == "sqlite":
            return str(self.path) if self.path is not None else "in memory (not saved)"
        return self.engine.url.render_as_string(hide_password=True)

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def action(self) -> Iterator[Session]:
        """One user action, one transaction: committed on success, rolled back on any error.

        On SQLite the transaction takes the write lock when it begins, so reading then writing inside one
        action never fails halfway because another process wrote in between.
        """
        with self._sessions() as session, session.begin():
            session.connection(execution_options={_WRITE: True})
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


# ---------------------------------------------------------------- opening


def open_user_db(data_dir: Path) -> UserStore:
    """The embedded SQLite file in the data folder, created or migrated as needed."""
    return open_sqlite_file(user_db_path(data_dir))


def open_sqlite_file(path: Path) -> UserStore:
    """A records file, created or migrated as needed (a copy is taken before each step)."""
    notice = ""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not _is_healthy(path):
        aside = _set_aside(path)
        notice = (
            f"The saved records file was damaged and could not be read. It was moved to {aside.name} "
            "in the data folder, and a new, empty one was started."
        )
        log.error("user database %s damaged; moved to %s", path, aside)
    version = _file_version(path)
    if version > SCHEMA_VERSION:
        raise UserDatabaseError(_newer(str(path), version))
    engine = make_engine(path)
    try:
        if version < SCHEMA_VERSION:
            migrate(engine, backup=lambda at: _backup_file(path, at))
    except BaseException:
        engine.dispose()
        raise
    return UserStore(engine=engine, path=path, notice=notice)


def open_records(data_dir: Path, url: str = "") -> UserStore:
    """The records database named by ``url`` (an SQLAlchemy URL), or the embedded file when it is empty.

    A server database is migrated only by ``handbook db upgrade`` (run by IT with the owner role); here it must
    already be at this app's version.
    """
    if not url.strip():
        return open_user_db(data_dir)
    file = _sqlite_file(url)
    if file is not None:
        return open_sqlite_file(file)
    engine = make_server_engine(url)
    try:
        with engine.connect() as connection:
            version = current_version(connection)
        if version != SCHEMA_VERSION:
            raise UserDatabaseError(
                _newer(engine.url.render_as_string(hide_password=True), version)
                if version > SCHEMA_VERSION
                else f"the ward records database is at schema {version}; this handbook needs {SCHEMA_VERSION}. "
                "Ask IT to run 'handbook db upgrade'."
            )
    except BaseException:
        engine.dispose()
        raise
    return UserStore(engine=engine, path=None)


def upgrade_records(data_dir: Path, url: str = "") -> tuple[UserStore, int, int]:
    """Create or migrate the records database: (store, version before, version after). For ``db upgrade``."""
    file = _sqlite_file(url) if url.strip() else user_db_path(data_dir)
    if file is not None:
        before = _file_version(file) if file.exists() and _is_healthy(file) else 0
        store = open_sqlite_file(file)
        with store.engine.connect() as connection:
            return store, before, current_version(connection)
    engine = make_server_engine(url, upgrading=True)
    try:
        with engine.connect() as connection:
            before = current_version(connection)
        after = migrate(engine)
        secure_server(engine)
    except BaseException:
        engine.dispose()
        raise
    return UserStore(engine=engine, path=None), before, after


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
        # The driver's own transaction handling is switched off (it does not put DDL in a transaction);
        # _begin below starts every transaction itself.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        if path is not None:
            dbapi_connection.execute("PRAGMA journal_mode = WAL")
            dbapi_connection.execute("PRAGMA synchronous = FULL")

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _parse(url: str) -> URL:
    try:
        return make_url(url.strip())
    except ArgumentError:
        raise UserDatabaseError(
            "the records database URL is not an SQLAlchemy URL (expected e.g. "
            "postgresql+psycopg://user@host:5432/handbook)"
        ) from None


def _sqlite_file(url: str) -> Path | None:
    """The file an ``sqlite:///...`` URL names (None for a server URL)."""
    parsed = _parse(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if not database or database == ":memory:":
        raise UserDatabaseError(
            "an SQLite records URL must name a file, e.g. sqlite:////var/lib/handbook/records.sqlite3"
        )
    return Path(database).expanduser()


def make_server_engine(url: str | URL, *, upgrading: bool = False) -> Engine:
    """A records server engine: short connect time-out, reconnects when the server is back (see
    :mod:`handbook.db.server_connection`); ``upgrading`` lifts the statement time-out for migrations."""
    from handbook.db import server_connection

    parsed = _parse(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "postgresql":
        raise UserDatabaseError(f"records on {parsed.get_backend_name()!r} are not supported (SQLite or PostgreSQL)")
    return server_connection.make_server_engine(parsed, statement_timeout=not upgrading)


# ---------------------------------------------------------------- versions and migrating


def current_version(connection: Connection) -> int:
    """The schema version of the database on ``connection`` (0: empty)."""
    if inspect(connection).has_table("alembic_version"):
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if revision is not None:
            return _revision_number(str(revision))
    if connection.dialect.name == "sqlite":
        return int(connection.exec_driver_sql("PRAGMA user_version").scalar_one())
    return 0


def migrate(engine: Engine, backup: Callable[[int], None] | None = None) -> int:
    """Apply every pending step, each in its own transaction holding the write lock. Returns the version.

    ``backup(version)`` is called (inside the lock, before the step) whenever an existing database is about
    to be changed.
    """
    while True:
        with engine.connect().execution_options(**{_WRITE: True}) as connection, connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            version = current_version(connection)
            if version > SCHEMA_VERSION:
                raise UserDatabaseError(_newer(engine.url.render_as_string(hide_password=True), version))
            if version >= SCHEMA_VERSION:
                return version
            if version > 0 and backup is not None:
                backup(version)
            _step(connection, version)
            log.info("records database migrated from schema %d to %d", version, version + 1)


def _step(connection: Connection, version: int) -> None:
    """Bring the database from ``version`` to ``version + 1`` inside the caller's transaction."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    script = script_directory()
    target = _revision_id(version + 1)
    context = MigrationContext.configure(
        connection,
        opts={
            "fn": lambda heads, _context: script._upgrade_revs(target, heads),
            "destination_rev": target,
        },
    )
    if version > 0 and not context.get_current_heads():
        # A file from before Alembic: PRAGMA user_version says what it is.
        context.stamp(script, _revision_id(version))
    with Operations.context(context):
        context.run_migrations()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA user_version = {version + 1}")


def secure_server(engine: Engine) -> None:
    """PostgreSQL: the nurse role, its grants, server-set who/when and the audit trail (idempotent; run by
    ``db upgrade`` after the migrations, under the migration lock)."""
    from handbook.db.server_rights import apply_server_rights

    with engine.connect() as connection, connection.begin():
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        apply_server_rights(connection)


def script_directory() -> Any:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def _revision_id(version: int) -> str:
    return f"{version:04d}"


def _revision_number(revision: str) -> int:
    try:
        return int(revision)
    except ValueError:
        # A revision this app never shipped: a newer (or foreign) schema.
        return SCHEMA_VERSION + 1


def _newer(where: str, version: int) -> str:
    return (
        f"{where} was written by a newer version of the handbook (schema {version}; this version "
        f"understands up to {SCHEMA_VERSION}). Update the handbook; the records were not changed."
    )


def _recorder(engine: Engine) -> str:
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            return str(connection.execute(text("SELECT current_user")).scalar_one())
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


# ---------------------------------------------------------------- the SQLite file


def _file_version(path: Path) -> int:
    if not path.exists():
        return 0
    with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)) as con:
        return int(con.execute("PRAGMA user_version").fetchone()[0])


def _is_healthy(path: Path) -> bool:
    try:
        with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)) as con:
            return bool(con.execute("PRAGMA quick_check").fetchone()[0] == "ok")
    except sqlite3.DatabaseError:
        return False


def check_user_db(path: Path) -> tuple[bool, str]:
    """(healthy, description) without changing anything: for ``handbook check``."""
    if not path.exists():
        return True, "not created yet (it is created when something is first saved)"
    if not _is_healthy(path):
        return False, "damaged (it will be set aside and a new one started when the app opens)"
    version = _file_version(path)
    if version > SCHEMA_VERSION:
        return False, f"written by a newer version of the app (schema {version} > {SCHEMA_VERSION})"
    return True, f"ok (schema {version})"


def _backup_file(path: Path, version: int) -> None:
    backup = path.with_name(f"{path.stem}.v{version}-backup-{_stamp()}{path.suffix}")
    _copy_database(path, backup)
    log.info("records database backed up to %s before migrating from schema %d", backup, version)


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
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
