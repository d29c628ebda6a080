"""The course dialogs: every label, tick box and choice is shown whole (a nurse must read the regimen she
picks; it was cut to "High-dose aldesleu"). At 100 % text; at 200 % the start dialog is taller than the test's
800 x 600 screen and is not yet checked here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.ui.records.test_course_tab import start_course
from tests.ui.test_small_window import clipped_buttons, clipped_choices, clipped_labels
from ui import theme as themes
from ui.main_window import MainWindow
from ui.tabs.course_tab import CourseTab

pytestmark = pytest.mark.slow  # a whole window at two text sizes


@pytest.fixture(params=[100, 200], ids=["100%", "200%"])
def course_tab(window: MainWindow, qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[CourseTab]:
    themes.apply_zoom(qapp, int(request.param))
    index = [page.title for page in window.pages].index("Course record")
    window.tabs.setCurrentIndex(index)
    tab = window.page(index)
    assert isinstance(tab, CourseTab)
    yield tab
    themes.apply_zoom(qapp, 100)


def problems(dialog: QDialog, qtbot: QtBot) -> list[str]:
    qtbot.waitExposed(dialog)
    found = [*clipped_labels(dialog), *clipped_buttons(dialog), *clipped_choices(dialog)]  # type: ignore[arg-type]
    shown = [
        widget
        for widget in dialog.findChildren(QWidget)
        if isinstance(widget, QLabel | QAbstractButton | QComboBox | QLineEdit | QPlainTextEdit | QDateTimeEdit)
        and widget.isVisibleTo(dialog)
        and not widget.objectName().startswith("qt_")
        and not isinstance(widget.parent(), QComboBox | QDateTimeEdit)
    ]
    viewport = dialog.findChild(QScrollArea).viewport()
    in_sight = QRect(viewport.mapTo(dialog, QPoint(0, 0)), viewport.size())
    boxes = {}
    for widget in shown:  # what is drawn: the part of a scrolled field inside the scroll area's window
        box = QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size())
        boxes[widget] = box.intersected(in_sight) if viewport.isAncestorOf(widget) else box
    for widget, box in boxes.items():
        if box.isEmpty():
            continue
        if box.right() > dialog.width():
            found.append(f"{type(widget).__name__} {widget.accessibleName() or widget.objectName()}: cut at the right")
        for other, other_box in boxes.items():
            if other is not widget and widget.isAncestorOf(other) is False and other.isAncestorOf(widget) is False:
                if not other_box.isEmpty() and box.intersects(other_box) and id(widget) < id(other):
                    found.append(f"{type(widget).__name__} and {type(other).__name__} drawn over each other")
    dialog.reject()
    return found


def test_starting_a_course_shows_every_field_whole(course_tab: CourseTab, qtbot: QtBot) -> None:
    dialog = course_tab.start_dialog()
    assert dialog is not None
    found = problems(dialog, qtbot)
    assert found == [], "\n".join(found)


def test_recording_a_dose_shows_every_field_whole(course_tab: CourseTab, qtbot: QtBot) -> None:
    start_course(course_tab)
    dialog = course_tab.record_dialog("held")
    assert dialog is not None
    found = problems(dialog, qtbot)
    assert found == [], "\n".join(found)
