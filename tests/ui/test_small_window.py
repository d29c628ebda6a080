"""At the minimum window size (820 x 560), at 100 % and 200 % text: no label on any tab is cut off."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from ui import theme as themes
from ui.main_window import MainWindow


def clipped_labels(window: MainWindow) -> list[str]:
    clipped = []
    for label in window.findChildren(QLabel):
        if not label.isVisibleTo(window) or not label.text().strip():
            continue
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height() + 1:
                clipped.append(f"{label.text()[:40]!r}: needs {needed} px high, has {label.height()}")
        else:
            hint = label.sizeHint()
            if hint.width() > label.width() + 1 or hint.height() > label.height() + 1:
                clipped.append(f"{label.text()[:40]!r}: needs {hint.width()} px wide, has {label.width()}")
    return clipped


@pytest.mark.parametrize("zoom", [100, 200])
def test_no_label_is_cut_off_at_the_minimum_size(
    window: MainWindow, qtbot: QtBot, qapp: QApplication, zoom: int
) -> None:
    problems = {}
    try:
        themes.apply_zoom(qapp, zoom)
        window.resize(820, 560)
        for index, page in enumerate(window.pages):
            window.tabs.setCurrentIndex(index)
            qtbot.wait(10)
            assert not window.grab().isNull()
            if found := clipped_labels(window):
                problems[page.title] = found
    finally:
        themes.apply_zoom(qapp, 100)
    assert problems == {}
