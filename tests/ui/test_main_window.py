"""The main window: five tabs with real content, the header, the status bar, About, keyboard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.about_dialog import AboutDialog
from ui.main_window import MainWindow
from ui.widgets.content_browser import source_ids_of


def test_the_tabs_in_order(window: MainWindow) -> None:
    titles = [window.tabs.tabText(i).replace("&&", "&") for i in range(window.tabs.count())]
    assert titles == ["Indications", "Mechanism", "Dosing", "Side effects", "Warnings & checklists", "Course record"]


def test_every_tab_shows_content_from_the_database(window: MainWindow) -> None:
    expected = {
        "Indications": ["metastatic", "renal cell carcinoma", "melanoma", "intensive care"],
        "Mechanism": ["interleukin-2", "half-life"],
        "Dosing": ["600,000", "IU/kg", "Cycle 2"],
        "Side effects": ["Agitation", "Hypotension", "71"],
        "Warnings & checklists": ["Capillary leak", "Withhold", "Published practice"],
        "Course record": ["Choose a course in the list, or start one"],
    }
    for page in window.pages:
        document = QTextDocument()
        document.setHtml(page.print_html())  # the side-effects table lives in a table view, not the browser
        text = page.browser.toPlainText() + document.toPlainText()
        for needle in expected[page.title]:
            assert needle.lower() in text.lower(), (page.title, needle)


def test_header_shows_drug_high_alert_and_boxed_warning(window: MainWindow) -> None:
    assert "Proleukin" in window.header.drug_label.text()
    assert "HIGH-ALERT" in window.header.alert_badge.text()
    assert "Boxed warning" in window.header.boxed_label.text()


def test_status_bar_shows_content_version_and_review_date(window: MainWindow) -> None:
    meta = window.meta
    assert meta["content_version"] in window.version_label.text()
    assert meta["last_reviewed"] in window.version_label.text()


def test_ctrl_number_switches_tabs(window: MainWindow, qtbot: QtBot) -> None:
    for index in range(window.tabs.count()):
        qtbot.keyClick(window, Qt.Key.Key_1 + index, Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentIndex() == index


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen dialogs
def test_about_lists_sources_and_disclaimer(window: MainWindow, qtbot: QtBot) -> None:
    dialog = window.show_about()
    qtbot.waitExposed(dialog)
    text = dialog.browser.toPlainText()
    assert "Clinical disclaimer" in text
    for source in window.sources.values():
        assert source.title in text
    dialog.close()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen dialogs
def test_clicking_a_citation_opens_that_source(window: MainWindow, qtbot: QtBot) -> None:
    source_id = list(window.sources)[-1]  # the last source: the list must scroll to it, not merely open
    window.pages[0].source_requested.emit([source_id])
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, AboutDialog) and w.isVisible()]
    assert len(dialogs) == 1
    browser = dialogs[0].browser
    position = browser.anchor_position(f"source:{source_id}")
    assert position is not None
    cursor = QTextCursor(browser.document())
    cursor.setPosition(position)
    assert browser.verticalScrollBar().value() > 0
    assert browser.viewport().rect().intersects(browser.cursorRect(cursor))
    dialogs[0].close()


def test_every_citation_link_names_known_sources(window: MainWindow) -> None:
    for page in window.pages:
        cited = {
            source_id
            for href in re.findall(r'href="([^"]*)"', page.browser.toHtml())
            for source_id in source_ids_of(href)
        }
        assert cited, page.title
        assert cited <= set(window.sources), (page.title, cited - set(window.sources))


def test_last_tab_is_remembered(app_context, qtbot: QtBot, data_dir: Path) -> None:
    first = MainWindow(app_context)
    qtbot.addWidget(first)
    first.tabs.setCurrentIndex(3)
    first.close()
    second = MainWindow(app_context)
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == 3


def test_only_the_tab_in_view_is_built_at_start(app_context, qtbot: QtBot) -> None:
    window = MainWindow(app_context)
    qtbot.addWidget(window)
    assert list(window._built) == [window.tabs.currentIndex()]
    window.tabs.setCurrentIndex(3)
    assert 3 in window._built
    assert window.tabs.widget(3).isAncestorOf(window.page(3))


def test_tab_titles_match_their_classes(window: MainWindow) -> None:
    from ui.main_window import TABS

    assert [page.title for page in window.pages] == [tab.heading for tab, _module, _name in TABS]


def test_ctrl_p_with_the_checklists_in_view_prints_that_checklist(window: MainWindow) -> None:
    window.tabs.setCurrentIndex(4)
    tab = window.page(4)
    tab.show_anchor("checklist:dose-check:")
    body, frame = window.print_document()
    assert "dose ___ of 14" in frame.title
    assert frame.blank
    assert "Result (circle one)" in body
    assert "Before each dose" in body
    tab.show_anchor("warning:capillary-leak")
    body, frame = window.print_document()
    assert frame.title == "Warnings & checklists"
    assert "Capillary leak" in body


def test_citation_clicks_reuse_one_about_dialog(window: MainWindow) -> None:
    ids = list(window.sources)
    first = window.show_about()
    window.show_sources([ids[1]])
    window.show_sources([ids[2]])
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, AboutDialog) and w.isVisible()]
    assert dialogs == [first]
    first.close()


def test_the_course_record_tab_keeps_courses_in_the_records_database(window: MainWindow, qtbot: QtBot) -> None:
    from ui.tabs.course_tab import CourseTab

    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    assert isinstance(page, CourseTab)
    assert page.records is not None
    assert page.records.store is window.ctx.user
    assert page.start_button.isEnabled()
    assert page.protocol_id
