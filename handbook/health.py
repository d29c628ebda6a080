"""A health report of the app's data, for ``handbook check`` and for IT staff."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handbook import __version__
from handbook.content.loader import ContentError
from handbook.db.content_store import open_content
from handbook.db.server_connection import describe, is_server_url, where
from handbook.db.user_store import check_user_db
from handbook.paths import content_dir, log_dir, user_db_path
from handbook.ward_settings import load_ward_settings


@dataclass
class HealthReport:
    data_dir: Path
    content_ok: bool = False
    content_detail: str = ""
    content_version: str = ""
    last_reviewed: str = ""
    user_ok: bool = False
    user_detail: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return self.content_ok and self.user_ok

    def lines(self) -> list[str]:
        return [
            f"Proleukin handbook {__version__}",
            f"Data folder:      {self.data_dir}",
            f"Content files:    {content_dir()}",
            f"Content database: {'OK' if self.content_ok else 'PROBLEM'}: {self.content_detail}",
            f"Content version:  {self.content_version or 'unknown'} (last reviewed {self.last_reviewed or 'unknown'})",
            f"User database:    {'OK' if self.user_ok else 'PROBLEM'}: {self.user_detail}",
            f"Log files:        {log_dir(self.data_dir)}",
            *self.notes,
            "Healthy." if self.healthy else "NOT healthy: see the lines marked PROBLEM.",
        ]

    def as_dict(self) -> dict[str, object]:
        return {
            "version": __version__,
            "healthy": self.healthy,
            "data_dir": str(self.data_dir),
            "content": {
                "ok": self.content_ok,
                "detail": self.content_detail,
                "version": self.content_version,
                "last_reviewed": self.last_reviewed,
            },
            "user": {"ok": self.user_ok, "detail": self.user_detail},
            "log_dir": str(log_dir(self.data_dir)),
            "notes": self.notes,
        }


def health_report(data_dir: Path) -> HealthReport:
    report = HealthReport(data_dir=data_dir)
    try:
        store = open_content(data_dir)
    except ContentError as error:
        report.content_detail = f"the content files are broken: {error}"
    else:
        try:
            meta = store.meta()
            report.content_ok = True
            report.content_version = meta.get("content_version", "")
            report.last_reviewed = meta.get("last_reviewed", "")
            where = str(store.path) if store.path else "in memory"
            report.content_detail = f"{'rebuilt' if store.rebuilt else 'up to date'} ({where})"
            if store.notice:
                report.notes.append(store.notice)
        finally:
            store.dispose()
    url = load_ward_settings().database_url.value
    if is_server_url(url):
        report.user_ok, report.user_detail = check_server(data_dir, url)
    else:
        report.user_ok, report.user_detail = check_user_db(user_db_path(data_dir))
    return report


def check_server(data_dir: Path, url: str) -> tuple[bool, str]:
    """(healthy, description) of the ward's records server, signed in by libpq's own means (the URL's role,
    a password file, Kerberos): reachable, at this app's schema, with the rights ``db upgrade`` sets."""
    from sqlalchemy.exc import SQLAlchemyError

    from handbook.db.server_rights import has_server_rights
    from handbook.db.user_store import UserDatabaseError, open_records

    try:
        store = open_records(data_dir, url)
    except UserDatabaseError as error:
        return False, f"{where(url)}: {error}"
    except (SQLAlchemyError, OSError) as error:
        return False, describe(error, url)
    try:
        with store.engine.connect() as connection:
            rights = has_server_rights(connection)
        if not rights:
            return False, f"{where(url)}: the nurse role and rights are missing; run 'handbook db upgrade' as the owner"
        return (
            True,
            f"ward records server {where(url)}, schema up to date, nurse rights in place (checked as {store.recorder})",
        )
    except SQLAlchemyError as error:
        return False, describe(error, url)
    finally:
        store.dispose()
