"""Keyboard: Tab gets a nurse to the dose calculator quickly, and no table or citation list swallows Tab."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QMenu, QTabBar, QTableView, QWidget
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
    assert tables
    assert browsers
    assert [t.objectName() or type(t.model()).__name__ for t in tables if t.tabKeyNavigation()] == []
    for browser in browsers:
        assert browser.tabChangesFocus()
        assert not browser.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        assert browser.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByMouse


def mnemonic(text: str) -> str | None:
    """The Alt letter in a label ("&Weight" -> "w"); "&&" is a literal ampersand."""
    match = re.search(r"(?<!&)&([^&\s])", text.replace("&&", ""))
    return match.group(1).lower() if match else None


def visible_mnemonics(window: MainWindow) -> list[tuple[str, str]]:
    found = [(m, a.text()) for a in window.menuBar().actions() if (m := mnemonic(a.text()))]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton | QGroupBox):
            text = widget.text() if isinstance(widget, QAbstractButton) else widget.title()
            if m := mnemonic(text):
                found.append((m, text))
        elif isinstance(widget, QLabel) and widget.buddy() is not None and (m := mnemonic(widget.text())):
            found.append((m, widget.text()))
        elif isinstance(widget, QTabBar):
            found += [(m, widget.tabText(i)) for i in range(widget.count()) if (m := mnemonic(widget.tabText(i)))]
    return found


def test_every_alt_letter_is_unique_on_every_tab(window: MainWindow) -> None:
    clashes = {}
    for index, page in enumerate(window.pages):
        window.tabs.setCurrentIndex(index)
        seen: dict[str, list[str]] = {}
        for letter, text in visible_mnemonics(window):
            seen.setdefault(letter, []).append(text)
        repeated = {letter: texts for letter, texts in seen.items() if len(texts) > 1}
        if repeated:
            clashes[page.title] = repeated
    assert clashes == {}


def test_every_shortcut_is_shown_in_a_menu(window: MainWindow) -> None:
    in_menus = {
        action.shortcut().toString()
        for menu in window.menuBar().findChildren(QMenu)
        for action in menu.actions()
        if not action.shortcut().isEmpty()
    }
    elsewhere = {
        action.shortcut().toString()
        for action in window.findChildren(QAction)
        if not action.shortcut().isEmpty() and not action.associatedObjects()[1:]
    }
    keys = {s.key().toString() for s in window.findChildren(QShortcut)} | elsewhere
    # Escape closes what is open (search results, dialogs) everywhere: it needs no menu entry.
    assert keys - in_menus - {"Esc"} == set()
    assert in_menus  # and the menus do show shortcuts
