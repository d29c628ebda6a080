"""The header band: one line on demand and by itself at 150-200 % text; the boxed warning one click away."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui import theme as themes
from ui.main_window import MainWindow


def test_header_collapses_to_one_line_and_back(window: MainWindow, qtbot: QtBot) -> None:
    header = window.header
    full = header.sizeHint().height()
    qtbot.mouseClick(header.compact_button, Qt.MouseButton.LeftButton)
    assert header.compact
    line = QFontMetrics(header.font()).height()
    assert header.sizeHint().height() < full
    assert header.boxed_label.heightForWidth(header.boxed_label.width()) <= 2 * line
    assert "Read it in full" in header.boxed_label.text()
    with qtbot.waitSignal(header.boxed_warning_requested):
        header.boxed_label.linkActivated.emit("#boxed")
    qtbot.mouseClick(header.compact_button, Qt.MouseButton.LeftButton)
    assert not header.compact
    assert header.sizeHint().height() == full


def test_header_is_compact_at_200_percent(window: MainWindow, qtbot: QtBot, qapp: QApplication) -> None:
    try:
        themes.apply_zoom(qapp, 200)
        qtbot.waitUntil(lambda: window.header.compact)
        line = QFontMetrics(window.header.font()).height()
        assert window.header.height() <= 3 * line
    finally:
        themes.apply_zoom(qapp, 100)
    qtbot.waitUntil(lambda: not window.header.compact)
