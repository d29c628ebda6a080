"""The side-effect table in the window: filter as you type, filter by kind, sort, details, print and PDF."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.models.side_effects_model import CALL_NOW_MARK, Column, Role
from ui.tabs.side_effects_tab import SideEffectsTab


def open_tab(window: MainWindow) -> SideEffectsTab:
    page = window.side_effects_page
    window.tabs.setCurrentIndex(window.pages.index(page))
    assert window.current_page() is page
    return page


def shown(
    page: SideEffectsTab, column: Column = Column.EFFECT, role: int = Qt.ItemDataRole.DisplayRole
) -> list[object]:
    return [page.proxy.index(r, column).data(role) for r in range(page.proxy.rowCount())]


def test_table_lists_every_side_effect_most_urgent_first(window: MainWindow) -> None:
    page = open_tab(window)
    assert page.proxy.rowCount() == len(window.drug.side_effects) > 10
    urgencies = shown(page, Column.ACTION, Role.UrgencyRole)
    assert urgencies[0] == "call_now" and urgencies[-1] != "call_now"
    assert all(
        str(text).startswith(CALL_NOW_MARK)
        for text, urgency in zip(shown(page, Column.ACTION), urgencies, strict=True)
        if urgency == "call_now"
    )
    assert "All" in page.count_label.text()


def test_filter_as_you_type(window: MainWindow, qtbot: QtBot) -> None:
    page = open_tab(window)
    total = page.proxy.rowCount()
    qtbot.keyClicks(page.filter_edit, "rash")
    assert 0 < page.proxy.rowCount() < total
    assert all("rash" in str(page.proxy.index(r, 0).data(Role.SearchTextRole)) for r in range(page.proxy.rowCount()))
    assert f"of {total}" in page.count_label.text()
    page.filter_edit.clear()
    assert page.proxy.rowCount() == total


def test_filter_by_how_common_and_what_to_do(window: MainWindow) -> None:
    page = open_tab(window)
    page.urgency_combo.setCurrentIndex(page.urgency_combo.findData("call_now"))
    assert page.proxy.rowCount() > 0
    assert set(shown(page, Column.ACTION, Role.UrgencyRole)) == {"call_now"}
    page.frequency_combo.setCurrentIndex(page.frequency_combo.findData("more_common"))
    assert set(shown(page, Column.FREQUENCY, Role.FrequencyRole)) <= {"more_common"}
    page.clear_filters()
    assert page.proxy.rowCount() == len(window.drug.side_effects)


def test_clicking_a_header_sorts_that_column(window: MainWindow, qtbot: QtBot) -> None:
    page = open_tab(window)
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.INCIDENCE) + header.sectionSize(Column.INCIDENCE) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert header.sortIndicatorSection() == Column.INCIDENCE
    keys = [float(k) for k in shown(page, Column.INCIDENCE, Role.SortRole)]
    assert keys in (sorted(keys), sorted(keys, reverse=True)) and len(set(keys)) > 2
    page.table.sortByColumn(Column.FREQUENCY, Qt.SortOrder.AscendingOrder)
    ranks = shown(page, Column.FREQUENCY, Role.SortRole)
    assert ranks == sorted(ranks)


def test_selecting_a_row_shows_its_details_and_sources(window: MainWindow, qtbot: QtBot) -> None:
    page = open_tab(window)
    effect = next(e for e in window.drug.side_effects if e.note is not None and e.incidences)
    assert page.select_slug(effect.slug)
    text = page.browser.toPlainText()
    assert effect.term in text and effect.note.text in text
    assert f"{effect.incidences[0].percent:g}%" in text
    assert 'href="source:' in page.browser.toHtml()
    tooltip = str(page.table.currentIndex().data(Qt.ItemDataRole.ToolTipRole))
    assert effect.note.text in tooltip and effect.sources[0].citation in tooltip


def test_clicking_a_source_cell_asks_for_that_source(window: MainWindow, qtbot: QtBot) -> None:
    page = SideEffectsTab(window.drug, window.describe_sources)  # alone: no About dialog opens
    qtbot.addWidget(page)
    index = page.proxy.index(0, Column.SOURCE)
    with qtbot.waitSignal(page.source_requested, timeout=1000) as signal:
        page._on_clicked(index)
    assert signal.args[0] == index.data(Role.SourceIdsRole)


def test_show_anchor_finds_a_hidden_row(window: MainWindow) -> None:
    page = open_tab(window)
    effect = window.drug.side_effects[-1]
    page.filter_edit.setText("zzzz no such effect")
    assert page.proxy.rowCount() == 0
    page.show_anchor(f"side_effect:{effect.slug}")
    assert page.selected_row() is not None and page.selected_row().slug == effect.slug
    assert page.has_anchor(f"side_effect:{effect.slug}") and not page.has_anchor("side_effect:nope")


def test_print_and_pdf_hold_the_table_as_filtered(window: MainWindow, tmp_path: Path) -> None:
    page = open_tab(window)
    page.urgency_combo.setCurrentIndex(page.urgency_combo.findData("call_now"))
    wanted = [str(t) for t in shown(page)]
    others = [e.term for e in window.drug.side_effects if e.urgency != "call_now"]
    body, frame = window.print_document()
    assert all(term in body for term in wanted)
    assert "Tell the provider at once" in body and window.meta["content_version"] in body
    assert frame.content_version == window.meta["content_version"]
    pdf = tmp_path / "side-effects.pdf"
    pages = window.export_pdf(pdf)
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    flat = " ".join(unicodedata.normalize("NFKC", text).split())  # PDF text may hold "ﬀ" ligatures
    assert pages >= 1 and f"Content {window.meta['content_version']}" in flat
    assert wanted[0] in flat
    assert f"{len(wanted)} of {len(window.drug.side_effects)} side effects" in flat
    assert others and len(wanted) < len(window.drug.side_effects)


def test_filter_words_are_escaped_in_print(window: MainWindow) -> None:
    page = open_tab(window)
    page.filter_edit.setText("<b>rash</b> & fever")
    body, _frame = window.print_document()
    assert "&lt;b&gt;rash&lt;/b&gt; &amp; fever" in body
