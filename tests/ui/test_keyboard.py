"""Keyboard: Tab gets a nurse to the dose calculator quickly, and no table or citation list swallows Tab."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.tabs.dosing_tab import DosingTab
from ui.widgets.content_browser import ContentBrowser

MAX_TABS_TO_WEIGHT = 5


def tab_presses_to(window: MainWindow, qtbot: QtBot, target: object, limit: int) -> int | None:
    """How many Tab presses from the search box reach ``target`` (None if more than ``limit``)."""
    window.search_box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.search_box)
    for presses in range(1, limit + 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is target:
            return presses
    return None


def test_weight_field_is_at_most_five_tabs_from_search(window: MainWindow, qtbot: QtBot) -> None:
    pages = window.pages
    index = next(i for i, page in enumerate(pages) if isinstance(page, DosingTab))
    window.tabs.setCurrentIndex(index)
    dosing = pages[index]
    assert isinstance(dosing, DosingTab)
    presses = tab_presses_to(window, qtbot, dosing.weight_edit, MAX_TABS_TO_WEIGHT)
    assert presses is not None, f"the weight field is more than {MAX_TABS_TO_WEIGHT} Tab presses from search"


def test_no_table_and_no_citation_list_traps_tab(window: MainWindow) -> None:
    assert window.pages  # builds every tab
    tables = window.findChildren(QTableView)
    browsers = window.findChildren(ContentBrowser)
    assert tables and browsers
    assert [t.objectName() or type(t.model()).__name__ for t in tables if t.tabKeyNavigation()] == []
    for browser in browsers:
        assert browser.tabChangesFocus()
        assert not browser.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        assert browser.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByMouse
