"""Fixtures for window tests: the real application context on a temporary data folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture
def app_context(data_dir: Path, qapp: object) -> Iterator[AppContext]:
    ctx = AppContext.open(data_dir)
    yield ctx
    ctx.close()


@pytest.fixture
def window(app_context: AppContext, qtbot: QtBot) -> MainWindow:
    window = MainWindow(app_context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
