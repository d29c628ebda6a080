"""Ward-wide settings that IT controls for every workstation: read here, never written by the app.

A nurse can read them (the window shows them) but not change them: the file lives in the system-scope
configuration folder, which only administrators can write. Environment variables override single keys, so
tests and IT validation runs can choose without touching the file.

File: ``ward.ini`` in the platform's site configuration folder (Linux ``/etc/xdg/proleukin-handbook``,
Windows ``C:\\ProgramData\\ProleukinHandbook\\proleukin-handbook``, macOS ``/Library/Application Support/
proleukin-handbook``), or the file named by ``HANDBOOK_WARD_CONFIG``. Example::

    [protocol]
    id = dutcher-2014

    [records]
    url = postgresql+psycopg://@records.example.org:5432/handbook

    [privacy]
    identifiers = off
"""

from __future__ import annotations

import configparser
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from handbook.paths import APP_AUTHOR, APP_NAME

log = logging.getLogger(__name__)

WARD_CONFIG_ENV = "HANDBOOK_WARD_CONFIG"
PROTOCOL_ENV = "HANDBOOK_PROTOCOL"
DATABASE_URL_ENV = "HANDBOOK_DATABASE_URL"

DEFAULT_PROTOCOL = "dutcher-2014"

_TRUE = {"1", "yes", "true", "on"}
_FALSE = {"0", "no", "false", "off", ""}


def ward_config_path() -> Path:
    """The system-scope file IT writes (it may not exist: every key has a default)."""
    override = os.environ.get(WARD_CONFIG_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.site_config_dir(APP_NAME, APP_AUTHOR)) / "ward.ini"


@dataclass(frozen=True)
class Setting:
    """One value and where it came from, so the window and ``handbook check`` can say why it is what it is."""

    value: str
    origin: str  # "environment HANDBOOK_PROTOCOL", "ward.ini at /etc/...", "built-in default"


@dataclass(frozen=True)
class WardSettings:
    path: Path
    protocol: Setting
    database_url: Setting  # "" means the embedded SQLite file in the data folder
    identifiers: bool  # may a course carry the patient's name and record number (default: no)
    problem: str = ""  # the file exists but could not be read; the defaults are in force and this says why

    @property
    def protocol_id(self) -> str:
        return self.protocol.value


def _read(path: Path) -> tuple[configparser.ConfigParser, str]:
    parser = configparser.ConfigParser(interpolation=None)
    if not path.is_file():
        return parser, ""
    try:
        with path.open(encoding="utf-8") as stream:
            parser.read_file(stream)
    except (OSError, UnicodeError, configparser.Error) as error:
        log.error("ward settings %s unreadable: %s", path, error)
        return configparser.ConfigParser(interpolation=None), f"{path} could not be read ({error}); defaults used"
    return parser, ""


def _pick(parser: configparser.ConfigParser, path: Path, section: str, key: str, env: str, default: str) -> Setting:
    from_env = os.environ.get(env, "").strip()
    if from_env:
        return Setting(from_env, f"environment {env}")
    from_file = parser.get(section, key, fallback="").strip()
    if from_file:
        return Setting(from_file, f"ward settings file {path}")
    return Setting(default, "built-in default")


def load_ward_settings() -> WardSettings:
    """Read the ward settings now (cheap: one small file); environment variables win over the file."""
    path = ward_config_path()
    parser, problem = _read(path)
    raw_identifiers = parser.get("privacy", "identifiers", fallback="off").strip().lower()
    if raw_identifiers not in _TRUE | _FALSE:
        problem = problem or f"{path}: [privacy] identifiers must be on or off, not {raw_identifiers!r}; off used"
    return WardSettings(
        path=path,
        protocol=_pick(parser, path, "protocol", "id", PROTOCOL_ENV, DEFAULT_PROTOCOL),
        database_url=_pick(parser, path, "records", "url", DATABASE_URL_ENV, ""),
        identifiers=raw_identifiers in _TRUE,
        problem=problem,
    )
