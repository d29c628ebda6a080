"""The Checklists panel: pick a checklist, work through it (saved at every change), print it.

Every tick, value and note is written to the user database as it happens, one transaction per
action. Patient details stay in the window unless the nurse ticks "keep" (shared workstations).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from handbook.checklists.evaluation import ItemState
from handbook.checklists.progress import ChecklistProgress, PatientDetails, ProgressError, RunSnapshot
from handbook.checklists.spec import ChecklistSpec, checklists_of
from handbook.checklists.timefmt import local_time
from handbook.db.server_connection import describe
from handbook.db.user_store import UserStore, open_in_memory
from handbook.givehold.record import DOSE_CHECK_SLUG, DOSE_CHECK_TITLE, inputs_from_entries
from handbook.givehold.stored import give_hold_of
from handbook.limits import MAX_PATIENT_FIELD
from handbook.printout import PAPER_SIZES
from ui.checklists.item_row import ItemRow
from ui.checklists.printouts import Printout, checklist_printout, teaching_printout
from ui.givehold.panel import DoseCheckPanel
from ui.printing import PrintError, preview, write_pdf
from ui.widgets.flow_layout import WrappedLabel, flow_row, labelled
from ui.widgets.scaled_font import scale_font

log = logging.getLogger(__name__)

# One saving change to a run: the progress store and the run's id in, the run as saved out.
_Change = Callable[[ChecklistProgress, int], RunSnapshot]
NOT_KEPT = "Saving is not available here: this checklist is kept on screen only, until the window closes."


class ChecklistPanel(QWidget):
    #: A records failure in plain words, or "" once saving works again (for the window's status line).
    records_problem = Signal(str)

    def __init__(
        self, drug: Any, parent: QWidget | None = None, store: UserStore | None = None, not_kept: str = ""
    ) -> None:
        super().__init__(parent)
        self.drug = drug
        self.checklists: list[ChecklistSpec] = checklists_of(drug)
        self.progress: ChecklistProgress | None = None
        self.kept = False  # False: progress lives in memory only (no user database was handed in)
        self.not_kept = NOT_KEPT  # why progress is not kept, when it is not
        self._problem = False  # the last save to the records server failed
        self.checklist: ChecklistSpec | None = None
        self.run: RunSnapshot | None = None
        self.typing: dict[str, str] = {}  # values being typed, not yet saved
        self.rows: dict[str, ItemRow] = {}
        self.last_dialog: QPrintPreviewDialog | None = None
        self.dose_mode = False  # the per-dose give/hold check is on screen (not a checklist)
        self._build()
        # The window hands its records store in here: a throwaway in-memory store made first and replaced at
        # once cost the migration code (Alembic, about 10 MB held) on every start.
        self.set_user_store(store, not_kept)
        self.templates.setCurrentRow(0)

    # ---------------------------------------------------------------- construction

    def _build(self) -> None:
        # At 200 % text in a small window the buttons, the protocol and the result need more height than there is:
        # the panel then scrolls as a whole instead of squeezing the result to a sliver.
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        self.panel_scroll = QScrollArea(self)
        self.panel_scroll.setObjectName("checklistScroll")
        self.panel_scroll.setWidgetResizable(True)
        self.panel_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.panel_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(self.panel_scroll)
        self.panel_scroll.setWidget(inner)
        root.addWidget(self.panel_scroll)
        outer = QVBoxLayout(inner)
        outer.setContentsMargins(0, 4, 0, 0)
        outer.addWidget(self._buttons())
        self.message = WrappedLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Checklist messages")
        outer.addWidget(self.message)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(splitter, 1)

        side = QWidget(splitter)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel("Checklists", side))
        self.templates = QListWidget(side)
        self.templates.setAccessibleName("Checklists")
        self.templates.setWordWrap(True)  # long titles wrap in a narrow side panel instead of running off it
        first = QListWidgetItem(f"{DOSE_CHECK_TITLE} (per dose)", self.templates)
        first.setData(Qt.ItemDataRole.UserRole, DOSE_CHECK_SLUG)
        for checklist in self.checklists:
            item = QListWidgetItem(checklist.title, self.templates)
            item.setData(Qt.ItemDataRole.UserRole, checklist.slug)
        self.templates.currentRowChanged.connect(self._template_chosen)
        side_layout.addWidget(self.templates, 2)
        self.history_title = QLabel("Kept on this workstation", side)
        side_layout.addWidget(self.history_title)
        self.history = QListWidget(side)
        self.history.setAccessibleName("Checklists kept on this workstation")
        self.history.setWordWrap(True)
        self.history.itemActivated.connect(self._history_chosen)
        self.history.itemClicked.connect(self._history_chosen)
        side_layout.addWidget(self.history, 3)
        splitter.addWidget(side)

        self.pages = QStackedWidget(splitter)
        self.items_scroll = QScrollArea(self.pages)
        self.items_scroll.setWidgetResizable(True)
        body = QWidget(self.items_scroll)
        self.body = QVBoxLayout(body)
        self.title = QLabel(body)
        scale_font(self.title, 1.35, bold=True)
        self.purpose = QLabel(body)
        self.purpose.setWordWrap(True)
        self.purpose.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel(body)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Checklist status")
        self.body.addWidget(self.title)
        self.body.addWidget(self.purpose)
        self.body.addWidget(self.status)
        self.body.addWidget(self._people_box(body))
        self.items_box = QWidget(body)
        self.items_layout = QVBoxLayout(self.items_box)
        self.items_layout.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.items_box)
        self.body.addStretch(1)
        self.items_scroll.setWidget(body)
        self.pages.addWidget(self.items_scroll)
        self.dose = DoseCheckPanel(
            getattr(self.drug, "content_version", ""), "", self.pages, give_hold=give_hold_of(self.drug)
        )
        self.dose.message_sink = self._say
        self.dose.saved_sink = self._fill_history
        self.pages.addWidget(self.dose)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([240, 900])

    def _buttons(self) -> QWidget:
        # A row that wraps at large text: every button keeps its whole label (see ui.widgets.flow_layout).
        holder, row = flow_row(self, "checklistActions")
        self.new_button = QPushButton("&New", self)
        self.new_button.setToolTip("Start a new, blank run of this checklist")
        self.complete_button = QPushButton("&Complete", self)
        self.complete_button.setToolTip("Sign off this checklist (needs the nurse's name)")
        self.print_blank_button = QPushButton("Print blank…", self)
        self.print_run_button = QPushButton("Print completed…", self)
        self.print_run_button.setToolTip("Print this checklist with its ticks, values, notes and times")
        self.print_teaching_button = QPushButton("Print teaching handout…", self)
        self.paper = QComboBox(self)
        self.paper.setAccessibleName("Paper size")
        for paper in PAPER_SIZES.values():
            self.paper.addItem(paper.name, paper.key)
        self.pdf_button = QToolButton(self)
        self.pdf_button.setText("Save as PDF…")
        self.pdf_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.pdf_button)
        menu.addAction("Blank checklist…", lambda: self.save_pdf_dialog("blank"))
        menu.addAction("This checklist as filled in…", lambda: self.save_pdf_dialog("run"))
        menu.addAction("Teaching handout…", lambda: self.save_pdf_dialog("teaching"))
        self.pdf_button.setMenu(menu)
        self.new_button.clicked.connect(self.start_new)
        self.complete_button.clicked.connect(self.complete)
        self.print_blank_button.clicked.connect(lambda: self.open_preview("blank"))
        self.print_run_button.clicked.connect(lambda: self.open_preview("run"))
        self.print_teaching_button.clicked.connect(lambda: self.open_preview("teaching"))
        for widget in (
            self.new_button,
            self.complete_button,
            self.print_blank_button,
            self.print_run_button,
            self.print_teaching_button,
        ):
            row.addWidget(widget)
        paper_label = QLabel("Paper", self)
        paper_label.setBuddy(self.paper)
        row.addWidget(labelled(paper_label, self.paper))
        row.addWidget(self.pdf_button)
        return holder

    def _people_box(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        signed = QGroupBox("Done by", box)
        form = QFormLayout(signed)
        self.nurse = QLineEdit(signed)
        self.nurse.setAccessibleName("Nurse")
        self.cosigner = QLineEdit(signed)
        self.cosigner.setAccessibleName("Co-signer")
        form.addRow("&Nurse", self.nurse)
        form.addRow("Co-&signer", self.cosigner)
        self.nurse.editingFinished.connect(self._people_edited)
        self.cosigner.editingFinished.connect(self._people_edited)
        patient = QGroupBox("Patient (for the printout)", box)
        pform = QFormLayout(patient)
        self.patient_name = QLineEdit(patient)
        self.patient_record = QLineEdit(patient)
        self.patient_bed = QLineEdit(patient)
        for field, name in (
            (self.patient_name, "Patient name"),
            (self.patient_record, "Record number"),
            (self.patient_bed, "Bed"),
        ):
            field.setAccessibleName(name)
            field.setMaxLength(MAX_PATIENT_FIELD)
            field.editingFinished.connect(self._patient_edited)
            pform.addRow(name, field)
        self.keep_patient = QCheckBox("Keep patient details with this checklist", patient)
        self.keep_patient.setToolTip("Off: the details are printed but not saved on this shared workstation")
        self.keep_patient.toggled.connect(self._keep_toggled)
        pform.addRow(self.keep_patient)
        row.addWidget(signed, 1)
        row.addWidget(patient, 1)
        return box

    # ---------------------------------------------------------------- the user database

    def set_user_store(self, store: UserStore | None, not_kept: str = "") -> None:
        """Where progress is saved. Without one the panel still works, in memory, and says so (``not_kept``:
        why, in place of the general sentence)."""
        if self.progress is not None and not self.kept:
            self.progress.store.dispose()
        self.kept = store is not None
        self.not_kept = not_kept or NOT_KEPT
        self._problem = False
        on_server = store is not None and store.dialect == "postgresql"
        self.history_title.setText("Kept in the ward records" if on_server else "Kept on this workstation")
        self.progress = ChecklistProgress(store if store is not None else open_in_memory())
        self.dose.set_progress(self.progress)
        if self.dose_mode:
            self._fill_history()
        elif self.checklist is not None:
            self._open(self.checklist, self._resumable(self.checklist))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.progress is not None and not self.kept:
            self.progress.store.dispose()
            self.progress = None
        super().closeEvent(event)

    def _resumable(self, checklist: ChecklistSpec) -> RunSnapshot | None:
        if self.progress is None:
            return None
        try:
            return self.progress.unfinished(checklist.slug)
        except SQLAlchemyError as error:
            self._failed(error)
            return None

    def _save(self, change: _Change | None = None) -> RunSnapshot | None:
        """Save one change to the run on screen, starting a run first when there is none (with no
        ``change``, only start a new run); on failure say so in the panel and keep what is on screen."""
        if self.progress is None:
            return None
        try:
            if self.run is None or change is None:
                assert self.checklist is not None
                self.run = self.progress.start(self.checklist, self.nurse.text(), self.cosigner.text())
                self._save_patient()
                if change is None:
                    return self.run
            snapshot = change(self.progress, self.run.id)
        except ProgressError as error:
            self._say(str(error).capitalize() + ".")
            return None
        except SQLAlchemyError as error:
            log.warning("saving a checklist change failed: %s", error)
            self._failed(error, "This change was not saved. ")
            return None
        self.run = snapshot
        self._say("")
        if self._problem:
            self._problem = False
            self.records_problem.emit("")
        return snapshot

    def _failed(self, error: SQLAlchemyError, prefix: str = "") -> None:
        """A records failure in plain words (on a server: unreachable, refused...), never a traceback."""
        assert self.progress is not None
        store = self.progress.store
        if store.dialect == "postgresql":
            message = describe(error, store.engine.url)
            self._say(message)
            self._problem = True
            self.records_problem.emit(message)
        else:
            self._say(
                f"{prefix}The saved checklists could not be used ({type(error).__name__}). Check the data folder."
            )

    def _say(self, text: str) -> None:
        if not self.kept:
            text = (text + " " if text else "") + self.not_kept
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # ---------------------------------------------------------------- showing a checklist

    def checklist_by_slug(self, slug: str) -> ChecklistSpec | None:
        return next((c for c in self.checklists if c.slug == slug), None)

    def select_checklist(self, slug: str, item_slug: str = "") -> bool:
        """Show a checklist (and scroll to an item): for search hits and links."""
        if slug == "before-dose":  # the old merged list's links lead to the per-dose check that replaced it
            slug = DOSE_CHECK_SLUG
        for row in range(self.templates.count()):
            if self.templates.item(row).data(Qt.ItemDataRole.UserRole) == slug:
                self.templates.setCurrentRow(row)
                target = self.rows.get(item_slug)
                if target is not None:
                    self.items_scroll.ensureWidgetVisible(target)
                    target.check.setFocus()
                return True
        return False

    def _template_chosen(self, row: int) -> None:
        self.dose_mode = row == 0
        if self.dose_mode:
            self.pages.setCurrentWidget(self.dose)
            self.complete_button.setEnabled(True)
            self.print_run_button.setEnabled(True)
            self._say("")
            self._fill_history()
            return
        self.pages.setCurrentWidget(self.items_scroll)
        if 0 <= row - 1 < len(self.checklists):
            checklist = self.checklists[row - 1]
            self._open(checklist, self._resumable(checklist))

    def _history_chosen(self, item: QListWidgetItem) -> None:
        if self.progress is None or (self.checklist is None and not self.dose_mode):
            return
        try:
            run = self.progress.get(int(item.data(Qt.ItemDataRole.UserRole)))
        except ProgressError as error:
            self._say(str(error).capitalize() + ".")
            return
        except SQLAlchemyError as error:
            self._failed(error)
            return
        if self.dose_mode:
            self.dose.open_run(run)
        elif self.checklist is not None:
            self._open(self.checklist, run)

    def _open(self, checklist: ChecklistSpec, run: RunSnapshot | None) -> None:
        if self.checklist is None or checklist.slug != self.checklist.slug:
            self._build_rows(checklist)
        self.checklist = checklist
        self.run = run
        self.typing = {}
        self.title.setText(checklist.title)
        self.purpose.setText(checklist.purpose)
        with QSignalBlocker(self.nurse), QSignalBlocker(self.cosigner):
            self.nurse.setText(run.nurse if run else "")
            self.cosigner.setText(run.cosigner if run else "")
        # Patient details never carry over from another run: a shared workstation.
        kept = run.patient if run is not None else None
        for field, value in (
            (self.patient_name, kept.name if kept else ""),
            (self.patient_record, kept.record if kept else ""),
            (self.patient_bed, kept.bed if kept else ""),
        ):
            with QSignalBlocker(field):
                field.setText(value)
        with QSignalBlocker(self.keep_patient):
            self.keep_patient.setChecked(kept is not None)
        self._say("")
        self._refresh()
        self._fill_history()

    def _build_rows(self, checklist: ChecklistSpec) -> None:
        while self.items_layout.count():
            taken = self.items_layout.takeAt(0)
            child = taken.widget() if taken is not None else None
            if child is not None:
                child.hide()  # deletion waits for the event loop; the old rows must vanish now
                child.deleteLater()
        self.rows = {}
        for section in checklist.sections:
            heading = QLabel(section.title, self.items_box)
            scale_font(heading, 1.15, bold=True)
            heading.setTextFormat(Qt.TextFormat.PlainText)
            heading.setWordWrap(True)
            basis = QLabel(f"Basis: {section.basis}", self.items_box)
            basis.setTextFormat(Qt.TextFormat.PlainText)
            basis.setWordWrap(True)
            self.items_layout.addWidget(heading)
            self.items_layout.addWidget(basis)
            for item in section.items:
                row = ItemRow(item, self.items_box)
                row.toggled.connect(self._toggled)
                row.value_changed.connect(self._value_typed)
                row.value_committed.connect(self._value_committed)
                row.note_committed.connect(self._note_committed)
                self.items_layout.addWidget(row)
                self.rows[item.slug] = row

    def _states(self) -> dict[str, ItemState]:
        states = self.run.states() if self.run is not None else {}
        for slug, text in self.typing.items():
            states[slug] = ItemState(states.get(slug, ItemState()).checked, text)
        return states

    def _refresh(self) -> None:
        """Bring every row, the result and the status in line with the saved run."""
        assert self.checklist is not None
        editable = self.run is None or not self.run.completed
        for slug, row in self.rows.items():
            entry = self.run.entry(slug) if self.run is not None else None
            state = ItemState(entry.checked, entry.value) if entry else ItemState()
            if slug in self.typing:
                state = ItemState(state.checked, self.typing[slug])
            row.show_state(state, entry.note if entry else "", editable)
        for widget in (self.nurse, self.cosigner):
            widget.setReadOnly(not editable)
        self.complete_button.setEnabled(editable and self.run is not None)
        self.print_run_button.setEnabled(self.run is not None)
        if self.run is None:
            self.status.setText("Not started: the first tick starts it. Every change is saved at once.")
        elif self.run.completed:
            by = self.run.nurse + (f", co-signed by {self.run.cosigner}" if self.run.cosigner else "")
            self.status.setText(
                f"Completed {local_time(self.run.completed_at)} by {by}. Read only: press New to start again."
            )
        else:
            self.status.setText(
                f"Started {local_time(self.run.started_at)}, last saved "
                f"{local_time(self.run.updated_at)}. Every change is saved at once."
            )

    def _fill_history(self) -> None:
        self.history.clear()
        if self.progress is None or (self.checklist is None and not self.dose_mode):
            return
        slug = DOSE_CHECK_SLUG if self.dose_mode or self.checklist is None else self.checklist.slug
        try:
            runs = self.progress.runs(slug)
        except SQLAlchemyError as error:
            self._failed(error)
            return
        for run in runs:
            if run.completed:
                who = run.nurse + (f" / {run.cosigner}" if run.cosigner else "")
                text = f"✓ {local_time(run.completed_at)} · {who}"
            else:
                text = f"… unfinished, saved {local_time(run.updated_at)}"
            if self.dose_mode:
                text += self._dose_summary(run)
            item = QListWidgetItem(text, self.history)
            item.setData(Qt.ItemDataRole.UserRole, run.id)
            current = self.dose.run if self.dose_mode else self.run
            if current is not None and run.id == current.id:
                self.history.setCurrentItem(item)

    def _dose_summary(self, run: RunSnapshot) -> str:
        texts = {slug: entry.value for slug, entry in run.entries.items()}
        dose = texts.get("value:dose-number", "")
        protocol = self.dose.protocol_of(texts)
        if protocol is None:
            return ""
        from handbook.givehold.evaluator import evaluate as evaluate_dose

        result = evaluate_dose(inputs_from_entries(texts).inputs, protocol, ask_everything=True)
        return (f" · dose {dose}" if dose else "") + f" · {result.headline}"

    # ---------------------------------------------------------------- actions

    def _toggled(self, slug: str, checked: bool) -> None:
        if self._save(lambda progress, run_id: progress.set_checked(run_id, slug, checked)) is not None:
            self._after_change()
        else:
            self._refresh()

    def _value_typed(self, slug: str, text: str) -> None:
        self.typing[slug] = text
        entry = self.run.entry(slug) if self.run is not None else None
        self.rows[slug].preview_value(text, entry.checked if entry else False)

    def _value_committed(self, slug: str, text: str) -> None:
        checklist = self.checklist
        assert checklist is not None
        self.typing.pop(slug, None)
        self._save(lambda progress, run_id: progress.set_value(checklist, run_id, slug, text))
        self._after_change()

    def _note_committed(self, slug: str, text: str) -> None:
        self._save(lambda progress, run_id: progress.set_note(run_id, slug, text))
        self._after_change()

    def _people_edited(self) -> None:
        if self.run is None and not (self.nurse.text() or self.cosigner.text()):
            return
        self._save(self._people_change())
        self._after_change()

    def _people_change(self) -> _Change:
        nurse, cosigner = self.nurse.text(), self.cosigner.text()
        return lambda progress, run_id: progress.set_people(run_id, nurse, cosigner)

    def patient(self) -> PatientDetails:
        return PatientDetails(self.patient_name.text(), self.patient_record.text(), self.patient_bed.text())

    def _save_patient(self) -> None:
        if self.progress is not None and self.run is not None and self.keep_patient.isChecked():
            self.run = self.progress.set_patient(self.run.id, self.patient())

    def _patient_edited(self) -> None:
        if self.keep_patient.isChecked() and self.run is not None and not self.run.completed:
            patient = self.patient()
            self._save(lambda progress, run_id: progress.set_patient(run_id, patient))

    def _keep_toggled(self, keep: bool) -> None:
        if self.run is None or self.run.completed:
            return
        patient = self.patient() if keep else None
        self._save(lambda progress, run_id: progress.set_patient(run_id, patient))

    def _after_change(self) -> None:
        self._refresh()
        self._fill_history()

    def start_new(self) -> None:
        if self.dose_mode:
            self.dose.start_new()
            self._fill_history()
            return
        if self.checklist is None:
            return
        self.run = None
        self._open(self.checklist, None)
        if self.progress is not None:
            self._save()
            self._after_change()

    def complete(self) -> None:
        if self.dose_mode:
            self.dose.complete()
            self._fill_history()
            return
        if self.run is None:
            return
        self._save(self._people_change())
        if self._save(ChecklistProgress.complete) is not None:
            self._after_change()
            self._say("Checklist completed and kept on this workstation.")

    # ---------------------------------------------------------------- printing

    def printout(self, kind: str) -> Printout:
        """``blank``, ``run`` (the checklist as filled in) or ``teaching``."""
        if kind == "teaching":
            return teaching_printout(self.drug, self.patient())
        if self.dose_mode:
            html, frame = self.dose.printout(blank=kind == "blank")
            return Printout(html, frame)
        assert self.checklist is not None
        return checklist_printout(self.checklist, self.run if kind == "run" else None, self.patient())

    def current_printout(self) -> Printout | None:
        """What Ctrl+P prints: the check or checklist on screen, as filled in (or blank when not started)."""
        if self.dose_mode:
            return self.printout("run" if self.dose.run is not None else "blank")
        if self.checklist is None:
            return None
        return self.printout("run" if self.run is not None else "blank")

    def paper_size(self) -> str:
        return str(self.paper.currentData())

    def open_preview(self, kind: str) -> QPrintPreviewDialog:
        """Open the print preview (not modal, so the ward can keep working)."""
        printout = self.printout(kind)
        dialog = preview(self, printout.html, printout.frame, self.paper_size())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def save_pdf(self, kind: str, path: Path) -> int:
        printout = self.printout(kind)
        return write_pdf(printout.html, path, printout.frame, self.paper_size())

    def save_pdf_dialog(self, kind: str) -> None:
        slug = DOSE_CHECK_SLUG if self.dose_mode else (self.checklist.slug if self.checklist else "checklist")
        name = "teaching-handout.pdf" if kind == "teaching" else f"{slug}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Save as PDF", name, "PDF files (*.pdf)")
        if not path:
            return
        try:
            pages = self.save_pdf(kind, Path(path))
        except PrintError as error:
            self._say(f"The PDF was not saved: {error}.")
            return
        self._say(f"Saved {path} ({pages} page{'s' if pages != 1 else ''}).")
