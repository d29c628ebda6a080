"""The course at a glance: every block's words fit under its bar, at 200 % text in the smallest window too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui import theme as themes
from ui.main_window import MainWindow
from ui.tabs.indications_tab import IndicationsTab


@pytest.mark.slow  # a whole window, at two text sizes
@pytest.mark.parametrize("zoom", [100, 200])
def test_the_words_under_each_block_fit(window: MainWindow, qtbot: QtBot, qapp: QApplication, zoom: int) -> None:
    try:
        themes.apply_zoom(qapp, zoom)
        window.resize(820, 560)
        window.tabs.setCurrentIndex(0)
        qtbot.wait(10)
        page = window.current_page()
        assert isinstance(page, IndicationsTab)
        diagram = page.course
        metrics = diagram.fontMetrics()
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        drawn = diagram.detail_rects(diagram.width())  # where paintEvent writes each block's words
        assert [block for block, _rect in drawn] == diagram.blocks
        for block, rect in drawn:
            needed = metrics.boundingRect(QRect(0, 0, int(rect.width()), 10_000), flags, block.detail).height()
            assert needed <= rect.height(), f"{block.label}: {block.detail!r} needs {needed} px, has {rect.height()}"
            assert rect.bottom() <= diagram.height(), f"{block.label}: drawn below the diagram's edge"
    finally:
        themes.apply_zoom(qapp, 100)
