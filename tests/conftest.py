"""Test set-up: offscreen Qt, and a fresh temporary data folder for every test."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import: nobody should have to set it

from pathlib import Path

import pytest

from handbook.paths import DATA_DIR_ENV
from handbook.ward_settings import DATABASE_URL_ENV
from tests.postgres import postgres, postgres_cluster, postgres_url  # noqa: F401  (fixtures)
from tests.ward_server import ward_server, ward_template  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder through HANDBOOK_DATA_DIR."""
    folder = tmp_path / "data"
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
