"""Times are stored in UTC and shown in the workstation's local time."""

from __future__ import annotations

import datetime as dt


def local_time(moment: dt.datetime | None) -> str:
    """``2025-03-04 14:05`` in local time, or "" for no time."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
