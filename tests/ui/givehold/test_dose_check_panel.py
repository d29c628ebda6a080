"""The per-dose check in the window: required values, No/Yes per finding, result in words, saved and printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from handbook.checklists.progress import ChecklistProgress
from handbook.db.user_store import UserStore, open_user_db
from handbook.givehold.catalog import load_catalog
from handbook.givehold.record import finding_slug, value_slug
from handbook.ward_settings import PROTOCOL_ENV, WARD_CONFIG_ENV
from tests.handbook.givehold.conftest import QUIET_VALUES
from tests.ui.commands.pdf_text import pdf_frames, pdf_text
from ui.givehold.panel import DoseCheckPanel
from ui.printing import write_pdf


@pytest.fixture(autouse=True)
def no_ward_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WARD_CONFIG_ENV, str(tmp_path / "site" / "ward.ini"))
    monkeypatch.delenv(PROTOCOL_ENV, raising=False)


def make_panel(qtbot: QtBot, store: UserStore) -> DoseCheckPanel:
    panel = DoseCheckPanel("2026.11.1", "Proleukin")
    qtbot.addWidget(panel)
    panel.set_progress(ChecklistProgress(store))
    panel.resize(820, 560)
    panel.show()
    return panel


def type_value(panel: DoseCheckPanel, input_id: str, text: str) -> None:
    field = panel.values[input_id].edit
    field.setText(text)
    field.editingFinished.emit()


def quiet_dose(panel: DoseCheckPanel) -> None:
    """Every value typed and every question answered "No" (one saving action, as a carried-over start would)."""
    texts = {
        value_slug(k): f"{v:g}"
        for k, v in QUIET_VALUES.items()
        if k not in ("creatinine", "platelets", "bicarbonate", "bilirubin")
    }
    texts |= {value_slug(k): f"{QUIET_VALUES[k]:g}" for k in ("creatinine", "platelets", "bicarbonate", "bilirubin")}
    texts |= {"labs-drawn-at": "2026-12-01 06:10", "rhythm": "sinus"}
    texts |= {finding_slug(f): "no" for f in load_catalog().form.finding_ids()}
    panel._save_texts(texts)


def test_shows_the_active_protocol_and_starts_incomplete(qtbot: QtBot, user: UserStore) -> None:
    panel = make_panel(qtbot, user)
    assert "Dutcher 2014 (published example, not a ward-approved protocol)" in panel.protocol_label.text()
    assert panel.banner.headline.text().startswith("INCOMPLETE (")
    assert "May give" not in panel.banner.details.text()


def test_a_typed_low_pressure_holds_at_once_with_the_label_rule(qtbot: QtBot, user: UserStore) -> None:
    panel = make_panel(qtbot, user)
    type_value(panel, "sbp", "86")
    assert panel.banner.headline.text().startswith("HOLD THIS DOSE")
    assert "Label: withhold" in panel.banner.details.text()
    assert "86 mmHg" in panel.banner.details.text()
    assert panel.run is not None
    assert panel.run.entries[value_slug("sbp")].value == "86"


def test_everything_quiet_finds_no_hold_and_says_what_was_not_checked(qtbot: QtBot, user: UserStore) -> None:
    panel = make_panel(qtbot, user)
    quiet_dose(panel)
    assert panel.banner.headline.text() == "NO HOLD CRITERION FOUND"
    details = panel.banner.details.text()
    assert "not an order" in details
    assert "renal, hepatic" in details
    assert "Dutcher 2014" in details


def test_a_yes_opens_the_sub_findings_and_a_no_clears_them(qtbot: QtBot, user: UserStore) -> None:
    panel = make_panel(qtbot, user)
    quiet_dose(panel)
    assert not panel.sub_boxes["skin-muscle"].isVisible()
    panel.answers["skin-muscle"].no.click()  # a "No" clears the answers under it
    panel.answers["skin-muscle"].yes.click()
    assert panel.sub_boxes["skin-muscle"].isVisible()
    assert panel.banner.headline.text().startswith("INCOMPLETE")  # the sub-findings now need answers
    panel.answers["extreme-paresthesias"].yes.click()
    assert panel.banner.headline.text().startswith("STOP")
    assert "Extreme paresthesias" in panel.banner.details.text()
    panel.answers["skin-muscle"].no.click()
    assert not panel.sub_boxes["skin-muscle"].isVisible()
    assert panel.run is not None
    assert panel.run.entries[finding_slug("extreme-paresthesias")].value == ""
    assert panel.banner.headline.text() == "NO HOLD CRITERION FOUND"


def test_temperature_in_fahrenheit_is_converted(qtbot: QtBot, user: UserStore) -> None:
    panel = make_panel(qtbot, user)
    quiet_dose(panel)
    panel.temp_unit.setCurrentIndex(panel.temp_unit.findData("F"))
    panel.temp_unit.activated.emit(panel.temp_unit.currentIndex())
    type_value(panel, "temp-c", "104.5")  # 40.3 °C: Dutcher's admission orders say call
    assert panel.banner.headline.text() == "CALL THE PRESCRIBER"
    type_value(panel, "temp-c", "40.3")  # 40.3 °F is no temperature of a living patient
    assert "outside" in panel.values["temp-c"].state.text()


def test_confirmation_is_saved_printed_and_fits_one_page(qtbot: QtBot, user: UserStore, tmp_path: Path) -> None:
    panel = make_panel(qtbot, user)
    quiet_dose(panel)
    type_value(panel, "creatinine", "2.95")
    panel.label_edit.setText("Bed 4 · <b>J. Smith</b>")
    panel.complete()  # refused: no nurse name
    assert panel.run is not None
    assert not panel.run.completed
    panel.nurse.setText("A. Nurse")
    panel.complete()
    assert panel.run.completed
    assert panel.run.nurse == "A. Nurse"
    for paper in ("a4", "letter"):
        html, frame = panel.printout(blank=False)
        pdf = tmp_path / f"done-{paper}.pdf"
        # One page, with nothing on it smaller than 9 pt (handbook.printout.MIN_BODY_PT).
        assert write_pdf(html, pdf, frame, paper) == 1
        assert len(PdfReader(str(pdf)).pages) == 1
        text = pdf_text(pdf)
        assert "HOLD THIS DOSE" in text
        assert "2.95 mg/dL" in text
        assert "A. Nurse" in text
        assert "Confirmed" in text
        assert "blank form" not in text
        frames = pdf_frames(pdf)
        assert "Bed 4 · <b>J. Smith</b>" in frames
        assert "Give/hold check · dose 4 of 14" in frames


def test_a_long_note_takes_at_most_two_pages_each_with_the_label(qtbot: QtBot, user: UserStore, tmp_path: Path) -> None:
    panel = make_panel(qtbot, user)
    quiet_dose(panel)
    panel._save_texts({"note": "Patient anxious, reassured; family at the bedside. " * 40})
    panel.label_edit.setText("Bed 7")
    for paper in ("a4", "letter"):
        html, frame = panel.printout(blank=False)
        pdf = tmp_path / f"long-{paper}.pdf"
        pages = write_pdf(html, pdf, frame, paper)
        assert pages <= 2
        assert len(PdfReader(str(pdf)).pages) == pages
        frames = pdf_frames(pdf)
        assert frames.count("Bed 7") == frames.count("dose 4 of 14") == pages


def test_answers_survive_reopening_and_a_new_dose_carries_the_draw(qtbot: QtBot, data_dir: Path) -> None:
    store = open_user_db(data_dir)
    panel = make_panel(qtbot, store)
    quiet_dose(panel)
    panel.answers["infection"].yes.click()
    run_id = panel.run.id if panel.run else None
    panel.close()
    store.dispose()

    store = open_user_db(data_dir)
    again = make_panel(qtbot, store)
    assert again.run is not None
    assert again.run.id == run_id
    assert again.answers["infection"].yes.isChecked()
    assert again.banner.headline.text().startswith("STOP")
    again.nurse.setText("A. Nurse")
    again.complete()
    again.start_new()
    assert again.run is not None
    assert again.run.id != run_id
    entries = again.entries()
    assert entries["labs-drawn-at"] == "2026-12-01 06:10"
    assert entries[value_slug("creatinine")] == "1.1"
    assert entries[value_slug("dose-number")] == "5"
    assert value_slug("sbp") not in entries  # a vital sign is measured again for every dose
    store.dispose()


def test_the_reference_card_lists_the_permanent_stops_and_retreatment(
    qtbot: QtBot, user: UserStore, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, user)
    html, frame = panel.reference_printout()
    pdf = tmp_path / "card.pdf"
    assert write_pdf(html, pdf, frame, "a4") >= 1
    text = pdf_text(pdf)
    for words in ("Cardiac tamponade", "Intubation for more than 72 hours", "7 weeks", "permanently discontinue"):
        assert words in text
    dialog = panel.open_reference()
    qtbot.waitUntil(dialog.isVisible)
    dialog.close()


def test_a_very_sick_dose_keeps_its_result_and_sign_off_together(qtbot: QtBot, user: UserStore, tmp_path: Path) -> None:
    panel = make_panel(qtbot, user)
    quiet_dose(panel)
    values = {"sbp": "84", "hr": "125", "spo2": "88", "o2-lpm": "3", "urine-ml-8h": "120", "creatinine": "2.7",
              "platelets": "40", "bicarbonate": "19", "bilirubin": "7.5", "weight-kg": "93", "phenylephrine-max": "1.2",
              "phenylephrine-now": "0.6"}  # fmt: skip
    texts = {value_slug(k): v for k, v in values.items()} | {"rhythm": "af", "note": "Prescriber at the bedside."}
    yes = ("mental-status-change", "vivid-dreams", "pressor", "infection", "bleeding", "fit-fobt-positive")
    texts |= {finding_slug(f): "yes" for f in yes}
    panel._save_texts(texts)
    panel.nurse.setText("A. Nurse")
    panel.complete()
    assert panel.result is not None
    assert len(panel.result.rules) >= 15
    for paper in ("a4", "letter"):
        html, frame = panel.printout(blank=False)
        pdf = tmp_path / f"sick-{paper}.pdf"
        pages = write_pdf(html, pdf, frame, paper)
        assert pages <= 2  # 19 rules at 9 pt may need a second page
        last = " ".join(PdfReader(str(pdf)).pages[-1].extract_text().split())
        text = pdf_text(pdf)
        assert "Result: STOP" in text
        assert "Prescriber at the bedside." in text
        # The sign-off is on the page that ends the result it signs, never alone.
        assert "A. Nurse" in last
        assert "Result" in last or pages == 1
