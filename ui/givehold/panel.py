"""The per-dose give/hold check on screen: about 12 core items, typed values, No/Yes per finding, the result in words.

The rules live in :mod:`handbook.givehold`; this panel only asks and shows. Every answer is saved the moment it
is given (one transaction per action) in the checklist progress store, as a run of the ``dose-check``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from handbook.checklists.progress import ChecklistProgress, ProgressError, RunSnapshot
from handbook.checklists.timefmt import local_time
from handbook.decimal_text import canonical
from handbook.givehold.compiled import ProtocolError, ProtocolRules
from handbook.givehold.evaluator import Result, evaluate
from handbook.givehold.inputs import INPUT_SPECS, LAB_IDS, RHYTHM_NAMES, Rhythm
from handbook.givehold.printing import DoseSheet, dose_check_html, page_title, reference_html
from handbook.givehold.questions import RHYTHM, ItemQuestions, input_is_required, questions_for
from handbook.givehold.record import (
    NO,
    YES,
    dose_check_spec,
    finding_slug,
    inputs_from_entries,
    value_slug,
)
from handbook.givehold.stored import StoredGiveHold, files_give_hold
from handbook.givehold.wording import HR_AFTER_CORRECTION, PER_8_HOURS
from handbook.limits import MAX_NOTE
from ui.givehold.fields import ValueField, YesNo
from ui.givehold.result_banner import GiveHoldBanner
from ui.printing import PageFrame, preview
from ui.widgets.flow_layout import WrappedLabel

log = logging.getLogger(__name__)

CARRIED_INPUTS = ("dose-number", "doses-held", "admission-weight-kg", "weight-kg")
# Carried from the last check into a new one: the values that stay true until measured again.
CARRY_OVER = ("admission-weight-kg", "labs-drawn-at", *(value_slug(i) for i in ("admission-weight-kg", *LAB_IDS)))


class DoseCheckPanel(QWidget):
    def __init__(
        self,
        content_version: str = "",
        drug_name: str = "",
        parent: QWidget | None = None,
        give_hold: StoredGiveHold | None = None,
    ) -> None:
        super().__init__(parent)
        # From the content database (the window); read from the shipped files only when none is handed in.
        self.give_hold = give_hold if give_hold is not None else files_give_hold()
        self.catalog = self.give_hold.catalog
        self.spec = dose_check_spec(content_version, drug_name)
        self.progress: ChecklistProgress | None = None
        self.run: RunSnapshot | None = None
        self.typing: dict[str, str] = {}
        self.values: dict[str, ValueField] = {}
        self.answers: dict[str, YesNo] = {}
        self.sub_boxes: dict[str, QWidget] = {}  # gate id → the box of what it opens
        self.choices: dict[str, tuple[QButtonGroup, dict[str, QRadioButton]]] = {}
        self.result: Result | None = None
        self.message_sink: Callable[[str], None] = lambda _text: None
        self.saved_sink: Callable[[], None] = lambda: None
        self.protocol_problem = ""
        try:
            self.protocol: ProtocolRules | None = self.give_hold.active()
        except ProtocolError as error:
            self.protocol = None
            self.protocol_problem = str(error)
        self._build()
        self.refresh()

    # ---------------------------------------------------------------- construction

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.protocol_label = WrappedLabel(self)  # never cut short: it names whose rules decide
        self.protocol_label.setWordWrap(True)
        self.protocol_label.setTextFormat(Qt.TextFormat.PlainText)
        self.protocol_label.setAccessibleName("Active protocol")
        bold = self.protocol_label.font()
        bold.setBold(True)
        self.protocol_label.setFont(bold)
        outer.addWidget(self.protocol_label)
        self.banner = GiveHoldBanner(self)
        outer.addWidget(self.banner)
        self.form_scroll = QScrollArea(self)
        self.form_scroll.setWidgetResizable(True)
        body = QWidget(self.form_scroll)
        self.body = QVBoxLayout(body)
        self.status = QLabel(body)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.body.addWidget(self.status)
        note = QLabel(f"{PER_8_HOURS} {HR_AFTER_CORRECTION}", body)
        note.setWordWrap(True)
        self.body.addWidget(note)
        self.reference_button = QPushButton("Reference card…", body)
        self.reference_button.setToolTip("Permanent-stop events and retreatment rules (not asked per dose)")
        self.reference_button.setAccessibleName("Reference card: permanent-stop events and retreatment")
        self.reference_button.clicked.connect(self.open_reference)
        self.body.addWidget(self.reference_button)
        if self.protocol is None:
            problem = QLabel(f"The give/hold check cannot run: {self.protocol_problem}", body)
            problem.setWordWrap(True)
            self.body.addWidget(problem)
        else:
            self.body.addWidget(self._carried_box(body))
            questions = questions_for(self.catalog.form, self.catalog.label, self.protocol)
            for item in questions.items:
                self.body.addWidget(self._item_box(item, body, lambda i: input_is_required(i, questions)))
            self.body.addWidget(self._sign_box(body))
        self.body.addStretch(1)
        self.form_scroll.setWidget(body)
        outer.addWidget(self.form_scroll, 1)

    def _value(self, input_id: str, parent: QWidget, required: bool = True, unit: str = "") -> ValueField:
        field = ValueField(value_slug(input_id), INPUT_SPECS[input_id], parent, unit)
        field.setProperty("required", required)
        field.committed.connect(self._commit_text)
        field.typed.connect(self._typed)
        self.values[input_id] = field
        return field

    def _yes_no(self, slug: str, text: str, parent: QWidget) -> YesNo:
        answer = YesNo(finding_slug(slug), text, parent)
        answer.answered.connect(self._answered)
        self.answers[slug] = answer
        return answer

    def _carried_box(self, parent: QWidget) -> QWidget:
        box = QGroupBox("This dose, and values carried from the course", parent)
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.label_edit = QLineEdit(box)
        self.label_edit.setPlaceholderText("Patient or course label (printed; not kept on this workstation)")
        self.label_edit.setAccessibleName("Patient or course label for the printout")
        self.label_edit.setMaxLength(120)
        row.addWidget(self.label_edit)
        layout.addLayout(row)
        for input_id in CARRIED_INPUTS:
            layout.addWidget(self._value(input_id, box))
        self.weight_gain = QLabel(box)
        self.weight_gain.setWordWrap(True)
        layout.addWidget(self.weight_gain)
        labs = QGroupBox("Labs from the last blood draw (used until a newer draw)", box)
        form = QVBoxLayout(labs)
        drawn = QHBoxLayout()
        caption = QLabel("Time of the draw", labs)
        caption.setWordWrap(True)
        self.drawn_at = QLineEdit(labs)
        self.drawn_at.setPlaceholderText("YYYY-MM-DD HH:MM")
        self.drawn_at.setMaxLength(16)
        self.drawn_at.setFixedWidth(150)
        self.drawn_at.setAccessibleName("Time of the blood draw")
        caption.setBuddy(self.drawn_at)
        self.drawn_state = QLabel(labs)
        self.drawn_state.setWordWrap(True)
        self.drawn_at.editingFinished.connect(lambda: self._commit_text("labs-drawn-at", self.drawn_at.text()))
        drawn.addWidget(caption, 1)
        drawn.addWidget(self.drawn_at)
        drawn.addWidget(self.drawn_state, 1)
        form.addLayout(drawn)
        for lab_id in LAB_IDS:
            form.addWidget(self._value(lab_id, labs, required=INPUT_SPECS[lab_id].required))
        layout.addWidget(labs)
        return box

    def _item_box(self, q: ItemQuestions, parent: QWidget, required: Callable[[str], bool]) -> QWidget:
        box = QGroupBox(f"{q.item.number}  {q.item.title}", parent)
        layout = QVBoxLayout(box)
        if q.item.hint:
            hint = QLabel(q.item.hint, box)
            hint.setWordWrap(True)
            layout.addWidget(hint)
        for input_id in q.inputs:
            if input_id == RHYTHM:
                layout.addLayout(self._rhythm_row(box))
            elif input_id == "temp-c":
                layout.addLayout(self._temperature_row(box))
            else:
                layout.addWidget(self._value(input_id, box, required(input_id)))
        for also in q.also:
            layout.addWidget(self._yes_no(also.id, also.text, box))
        if q.gate is not None:
            layout.addWidget(self._yes_no(q.gate.id, q.gate.text, box))
            under = QWidget(box)
            under_layout = QVBoxLayout(under)
            under_layout.setContentsMargins(28, 0, 0, 0)
            for input_id in q.gate_inputs:
                under_layout.addWidget(self._value(input_id, under))
            for sub in q.subs:
                under_layout.addWidget(self._yes_no(sub.id, f"↳ {sub.text}", under))
            layout.addWidget(under)
            self.sub_boxes[q.gate.id] = under
        if q.choice and q.item.choice is not None:
            row = QVBoxLayout()
            caption = QLabel(q.item.choice.text, box)
            caption.setWordWrap(True)
            row.addWidget(caption)
            group = QButtonGroup(box)
            buttons: dict[str, QRadioButton] = {}
            for key, text in [("", q.item.choice.none), *((f.id, f.text) for f in q.choice)]:
                button = QRadioButton(text, box)
                button.setAccessibleName(f"{q.item.choice.text} {text}")
                group.addButton(button)
                buttons[key] = button
                button.clicked.connect(lambda _on=False, k=key, ids=[f.id for f in q.choice]: self._chosen(ids, k))
                row.addWidget(button)
            layout.addLayout(row)
            self.choices[q.item.id] = (group, buttons)
        return box

    def _rhythm_row(self, parent: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        caption = QLabel("Rhythm", parent)
        self.rhythm = QComboBox(parent)
        self.rhythm.setAccessibleName("Rhythm")
        self.rhythm.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.rhythm.setMinimumContentsLength(18)
        self.rhythm.addItem("— choose the rhythm —", "")
        for rhythm in Rhythm:
            self.rhythm.addItem(RHYTHM_NAMES[rhythm], rhythm.value)
        caption.setBuddy(self.rhythm)
        self.rhythm.activated.connect(lambda _i: self._commit_text("rhythm", str(self.rhythm.currentData())))
        row.addWidget(caption, 1)
        row.addWidget(self.rhythm, 2)
        return row

    def _temperature_row(self, parent: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        field = self._value("temp-c", parent, unit=" ")
        field.unit.hide()
        self.temp_unit = QComboBox(parent)
        self.temp_unit.setAccessibleName("Temperature unit")
        self.temp_unit.addItem("°C", "C")
        self.temp_unit.addItem("°F", "F")
        self.temp_unit.activated.connect(lambda _i: self._commit_text("temp-unit", str(self.temp_unit.currentData())))
        row.addWidget(field, 1)
        row.addWidget(self.temp_unit)
        return row

    def _sign_box(self, parent: QWidget) -> QWidget:
        box = QGroupBox("Note and confirmation", parent)
        form = QFormLayout(box)
        self.note = QLineEdit(box)
        self.note.setMaxLength(MAX_NOTE)
        self.note.setAccessibleName("Note for this dose")
        self.note.editingFinished.connect(lambda: self._commit_text("note", self.note.text()))
        self.nurse = QLineEdit(box)
        self.nurse.setAccessibleName("Nurse")
        self.cosigner = QLineEdit(box)
        self.cosigner.setAccessibleName("Co-signer")
        self.nurse.editingFinished.connect(self._people_edited)
        self.cosigner.editingFinished.connect(self._people_edited)
        self.confirm = QPushButton("Sign: I checked every item", box)
        self.confirm.setToolTip("Keep this dose's check with your name; it can no longer be changed")
        self.confirm.clicked.connect(self.complete)
        form.addRow("Note", self.note)
        form.addRow("&Nurse", self.nurse)
        form.addRow("Co-&signer", self.cosigner)
        form.addRow(self.confirm)
        return box

    # ---------------------------------------------------------------- saving

    def set_progress(self, progress: ChecklistProgress | None) -> None:
        self.progress = progress
        self.run = progress.unfinished(self.spec.slug) if progress is not None else None
        self.typing = {}
        self.refresh()

    def open_run(self, run: RunSnapshot) -> None:
        self.run = run
        self.typing = {}
        self.refresh()

    def _say(self, text: str) -> None:
        self.message_sink(text)

    def _save_texts(self, texts: dict[str, str]) -> None:
        if self.progress is None or self.protocol is None:
            return
        try:
            if self.run is None or self.run.completed:
                self.run = self.progress.start(self.spec, self.nurse.text(), self.cosigner.text())
                texts = {"protocol": self.protocol.id, **texts}
            self.run = self.progress.set_texts(self.run.id, texts)
        except ProgressError as error:
            self._say(str(error).capitalize() + ".")
        except SQLAlchemyError as error:
            log.exception("saving a dose check change failed")
            self._say(f"This change could not be saved ({type(error).__name__}). Check the data folder.")
        else:
            self._say("")
        self.refresh()
        self.saved_sink()

    def _commit_text(self, slug: str, text: str) -> None:
        self.typing.pop(slug, None)
        self._save_texts({slug: text})

    def _typed(self, slug: str, text: str) -> None:
        self.typing[slug] = text
        self._show_result()

    def _answered(self, slug: str, answer: str) -> None:
        texts = {slug: answer}
        finding = slug.removeprefix("finding:")
        if answer == NO and self.protocol is not None:
            # A "No" to a gate clears what was answered under it, in the same transaction.
            questions = questions_for(self.catalog.form, self.catalog.label, self.protocol)
            for q in questions.items:
                if q.gate is not None and q.gate.id == finding:
                    texts.update({finding_slug(s.id): "" for s in q.subs})
                    texts.update({value_slug(i): "" for i in q.gate_inputs})
        self._save_texts(texts)

    def _chosen(self, ids: list[str], picked: str) -> None:
        self._save_texts({finding_slug(i): YES if i == picked else NO for i in ids})

    def _people_edited(self) -> None:
        if self.progress is None or self.run is None or self.run.completed:
            return
        try:
            self.run = self.progress.set_people(self.run.id, self.nurse.text(), self.cosigner.text())
        except (ProgressError, SQLAlchemyError) as error:
            self._say(f"The names could not be saved: {error}")
        self.refresh()

    def start_new(self) -> None:
        """A new dose: the admission weight and the last blood draw carry over (their time and age shown)."""
        if self.progress is None or self.protocol is None:
            return
        previous = self.entries()
        self.run = self.progress.start(self.spec, self.nurse.text(), self.cosigner.text())
        carried = {slug: previous[slug] for slug in CARRY_OVER if previous.get(slug)}
        dose = previous.get(value_slug("dose-number"), "")
        if dose.isdigit() and int(dose) < 14:
            carried[value_slug("dose-number")] = str(int(dose) + 1)
        self._save_texts({"protocol": self.protocol.id, **carried})

    def complete(self) -> None:
        if self.progress is None or self.run is None:
            self._say("Nothing to sign yet: enter the values first.")
            return
        try:
            self.run = self.progress.set_people(self.run.id, self.nurse.text(), self.cosigner.text())
            self.run = self.progress.complete(self.run.id)
        except ProgressError as error:
            self._say(str(error).capitalize() + ".")
            return
        self._say("Dose check signed and kept on this workstation.")
        self.refresh()

    # ---------------------------------------------------------------- showing

    def entries(self) -> dict[str, str]:
        texts = {slug: e.value for slug, e in self.run.entries.items()} if self.run is not None else {}
        texts.update(self.typing)
        return texts

    def protocol_of(self, entries: dict[str, str]) -> ProtocolRules | None:
        """The protocol a saved check was done under (the ward may have changed it since), else the active one."""
        saved = entries.get("protocol", "")
        if self.protocol is None or not saved or saved == self.protocol.id:
            return self.protocol
        try:
            return self.give_hold.protocol(saved)
        except ProtocolError:
            log.warning("dose check saved under unknown protocol %r; shown under the active one", saved)
            return self.protocol

    def evaluate_now(self) -> tuple[Result | None, dict[str, str]]:
        entries = self.entries()
        protocol = self.protocol_of(entries)
        if protocol is None:
            return None, {}
        read = inputs_from_entries(entries, dt.datetime.now().astimezone())
        return evaluate(read.inputs, protocol, ask_everything=True, catalog=self.catalog), read.problems

    def _show_result(self) -> None:
        result, problems = self.evaluate_now()
        self.result = result
        if result is not None:
            shown = [f"{slug.removeprefix('value:')}: {why}" for slug, why in problems.items()]
            counting = self.protocol is not None and self.protocol.counting is not None
            self.banner.show_result(result, shown, counting)
        gain = result.readings.get("weight-gain-pct") if result is not None else None
        if hasattr(self, "weight_gain"):
            self.weight_gain.setText(
                f"Weight gain since admission: {canonical(gain.value)} % ({gain.origin})"
                if gain is not None
                else "Weight gain since admission: type both weights"
            )
        if hasattr(self, "drawn_state"):
            self.drawn_state.setText(
                f"⚠ {problems['labs-drawn-at']}"
                if "labs-drawn-at" in problems
                else next(
                    (
                        f"drawn {r.origin.removeprefix('drawn ')}"
                        for k, r in (result.readings.items() if result else [])
                        if k in LAB_IDS and r.drawn_at is not None
                    ),
                    "",
                )
            )

    def refresh(self) -> None:
        if self.protocol is None:
            self.protocol_label.setText("No give/hold protocol could be loaded.")
            return
        entries = self.entries()
        shown = self.protocol_of(entries) or self.protocol
        self.protocol_label.setText(f"Protocol: {shown.name_and_status}, with the label's rules")
        editable = self.run is None or not self.run.completed
        read = inputs_from_entries(entries)
        for input_id, field in self.values.items():
            slug = value_slug(input_id)
            field.show_saved(entries.get(slug, ""), read.problems.get(slug, ""), editable)
            if not field.property("required") and not entries.get(slug):
                field.state.setText("")
        for finding, answer in self.answers.items():
            answer.show_saved(entries.get(finding_slug(finding), ""), editable)
        for gate, box in self.sub_boxes.items():
            gate_yes = entries.get(finding_slug(gate)) == YES or any(
                entries.get(finding_slug(f)) == YES for f in self._subs_of(gate)
            )
            box.setVisible(gate_yes)
        for group, buttons in self.choices.values():
            picked = next((k for k in buttons if k and entries.get(finding_slug(k)) == YES), None)
            answered = any(entries.get(finding_slug(k)) for k in buttons if k)
            group.setExclusive(False)
            for key, button in buttons.items():
                with QSignalBlocker(button):
                    button.setChecked(key == picked if picked else (answered and key == ""))
                button.setEnabled(editable)
            group.setExclusive(True)
        with QSignalBlocker(self.rhythm):
            self.rhythm.setCurrentIndex(max(0, self.rhythm.findData(entries.get("rhythm", ""))))
            self.rhythm.setEnabled(editable)
        with QSignalBlocker(self.temp_unit):
            self.temp_unit.setCurrentIndex(max(0, self.temp_unit.findData(entries.get("temp-unit", "C"))))
            self.temp_unit.setEnabled(editable)
        for edit, key in ((self.drawn_at, "labs-drawn-at"), (self.note, "note")):
            if not edit.hasFocus():
                with QSignalBlocker(edit):
                    edit.setText(entries.get(key, ""))
            edit.setReadOnly(not editable)
        for edit, value in (
            (self.nurse, self.run.nurse if self.run else None),
            (self.cosigner, self.run.cosigner if self.run else None),
        ):
            if value is not None and not edit.hasFocus():
                with QSignalBlocker(edit):
                    edit.setText(value)
            edit.setReadOnly(not editable)
        self.confirm.setEnabled(editable and self.run is not None)
        if self.run is None:
            self.status.setText("Not started: the first value starts this dose's check. Every answer is saved at once.")
        elif self.run.completed:
            self.status.setText(
                f"Signed {local_time(self.run.completed_at)} by {self.run.nurse}. "
                "Read only: press New for the next dose."
            )
        else:
            self.status.setText(
                f"Started {local_time(self.run.started_at)}, last saved {local_time(self.run.updated_at)}."
            )
        self._show_result()

    def _subs_of(self, gate: str) -> list[str]:
        return [sub for sub, owner in self.catalog.form.gate_of().items() if owner == gate]

    # ---------------------------------------------------------------- printing

    def reference_printout(self) -> tuple[str, PageFrame]:
        return reference_html(self.catalog), PageFrame("Reference card: permanent stops", self.spec.content_version)

    def open_reference(self) -> QPrintPreviewDialog:
        """The card in a print preview (not modal): read on screen, or print it for the chart."""
        html, frame = self.reference_printout()
        dialog = preview(self, html, frame)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.reference_dialog = dialog
        return dialog

    def sheet(self) -> DoseSheet:
        run = self.run
        return DoseSheet(
            label=self.label_edit.text() if hasattr(self, "label_edit") else "",
            nurse=run.nurse if run else "",
            cosigner=run.cosigner if run else "",
            started=local_time(run.started_at) if run else "",
            completed=local_time(run.completed_at) if run else "",
            note=self.entries().get("note", ""),
            content_version=self.spec.content_version,
        )

    def printout(self, blank: bool) -> tuple[str, PageFrame]:
        assert self.protocol is not None
        if blank or self.run is None:
            html = dose_check_html(self.protocol)
            return html, PageFrame(page_title(DoseSheet(), "", True), self.spec.content_version, form=True, blank=True)
        entries = self.entries()
        protocol = self.protocol_of(entries) or self.protocol
        read = inputs_from_entries(entries, dt.datetime.now().astimezone())
        result = evaluate(read.inputs, protocol, ask_everything=True, catalog=self.catalog)
        sheet = self.sheet()
        html = dose_check_html(protocol, entries=entries, problems=read.problems, result=result, sheet=sheet)
        title = page_title(sheet, entries.get(value_slug("dose-number"), ""), False)
        return html, PageFrame(title, self.spec.content_version, label=sheet.label.strip(), form=True)
