"""Where the app's files live: bundled resources, and the per-user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "proleukin-handbook"
APP_AUTHOR = "ProleukinHandbook"
DATA_DIR_ENV = "HANDBOOK_DATA_DIR"

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """``resources/`` beside the package in a checkout; inside the package when installed from a wheel."""
    bundled = _PACKAGE / "_resources"
    return bundled if bundled.is_dir() else _PACKAGE.parent / "resources"


def content_dir() -> Path:
    return resources_dir() / "content"


def templates_dir() -> Path:
    return resources_dir() / "templates"


def data_dir() -> Path:
    """All of the app's writable data: databases, settings, logs.

    ``HANDBOOK_DATA_DIR`` moves it (managed workstations, tests). The folder is not created here.
    """
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def content_db_path(base: Path | None = None) -> Path:
    return (base or data_dir()) / "content.sqlite3"


def user_db_path(base: Path | None = None) -> Path:
    return (base or data_dir()) / "user.sqlite3"


def log_dir(base: Path | None = None) -> Path:
    return (base or data_dir()) / "logs"


def settings_path(base: Path | None = None) -> Path:
    return (base or data_dir()) / "settings.ini"
