"""Help › Sources of this view: the keyboard's way to the citations, which are not Tab stops."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from handbook.tabs import Tab
from ui.main_window import TABS, VIEW_SOURCES_KEY, MainWindow
from ui.sources_dialog import SourcesDialog
from ui.tabs.side_effects_tab import SideEffectsTab


def cited_in(html: str) -> list[str]:
    """The source ids of every citation link in rendered HTML, once each, in order."""
    ids = [i for group in re.findall(r'href="source:([^"]*)"', html) for i in group.split(",") if i]
    return list(dict.fromkeys(ids))


def press_sources_key(window: MainWindow, qtbot: QtBot) -> SourcesDialog:
    window.activateWindow()
    qtbot.keyClick(window.tabs, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.findChild(SourcesDialog)
    assert dialog is not None, f"{VIEW_SOURCES_KEY} opened no list"
    qtbot.waitExposed(dialog)
    return dialog


def tab_index(tab: Tab) -> int:
    return next(i for i, (t, _m, _n) in enumerate(TABS) if t is tab)


def test_the_key_is_shown_in_the_help_menu(window: MainWindow) -> None:
    menu = window.help_menu
    assert isinstance(menu, QMenu)
    assert window.view_sources_action in menu.actions()
    assert window.view_sources_action.shortcut().toString() == VIEW_SOURCES_KEY


def test_the_key_lists_the_sources_of_the_indications_tab(window: MainWindow, qtbot: QtBot) -> None:
    window.tabs.setCurrentIndex(tab_index(Tab.indications))
    page = window.current_page()
    expected = cited_in(page.html())
    assert len(expected) >= 2
    dialog = press_sources_key(window, qtbot)
    assert dialog.source_ids == expected
    first = window.sources[expected[0]]
    assert first.citation in dialog.list.item(0).text()  # the full reference, not only the short name
    assert dialog.focusWidget() is dialog.list  # arrows move through the sources at once


def test_on_the_side_effect_table_the_key_lists_the_selected_rows_sources(window: MainWindow, qtbot: QtBot) -> None:
    window.tabs.setCurrentIndex(tab_index(Tab.side_effects))
    page = window.current_page()
    assert isinstance(page, SideEffectsTab)
    drug = window.drug
    effect = next(e for e in drug.side_effects if e.incidences and e.ward_action is not None and e.sources)
    assert page.select_slug(effect.slug)
    own = [s.id for s in effect.sources] + [s.id for s in effect.ward_action.sources]
    own += [s.id for i in effect.incidences for s in i.sources]
    expected = set(own) | set(cited_in(page.html()))
    dialog = press_sources_key(window, qtbot)
    assert set(dialog.source_ids) == expected
    assert len(dialog.source_ids) == len(expected)
    other = next(e for e in drug.side_effects if {s.id for s in e.sources} - expected)
    dialog.close()
    assert page.select_slug(other.slug)
    assert press_sources_key(window, qtbot).source_ids != list(expected)  # it follows the selection


def test_choosing_a_source_opens_it_in_the_full_list(window: MainWindow, qtbot: QtBot) -> None:
    window.tabs.setCurrentIndex(tab_index(Tab.mechanism))
    dialog = press_sources_key(window, qtbot)
    assert dialog.list.count() >= 1
    dialog.list.setCurrentRow(dialog.list.count() - 1)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    about = window._about
    assert about is not None
    assert about.isVisible()
    wanted = f"source:{dialog.source_ids[-1]}"
    assert about.browser.resolve_anchor(wanted) == wanted
