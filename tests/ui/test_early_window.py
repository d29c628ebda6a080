"""The window painted from the stored first view, before the ORM: what it shows, and how the rest arrives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from handbook.db.content_store import open_content
from handbook.db.first_view import read_first_view
from handbook.tabs import Tab
from ui.context import AppContext, EarlyStart, open_settings
from ui.main_window import TABS, MainWindow
from ui.startup import DeferredLoad
from ui.tabs.indications_tab import IndicationsTab


@pytest.fixture
def early(data_dir: Path, qtbot: QtBot) -> Iterator[tuple[MainWindow, DeferredLoad]]:
    open_content(data_dir).dispose()
    view = read_first_view(data_dir)
    assert view is not None
    window = MainWindow(EarlyStart(data_dir, open_settings(data_dir), view))
    qtbot.addWidget(window)
    deferred = DeferredLoad(window, data_dir)
    window.show()
    qtbot.waitExposed(window)
    yield window, deferred
    if deferred.ctx is not None:
        deferred.ctx.close()


def index_of(tab: Tab) -> int:
    return next(i for i, (t, _m, _n) in enumerate(TABS) if t is tab)


def test_the_first_tab_and_header_show_before_anything_is_loaded(early: tuple[MainWindow, DeferredLoad]) -> None:
    window, _deferred = early
    assert not window.ready
    text = window.page(0).browser.toPlainText().lower()
    assert "renal cell carcinoma" in text
    assert "boxed warning" in text
    assert "Proleukin" in window.header.drug_label.text()
    assert "Boxed warning" in window.header.boxed_label.text()
    assert window.meta["content_version"] in window.version_label.text()
    assert "Drug header" == window.header.accessibleName()


def test_the_stored_first_tab_is_what_the_tab_renders_from_the_orm(data_dir: Path, qtbot: QtBot) -> None:
    open_content(data_dir).dispose()
    view = read_first_view(data_dir)
    ctx = AppContext.open(data_dir)
    try:
        page = IndicationsTab(ctx.drug, lambda ids: "")
        qtbot.addWidget(page)
        assert view is not None
        assert page.html() == view.html
    finally:
        ctx.close()


def test_a_tab_clicked_before_loading_says_so_then_shows_when_ready(
    early: tuple[MainWindow, DeferredLoad], qtbot: QtBot
) -> None:
    window, deferred = early
    dosing = index_of(Tab.dosing)
    window.tabs.setCurrentIndex(dosing)
    loading = window.tabs.widget(dosing).findChild(QLabel, "tabLoading")
    assert loading is not None
    assert loading.isVisible()
    window.search_box.setText("capillary")
    window.run_search("capillary")  # typed before the content loaded: kept, run once it has
    deferred.start()
    qtbot.waitUntil(lambda: window.ready, timeout=60_000)
    assert window.tabs.currentIndex() == dosing
    assert "IU/kg" in window.page(dosing).browser.toPlainText()
    assert window.tabs.widget(dosing).findChild(QLabel, "tabLoading") is None or not loading.isVisible()
    assert window.search_dock.isVisible()
    assert window.search_panel.model.rowCount() > 0
    before = deferred._last_input
    qtbot.keyClick(window.search_box, "s")  # typing puts off building the tabs nobody asked for
    assert deferred._last_input > before
    qtbot.waitUntil(lambda: len(window._built) == len(TABS), timeout=60_000)  # the rest built while idle


def test_something_that_needs_the_content_at_once_finishes_loading_first(
    early: tuple[MainWindow, DeferredLoad],
) -> None:
    window, deferred = early
    calls: list[bool] = []
    window.when_ready(lambda: calls.append(window.ready))
    assert calls == []
    page = window.page(index_of(Tab.side_effects))  # e.g. a search hit or Ctrl+P: loads now, then builds
    assert window.ready
    assert deferred.ctx is not None
    assert calls == [True]
    assert page.title == "Side effects"
    assert window.page(0).drug is deferred.ctx.drug  # the first tab renders from the ORM from now on
