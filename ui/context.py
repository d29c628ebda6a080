"""What the window needs, opened once at start-up and passed in (no globals)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from handbook.db.first_view import FirstView
from handbook.paths import settings_path
from handbook.ward_settings import load_ward_settings

if TYPE_CHECKING:  # loaded after the window is on screen (see EarlyStart)
    from sqlalchemy.orm import Session

    from handbook.db import content_models as m
    from handbook.db.content_store import ContentStore
    from handbook.db.user_store import UserStore
    from handbook.db.ward_records import WardRecords
    from handbook.records.courses import CourseRecords


def open_settings(data_dir: Path) -> QSettings:
    return QSettings(str(settings_path(data_dir)), QSettings.Format.IniFormat)


@dataclass
class EarlyStart:
    """What the window is painted from before the ORM is loaded: the first view read with ``sqlite3``."""

    data_dir: Path
    settings: QSettings
    first_view: FirstView


@dataclass
class AppContext:
    data_dir: Path
    content: ContentStore
    user: UserStore
    session: Session  # a long-lived session on the read-only content database
    drug: m.Drug
    settings: QSettings
    notices: list[str]
    # The ward's records server, when the ward settings name one: nurses sign in to record, and until then
    # ``user`` is an in-memory store (nothing connects at start-up, so the content never waits for it).
    ward: WardRecords | None = None

    @classmethod
    def open(cls, data_dir: Path, settings: QSettings | None = None) -> AppContext:
        from sqlalchemy.exc import SQLAlchemyError

        from handbook.db.content_store import open_content
        from handbook.db.server_connection import is_server_url
        from handbook.db.user_store import UserDatabaseError, open_in_memory, open_records
        from handbook.db.ward_records import WardRecords

        content = open_content(data_dir)
        notices = [content.notice] if content.notice else []
        url = load_ward_settings().database_url.value
        ward = WardRecords(url, data_dir) if is_server_url(url) else None
        if content.path is None or ward is not None:
            user = open_in_memory()
        else:
            try:
                user = open_records(data_dir, url)
            except UserDatabaseError as error:
                user = open_in_memory()
                notices.append(f"{error} Checklists you work on now are not saved when the handbook closes.")
            except (OSError, sqlite3.Error, SQLAlchemyError) as error:
                user = open_in_memory()
                notices.append(
                    f"The saved-checklists file cannot be opened ({error}). Checklists you work on "
                    "now are not saved when the handbook closes."
                )
            if user.notice:
                notices.append(user.notice)
        session = content.session()
        return cls(
            data_dir=data_dir,
            content=content,
            user=user,
            session=session,
            drug=content.drug(session),
            settings=settings if settings is not None else open_settings(data_dir),
            notices=notices,
            ward=ward,
        )

    def course_records(self, store: UserStore | None) -> tuple[CourseRecords | None, str, str]:
        """The course record on ``store``, the ward's protocol, and (when there is no record) why not."""
        from handbook.records.courses import CourseRecords  # loaded with the tab, not at start-up

        settings = load_ward_settings()
        if store is None:
            return None, settings.protocol_id, "Sign in to the ward records (Records menu) to see and record courses."
        if store.path is None and store.dialect == "sqlite":
            # In memory: a course would vanish when the window closes, so none is started.
            return (
                None,
                settings.protocol_id,
                (
                    "The course record is not available: the records file could not be opened (see the notice at "
                    "start-up). Nothing recorded here would be kept."
                ),
            )
        return CourseRecords(store, identifiers=settings.identifiers), settings.protocol_id, ""

    def close(self) -> None:
        self.settings.sync()
        self.session.close()
        self.content.dispose()
        self.user.dispose()
        if self.ward is not None:
            self.ward.sign_out()
