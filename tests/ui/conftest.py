"""Fixtures for window tests: the real application context on a temporary data folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from handbook.db.content_models import Drug
from handbook.db.content_store import open_content
from handbook.db.user_store import UserStore, open_user_db
from tests.ui.banner_pixels import Holder
from ui import theme as themes
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture
def drug(data_dir: Path, qapp: object) -> Iterator[Drug]:
    """The drug from the test's content database, on a session of its own."""
    store = open_content(data_dir)
    session = store.session()
    yield store.drug(session)
    session.close()
    store.dispose()


@pytest.fixture
def user(data_dir: Path) -> Iterator[UserStore]:
    """The test's own records database."""
    store = open_user_db(data_dir)
    yield store
    store.dispose()


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


@pytest.fixture
def banner_holder(qapp: QApplication, qtbot: QtBot) -> Iterator[Holder]:
    """A plain window to put a result banner in; the light theme is back afterwards."""
    widget = Holder()
    qtbot.addWidget(widget)
    widget.resize(520, 220)
    yield widget
    themes.apply(qapp, "light")
    qapp.setPalette(themes.palette_for("light"))
