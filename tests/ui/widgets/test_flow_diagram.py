"""The mechanism picture: every box holds all its words, at any width and text size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui import theme as themes
from ui.widgets.flow_diagram import FlowDiagram

STEPS = [
    "Aldesleukin: a man-made copy of interleukin-2 (IL-2), given by IV infusion",
    "Lymphocytes multiply and are switched on",
    "Natural killer (NK) and LAK killer-cell activity rises",
    "The immune system targets and kills cancer cells (exact mechanism not known)",
]
NOTE = "Alongside: TNF, IL-1 and interferon-gamma are released; blood lymphocytes and eosinophils rise."


@pytest.mark.parametrize(("zoom", "width"), [(100, 800), (200, 800), (200, 500)])
def test_every_box_holds_its_words(qapp: QApplication, qtbot: QtBot, zoom: int, width: int) -> None:
    diagram = FlowDiagram(STEPS, NOTE, {})
    qtbot.addWidget(diagram)
    try:
        themes.apply_zoom(qapp, zoom)
        metrics = diagram.fontMetrics()
        boxes, note = diagram.layout_rects(width)
        assert len(boxes) == len(STEPS)
        assert note is not None
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        for step, box in zip(STEPS, boxes, strict=True):
            inner = box.adjusted(6, 4, -6, -4)  # where paintEvent writes the words
            needed = metrics.boundingRect(QRect(0, 0, int(inner.width()), 10_000), flags, step).height()
            assert needed <= inner.height(), f"{step[:30]!r}: needs {needed} px, has {inner.height():.0f}"
        words = metrics.boundingRect(QRect(0, 0, int(note.width()) - 16, 10_000), flags, NOTE).height()
        assert words <= note.height() - 4
        assert diagram.heightForWidth(width) >= note.bottom()
    finally:
        themes.apply_zoom(qapp, 100)
