"""Search in the window: Ctrl+F, type, choose a result, land on the match; every anchor lands somewhere."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from handbook.db.search_index import MARK_END, MARK_START, Hit
from handbook.tabs import Tab
from ui.main_window import MainWindow
from ui.search.results_model import HitRole, SearchResultsModel, matched_words, snippet_html
from ui.search.search_panel import DEBOUNCE_MS
from ui.tabs.side_effects_tab import SideEffectsTab


def type_query(window: MainWindow, qtbot: QtBot, query: str) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    qtbot.keyClicks(window.search_box, query)
    qtbot.waitUntil(lambda: window.search_panel.model.query == query, timeout=DEBOUNCE_MS * 10)


def test_ctrl_f_focuses_the_search_field(window: MainWindow, qtbot: QtBot) -> None:
    window.tabs.currentWidget().setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search_box
    assert window.search_box.accessibleName()


def test_typing_waits_for_a_pause_then_shows_results(window: MainWindow, qtbot: QtBot) -> None:
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "capil")
    assert window.search_panel.model.rowCount() == 0  # not on every keystroke
    qtbot.waitUntil(lambda: window.search_panel.model.rowCount() > 0, timeout=DEBOUNCE_MS * 10)
    assert window.search_dock.isVisible()
    first = window.search_panel.model.index(0, 0)
    assert first.data(HitRole.TitleRole)
    assert first.data(HitRole.WhereRole) in {t.heading for t in Tab}
    assert "<b " in str(first.data(HitRole.SnippetHtmlRole))


def test_choosing_a_result_opens_its_tab_and_selects_the_match(window: MainWindow, qtbot: QtBot) -> None:
    window.tabs.setCurrentIndex(0)
    type_query(window, qtbot, "capillary leak")
    model = window.search_panel.model
    row = next(r for r in range(model.rowCount()) if model.hit(r).tab is Tab.warnings)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert window.search_panel.list.hasFocus()
    window.search_panel.list.setCurrentIndex(model.index(row, 0))
    qtbot.keyClick(window.search_panel.list, Qt.Key.Key_Return)
    page = window.current_page()
    assert page.title == Tab.warnings.heading
    selected = page.browser.textCursor().selectedText().casefold()
    assert selected in {w.casefold() for w in matched_words(model.hit(row))}
    assert selected.startswith(("capillary", "leak"))


def test_enter_in_the_field_opens_the_top_result(window: MainWindow, qtbot: QtBot) -> None:
    effect = next(e for e in window.drug.side_effects if len(e.term.split()) == 1 and len(e.term) > 4)
    type_query(window, qtbot, effect.term)
    top = window.search_panel.model.hit(0)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.current_page().title == top.tab.heading
    if top.tab is Tab.side_effects:
        page = window.current_page()
        assert isinstance(page, SideEffectsTab)
        assert f"side_effect:{page.selected_row().slug}" == top.anchor


def test_a_side_effect_result_selects_its_row(window: MainWindow, qtbot: QtBot) -> None:
    effect = window.drug.side_effects[len(window.drug.side_effects) // 2]
    window.side_effects_page.filter_edit.setText("zzzz")  # a filter that hides it must not stop the jump
    hit = Hit(
        tab=Tab.side_effects,
        anchor=f"side_effect:{effect.slug}",
        title=effect.term,
        marked_snippet=f"{MARK_START}{effect.term}{MARK_END}",
        rank=-1.0,
    )
    window.open_hit(hit)
    page = window.side_effects_page
    assert window.current_page() is page
    assert page.selected_row() is not None
    assert page.selected_row().slug == effect.slug
    assert page.table.hasFocus()


def test_escape_closes_the_results(window: MainWindow, qtbot: QtBot) -> None:
    type_query(window, qtbot, "fever")
    assert window.search_dock.isVisible()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert not window.search_dock.isVisible()
    assert window.search_box.hasFocus()
    type_query(window, qtbot, " rash")
    window.search_panel.focus_results()
    qtbot.keyClick(window.search_panel.list, Qt.Key.Key_Escape)
    assert not window.search_dock.isVisible()


def test_nothing_found_says_so(window: MainWindow, qtbot: QtBot) -> None:
    type_query(window, qtbot, "qqqqzzzz")
    assert window.search_panel.model.rowCount() == 0
    assert "Nothing found" in window.search_panel.summary.text()


def test_search_uses_the_windows_content_session(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    # The window imports search when it first runs one (start-up keeps it out of the first paint).
    monkeypatch.setattr("handbook.db.search_index.search", lambda session, query, **_kw: seen.append(session) or [])
    window.run_search("fever")
    assert seen == [window.ctx.session]


@pytest.mark.slow
def test_every_indexed_anchor_lands_in_its_tab(window: MainWindow) -> None:
    """Each anchor the content build gives a search hit resolves in the page it names (exactly, or to
    the enclosing section where the page groups it)."""
    rows = window.ctx.session.execute(text("SELECT DISTINCT tab, anchor FROM search_index")).all()
    assert len(rows) > 50
    pages = {page.title: page for page in window.pages}
    missing = []
    for tab, anchor in rows:
        page = pages[Tab(tab).heading]
        if isinstance(page, SideEffectsTab):
            landed = page.has_anchor(anchor)
        else:
            landed = page.browser.resolve_anchor(anchor) is not None
        if not landed:
            missing.append((tab, anchor))
    # Checklist items live in the checklist panel (issue 5), not in an HTML view.
    missing = [(tab, anchor) for tab, anchor in missing if not anchor.startswith("checklist:")]
    assert missing == []


def test_results_model_escapes_and_marks(qapp: object) -> None:
    hit = Hit(
        tab=Tab.warnings,
        anchor="warning:x",
        title="<script>",
        marked_snippet=f"a <i>b</i> {MARK_START}leak{MARK_END} and {MARK_START}leak{MARK_END}",
        rank=0.0,
    )
    assert matched_words(hit) == ["leak"]
    html = snippet_html(hit, "background-color: yellow")
    assert "&lt;i&gt;b&lt;/i&gt;" in html
    assert '<b style="background-color: yellow">leak</b>' in html
    model = SearchResultsModel()
    model.set_hits("leak", [hit])
    index = model.index(0, 0)
    assert index.data() == "<script> (Warnings & checklists)"
    assert index.data(HitRole.HitRole) is hit
    assert "leak" in str(index.data(Qt.ItemDataRole.AccessibleTextRole))
