"""The Checklists panel: ticks, values and notes saved as they happen, resumed, completed, printed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from handbook.db.content_models import Drug
from handbook.db.user_store import UserStore, open_user_db
from tests.ui.commands.pdf_text import pdf_text
from ui.checklists.panel import ChecklistPanel
from ui.tabs.warnings_tab import WarningsTab


def make_panel(qtbot: QtBot, drug: Drug, store: UserStore | None) -> ChecklistPanel:
    panel = ChecklistPanel(drug)
    qtbot.addWidget(panel)
    panel.set_user_store(store)
    panel.resize(1200, 800)
    panel.show()
    return panel


def type_value(panel: ChecklistPanel, slug: str, text: str) -> None:
    field = panel.rows[slug].value
    assert field is not None
    field.setText(text)
    field.editingFinished.emit()


def type_note(panel: ChecklistPanel, slug: str, text: str) -> None:
    panel.rows[slug].note.setText(text)
    panel.rows[slug].note.editingFinished.emit()


def test_the_per_dose_check_opens_first_and_old_links_lead_to_it(qtbot: QtBot, drug: Drug, user: UserStore) -> None:
    panel = make_panel(qtbot, drug, user)
    assert panel.dose_mode
    assert panel.pages.currentWidget() is panel.dose
    assert panel.select_checklist("monitoring")
    assert not panel.dose_mode
    assert panel.select_checklist("before-dose")
    assert panel.dose_mode
    assert "Before each dose (give / hold)" not in [
        panel.templates.item(i).text() for i in range(panel.templates.count())
    ]


def test_state_survives_reopening(qtbot: QtBot, drug: Drug, data_dir: Path) -> None:
    first_store = open_user_db(data_dir)
    panel = make_panel(qtbot, drug, first_store)
    panel.select_checklist("monitoring")
    panel.rows["mon-strict-io"].check.click()
    type_note(panel, "mon-strict-io", "output <b>low</b> & dark")
    panel.nurse.setText("A. Nurse")
    panel.nurse.editingFinished.emit()
    run_id = panel.run.id if panel.run else None
    panel.close()
    first_store.dispose()

    second_store = open_user_db(data_dir)
    again = make_panel(qtbot, drug, second_store)
    again.select_checklist("monitoring")
    assert again.run is not None
    assert again.run.id == run_id
    assert again.rows["mon-strict-io"].check.isChecked()
    assert again.rows["mon-strict-io"].note.text() == "output <b>low</b> & dark"
    assert again.nurse.text() == "A. Nurse"
    second_store.dispose()


def test_patient_details_not_stored_unless_kept(qtbot: QtBot, drug: Drug, user: UserStore) -> None:
    panel = make_panel(qtbot, drug, user)
    panel.select_checklist("discharge")
    panel.rows["dc-fever"].check.click()
    panel.patient_name.setText("Jane Doe")
    panel.patient_name.editingFinished.emit()
    assert panel.run is not None
    assert panel.progress is not None
    assert panel.progress.get(panel.run.id).patient is None
    panel.keep_patient.setChecked(True)
    assert panel.progress.get(panel.run.id).patient is not None
    assert panel.progress.get(panel.run.id).patient.name == "Jane Doe"  # type: ignore[union-attr]
    panel.keep_patient.setChecked(False)
    assert panel.progress.get(panel.run.id).patient is None
    # Opening another checklist clears the details from the screen too.
    panel.select_checklist("monitoring")
    assert panel.patient_name.text() == ""


def test_complete_new_and_history(qtbot: QtBot, drug: Drug, user: UserStore) -> None:
    panel = make_panel(qtbot, drug, user)
    panel.select_checklist("monitoring")
    panel.rows["mon-strict-io"].check.click()
    panel.complete()
    assert "nurse" in panel.message.text().lower()  # refused without a name, said on screen
    panel.nurse.setText("A. Nurse")
    panel.cosigner.setText("B. Cosigner")
    panel.complete()
    assert panel.run is not None
    assert panel.run.completed
    assert not panel.rows["mon-strict-io"].check.isEnabled()
    assert panel.history.count() == 1
    assert "A. Nurse / B. Cosigner" in panel.history.item(0).text()
    panel.start_new()
    assert panel.run is not None
    assert not panel.run.completed
    assert not panel.rows["mon-strict-io"].check.isChecked()
    assert panel.history.count() == 2


def test_completed_printout_holds_ticks_notes_and_people(
    qtbot: QtBot, drug: Drug, user: UserStore, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, drug, user)
    panel.select_checklist("monitoring")
    panel.rows["mon-strict-io"].check.click()
    type_note(panel, "mon-strict-io", "<b>recheck</b> & call")
    panel.nurse.setText("A. Nurse")
    panel.cosigner.setText("B. Cosigner")
    panel.patient_name.setText("<i>Jane</i>")
    panel.complete()
    pdf = tmp_path / "done.pdf"
    panel.paper.setCurrentIndex(panel.paper.findData("letter"))
    assert panel.save_pdf("run", pdf) >= 1
    text = pdf_text(pdf)
    for expected in ("<b>recheck</b> & call", "A. Nurse", "B. Cosigner", "<i>Jane</i>", "☑"):
        assert expected in text
    assert "May give" not in text


def test_print_preview_opens_and_closes(qtbot: QtBot, drug: Drug, user: UserStore) -> None:
    panel = make_panel(qtbot, drug, user)
    panel.select_checklist("monitoring")
    for kind in ("blank", "teaching"):
        dialog = panel.open_preview(kind)
        qtbot.waitUntil(dialog.isVisible)
        assert "Print preview" in dialog.windowTitle()
        dialog.close()
    qtbot.mouseClick(panel.print_blank_button, Qt.MouseButton.LeftButton)
    assert panel.last_dialog is not None
    qtbot.waitUntil(panel.last_dialog.isVisible)
    panel.last_dialog.close()


def test_without_a_user_database_says_so(qtbot: QtBot, drug: Drug) -> None:
    panel = make_panel(qtbot, drug, None)
    panel.select_checklist("discharge")
    panel.rows["dc-fever"].check.click()
    assert "not available" in panel.message.text()
    assert panel.run is not None  # still works, in memory
    assert panel.run.entries["dc-fever"].checked


def test_warnings_tab_switches_views(qtbot: QtBot, drug: Drug, user: UserStore) -> None:
    tab = WarningsTab(drug, lambda ids: "")
    qtbot.addWidget(tab)
    tab.set_user_store(user)
    assert [tab.views.tabText(i) for i in range(tab.views.count())] == ["Risks && rules", "Checklists"]
    tab.show_anchor("checklist:monitoring:mon-strict-io")
    assert tab.views.currentWidget() is tab.checklists
    assert tab.checklists.checklist is not None
    assert tab.checklists.checklist.slug == "monitoring"
    tab.show_anchor("checklist:dose-check:")
    assert tab.checklists.dose_mode
    tab.show_anchor("section:interactions")
    assert tab.views.currentWidget() is tab.browser
