"""At the minimum window size (820 x 560), at 100 % and 200 % text: no label, button or choice on any tab is cut
off, no toolbar button is pushed out of sight, and every table still shows its heading and a row."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QStyle,
    QStyleOptionComboBox,
    QTableView,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui import theme as themes
from ui.main_window import MainWindow


def shown(window: MainWindow, widget: QWidget) -> bool:
    """On screen in the window: visible, and not scrolled or squeezed to nothing."""
    return widget.isVisibleTo(window) and not widget.visibleRegion().isEmpty()


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


def visible_text(text: str) -> str:
    """A button's words as drawn: "&&" is an ampersand, a single "&" marks the Alt letter and is not drawn."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def clipped_buttons(window: MainWindow) -> list[str]:
    """Push buttons, tool buttons and tick boxes whose words are wider than the room they have."""
    clipped = []
    for button in window.findChildren(QAbstractButton):
        text = visible_text(button.text())
        if not shown(window, button) or not text.strip() or button.objectName().startswith("qt_"):
            continue
        words = max(button.fontMetrics().horizontalAdvance(line) for line in text.splitlines())
        hint = button.sizeHint()
        if words > button.contentsRect().width() or hint.width() > button.width() + 1:
            clipped.append(f"{text!r}: needs {hint.width()} px ({words} px of words), has {button.width()}")
        elif hint.height() > button.height() + 1:
            clipped.append(f"{text!r}: needs {hint.height()} px high, has {button.height()}")
    return clipped


def clipped_choices(window: MainWindow) -> list[str]:
    """Drop-down lists whose chosen entry does not fit in the box ("Ward actio▾")."""
    clipped = []
    for combo in window.findChildren(QComboBox):
        if not shown(window, combo) or combo.isEditable() or not combo.currentText():
            continue
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
        )
        words = combo.fontMetrics().horizontalAdvance(combo.currentText())
        if words > field.width():
            clipped.append(f"{combo.currentText()!r}: needs {words} px, has {field.width()}")
    return clipped


def squeezed_tables(window: MainWindow) -> list[str]:
    """Tables that do not show their column headings and at least one row's height below them."""
    squeezed = []
    for table in window.findChildren(QTableView):
        if not table.isVisibleTo(window):
            continue
        header = table.horizontalHeader()
        row = max(table.verticalHeader().defaultSectionSize(), table.fontMetrics().height())
        rows = [table.rowHeight(r) for r in range(min(table.model().rowCount(), 1))] if table.model() else []
        needed = max([row, *rows])
        if header.isVisible() and header.height() < header.sizeHint().height():
            squeezed.append(f"{table.accessibleName()}: headings {header.height()} px of {header.sizeHint().height()}")
        elif table.viewport().height() < needed:
            squeezed.append(f"{table.accessibleName()}: {table.viewport().height()} px for rows of {needed} px")
    return squeezed


def clipped_toolbars(window: MainWindow) -> list[str]:
    """Toolbar buttons pushed into the overflow menu (») or drawn with their words cut off."""
    problems = []
    for toolbar in window.findChildren(QToolBar):
        if not toolbar.isVisibleTo(window):
            continue
        extension = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
        if extension is not None and extension.isVisible():
            problems.append(f"{toolbar.windowTitle()}: actions moved to the overflow menu")
        for action in toolbar.actions():
            if not action.isVisible() or action.isSeparator():
                continue
            widget = toolbar.widgetForAction(action)
            if widget is None or not widget.isVisible():
                problems.append(f"{toolbar.windowTitle()}: {action.text()!r} is not shown")
                continue
            if widget.width() < min(widget.sizeHint().width(), widget.maximumWidth()):
                problems.append(f"{toolbar.windowTitle()}: {action.text() or widget.objectName()!r} is squeezed")
    return problems


# Every tab rendered at two text sizes, several times: whole-window renders, so these run with --slow.
pytestmark = pytest.mark.slow

CHECKS = (clipped_labels, clipped_buttons, clipped_choices, squeezed_tables)


@pytest.fixture(params=[100, 200], ids=["100%", "200%"])
def small_window(window: MainWindow, qapp: QApplication, request: pytest.FixtureRequest) -> MainWindow:
    themes.apply_zoom(qapp, int(request.param))
    request.addfinalizer(lambda: themes.apply_zoom(qapp, 100))
    window.resize(820, 560)
    return window


def problems_on_every_tab(window: MainWindow, qtbot: QtBot, checks: tuple[object, ...]) -> dict[str, list[str]]:
    """Every tab, and every view of a tab with views of its own (Warnings: Risks & rules, Checklists)."""
    problems = {}

    def look(where: str) -> None:
        qtbot.wait(10)
        assert not window.grab().isNull()
        found = [problem for check in checks for problem in check(window)]  # type: ignore[operator]
        if found:
            problems[where] = found

    for index, page in enumerate(window.pages):
        window.tabs.setCurrentIndex(index)
        look(page.title)
        for views in page.findChildren(QTabWidget):
            for view in range(1, views.count()):
                views.setCurrentIndex(view)
                look(f"{page.title} › {views.tabText(view)}")
            views.setCurrentIndex(0)
    return problems


@pytest.mark.slow  # every tab and view rendered, twice
def test_no_label_is_cut_off_at_the_minimum_size(small_window: MainWindow, qtbot: QtBot) -> None:
    assert problems_on_every_tab(small_window, qtbot, (clipped_labels,)) == {}


@pytest.mark.slow  # every tab and view rendered, twice
def test_no_button_or_choice_is_cut_off_at_the_minimum_size(small_window: MainWindow, qtbot: QtBot) -> None:
    assert problems_on_every_tab(small_window, qtbot, (clipped_buttons, clipped_choices)) == {}


@pytest.mark.slow  # every tab and view rendered, twice
def test_every_table_shows_its_headings_and_a_row(small_window: MainWindow, qtbot: QtBot) -> None:
    assert problems_on_every_tab(small_window, qtbot, (squeezed_tables,)) == {}


@pytest.mark.slow  # every tab and view rendered, twice
def test_no_toolbar_button_is_clipped(small_window: MainWindow, qtbot: QtBot) -> None:
    toolbars = [t for t in small_window.findChildren(QToolBar) if t.isVisibleTo(small_window)]
    assert toolbars
    assert problems_on_every_tab(small_window, qtbot, (clipped_toolbars,)) == {}
