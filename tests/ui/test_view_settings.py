"""Comfort: text size and theme are applied to everything and survive a restart; keyboard reaches it all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from handbook.themes import colours
from ui import theme as themes
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture
def restart(app_context: AppContext, qtbot: QtBot) -> Iterator[object]:
    """Open a fresh window on the same data folder and settings, as a restart would."""
    windows: list[MainWindow] = []

    def open_window() -> MainWindow:
        if windows:
            windows[-1].close()
        window = MainWindow(app_context)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)  # shortcuts go to the active window only
        windows.append(window)
        return window

    yield open_window
    # Later tests start from the platform's size and theme, whatever this one left behind.
    themes.apply_zoom(QApplication.instance(), themes.DEFAULT_ZOOM)


def app_point_size() -> float:
    return QApplication.instance().font().pointSizeF()


@pytest.mark.slow
def test_zoom_keys_scale_all_text_and_are_remembered(restart, qtbot: QtBot) -> None:
    window = restart()
    base = app_point_size()
    browser = window.pages[0].browser
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # Ctrl+=
    assert window.zoom == 110
    assert app_point_size() > base
    assert browser.font().pointSizeF() == pytest.approx(app_point_size())  # content views follow
    assert window.side_effects_page.table.font().pointSizeF() == pytest.approx(app_point_size())
    window.zoom_in_action.trigger()
    assert window.zoom == 125
    second = restart()
    assert second.zoom == 125
    assert app_point_size() == pytest.approx(base * 1.25, abs=0.1)
    qtbot.keyClick(second, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert second.zoom == 110
    qtbot.keyClick(second, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert second.zoom == 100
    assert app_point_size() == pytest.approx(base)
    assert restart().zoom == 100


def test_zoom_has_limits_and_standard_shortcuts(restart) -> None:
    window = restart()
    for _ in range(20):
        window.zoom_by(1)
    assert window.zoom == themes.ZOOM_STEPS[-1]
    assert not window.zoom_in_action.isEnabled()
    for _ in range(20):
        window.zoom_by(-1)
    assert window.zoom == themes.ZOOM_STEPS[0]
    assert not window.zoom_out_action.isEnabled()
    window.settings.setValue("view/zoom", "huge")
    assert restart().zoom == themes.DEFAULT_ZOOM
    shortcuts = {k.toString() for k in window.zoom_in_action.shortcuts()}
    assert {"Ctrl+="} <= shortcuts
    assert set(QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn)) <= set(window.zoom_in_action.shortcuts())
    assert "Ctrl+Q" in {k.toString() for k in window.quit_action.shortcuts()}
    assert window.help_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)


@pytest.mark.slow
def test_theme_menu_is_exclusive_applies_and_is_remembered(restart) -> None:
    window = restart()
    assert window.theme_actions["system"].isChecked()
    assert [a.text() for a in window.theme_menu.actions()] == ["Follow the system", "Light", "Dark", "High contrast"]
    window.theme_actions["dark"].trigger()
    assert window.theme == "dark"
    assert window.theme_actions["dark"].isChecked()
    assert sum(a.isChecked() for a in window.theme_actions.values()) == 1
    palette = QApplication.instance().palette()
    assert palette.color(QPalette.ColorRole.Base).name() == colours("dark")["base"]
    assert colours("dark")["heading"] in window.pages[0].browser.document().defaultStyleSheet()
    second = restart()
    assert second.theme == "dark"
    assert second.theme_actions["dark"].isChecked()
    second.set_theme("high-contrast")
    third = restart()
    assert third.theme == "high-contrast"
    assert QApplication.instance().palette().color(QPalette.ColorRole.Text).name() == "#000000"
    third.set_theme("system")
    assert restart().theme in ("light", "dark")


def test_window_geometry_and_tab_survive_a_restart(restart) -> None:
    window = restart()
    window.resize(1000, 700)
    window.tabs.setCurrentIndex(4)
    second = restart()  # closing the first saves its geometry
    assert second.tabs.currentIndex() == 4
    assert not window.settings.value("window/geometry").isEmpty()
    # The offscreen screen is small, so the width is clamped to fit it; the height shows the restore.
    assert second.height() == 700


def test_keyboard_reaches_search_tabs_and_table(restart, qtbot: QtBot) -> None:
    window = restart()
    for index in range(window.tabs.count()):
        qtbot.keyClick(window, Qt.Key.Key_1 + index, Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentIndex() == index
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    page = window.side_effects_page
    page.filter_edit.setFocus()
    order = [page.filter_edit]
    for _ in range(6):
        order.append(order[-1].nextInFocusChain())
        while not order[-1].focusPolicy() & Qt.FocusPolicy.TabFocus or not order[-1].isVisible():
            order[-1] = order[-1].nextInFocusChain()
    assert order[1:7] == [
        page.level_combo,
        page.frequency_combo,
        page.print_button,
        page.pdf_button,
        page.table,
        page.browser,
    ]
    assert window.search_box.nextInFocusChain() is not None
    for widget in (
        window.search_box,
        page.filter_edit,
        page.level_combo,
        page.frequency_combo,
        page.table,
        window.search_panel.list,
        window.tabs,
    ):
        assert widget.accessibleName(), widget
