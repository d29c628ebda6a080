"""The ward's records on a server, for a shared workstation: each nurse signs in to record, and is signed
out after a few idle minutes.

Qt-free: the window asks for the user and password and calls :meth:`WardRecords.sign_in`; the password goes
to libpq and stays in memory only while she is signed in. Nothing connects until someone signs in, so the
handbook opens at once and its content works whether or not the server can be reached.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from handbook.db.server_connection import (
    IDLE_SIGN_OUT,
    Credentials,
    RecordsUnavailableError,
    describe,
    where,
    with_credentials,
)
from handbook.db.user_store import UserDatabaseError, UserStore, open_records

log = logging.getLogger(__name__)


@dataclass
class WardRecords:
    """The records server named by the ward settings, and who (if anyone) is signed in to it."""

    url: str
    data_dir: Path
    idle: dt.timedelta = IDLE_SIGN_OUT
    clock: Callable[[], dt.datetime] = dt.datetime.now
    store: UserStore | None = field(default=None, repr=False)
    last_activity: dt.datetime = field(default_factory=dt.datetime.now)
    problem: str = ""  # the last failure, in plain words ("" when all is well)

    @property
    def where(self) -> str:
        """'handbook on records.example.org:5432': shown in the window (never a password)."""
        return where(self.url)

    @property
    def signed_in(self) -> bool:
        return self.store is not None

    @property
    def nurse(self) -> str:
        """The database role signed in (as the server knows her), or ""."""
        return self.store.recorder if self.store is not None else ""

    def sign_in(self, user: str, password: str) -> UserStore:
        """Connect as ``user`` (an empty password leaves it to libpq: password file, Kerberos...).

        Raises :class:`RecordsUnavailableError` with one plain sentence when the server refuses or cannot be
        reached (within the connect time-out).
        """
        if not user.strip():
            raise RecordsUnavailableError("Type your user name for the ward records.")
        self.sign_out()
        url = with_credentials(self.url, Credentials(user, password)).render_as_string(hide_password=False)
        try:
            store = open_records(self.data_dir, url)
        except UserDatabaseError as error:
            self.problem = str(error)
            raise RecordsUnavailableError(self.problem) from None
        except (SQLAlchemyError, OSError) as error:
            self.problem = describe(error, self.url)
            log.warning("sign-in to the ward records failed: %s", self.problem)
            raise RecordsUnavailableError(self.problem) from None
        self.store = store
        self.problem = ""
        self.touch()
        log.info("signed in to the ward records as %s", store.recorder)
        return store

    def sign_out(self) -> None:
        """Drop the connection (and with it the password) at once."""
        if self.store is not None:
            log.info("signed out of the ward records (%s)", self.store.recorder)
            self.store.dispose()
        self.store = None

    def touch(self) -> None:
        """She did something: the idle clock starts again."""
        self.last_activity = self.clock()

    def expired(self) -> bool:
        """Signed in and idle for ``idle`` or longer: time to sign her out."""
        return self.store is not None and self.clock() - self.last_activity >= self.idle

    def failed(self, error: BaseException) -> str:
        """Remember and return the plain message for a failure while recording."""
        self.problem = describe(error, self.url)
        return self.problem
