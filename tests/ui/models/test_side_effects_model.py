"""The side-effect table model and its filter, without any widget: columns, roles, sorting, filtering."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from pytestqt.modeltest import ModelTester

from handbook.sources import SourceRef
from ui.models.side_effects_model import (
    CALL_NOW_MARK,
    HEADERS,
    Column,
    Incidence,
    Role,
    SideEffectRow,
    SideEffectsFilter,
    SideEffectsModel,
)

LABEL = SourceRef("label", "US label 2024", "Proleukin prescribing information. Iovance. 2024")
PRACTICE = SourceRef("practice", "Nursing consensus", "IL-2 nursing consensus paper. 2014")


def row(
    slug: str,
    term: str,
    frequency: str,
    urgency: str,
    system: str = "General",
    position: int = 0,
    incidences: tuple[Incidence, ...] = (),
    note: str = "",
    sources: tuple[SourceRef, ...] = (LABEL,),
    note_sources: tuple[SourceRef, ...] = (),
) -> SideEffectRow:
    return SideEffectRow(
        slug=slug,
        position=position,
        term=term,
        frequency=frequency,
        urgency=urgency,
        body_system=system,
        incidences=incidences,
        sources=sources,
        note=note,
        note_sources=note_sources,
    )


ROWS = [
    row(
        "hypotension",
        "Low blood pressure",
        "more_common",
        "call_now",
        "Heart and circulation",
        0,
        (Incidence("Hypotension", 71, "Table 3", (LABEL,)),),
        note="Check blood pressure before every dose.",
        note_sources=(PRACTICE,),
    ),
    row(
        "chills",
        "Chills",
        "more_common",
        "tell_if_persists",
        "Whole body",
        1,
        (Incidence("Chills", 52, "Table 3", (LABEL,)),),
    ),
    row(
        "rash",
        "Rash",
        "less_common",
        "tell_if_persists",
        "Skin",
        2,
        (Incidence("Rash", 42, "Table 3", (LABEL,)), Incidence("Pruritus", 24, "Table 3", (LABEL,))),
    ),
    row("confusion", "Confusion", "rare", "call_now", "Nervous system", 3),
    row(
        "anemia",
        "Anaemia",
        "label_table",
        "found_on_monitoring",
        "Blood",
        4,
        (Incidence("Anemia", 77, "Table 3", (LABEL,)),),
    ),
    row("agitation", "Agitation", "less_common", "call_now", "Nervous system", 5),
]


@pytest.fixture
def model(qapp: object) -> SideEffectsModel:
    return SideEffectsModel(ROWS)


@pytest.fixture
def proxy(model: SideEffectsModel) -> SideEffectsFilter:
    proxy = SideEffectsFilter()
    proxy.setSourceModel(model)
    return proxy


def column(proxy: SideEffectsFilter, col: Column, role: int = Qt.ItemDataRole.DisplayRole) -> list[object]:
    return [proxy.index(r, col).data(role) for r in range(proxy.rowCount())]


def test_model_passes_qt_model_checks(
    model: SideEffectsModel, proxy: SideEffectsFilter, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)


def test_columns_and_headers(model: SideEffectsModel) -> None:
    assert model.columnCount() == 6 and model.rowCount() == len(ROWS)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Side effect", "How common", "Label incidence", "Body system", "What to do", "Source"]
    assert headers == [HEADERS[c] for c in Column]
    assert model.rowCount(model.index(0, 0)) == 0  # a table, not a tree


def test_display_text_per_column(model: SideEffectsModel) -> None:
    first = [model.index(0, c).data() for c in Column]
    assert first == [
        "Low blood pressure",
        "More common",
        "Hypotension 71%",
        "Heart and circulation",
        f"{CALL_NOW_MARK} Tell the provider at once",
        "US label 2024, Nursing consensus",
    ]
    assert model.index(1, Column.INCIDENCE).data() == "52%"  # the label's term is the effect: just the figure
    assert model.index(2, Column.INCIDENCE).data() == "42%; Pruritus 24%"
    assert model.index(3, Column.INCIDENCE).data() == ""
    assert model.index(4, Column.FREQUENCY).data() == "Label table"
    assert model.index(1, Column.ACTION).data() == "Tell if it lasts or bothers"
    assert model.index(4, Column.ACTION).data() == "Found on monitoring"


def test_call_now_rows_stand_out_by_symbol_and_bold_not_colour_alone(model: SideEffectsModel) -> None:
    action = model.index(0, Column.ACTION)
    assert str(action.data()).startswith(CALL_NOW_MARK)
    font = action.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert model.index(0, Column.EFFECT).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, Column.ACTION).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(1, Column.ACTION).data(Qt.ItemDataRole.FontRole) is None
    assert CALL_NOW_MARK not in str(model.index(1, Column.ACTION).data())


def test_tooltip_has_the_nursing_note_and_full_citations(model: SideEffectsModel) -> None:
    tip = str(model.index(0, Column.SOURCE).data(Qt.ItemDataRole.ToolTipRole))
    assert "Check blood pressure before every dose." in tip
    assert LABEL.citation in tip and PRACTICE.citation in tip
    assert model.index(0, Column.EFFECT).data(Qt.ItemDataRole.ToolTipRole) == tip  # every cell


def test_named_roles(model: SideEffectsModel) -> None:
    index = model.index(2, Column.EFFECT)
    assert index.data(Role.SlugRole) == "rash"
    assert index.data(Role.FrequencyRole) == "less_common"
    assert index.data(Role.UrgencyRole) == "tell_if_persists"
    assert index.data(Role.SourceIdsRole) == ["label"]
    assert index.data(Role.RowRole) is ROWS[2]
    assert model.index(0, Column.INCIDENCE).data(Role.SortRole) == 71
    assert model.index(3, Column.INCIDENCE).data(Role.SortRole) == -1
    assert model.data(QModelIndex()) is None
    assert model.row_of("confusion") == 3 and model.row_of("missing") == -1


def test_how_common_sorts_in_clinical_order_not_alphabetically(proxy: SideEffectsFilter) -> None:
    proxy.sort(Column.FREQUENCY, Qt.SortOrder.AscendingOrder)
    assert column(proxy, Column.FREQUENCY) == [
        "More common",
        "More common",
        "Less common",
        "Less common",
        "Rare",
        "Label table",
    ]
    proxy.sort(Column.FREQUENCY, Qt.SortOrder.DescendingOrder)
    assert column(proxy, Column.FREQUENCY)[0] == "Label table"


def test_what_to_do_sorts_most_urgent_first(proxy: SideEffectsFilter) -> None:
    proxy.sort(Column.ACTION, Qt.SortOrder.AscendingOrder)
    assert column(proxy, Column.ACTION, Role.UrgencyRole) == [
        "call_now",
        "call_now",
        "call_now",
        "tell_if_persists",
        "tell_if_persists",
        "found_on_monitoring",
    ]
    # Ties keep the content's order.
    assert column(proxy, Column.EFFECT)[:3] == ["Low blood pressure", "Confusion", "Agitation"]


def test_incidence_sorts_numerically(proxy: SideEffectsFilter) -> None:
    proxy.sort(Column.INCIDENCE, Qt.SortOrder.DescendingOrder)
    # 77 > 71 > 52 > 42 numerically, although "42%" > "100%"-style text comparison would differ.
    assert column(proxy, Column.EFFECT)[:4] == ["Anaemia", "Low blood pressure", "Chills", "Rash"]
    assert column(proxy, Column.INCIDENCE)[4:] == ["", ""]


def test_text_columns_sort_alphabetically(proxy: SideEffectsFilter) -> None:
    proxy.sort(Column.EFFECT, Qt.SortOrder.AscendingOrder)
    assert column(proxy, Column.EFFECT) == sorted(r.term for r in ROWS)
    proxy.sort(Column.BODY_SYSTEM, Qt.SortOrder.DescendingOrder)
    systems = column(proxy, Column.BODY_SYSTEM)
    assert systems == sorted(systems, key=str.casefold, reverse=True)


def test_filter_by_words_in_any_column_or_note(proxy: SideEffectsFilter) -> None:
    proxy.set_text("nervous")
    assert column(proxy, Column.EFFECT) == ["Confusion", "Agitation"]
    proxy.set_text("PRURITUS")  # a label term, not the effect's own name; case does not matter
    assert column(proxy, Column.EFFECT) == ["Rash"]
    proxy.set_text("blood pressure before")  # words from the nursing note
    assert column(proxy, Column.EFFECT) == ["Low blood pressure"]
    proxy.set_text("rash zzz")  # every word must match
    assert proxy.rowCount() == 0
    proxy.set_text("   ")
    assert proxy.rowCount() == len(ROWS) and not proxy.is_filtered()


def test_filter_by_how_common_and_what_to_do_combine(proxy: SideEffectsFilter) -> None:
    proxy.set_frequency("less_common")
    assert column(proxy, Column.EFFECT) == ["Rash", "Agitation"]
    proxy.set_urgency("call_now")
    assert column(proxy, Column.EFFECT) == ["Agitation"]
    proxy.set_text("rash")
    assert proxy.rowCount() == 0 and proxy.is_filtered()
    proxy.clear_filters()
    assert proxy.rowCount() == len(ROWS)


def test_visible_rows_are_filtered_and_sorted(proxy: SideEffectsFilter) -> None:
    proxy.set_urgency("call_now")
    proxy.sort(Column.EFFECT, Qt.SortOrder.AscendingOrder)
    assert [r.slug for r in proxy.visible_rows()] == ["agitation", "confusion", "hypotension"]


def test_set_rows_resets(model: SideEffectsModel, proxy: SideEffectsFilter) -> None:
    model.set_rows(ROWS[:2])
    assert proxy.rowCount() == 2
    model.set_alert_colour("#ff0000")
    assert model.index(0, Column.ACTION).data(Qt.ItemDataRole.ForegroundRole).name() == "#ff0000"


def test_empty_cells_do_not_wear_down_none(proxy: SideEffectsFilter) -> None:
    """PySide6 6.12 drops a reference to None per None returned from data(); the model must not let it."""
    before = sys.getrefcount(None)
    for _ in range(3000):
        proxy.index(1, Column.SOURCE).data(Qt.ItemDataRole.FontRole)
        proxy.headerData(99, Qt.Orientation.Horizontal)
    assert abs(sys.getrefcount(None) - before) < 100
