"""The side-effect table model and its filter, without any widget: columns, roles, sorting, filtering."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from pytestqt.modeltest import ModelTester

from handbook.sources import SourceRef
from ui.models.side_effects_model import (
    HEADERS,
    URGENT_MARK,
    Column,
    Incidence,
    Role,
    RuleLink,
    SideEffectRow,
    SideEffectsFilter,
    SideEffectsModel,
)

LABEL = SourceRef("label", "US label 2024", "Proleukin prescribing information. Iovance. 2024")
PRACTICE = SourceRef("practice", "Nursing consensus", "IL-2 nursing consensus paper. 2014")
CONSUMER = SourceRef("consumer", "Consumer page", "A consumer drug page. 2024")


def row(
    slug: str,
    term: str,
    frequency: str,
    level: str,
    system: str = "General",
    position: int = 0,
    incidences: tuple[Incidence, ...] = (),
    urgency: str = "call_now",
    action: str = "",
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
        level=level,
        action=action,
        action_sources=(PRACTICE,) if action else (),
        rules=(RuleLink("Systolic BP below 90 mmHg", "US label: withhold", (LABEL,), "checklist:c:i"),)
        if level == "hold_rule"
        else (),
        note=note,
        note_sources=note_sources,
    )


ROWS = [
    row(
        "chills",
        "Chills",
        "more_common",
        "treat_and_record",
        "Whole body",
        0,
        (Incidence("Chills", 52, "T3", (LABEL,)),),
    ),
    row(
        "hypotension",
        "Low blood pressure",
        "label_table",
        "hold_rule",
        "Heart and circulation",
        1,
        (Incidence("Hypotension", 71, "Table 3", (LABEL,)),),
        urgency="found_on_monitoring",
        action="Fluid boluses per orders.",
        note="Check blood pressure before every dose.",
        note_sources=(PRACTICE,),
    ),
    row(
        "rash",
        "Rash",
        "less_common",
        "treat_and_record",
        "Skin",
        2,
        (Incidence("Rash", 42, "Table 3", (LABEL,)), Incidence("Pruritus", 24, "Table 3", (LABEL,))),
        urgency="tell_if_persists",
    ),
    row(
        "confusion",
        "Confusion",
        "rare",
        "hold_rule",
        "Nervous system",
        3,
        (Incidence("Confusion", 34, "T3", (LABEL,)),),
    ),
    row("taste", "Loss of taste", "less_common", "teach_and_reassure", "Senses", 4),
    row(
        "swelling",
        "Swelling of the feet",
        "rare",
        "treat_and_record",
        "Metabolic",
        5,
        (Incidence("Peripheral edema", 28, "Table 3", (LABEL,)),),
    ),
    row("vision", "Blurred vision", "less_common", "call_prescriber", "Senses", 6),
]


@pytest.fixture
def model(qapp: object) -> SideEffectsModel:
    return SideEffectsModel(ROWS)


@pytest.fixture
def proxy(model: SideEffectsModel) -> SideEffectsFilter:
    proxy = SideEffectsFilter()
    proxy.setSourceModel(model)
    proxy.sort(Column.LEVEL, Qt.SortOrder.AscendingOrder)  # the tab's default order
    return proxy


def column(proxy: SideEffectsFilter, col: Column, role: int = Qt.ItemDataRole.DisplayRole) -> list[object]:
    return [proxy.index(r, col).data(role) for r in range(proxy.rowCount())]


def test_model_passes_qt_model_checks(
    model: SideEffectsModel, proxy: SideEffectsFilter, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)


def test_columns_and_headers(model: SideEffectsModel) -> None:
    assert model.columnCount() == 5
    assert model.rowCount() == len(ROWS)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Ward action", "Side effect", "How common", "Body system", "Action source"]
    assert headers == [HEADERS[c] for c in Column]
    assert model.rowCount(model.index(0, 0)) == 0  # a table, not a tree


def test_display_text_per_column(model: SideEffectsModel) -> None:
    second = [model.index(1, c).data() for c in Column]
    assert second == [
        f"{URGENT_MARK} Stop/hold rule",
        "Low blood pressure",
        "Label: Hypotension 71%",
        "Heart and circulation",
        "Nursing consensus",  # the ward action's source; every source is in the tooltip
    ]
    assert model.index(0, Column.HOW_COMMON).data() == "Label: 52% · consumer page: more common"
    assert model.index(2, Column.HOW_COMMON).data() == "Label: Rash 42%; Pruritus 24% · consumer page: less common"
    assert model.index(4, Column.HOW_COMMON).data() == "Consumer page: less common"
    assert model.index(4, Column.LEVEL).data() == "Teach, reassure"
    assert model.index(6, Column.LEVEL).data() == "Call prescriber now"


def test_a_consumer_word_never_stands_alone_beside_a_label_figure(model: SideEffectsModel) -> None:
    """ "Rare" beside a 28% label figure says whose word each is."""
    text = str(model.index(5, Column.HOW_COMMON).data())
    assert text == "Label: Peripheral edema 28% · consumer page: rare"


def test_urgent_rows_stand_out_by_symbol_and_bold_not_colour_alone(model: SideEffectsModel) -> None:
    level = model.index(1, Column.LEVEL)
    assert str(level.data()).startswith(URGENT_MARK)
    font = level.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.bold()
    assert model.index(1, Column.EFFECT).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(1, Column.LEVEL).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(6, Column.LEVEL).data(Qt.ItemDataRole.FontRole).bold()  # call the prescriber: bold, no red
    assert model.index(6, Column.LEVEL).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, Column.LEVEL).data(Qt.ItemDataRole.FontRole) is None
    assert URGENT_MARK not in str(model.index(0, Column.LEVEL).data())


def test_tooltip_has_the_ward_action_patient_line_note_and_citations(model: SideEffectsModel) -> None:
    tip = str(model.index(1, Column.SOURCE).data(Qt.ItemDataRole.ToolTipRole))
    assert "Fluid boluses per orders." in tip
    assert "Check blood pressure before every dose." in tip
    assert LABEL.citation in tip
    assert PRACTICE.citation in tip
    assert model.index(1, Column.EFFECT).data(Qt.ItemDataRole.ToolTipRole) == tip  # every cell
    assert "For the patient" not in tip  # a label-table row has no consumer advice
    assert "For the patient (consumer page): Tell a doctor or nurse straight away." in str(
        model.index(0, Column.EFFECT).data(Qt.ItemDataRole.ToolTipRole)
    )


def test_named_roles(model: SideEffectsModel) -> None:
    index = model.index(2, Column.EFFECT)
    assert index.data(Role.SlugRole) == "rash"
    assert index.data(Role.FrequencyRole) == "less_common"
    assert index.data(Role.LevelRole) == "treat_and_record"
    assert index.data(Role.SourceIdsRole) == ["label"]
    assert index.data(Role.RowRole) is ROWS[2]
    assert model.data(QModelIndex()) is None
    assert model.row_of("confusion") == 3
    assert model.row_of("missing") == -1


def test_default_order_is_most_urgent_level_then_label_incidence(proxy: SideEffectsFilter) -> None:
    assert column(proxy, Column.LEVEL, Role.LevelRole) == [
        "hold_rule",
        "hold_rule",
        "call_prescriber",
        "treat_and_record",
        "treat_and_record",
        "treat_and_record",
        "teach_and_reassure",
    ]
    # Within a level the label's figure decides: 71 before 34; 52 before 42 before 28.
    assert column(proxy, Column.EFFECT) == [
        "Low blood pressure",
        "Confusion",
        "Blurred vision",
        "Chills",
        "Rash",
        "Swelling of the feet",
        "Loss of taste",
    ]


def test_how_common_sorts_by_label_figure_numerically(proxy: SideEffectsFilter) -> None:
    proxy.sort(Column.HOW_COMMON, Qt.SortOrder.DescendingOrder)
    # 71 > 52 > 42 > 34 > 28 numerically, then the rows with only the consumer page's word.
    assert column(proxy, Column.EFFECT)[:5] == [
        "Low blood pressure",
        "Chills",
        "Rash",
        "Confusion",
        "Swelling of the feet",
    ]


def test_text_columns_sort_alphabetically(proxy: SideEffectsFilter) -> None:
    proxy.sort(Column.EFFECT, Qt.SortOrder.AscendingOrder)
    assert column(proxy, Column.EFFECT) == sorted(r.term for r in ROWS)
    proxy.sort(Column.BODY_SYSTEM, Qt.SortOrder.DescendingOrder)
    systems = column(proxy, Column.BODY_SYSTEM)
    assert systems == sorted(systems, key=str.casefold, reverse=True)


def test_filter_by_words_in_any_column_action_or_note(proxy: SideEffectsFilter) -> None:
    proxy.set_text("nervous")
    assert column(proxy, Column.EFFECT) == ["Confusion"]
    proxy.set_text("PRURITUS")  # a label term, not the effect's own name; case does not matter
    assert column(proxy, Column.EFFECT) == ["Rash"]
    proxy.set_text("blood pressure before")  # words from the nursing note
    assert column(proxy, Column.EFFECT) == ["Low blood pressure"]
    proxy.set_text("boluses")  # words from the ward action
    assert column(proxy, Column.EFFECT) == ["Low blood pressure"]
    proxy.set_text("rash zzz")  # every word must match
    assert proxy.rowCount() == 0
    proxy.set_text("   ")
    assert proxy.rowCount() == len(ROWS)
    assert not proxy.is_filtered()


def test_filter_by_how_common_and_ward_action_combine(proxy: SideEffectsFilter) -> None:
    proxy.set_frequency("less_common")
    assert column(proxy, Column.EFFECT) == ["Blurred vision", "Rash", "Loss of taste"]
    proxy.set_level("treat_and_record")
    assert column(proxy, Column.EFFECT) == ["Rash"]
    proxy.set_text("taste")
    assert proxy.rowCount() == 0
    assert proxy.is_filtered()
    proxy.clear_filters()
    assert proxy.rowCount() == len(ROWS)
    proxy.set_level("hold_rule")
    assert column(proxy, Column.EFFECT) == ["Low blood pressure", "Confusion"]


def test_visible_rows_are_filtered_and_sorted(proxy: SideEffectsFilter) -> None:
    proxy.set_level("treat_and_record")
    proxy.sort(Column.EFFECT, Qt.SortOrder.AscendingOrder)
    assert [r.slug for r in proxy.visible_rows()] == ["chills", "rash", "swelling"]


def test_set_rows_resets(model: SideEffectsModel, proxy: SideEffectsFilter) -> None:
    model.set_rows(ROWS[:2])
    assert proxy.rowCount() == 2
    model.set_alert_colour("#ff0000")
    assert model.index(1, Column.LEVEL).data(Qt.ItemDataRole.ForegroundRole).name() == "#ff0000"


def test_empty_cells_do_not_wear_down_none(proxy: SideEffectsFilter) -> None:
    """PySide6 6.12 drops a reference to None per None returned from data(); the model must not let it."""
    before = sys.getrefcount(None)
    for _ in range(3000):
        proxy.index(1, Column.SOURCE).data(Qt.ItemDataRole.FontRole)
        proxy.headerData(99, Qt.Orientation.Horizontal)
    assert abs(sys.getrefcount(None) - before) < 100
