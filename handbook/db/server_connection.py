"""Reaching the ward's records on a PostgreSQL server: sign-in, time-outs, one plain message when it fails.

The URL comes from the ward settings (``HANDBOOK_DATABASE_URL`` wins over IT's ``ward.ini``). A password is
never stored by the handbook: it comes from libpq's own means (password file, service file, Kerberos) or is
typed by the nurse at sign-in and kept in memory only until she is signed out. Every connection attempt gives
up after a few seconds, and every failure becomes one sentence a nurse can act on: "the ward records are
unreachable ...". Nothing here imports Qt.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, create_engine, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 4
#: A statement that runs longer than this is cancelled by the server (a lock held by a stuck workstation).
STATEMENT_TIMEOUT_MS = 8_000
IDLE_SIGN_OUT = dt.timedelta(minutes=5)

UNREACHABLE = "The ward records are unreachable"


class RecordsUnavailableError(Exception):
    """The ward records cannot be used right now; ``str()`` is the one plain sentence to show."""


def is_server_url(url: str) -> bool:
    """True for a PostgreSQL URL; False for none (the embedded file) or an SQLite file URL."""
    text = url.strip()
    if not text:
        return False
    try:
        return make_url(text).get_backend_name() == "postgresql"
    except ArgumentError:
        return False


def safe_url(url: str | URL) -> str:
    """The URL to show on screen and in logs: never with a password."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return "(not a database URL)"
    return parsed.render_as_string(hide_password=True)


def where(url: str | URL) -> str:
    """A short name for the records database: 'handbook on records.example.org:5432'."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return "(not a database URL)"
    host = parsed.host or "this computer"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.database or '(default database)'} on {host}{port}"


@dataclass(frozen=True)
class Credentials:
    """What a nurse typed at sign-in. The password is held in memory only and never printed."""

    user: str
    password: str = field(default="", repr=False)


def with_credentials(url: str, credentials: Credentials | None) -> URL:
    """The URL with the nurse's role (and password, when she typed one) in place of any in the settings."""
    parsed = make_url(url.strip())
    if credentials is None:
        return parsed
    return parsed.set(username=credentials.user.strip(), password=credentials.password or None)


def connect_args(*, statement_timeout: bool = True) -> dict[str, Any]:
    """libpq options: give up quickly, say who we are, and cancel a statement stuck behind a lock."""
    args: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "proleukin-handbook"}
    if statement_timeout:
        args["options"] = f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
    return args


def make_server_engine(url: str | URL, *, statement_timeout: bool = True) -> Engine:
    """An engine for a records server: each pooled connection is checked before use, so the handbook
    reconnects by itself when the server is back."""
    return create_engine(
        url, connect_args=connect_args(statement_timeout=statement_timeout), pool_pre_ping=True, pool_size=2
    )


def describe(error: BaseException, url: str | URL = "") -> str:
    """One plain sentence for a failure to use the records server (no traceback, no password).

    The driver's own text (addresses, hints) goes to the log; a nurse gets what happened and what to do.
    """
    place = f" ({where(url)})" if url else ""
    original = getattr(error, "orig", None) or error
    lowered = " ".join(str(original).split()).lower()
    after = "Nothing was saved. The handbook's content still works; the records come back when the server does."
    if "statement timeout" in lowered or "lock timeout" in lowered:
        return (
            f"The ward records server{place} did not answer in time (another workstation may be busy with the "
            "same course). Nothing was saved; try again in a moment."
        )
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return f"Sign-in refused by the ward records server{place}: the user name or password is wrong."
    if "permission denied" in lowered or "insufficient_privilege" in lowered or "handbook: " in lowered:
        reason = lowered.split("handbook: ", 1)[1] if "handbook: " in lowered else "your role may not do this"
        return f"The ward records server{place} refused this: {reason.split(' context:')[0].rstrip('.')}."
    if "does not exist" in lowered and ("database" in lowered or "role" in lowered):
        return f"{UNREACHABLE}{place}: the server does not know this database or user. Ask IT to check the settings."
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return f"{UNREACHABLE}{place}: the connection was lost. {after}"
    if "timeout expired" in lowered or "timed out" in lowered:
        return f"{UNREACHABLE}{place}: no answer within {CONNECT_TIMEOUT_S} seconds. {after}"
    if "could not translate host name" in lowered or "name or service not known" in lowered:
        return f"{UNREACHABLE}{place}: the server's name is not known on this network. {after}"
    return f"{UNREACHABLE}{place}: the server does not answer. {after}"


def is_unreachable(error: BaseException) -> bool:
    """Whether ``error`` means the server could not be reached or the connection broke (vs. a refusal)."""
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        module = type(error.orig).__module__ if error.orig is not None else ""
        return module.startswith("psycopg") and type(error.orig).__name__ in {"OperationalError", "InterfaceError"}
    return isinstance(error, (ConnectionError, TimeoutError))


def records_failure(error: BaseException, url: str | URL = "") -> str:
    """One plain sentence for any records failure: the server's (see :func:`describe`) or the local file's."""
    original = getattr(error, "orig", None)
    if original is not None and type(original).__module__.startswith("psycopg"):
        return describe(error, url)
    return (
        f"The records file could not be used ({type(original or error).__name__}). Nothing was saved. "
        "Check the data folder."
    )
