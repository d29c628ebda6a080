"""The course record's dialogs: start a course, record a dose, correct a record, close a course.

Each dialog only collects what the nurse types and hands it to ``submit``, which calls the course service.
A refusal (a hard stop) is shown inside the dialog, naming the rule, and the dialog stays open with what
was typed; nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from handbook.db.server_connection import records_failure
from handbook.dosing import Calculation, DosingNumbers, Status, WeightUnit, assess
from handbook.records.courses import NewCourse
from handbook.records.rules import Refusal
from handbook.records.view import CourseView, DoseView

DATETIME_FORMAT = "yyyy-MM-dd HH:mm"


def _datetime_edit(value: dt.datetime, parent: QWidget) -> QDateTimeEdit:
    edit = QDateTimeEdit(QDateTime(value), parent)
    edit.setDisplayFormat(DATETIME_FORMAT)
    edit.setCalendarPopup(True)
    return edit


def _value(edit: QDateTimeEdit) -> dt.datetime:
    moment = edit.dateTime().toPython()
    assert isinstance(moment, dt.datetime)
    return moment.replace(second=0, microsecond=0, tzinfo=None)


class _RecordDialog(QDialog):
    """What every dialog here shares: a form, an error line, OK and Cancel, submit-or-stay-open."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self._sized = False
        outer = QVBoxLayout(self)
        # The fields scroll when the dialog is taller than the screen (200 % text on a small screen); the
        # refusal and OK / Cancel stay in sight below them.
        self.fields_area = QScrollArea(self)
        self.fields_area.setWidgetResizable(True)
        self.fields_area.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._body = QWidget(self.fields_area)
        self.layout_ = QVBoxLayout(self._body)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.fields_area.setWidget(self._body)
        outer.addWidget(self.fields_area, 1)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # At large text a field that does not fit beside its label goes under it, whole, instead of being cut.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.layout_.addLayout(self.form)
        self.error = QLabel("", self)
        self.error.setObjectName("refusal")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("font-weight: bold")
        self.error.setAccessibleName("Why it was not saved")
        self.error.hide()
        outer.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        # A nurse must read the whole regimen or check she picks: every drop-down is as wide as its longest entry,
        # and the dialog takes the room its fields need at the current text size.
        if not self._sized:
            self._sized = True
            for combo in self.findChildren(QComboBox):
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
                # The style sheet's padding is not always in the hint: one character's room more.
                combo.setMinimumWidth(combo.sizeHint().width() + combo.fontMetrics().averageCharWidth())
            body = self._body
            bar = self.fields_area.verticalScrollBar().sizeHint().width()
            # Never narrower than the fields' own minimum (nothing cut at the right); as wide as they like and
            # as tall as they need, within the screen: beyond that the fields scroll up and down.
            self.fields_area.setMinimumWidth(body.minimumSizeHint().width() + bar)
            screen = self.screen().availableGeometry()
            frame_w = self.sizeHint().width() - self.fields_area.sizeHint().width()
            frame_h = self.sizeHint().height() - self.fields_area.sizeHint().height()
            width = min(body.sizeHint().width() + bar + frame_w, screen.width() * 9 // 10)
            height = min(body.sizeHint().height() + frame_h, screen.height() * 9 // 10)
            self.resize(max(width, self.minimumSizeHint().width()), height)
        super().showEvent(event)

    def add_when_by_why(self, at: dt.datetime, why_hint: str) -> None:
        """The rows every dose record asks for: when (local time), by which nurse, and why."""
        self.at = _datetime_edit(at, self)
        self.form.addRow("&At (local time):", self.at)
        self.by = QLineEdit(self)
        self.form.addRow("&By (nurse):", self.by)
        self.why = QPlainTextEdit(self)
        self.why.setTabChangesFocus(True)
        self.why.setFixedHeight(64)
        self.why.setPlaceholderText(why_hint)
        self.form.addRow("&Why:", self.why)

    def add_heading(self, course: CourseView, detail: str) -> None:
        """The course's label in bold over ``detail`` (already rich text), first in the dialog.

        The label is typed by a nurse, so it is escaped: "<" in a label must print as itself, not as markup.
        """
        heading = QLabel(f"<b>{html.escape(course.title)}</b><br>{detail}", self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)
        self.layout_.insertWidget(0, heading)

    def submit(self) -> None:
        """Save; raise Refusal (or ValueError for a typing problem) to stay open with the message."""
        raise NotImplementedError

    def _try_accept(self) -> None:
        try:
            self.submit()
        except Refusal as refusal:
            self.show_error(f"Not saved: {refusal.message} (rule: {refusal.rule.value})")
            return
        except ValueError as error:
            self.show_error(f"Not saved: {error}")
            return
        except SQLAlchemyError as error:  # the server went away, or refused: one plain sentence, stay open
            self.show_error(records_failure(error))
            return
        self.accept()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class StartCourseDialog(_RecordDialog):
    """Admission weight (the dosing basis), its independent double check, regimen, first dose, label."""

    def __init__(
        self,
        choices: Sequence[DosingNumbers],
        identifiers: bool,
        start: Callable[[NewCourse], None],
        make: Callable[..., NewCourse],
        now: dt.datetime,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Start a course", parent)
        self._choices = list(choices)
        self._start = start
        self._make = make
        self.label = QLineEdit(self)
        self.label.setPlaceholderText("e.g. bed 7 / AB (no name unless the ward allows it)")
        self.form.addRow("Course &label:", self.label)
        self.name = QLineEdit(self)
        self.record = QLineEdit(self)
        if not identifiers:  # kept for the code that reads them, but not shown (they sat on top of the form)
            self.name.hide()
            self.record.hide()
        if identifiers:
            self.form.addRow("Patient &name:", self.name)
            self.form.addRow("&Record number:", self.record)
        self.regimen = QComboBox(self)
        for numbers in self._choices:
            # The name only: a drop-down cannot wrap, and the full line with its basis is wider than a screen.
            self.regimen.addItem(numbers.regimen_name)
            self.regimen.setItemData(self.regimen.count() - 1, numbers.label, Qt.ItemDataRole.ToolTipRole)
        self.form.addRow("Re&gimen:", self.regimen)
        self.regimen_basis = QLabel(self)
        self.regimen_basis.setWordWrap(True)
        self.regimen_basis.setTextFormat(Qt.TextFormat.PlainText)
        self.regimen_basis.setAccessibleName("What the regimen rests on")
        self.form.addRow("", self.regimen_basis)
        self.regimen.currentIndexChanged.connect(self._show_regimen_basis)
        self._show_regimen_basis()
        self.weight = QLineEdit(self)
        self.unit = QComboBox(self)
        self.unit.addItems([u.value for u in WeightUnit])
        self.form.addRow("Admission &weight:", self._pair(self.weight, self.unit))
        self.check_weight = QLineEdit(self)
        self.check_unit = QComboBox(self)
        self.check_unit.addItems([u.value for u in WeightUnit])
        self.form.addRow("&Second nurse's entry:", self._pair(self.check_weight, self.check_unit))
        self.confirm = QCheckBox("The weight is flagged as unusual and I have checked it", self)
        self.form.addRow("", self.confirm)
        self.first_dose = _datetime_edit(now, self)
        self.form.addRow("&First dose:", self.first_dose)
        self.started_by = QLineEdit(self)
        self.checked_by = QLineEdit(self)
        self.form.addRow("Started &by:", self.started_by)
        self.form.addRow("Checked b&y:", self.checked_by)
        note = QLabel(
            "The admission weight is the dosing basis for the whole course. The second nurse types the weight "
            "independently; the course starts only when dose, vials and volume agree.",
            self,
        )
        note.setWordWrap(True)
        self.layout_.insertWidget(1, note)

    def _show_regimen_basis(self) -> None:
        if self._choices:
            numbers = self._choices[max(0, self.regimen.currentIndex())]
            self.regimen_basis.setText(f"Basis: {numbers.regimen_basis}")

    @staticmethod
    def _pair(edit: QLineEdit, unit: QComboBox) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        row.addWidget(unit)
        return box

    def _calculate(self, what: str, text: str, unit: str, numbers: DosingNumbers) -> Calculation:
        result = assess(text, unit, numbers, confirmed=self.confirm.isChecked())
        if result.status is Status.invalid:
            raise ValueError(f"{what}: {result.reason}")
        if result.status is Status.needs_confirmation:
            raise ValueError(
                f"{what}: {' '.join(f.message for f in result.flags)} Check it, then tick the confirmation."
            )
        assert result.calculation is not None
        return result.calculation

    def submit(self) -> None:
        if not self._choices:
            raise ValueError("the content has no regimen")
        if not self.check_weight.text().strip():
            raise ValueError("the second nurse's own entry of the weight is needed (the double check)")
        numbers = self._choices[max(0, self.regimen.currentIndex())]
        first = self._calculate("Admission weight", self.weight.text(), self.unit.currentText(), numbers)
        second = self._calculate(
            "Second nurse's entry", self.check_weight.text(), self.check_unit.currentText(), numbers
        )
        self._start(
            self._make(
                label=self.label.text(),
                calculation=first,
                weight_entered=self.weight.text(),
                first_dose_at=_value(self.first_dose),
                started_by=self.started_by.text(),
                check=second,
                checked_by=self.checked_by.text(),
                patient_name=self.name.text(),
                patient_record=self.record.text(),
            )
        )


class RecordDoseDialog(_RecordDialog):
    """Record a scheduled dose as given or held (held needs why)."""

    def __init__(
        self,
        course: CourseView,
        dose: DoseView,
        kind: str,
        now: dt.datetime,
        record: Callable[[str, dt.datetime, str, str, int], None],
        parent: QWidget | None = None,
        checks: Sequence[str] = (),
    ) -> None:
        super().__init__(f"Dose {dose.number}: given or held", parent)
        self._record = record
        self.add_heading(
            course,
            f"Dose {dose.number} of the course: cycle {dose.cycle}, dose "
            f"{dose.number_in_cycle} of {dose.cycle_max}; planned {dose.planned:%a %d %b %Y %H:%M}",
        )
        self.given = QRadioButton("&Given", self)
        self.held = QRadioButton("&Held", self)
        group = QButtonGroup(self)
        group.addButton(self.given)
        group.addButton(self.held)
        (self.held if kind == "held" else self.given).setChecked(True)
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.given)
        line.addWidget(self.held)
        line.addStretch(1)
        self.form.addRow("This dose was:", row)
        self.add_when_by_why(
            dose.planned if dose.planned <= now else now, "Why it was held (required when held), or a note"
        )
        self.check = QComboBox(self)
        self.check.addItem("None: recorded directly")
        for label in checks:
            self.check.addItem(label)
        self.check.setAccessibleName("Give/hold check to keep with this dose")
        self.form.addRow("Give/hold &check:", self.check)

    @property
    def kind(self) -> str:
        return "held" if self.held.isChecked() else "given"

    def submit(self) -> None:
        self._record(self.kind, _value(self.at), self.by.text(), self.why.toPlainText(), self.check.currentIndex() - 1)


class CorrectDoseDialog(_RecordDialog):
    """A correction: a new record for the dose with a reason; the original stays on record."""

    def __init__(
        self,
        course: CourseView,
        dose: DoseView,
        correct: Callable[[str, dt.datetime, str, str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Correct dose {dose.number}", parent)
        self._correct = correct
        latest = dose.latest
        assert latest is not None
        by = f" by {html.escape(latest.by)}" if latest.by else ""
        self.add_heading(
            course,
            f"Dose {dose.number} is recorded as <b>{latest.kind.replace('_', ' ')}</b> "
            f"at {latest.at:%d %b %H:%M}{by}. A correction is added as a new "
            "record with its reason; the original record stays.",
        )
        self.status = QComboBox(self)
        for kind, text in (("given", "Given"), ("held", "Held"), ("not_given", "Not given")):
            self.status.addItem(text, kind)
        self.form.addRow("It really was:", self.status)
        self.add_when_by_why(latest.at, "Why the record is corrected (required)")

    def submit(self) -> None:
        self._correct(str(self.status.currentData()), _value(self.at), self.by.text(), self.why.toPlainText())


class CloseCourseDialog(_RecordDialog):
    def __init__(
        self, course: CourseView, close: Callable[[str, str, str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__("Close the course", parent)
        self._close = close
        self.add_heading(
            course,
            f"{course.counts.given} given, {course.counts.held} held of "
            f"{course.counts.scheduled} scheduled. A closed course is read-only.",
        )
        self.outcome = QComboBox(self)
        for outcome in ("completed", "stopped", "transferred"):
            self.outcome.addItem(outcome.capitalize(), outcome)
        self.outcome.setCurrentIndex(0 if course.counts.next_dose is None else 1)
        self.form.addRow("&Outcome:", self.outcome)
        self.reason = QLineEdit(self)
        self.form.addRow("&Reason:", self.reason)
        self.by = QLineEdit(self)
        self.form.addRow("&By (nurse):", self.by)

    def submit(self) -> None:
        self._close(str(self.outcome.currentData()), self.reason.text(), self.by.text())
