"""The Dosing tab: figures follow the typed weight, refusals clear them, checks and the flow sheet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from handbook.dose_workflow import Level
from handbook.themes import colours, content_css
from tests.dosing_support import make_drug
from ui.tabs.dosing_tab import EMPTY, RESULT_KEYS, DosingTab


@pytest.fixture
def tab(qtbot: QtBot) -> Iterator[DosingTab]:
    # A host without a layout: a top-level widget with a layout makes the offscreen platform warn about
    # size hints, which these tests treat as a failure.
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(1180, 900)
    widget = DosingTab(make_drug(second_regimen=True), lambda ids: ", ".join(ids), host)
    widget.apply_theme(content_css("light"), colours("light"))
    widget.start_edit.setDateTime(QDateTime(QDate(2026, 12, 1), QTime(8, 0)))
    widget.resize(1180, 900)
    host.show()
    qtbot.waitExposed(host)
    yield widget  # the host stays referenced until the test ends
    host.close()


def values(tab: DosingTab) -> dict[str, str]:
    return {key: tab.value_labels[key].text() for key in RESULT_KEYS}


def type_weight(qtbot: QtBot, tab: DosingTab, text: str) -> None:
    tab.weight_edit.clear()
    qtbot.keyClicks(tab.weight_edit, text)


def test_typing_a_weight_updates_every_figure(qtbot: QtBot, tab: DosingTab) -> None:
    assert set(values(tab).values()) == {EMPTY}
    # Nothing typed is not an error: a quiet prompt, no red box.
    assert tab.dose_banner.level is Level.info
    assert "Type the patient's weight" in tab.dose_banner.headline_text
    type_weight(qtbot, tab, "70")
    shown = values(tab)
    assert EMPTY not in shown.values()
    assert "42,000,000 units" in shown["dose_iu"]
    assert "42 million units" in shown["dose_million"]
    assert "2.590 mg" in shown["dose_mg"]
    assert "2 single-dose vials" in shown["vials"]
    assert "2.33 mL" in shown["draw_ml"]
    assert "52.33 mL" in shown["bag"]
    assert "49.5 mcg/mL" in shown["final_mcg_per_ml"]
    assert "209.3 mL/h" in shown["rate_ml_per_h"]
    assert tab.formula_labels["dose_iu"].text() == "600,000 units/kg × 70.00 kg"
    assert tab.source_labels["dose_iu"].text() == "Sources: US label 2024"
    # The dose first, large: units and mg, volume to draw, bag, pump rate.
    assert tab.dose_banner.level is Level.ok
    assert tab.dose_banner.icon.text() == "✔"
    big = list(tab.dose_banner.big_lines)
    assert big == [
        "42,000,000 units (42 million units) = 2.590 mg",
        "Draw 2.33 mL from 2 vials",
        "Bag 50 mL D5W + 2.33 mL = 52.33 mL",
        "Pump 209.3 mL/h over 15 minutes",
    ]
    assert tab.dose_banner.big_scale > 1.3
    assert "font-size" in tab.dose_banner.body.text()
    type_weight(qtbot, tab, "80,5")
    assert "48,300,000 units" in tab.value_labels["dose_iu"].text()
    tab.unit_combo.setCurrentText("lb")  # 80.5 lb is flagged as looking like kg: nothing shows until confirmed
    assert set(values(tab).values()) == {EMPTY}


def test_outside_the_window_there_is_no_bag_and_no_rate(qtbot: QtBot, tab: DosingTab) -> None:
    type_weight(qtbot, tab, "250")
    tab.confirm_box.setChecked(True)
    banner = tab.dose_banner
    assert banner.level is Level.alert
    assert banner.icon.text() == "✖"
    assert "NO BAG: ask pharmacy" in banner.big_text
    assert "NO PUMP RATE: ask pharmacy" in banner.big_text
    assert "above the 30–70 mcg/mL window" in banner.details_text
    assert "mL/h" not in banner.big_text
    # Every line of the refusal fits: the banner is given the height its text needs.
    qtbot.waitUntil(lambda: banner.body.height() >= banner.body.heightForWidth(banner.body.width()), timeout=2000)
    assert "not offered" in tab.value_labels["rate_ml_per_h"].text()
    html = tab.flow_sheet_html()
    assert "NO BAG, NO PUMP RATE: ask pharmacy" in html


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("abc", "not a number"),
        ("0", "more than zero"),
        ("-70", "more than zero"),
        ("nan", "not a number"),
        ("inf", "not a number"),
        ("1,234.5", "mixes separators"),
        ("99999", "far too large"),
        ("5", "not a possible adult weight"),
    ],
)
def test_an_invalid_weight_clears_the_figures_and_says_why(
    qtbot: QtBot, tab: DosingTab, typed: str, reason: str
) -> None:
    type_weight(qtbot, tab, "70")
    assert EMPTY not in values(tab).values()
    type_weight(qtbot, tab, typed)
    assert set(values(tab).values()) == {EMPTY}
    assert reason in tab.dose_banner.details_text
    assert "No dose" in tab.dose_banner.headline_text
    assert tab.dose_banner.level is Level.alert
    assert not tab.print_button.isEnabled()
    assert not tab.start_check_button.isEnabled()
    with pytest.raises(ValueError, match="no dose"):
        tab.flow_sheet_html()


def test_an_unusual_weight_needs_confirmation_and_stays_flagged(qtbot: QtBot, tab: DosingTab) -> None:
    type_weight(qtbot, tab, "30")
    assert tab.confirm_box.isVisible()
    assert not tab.confirm_box.isChecked()
    assert set(values(tab).values()) == {EMPTY}
    assert "below the usual adult range" in tab.dose_banner.details_text
    tab.confirm_box.setChecked(True)
    assert "18,000,000 units" in tab.value_labels["dose_iu"].text()
    assert "still flagged" in tab.dose_banner.headline_text
    assert "below the usual adult range" in tab.dose_banner.details_text
    assert "WEIGHT FLAG" in tab.flow_sheet_html()
    type_weight(qtbot, tab, "31")  # a new weight needs a new confirmation
    assert not tab.confirm_box.isChecked()
    assert set(values(tab).values()) == {EMPTY}


def do_check(qtbot: QtBot, tab: DosingTab, second: str, unit: str = "kg") -> None:
    tab.first_name_edit.setText("A.B.")
    qtbot.mouseClick(tab.start_check_button, Qt.MouseButton.LeftButton)
    # The first entry is hidden while the second nurse types, without even showing its length.
    assert tab.weight_edit.echoMode() == QLineEdit.EchoMode.NoEcho
    assert not tab.weight_edit.isEnabled()
    assert not tab.dose_banner.isVisible()
    assert not tab.value_labels["dose_iu"].isVisible()
    assert tab.hidden_label.isVisible()
    assert tab.second_weight_edit.isVisible()
    qtbot.keyClicks(tab.second_weight_edit, second)
    tab.second_unit_combo.setCurrentText(unit)
    qtbot.keyClicks(tab.second_name_edit, "C.D.")
    qtbot.mouseClick(tab.compare_button, Qt.MouseButton.LeftButton)


def test_double_check_match(qtbot: QtBot, tab: DosingTab, tmp_path: Path) -> None:
    type_weight(qtbot, tab, "70")
    do_check(qtbot, tab, "70.0")
    banner = tab.check_banner
    assert banner.level is Level.ok
    assert banner.icon.text() == "✔"
    assert banner.headline_text.startswith("MATCH")
    assert "MISMATCH" not in banner.accessibleDescription()
    # Not clipped: once laid out, the banner is given the height its text needs.
    qtbot.waitUntil(lambda: banner.body.height() >= banner.body.heightForWidth(banner.body.width()), timeout=2000)
    assert tab.weight_edit.echoMode() == QLineEdit.EchoMode.Normal
    assert tab.dose_banner.isVisible()
    assert tab.print_button.isEnabled()
    assert "calculated by <b>A.B.</b>, checked by <b>C.D.</b>" in tab.flow_sheet_html()
    type_weight(qtbot, tab, "71")  # any change to the first entry undoes the check
    assert tab.check is None
    assert "not checked" in banner.headline_text


def test_double_check_mismatch_blocks_printing(qtbot: QtBot, tab: DosingTab) -> None:
    type_weight(qtbot, tab, "70")
    do_check(qtbot, tab, "77")
    banner = tab.check_banner
    assert banner.level is Level.alert
    assert banner.icon.text() == "✖"
    assert "MISMATCH" in banner.headline_text
    assert "42,000,000 units / 46,200,000 units" in banner.details_text
    assert not tab.print_button.isEnabled()


def test_double_check_refuses_a_bad_second_entry_or_the_same_person(qtbot: QtBot, tab: DosingTab) -> None:
    type_weight(qtbot, tab, "70")
    do_check(qtbot, tab, "7o")
    assert "Second entry" in tab.check_banner.headline_text
    assert "not a number" in tab.check_banner.details_text
    assert tab.checking
    assert tab.check is None
    tab.second_weight_edit.setText("70")
    tab.second_name_edit.setText("a.b.")
    qtbot.mouseClick(tab.compare_button, Qt.MouseButton.LeftButton)
    assert "second person" in tab.check_banner.headline_text
    assert tab.check is None
    qtbot.mouseClick(tab.cancel_check_button, Qt.MouseButton.LeftButton)
    assert not tab.checking
    assert tab.weight_edit.echoMode() == QLineEdit.EchoMode.Normal


def test_schedule_table(tab: DosingTab) -> None:
    model = tab.schedule_model
    assert model.rowCount() == 28
    assert model.columnCount() == 5
    assert [model.data(model.index(14, c)) for c in range(5)] == ["15", "2 (dose 1)", "15", "Tue 15 Dec 2026", "08:00"]
    tab.start_edit.setDateTime(QDateTime(QDate(2026, 12, 1), QTime(23, 0)))
    assert model.rowCount() == 26  # from 23:00, 13 doses fit in days 1–5 and 13 in days 15–19


def test_regimen_choices_are_labelled_with_their_source(tab: DosingTab) -> None:
    assert tab.regimen_combo.count() == 2
    assert tab.regimen_combo.itemText(1) == "Second test regimen"
    tab.regimen_combo.setCurrentIndex(1)
    assert tab.regimen_basis.text() == "Basis: US label; US label 2024"
    assert tab.regimen_combo.toolTip() == "Second test regimen (US label; US label 2024)"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_flow_sheet_prints(qtbot: QtBot, tab: DosingTab, tmp_path: Path, paper: str) -> None:
    type_weight(qtbot, tab, "70")
    do_check(qtbot, tab, "70")
    path = tmp_path / f"flow-{paper}.pdf"
    pages = tab.write_flow_sheet(path, paper)
    reader = PdfReader(path)
    assert len(reader.pages) == pages >= 2
    # Words wrap inside table cells and the PDF uses a ligature for "fl": compare on normalised text.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).replace("ﬂ", "fl").split())
    for expected in (
        "per-dose flow sheet",
        "70.00 kg",
        "42,000,000 units",
        "2.33 mL",
        "209.3",
        "High-dose regimen",
        "US label 2024",
        "Mfr FAQ",
        "MATCH",
        "A.B.",
        "C.D.",
        "Given",
        "Why held / notes:",
        "Start",
        "Stop",
        "BP",
        "HR",
        "SpO2",
        "Urine output",
        "Mental status",
        "Init.",
        "C2 D15",
        "19 Dec",
        "Check against the current prescribing information and local protocol.",
        "Page 1 of",
    ):
        assert expected in text, expected
    width_mm = float(reader.pages[0].mediabox.width) / 72 * 25.4
    assert round(width_mm) == (210 if paper == "a4" else 216)


def test_what_is_typed_prints_as_typed(qtbot: QtBot, tab: DosingTab) -> None:
    type_weight(qtbot, tab, "70")
    tab.first_name_edit.setText("<b>X</b>")
    qtbot.mouseClick(tab.start_check_button, Qt.MouseButton.LeftButton)
    tab.second_weight_edit.setText("70")
    tab.second_name_edit.setText("Y & Z")
    qtbot.mouseClick(tab.compare_button, Qt.MouseButton.LeftButton)
    html = tab.flow_sheet_html()
    assert "&lt;b&gt;X&lt;/b&gt;" in html
    assert "Y &amp; Z" in html


def test_ctrl_p_prints_the_calculation_and_the_reference(qtbot: QtBot, tab: DosingTab) -> None:
    assert "No dose calculated" in tab.print_html()
    type_weight(qtbot, tab, "70")
    html = tab.print_html()
    assert "42,000,000 units" in html
    assert "Course schedule" in html
    assert "Preparation: the numbers" in html
    assert "Check against the current prescribing information and local protocol." in html


def test_print_button_opens_a_preview(qtbot: QtBot, tab: DosingTab, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[tuple[str, str, str]] = []

    class FakeDialog:
        def setAttribute(self, *_args: object) -> None:
            pass

        def open(self) -> None:
            pass

    def fake_preview(parent: object, html: str, frame: object, paper: str) -> FakeDialog:
        opened.append((html, getattr(frame, "title", ""), paper))
        return FakeDialog()

    monkeypatch.setattr("ui.tabs.dosing_tab.preview", fake_preview)
    type_weight(qtbot, tab, "70")
    tab.paper_combo.setCurrentIndex(1)
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    html, title, paper = opened[0]
    assert "42,000,000 units" in html
    assert title.startswith("Per-dose flow sheet")
    assert paper == "letter"
