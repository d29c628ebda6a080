"""Test set-up: offscreen Qt, and a fresh temporary data folder for every test, holding a copy of the
content database built once per session."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import: nobody should have to set it

from pathlib import Path

import pytest

from handbook.db.content_store import open_content
from handbook.paths import DATA_DIR_ENV, content_db_path
from handbook.ward_settings import DATABASE_URL_ENV
from tests.postgres import postgres, postgres_cluster, postgres_url  # noqa: F401  (fixtures)
from tests.ward_server import ward_server, ward_template  # noqa: F401  (fixtures)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--slow",
        action="store_true",
        help="also run the tests marked slow (the README's test command and CI do; a plain run leaves them out)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave the slow tests out of a plain run, unless asked for with --slow or chosen with -m."""
    if config.getoption("--slow") or config.getoption("-m"):
        return
    slow = [item for item in items if item.get_closest_marker("slow") is not None]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if item.get_closest_marker("slow") is None]


@pytest.fixture(scope="session")
def built_content_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The content database, built once from ``resources/`` for the whole session. Tests get copies:
    building it takes about a second of CPU, copying it a millisecond."""
    folder = tmp_path_factory.mktemp("built-content")
    open_content(folder).dispose()
    return content_db_path(folder)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built_content_db: Path) -> Path:
    """Every test gets its own data folder through HANDBOOK_DATA_DIR, with a current content database
    already in it (a test that needs an empty folder makes its own)."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(built_content_db, content_db_path(folder))
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)  # a ward server in the caller's shell is not the tests'
    return folder


@pytest.fixture(autouse=True)
def no_leftover_windows() -> Iterator[None]:
    """Delete every window a test leaves behind: leftovers slow every later test (each style sheet
    change re-polishes every live widget) and keep databases open."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
