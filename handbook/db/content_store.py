"""Open the content database, rebuilding it from ``resources/`` whenever it is missing, damaged or stale.

The database is written to a temporary file and moved into place in one step, so a reader never
sees half a database. The app itself only ever opens it read-only. When the data folder cannot be
written, the content is built in memory and the app says so.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.orm import Session, selectinload, sessionmaker
from sqlalchemy.pool import StaticPool

from handbook.db import content_models as m
from handbook.db.first_view import build_key, stored_key
from handbook.paths import content_db_path, content_dir

if TYPE_CHECKING:
    from handbook.content.loader import Content

# Reading, validating and building (YAML, pydantic) are imported only when the database must be rebuilt:
# a normal start finds it current and never needs them. ``build_key`` is re-exported for callers here.
__all__ = ["ContentStore", "build_database", "build_in_memory", "build_key", "open_content"]

log = logging.getLogger(__name__)


@dataclass
class ContentStore:
    engine: Engine
    path: Path | None  # None when the content lives in memory
    rebuilt: bool = False
    notice: str = ""  # something the user should be told once (e.g. running from memory)
    _sessions: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> Session:
        return self._sessions()

    def meta(self) -> dict[str, str]:
        with self.session() as session:
            return {row.key: row.value for row in session.scalars(select(m.Meta))}

    def drug(self, session: Session, slug: str | None = None) -> m.Drug:
        """The drug with what the first view shows; the rest loads in batches as views first use it."""
        query = select(m.Drug).options(*_FIRST_VIEW).order_by(m.Drug.id)
        if slug:
            query = query.where(m.Drug.slug == slug)
        drug = session.scalars(query).first()
        if drug is None:
            raise LookupError(f"no drug {slug!r} in the content database")
        return drug

    def dispose(self) -> None:
        self.engine.dispose()


# What the window's first view needs at once; every other collection loads when a tab first uses it,
# in one batch per level (the relationships below the drug load with "selectin").
_FIRST_VIEW = (selectinload(m.Drug.statements), selectinload(m.Drug.indications), selectinload(m.Drug.regimens))


def open_content(data_dir: Path, content_root: Path | None = None) -> ContentStore:
    """The content database in ``data_dir``, rebuilt first when needed.

    Raises :class:`handbook.content.loader.ContentError` when the content files themselves are broken.
    """
    content_root = content_root or content_dir()
    path = content_db_path(data_dir)
    key = build_key(content_root)
    if stored_key(path) == key:
        return ContentStore(engine=_read_only_engine(path), path=path)
    from handbook.content.loader import load_content

    content = load_content(content_root)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        _build_file(path, content, key)
    except (OSError, sqlite3.Error) as error:
        log.warning("cannot write the content database at %s: %s", path, error)
        return ContentStore(
            engine=build_in_memory(content, key),
            path=None,
            rebuilt=True,
            notice=f"The data folder {data_dir} cannot be written, so the handbook content "
            "is held in memory for this session. Nothing you save can be kept.",
        )
    log.info("content database rebuilt at %s", path)
    return ContentStore(engine=_read_only_engine(path), path=path, rebuilt=True)


def build_in_memory(content: Content | None = None, key: str | None = None) -> Engine:
    from handbook.content.loader import load_content

    content = content or load_content()
    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    _fill(engine, content, key or build_key())
    return engine


def _build_file(path: Path, content: Content, key: str) -> None:
    fd, temp_name = tempfile.mkstemp(prefix=".content-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        build_database(temp, content, key)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def build_database(path: Path, content: Content, key: str) -> None:
    """Write the content database into the new (empty) file at ``path``.

    The file is private until it is moved into place, so it is written without a sync after every
    statement (creating some forty tables and indexes took the better part of a second that way) and
    synced once at the end. A crash part-way leaves a file that fails the check and is built again.
    """
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _unsynced)
    try:
        _fill(engine, content, key)
    finally:
        engine.dispose()
    with open(path, "rb+") as written:
        os.fsync(written.fileno())


def _unsynced(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.execute("PRAGMA synchronous = OFF")
    dbapi_connection.execute("PRAGMA journal_mode = MEMORY")


def _fill(engine: Engine, content: Content, key: str) -> None:
    from handbook.db.build import build_into

    with Session(engine) as session, session.begin():
        build_into(session, content)
        session.add(m.Meta(key="build_key", value=key))


def _read_only_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")

    @event.listens_for(engine, "connect")
    def _query_only(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    return engine
