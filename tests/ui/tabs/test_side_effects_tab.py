"""The side-effect table in the window: filter as you type, filter by kind, sort, details, print and PDF."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from markupsafe import escape
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.models.side_effects_model import URGENT_MARK, Column, Role, rows_from_drug
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
    levels = shown(page, Column.LEVEL, Role.LevelRole)
    assert levels[0] == "hold_rule"
    assert levels[-1] == "teach_and_reassure"
    order = ["hold_rule", "call_prescriber", "treat_and_record", "teach_and_reassure"]
    assert [order.index(str(level)) for level in levels] == sorted(order.index(str(level)) for level in levels)
    assert all(
        str(text).startswith(URGENT_MARK)
        for text, level in zip(shown(page, Column.LEVEL), levels, strict=True)
        if level == "hold_rule"
    )
    assert "All" in page.count_label.text()


def test_hypotension_is_among_the_first_five_rows(window: MainWindow) -> None:
    page = open_tab(window)
    assert "hypotension" in [str(slug) for slug in shown(page, Column.EFFECT, Role.SlugRole)[:5]]
    assert shown(page, Column.EFFECT, Role.SlugRole)[0] == "hypotension"  # 71%: the most common hold-rule effect
    assert page.selected_row() is not None
    assert page.selected_row().slug == "hypotension"


def test_at_most_a_quarter_of_rows_carry_the_most_urgent_level(window: MainWindow) -> None:
    page = open_tab(window)
    levels = shown(page, Column.LEVEL, Role.LevelRole)
    urgent = levels.count("hold_rule")
    assert 0 < urgent
    assert urgent * 4 <= len(levels)
    assert all(levels.count(level) for level in ("call_prescriber", "treat_and_record", "teach_and_reassure"))


def test_every_stop_hold_row_names_its_rule_with_a_source(window: MainWindow) -> None:
    page = open_tab(window)
    for row in page.proxy.visible_rows():
        assert row.action, row.slug
        assert row.action_sources, row.slug
        if row.urgent:
            assert row.rules or row.criteria, row.slug
            assert all(link.sources for link in (*row.rules, *row.criteria)), row.slug


def test_filter_as_you_type(window: MainWindow, qtbot: QtBot) -> None:
    page = open_tab(window)
    total = page.proxy.rowCount()
    qtbot.keyClicks(page.filter_edit, "rash")
    assert 0 < page.proxy.rowCount() < total
    assert all("rash" in str(page.proxy.index(r, 0).data(Role.SearchTextRole)) for r in range(page.proxy.rowCount()))
    assert f"of {total}" in page.count_label.text()
    page.filter_edit.clear()
    assert page.proxy.rowCount() == total


def test_filter_by_ward_action_and_how_common(window: MainWindow) -> None:
    page = open_tab(window)
    page.level_combo.setCurrentIndex(page.level_combo.findData("hold_rule"))
    assert page.proxy.rowCount() > 0
    assert set(shown(page, Column.LEVEL, Role.LevelRole)) == {"hold_rule"}
    assert "hypotension" in shown(page, Column.EFFECT, Role.SlugRole)
    page.frequency_combo.setCurrentIndex(page.frequency_combo.findData("more_common"))
    assert set(shown(page, Column.HOW_COMMON, Role.FrequencyRole)) <= {"more_common"}
    assert "ward action: " in page.filter_description()
    page.clear_filters()
    assert page.proxy.rowCount() == len(window.drug.side_effects)


def test_clicking_a_header_sorts_that_column(window: MainWindow, qtbot: QtBot) -> None:
    page = open_tab(window)
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.HOW_COMMON) + header.sectionSize(Column.HOW_COMMON) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert header.sortIndicatorSection() == Column.HOW_COMMON
    keys = [float(k) for k in shown(page, Column.HOW_COMMON, Role.SortRole)]
    assert keys in (sorted(keys), sorted(keys, reverse=True))
    assert len(set(keys)) > 2
    page.table.sortByColumn(Column.LEVEL, Qt.SortOrder.AscendingOrder)
    ranks = shown(page, Column.LEVEL, Role.SortRole)
    assert ranks == sorted(ranks)


def test_selecting_a_row_shows_its_details_and_sources(window: MainWindow, qtbot: QtBot) -> None:
    page = open_tab(window)
    effect = next(e for e in window.drug.side_effects if e.note is not None and e.incidences)
    assert page.select_slug(effect.slug)
    text = page.browser.toPlainText()
    assert effect.term in text
    assert effect.note.text in text
    assert f"{effect.incidences[0].percent:g}%" in text
    assert 'href="source:' in page.browser.toHtml()
    tooltip = str(page.table.currentIndex().data(Qt.ItemDataRole.ToolTipRole))
    assert effect.note.text in tooltip
    assert effect.sources[0].citation in tooltip


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
    assert page.selected_row() is not None
    assert page.selected_row().slug == effect.slug
    assert page.has_anchor(f"side_effect:{effect.slug}")
    assert not page.has_anchor("side_effect:nope")


def test_print_and_pdf_hold_the_table_as_filtered(window: MainWindow, tmp_path: Path) -> None:
    page = open_tab(window)
    page.level_combo.setCurrentIndex(page.level_combo.findData("hold_rule"))
    wanted = [str(t) for t in shown(page)]
    others = [e.term for e in window.drug.side_effects if e.ward_level != "hold_rule"]
    body, frame = window.print_document()
    assert [term for term in wanted if str(escape(term)) not in body] == []
    assert "Stop/hold rule" in body
    assert window.meta["content_version"] in body
    assert frame.content_version == window.meta["content_version"]
    pdf = tmp_path / "side-effects.pdf"
    pages = window.export_pdf(pdf)
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    flat = " ".join(unicodedata.normalize("NFKC", text).split())  # PDF text may hold "ﬀ" ligatures
    assert pages >= 1
    assert f"Content {window.meta['content_version']}" in flat
    assert wanted[0] in flat
    assert f"{len(wanted)} of {len(window.drug.side_effects)} side effects" in flat
    assert others
    assert len(wanted) < len(window.drug.side_effects)


def test_filter_words_are_escaped_in_print(window: MainWindow) -> None:
    page = open_tab(window)
    page.filter_edit.setText("<b>rash</b> & fever")
    body, _frame = window.print_document()
    assert "&lt;b&gt;rash&lt;/b&gt; &amp; fever" in body


def test_details_show_ward_action_rules_both_frequencies_and_the_patient_line(window: MainWindow) -> None:
    page = open_tab(window)
    assert page.select_slug("swelling-feet-lower-legs")
    text = " ".join(page.browser.toPlainText().split())
    assert "Ward action: Treat per orders and record." in text
    assert "US label table: Peripheral edema 28%" in text
    assert "Consumer page: “rare”" in text
    assert "For the patient (the consumer page's advice for someone at home)" in text
    assert page.select_slug("hypotension")
    text = " ".join(page.browser.toPlainText().split())
    assert "Systolic blood pressure falls below 90 mmHg" in text
    assert "US label: withhold" in text
    assert "For the patient" not in text  # the label table's rows carry no consumer advice
    html = page.browser.toHtml()
    assert 'href="open:warnings/checklist:' in html
    assert 'href="open:warnings/section:supportive_care.' in html


def test_a_rule_link_opens_the_give_hold_check_at_that_item(window: MainWindow, qtbot: QtBot) -> None:
    page = open_tab(window)
    assert page.select_slug("hypotension")
    row = page.selected_row()
    assert row is not None
    assert row.rules[0].check_anchor
    with qtbot.waitSignal(page.open_requested, timeout=1000) as signal:
        page.browser.anchorClicked.emit(QUrl(f"open:warnings/{row.rules[0].check_anchor}"))
    assert signal.args == ["warnings", row.rules[0].check_anchor]
    window.open_place(*signal.args)
    assert window.current_page() is not page
    warnings = window.current_page()
    slug, item = row.rules[0].check_anchor.split(":")[1:]
    assert slug == "dose-check"
    assert item == "cv-withhold-sbp-below-90"
    assert warnings.checklists.dose_mode  # type: ignore[attr-defined]


def test_details_show_the_wards_protocol_only_never_a_merged_list(window: MainWindow) -> None:
    page = open_tab(window)
    assert page.select_slug("hypotension")
    text = " ".join(page.browser.toPlainText().split())
    assert "Your ward's protocol: Dutcher 2014 (published example)" in text
    assert "Phenylephrine maximum 1.5 to 2.0 mcg/kg/min" in text
    assert "Hypotension requiring pressors" not in text  # SpringerPlus's criterion: not this ward's
    assert "(SpringerPlus 2015, TIL consensus 2024) have their own criteria" in text
    assert "not your ward's" in text


def test_another_wards_protocol_brings_its_own_criteria(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDBOOK_PROTOCOL", "springerplus-2015")
    rows = {row.slug: row for row in rows_from_drug(window.drug)}
    hypotension = rows["hypotension"]
    assert hypotension.protocol == "SpringerPlus 2015 (published example)"
    assert [link.text for link in hypotension.protocol_criteria] == ["Hypotension requiring pressors"]
    assert hypotension.protocol_criteria[0].kind == "SpringerPlus 2015: Stop IL-2 (absolute)"
    assert hypotension.protocol_criteria[0].check_anchor == "checklist:dose-check:pressors"
    assert set(hypotension.other_protocols) == {"Dutcher 2014", "TIL consensus 2024"}
    assert rows["drowsiness"].protocol_criteria == ()  # a label rule only: no SpringerPlus criterion


@pytest.mark.slow
def test_at_200_percent_on_a_small_screen_the_table_keeps_what_a_nurse_scans_for(window: MainWindow) -> None:
    page = open_tab(window)
    window.resize(820, 560)
    window.apply_zoom(100)
    QApplication.processEvents()
    assert not page.table.isColumnHidden(Column.BODY_SYSTEM)
    assert not page.table.isColumnHidden(Column.SOURCE)
    window.apply_zoom(200)
    QApplication.processEvents()
    assert page.table.isColumnHidden(Column.BODY_SYSTEM)
    assert page.table.isColumnHidden(Column.SOURCE)
    for column in (Column.LEVEL, Column.EFFECT, Column.HOW_COMMON):
        assert not page.table.isColumnHidden(column)
    window.apply_zoom(100)
    QApplication.processEvents()
    assert not page.table.isColumnHidden(Column.SOURCE)
