"""The Course record tab: a whole course worked through in the window (28 doses, some held), refusals shown
in the dialog with their rule, a correction, closing, and a schedule table that does not trap Tab."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot

from handbook.db.content_models import Drug
from handbook.db.user_store import UserStore
from handbook.records.courses import CourseRecords
from ui.records.dialogs import RecordDoseDialog
from ui.tabs.course_tab import CourseTab

NOW = dt.datetime(2026, 12, 20, 12, 0)
HELD = {6: "SBP 84 on phenylephrine 1 mcg/kg/min", 7: "SBP still 86", 13: "creatinine 2.6", 27: "confusion"}


def make_tab(qtbot: QtBot, drug: Drug, store: UserStore) -> CourseTab:
    tab = CourseTab(drug, lambda ids: ", ".join(ids))
    qtbot.addWidget(tab)
    tab.clock = lambda: NOW
    tab.set_records(CourseRecords(store, clock=lambda: NOW), "dutcher-2014")
    tab.resize(1100, 800)
    tab.show()
    return tab


def start_course(tab: CourseTab, label: str = "bed 7 / AB") -> None:
    dialog = tab.start_dialog()
    assert dialog is not None
    dialog.label.setText(label)
    dialog.weight.setText("70")
    dialog.check_weight.setText("70")
    dialog.first_dose.setDateTime(dt.datetime(2026, 12, 1, 8, 0))
    dialog.started_by.setText("AB")
    dialog.checked_by.setText("CD")
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()


@pytest.mark.slow  # a child process / every step of a 28-dose course
def test_a_whole_course_in_the_window(qtbot: QtBot, drug: Drug, user: UserStore) -> None:
    tab = make_tab(qtbot, drug, user)
    start_course(tab)
    assert tab.course is not None
    assert tab.heading.text().startswith("bed 7 / AB · course 1 · OPEN")
    assert "Next: dose 1 of 14 in cycle 1" in tab.counts.text()
    assert tab.dose_model.rowCount() == 28
    for number in range(1, 29):
        assert tab.current_dose() is not None  # the next dose is chosen
        assert tab.current_dose().number == number
        kind = "held" if number in HELD else "given"
        dialog = tab.record_dialog(kind)
        assert isinstance(dialog, RecordDoseDialog)
        dialog.by.setText("AB" if number % 2 else "EF")
        dialog.why.setPlainText(HELD.get(number, ""))
        dialog.buttons.accepted.emit()
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    course = tab.course
    assert course is not None
    assert (course.counts.given, course.counts.held, course.counts.next_dose) == (24, 4, None)
    assert "Every scheduled dose has a record: 24 given, 4 held" in tab.counts.text()
    row = tab.dose_model.row_of(6)
    assert tab.dose_model.index(row, 3).data() == "HELD"
    assert tab.dose_model.index(row, 6).data() == HELD[6]
    assert tab.dose_model.index(row, 4).data() == "03 Dec 00:00"  # by default, the planned time
    # a correction keeps the original
    tab.select_dose(13)
    correct = tab.correct_dialog()
    assert correct is not None
    correct.status.setCurrentIndex(correct.status.findData("given"))
    correct.why.setPlainText("recorded on the wrong dose: it was given after review")
    correct.buttons.accepted.emit()
    assert correct.result() == QDialog.DialogCode.Accepted, correct.error.text()
    assert tab.course is not None
    assert [r.kind for r in tab.course.dose(13).history] == ["held", "given"]
    assert "corrected; first recorded held" in tab.dose_model.index(tab.dose_model.row_of(13), 6).data()
    # close: read-only, listed with the closed courses
    closing = tab.close_dialog()
    assert closing is not None
    assert closing.outcome.currentData() == "completed"
    closing.reason.setText("all 28 doses recorded")
    closing.buttons.accepted.emit()
    assert closing.result() == QDialog.DialogCode.Accepted
    assert tab.course is not None
    assert tab.course.closed
    assert "CLOSED (completed)" in tab.heading.text()
    assert not tab.given_button.isEnabled()
    assert not tab.correct_button.isEnabled()
    assert not tab.close_button.isEnabled()
    assert tab.print_button.isEnabled()
    assert tab.course_filter.currentData() == ""  # switched to "All courses" to keep the closed one in view


def test_a_refusal_is_shown_in_the_dialog_and_nothing_is_saved(qtbot: QtBot, drug: Drug, user: UserStore) -> None:
    tab = make_tab(qtbot, drug, user)
    start_course(tab)
    dialog = tab.record_dialog("held")
    assert dialog is not None
    dialog.buttons.accepted.emit()  # held, no reason
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "rule: held-without-reason" in dialog.error.text()
    dialog.given.setChecked(True)
    dialog.at.setDateTime(dt.datetime(2026, 12, 9, 8, 0))
    dialog.buttons.accepted.emit()
    assert "rule: dose-in-rest-period" in dialog.error.text()
    dialog.reject()
    assert tab.course is not None
    assert tab.course.counts.recorded == 0


def test_a_mismatched_double_check_starts_nothing(qtbot: QtBot, drug: Drug, user: UserStore) -> None:
    tab = make_tab(qtbot, drug, user)
    dialog = tab.start_dialog()
    assert dialog is not None
    dialog.weight.setText("70")
    dialog.check_weight.setText("77")
    dialog.buttons.accepted.emit()
    assert "MISMATCH" in dialog.error.text()
    assert "double-check-mismatch" in dialog.error.text()
    dialog.reject()
    assert tab.course_model.rowCount() == 0


def test_tab_moves_out_of_the_schedule(qtbot: QtBot, drug: Drug, user: UserStore) -> None:
    tab = make_tab(qtbot, drug, user)
    start_course(tab)
    tab.activateWindow()
    tab.schedule.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: tab.schedule.hasFocus())
    before = tab.current_dose()
    qtbot.keyClick(tab.schedule, Qt.Key.Key_Tab)
    assert not tab.schedule.hasFocus()
    assert QApplication.focusWidget() is not None
    assert tab.current_dose() == before


def test_the_print_button_prints_the_course_flow_sheet(qtbot: QtBot, drug: Drug, user: UserStore) -> None:
    tab = make_tab(qtbot, drug, user)
    assert tab.own_printout() is None  # no course: the view itself
    start_course(tab)
    dialog = tab.record_dialog("held")
    assert dialog is not None
    dialog.why.setPlainText("SBP 84")
    dialog.buttons.accepted.emit()
    printout = tab.own_printout()
    assert printout is not None
    html, frame = printout
    assert frame.label == "bed 7 / AB"
    assert frame.form
    assert not frame.blank
    assert "SBP 84" in html
    assert "HELD" in html
    with qtbot.waitSignal(tab.print_requested, timeout=1000):
        tab.print_button.click()


def test_a_saved_give_hold_check_is_kept_with_the_dose(qtbot: QtBot, drug: Drug, user: UserStore) -> None:
    from handbook.checklists.progress import ChecklistProgress
    from handbook.givehold.record import dose_check_spec

    spec = dose_check_spec("test")
    progress = ChecklistProgress(user)
    run = progress.start(spec, nurse="AB")
    for slug, text in {"value:sbp": "84", "value:hr": "104", "value:spo2": "96"}.items():
        progress.set_value(spec, run.id, slug, text)
    tab = make_tab(qtbot, drug, user)
    start_course(tab)
    dialog = tab.record_dialog("given")
    assert dialog is not None
    assert dialog.check.count() == 2
    dialog.check.setCurrentIndex(1)
    dialog.buttons.accepted.emit()  # given against an incomplete or hold result, no reason
    assert "rule: given-against-check-without-reason" in dialog.error.text()
    dialog.held.setChecked(True)
    dialog.why.setPlainText("SBP 84")
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    assert tab.course is not None
    kept = tab.course.dose(1).assessment
    assert kept is not None
    assert kept["document"]["check_run"] == run.id
    assert kept["document"]["inputs"]["from_course"]["dose-number"] == "1"  # exact text, not a float
    assert "check:" in tab.dose_model.index(tab.dose_model.row_of(1), 6).data()


def test_a_typed_course_label_shows_as_typed_not_as_markup(qtbot: QtBot, drug: Drug, user: UserStore) -> None:
    tab = make_tab(qtbot, drug, user)
    start_course(tab, label="bed <b>7</b> & AB")
    closing = tab.close_dialog()
    assert closing is not None
    heading = next(label for label in closing.findChildren(QLabel) if "scheduled" in label.text())
    assert "bed &lt;b&gt;7&lt;/b&gt; &amp; AB" in heading.text()
    closing.reject()
