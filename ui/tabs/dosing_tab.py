"""Dosing: the dose calculator with its course schedule and double check, above the reference content.

The tab only shows what :func:`handbook.dosing.assess` lets through: any edit clears the figures
first, so a number on screen always belongs to the weight on screen.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from handbook.db import content_models as m
from handbook.dosing import (
    CHECK_AGAINST,
    ROUNDING_RULE,
    WEIGHT_CHECK_NOTE,
    Assessment,
    Calculation,
    CheckResult,
    ContentMissingError,
    DosingNumbers,
    Status,
    WeightUnit,
    assess,
    double_check,
    regimen_choices,
)
from handbook.render import render
from handbook.schedule import SCHEDULE_NOTE, ScheduledDose, ScheduleError, build_schedule
from ui.dosing.schedule_model import ScheduleModel
from ui.printing import PageFrame, preview, write_pdf
from ui.tabs.base import ContentTab

FLOW_SHEET_TITLE = "Per-dose flow sheet"
# Figures shown in the results grid, in order (keys of handbook.dosing.Figure).
RESULT_KEYS = (
    "weight",
    "dose_iu",
    "dose_miu",
    "dose_mg",
    "vials",
    "draw_ml",
    "bag",
    "total_ml",
    "final_mcg_per_ml",
    "infusion_minutes",
    "rate_ml_per_h",
)
EMPTY = "—"


class DosingTab(ContentTab):
    title = "Dosing"
    template = "screen/dosing_reference.html.j2"

    def __init__(
        self, drug: m.Drug, describe_sources: Callable[[list[str]], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(drug, describe_sources, parent)
        self.put_browser_in(self.splitter, (640, 260))  # the reference content, below the calculator
        self.recalculate()
        self.refresh_schedule()

    # ---------------------------------------------------------------- construction

    def build_widgets(self) -> None:
        self.assessment: Assessment = Assessment(Status.invalid, reason="Enter the patient's weight.")
        self.check: CheckResult | None = None
        self.check_names: tuple[str, str] = ("", "")
        self.checking = False
        self.content_problem = ""
        try:
            self.choices: list[DosingNumbers] = regimen_choices(self.drug)
        except ContentMissingError as error:
            self.choices = []
            self.content_problem = f"The calculator is off: {error}."
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.layout_.addWidget(self.splitter, 1)
        scroll = QScrollArea(self.splitter)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        panel = QWidget(scroll)
        panel.setObjectName("dosingCalculator")
        scroll.setWidget(panel)
        self.splitter.addWidget(scroll)
        columns = QHBoxLayout(panel)
        columns.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        right = QVBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        left.addWidget(self._input_box(panel))
        self.status_label = QLabel(panel)
        self.status_label.setObjectName("dosingStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.setAccessibleName("Calculator status")
        left.addWidget(self.status_label)
        self.confirm_box = QCheckBox(
            "I have checked this weight and unit against the patient record: show the dose", panel
        )
        self.confirm_box.setAccessibleName("Confirm the unusual weight")
        left.addWidget(self.confirm_box)
        left.addWidget(self._results_box(panel))
        notes = QLabel(f"{ROUNDING_RULE}<br>{WEIGHT_CHECK_NOTE}<br><b>{CHECK_AGAINST}</b>", panel)
        notes.setObjectName("dosingNotes")
        notes.setWordWrap(True)
        notes.setAccessibleName("Calculator notes")
        left.addWidget(notes)
        left.addStretch(1)
        right.addWidget(self._check_box(panel))
        right.addWidget(self._schedule_box(panel), 1)
        right.addLayout(self._print_row(panel))
        self._connect()
        self._set_tab_order()

    def _input_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Dose calculator", parent)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.weight_edit, self.unit_combo = _weight_row(
            box, form, "&Weight:", "Patient weight", "Weight unit", "e.g. 70 or 70,5"
        )
        self.regimen_combo = QComboBox(box)
        self.regimen_combo.setAccessibleName("Regimen")
        for numbers in self.choices:
            self.regimen_combo.addItem(numbers.label, numbers.regimen_slug)
        self.regimen_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        form.addRow("&Regimen:", self.regimen_combo)
        self.start_edit = QDateTimeEdit(QDateTime(QDate.currentDate(), QTime(8, 0)), box)
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.start_edit.setAccessibleName("First dose date and time")
        form.addRow("&First dose:", self.start_edit)
        return box

    def _results_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Results (each with how it was worked out and its sources)", parent)
        self.results_box = box
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 2)
        for column, heading in enumerate(("Figure", "Result", "How it was worked out", "Sources")):
            label = QLabel(f"<b>{heading}</b>", box)
            grid.addWidget(label, 0, column)
        self.value_labels: dict[str, QLabel] = {}
        self.formula_labels: dict[str, QLabel] = {}
        self.source_labels: dict[str, QLabel] = {}
        self.name_labels: dict[str, QLabel] = {}
        for row, key in enumerate(RESULT_KEYS, start=1):
            name = QLabel(box)
            value = QLabel(EMPTY, box)
            formula = QLabel(box)
            sources = QLabel(box)
            value.setObjectName("dosingValue")
            for label in (name, value, formula, sources):
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            formula.setObjectName("dosingFormula")
            sources.setObjectName("dosingSources")
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            grid.addWidget(formula, row, 2)
            grid.addWidget(sources, row, 3)
            self.name_labels[key], self.value_labels[key] = name, value
            self.formula_labels[key], self.source_labels[key] = formula, sources
        self.hidden_label = QLabel("Results are hidden while the second nurse enters the weight.", box)
        self.hidden_label.setWordWrap(True)
        grid.addWidget(self.hidden_label, len(RESULT_KEYS) + 1, 0, 1, 4)
        self.hidden_label.hide()
        return box

    def _check_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Independent double check", parent)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        explain = QLabel(
            "A second nurse enters the weight from the patient record without seeing the first "
            "entry; the app compares dose, vials and volume.",
            box,
        )
        explain.setWordWrap(True)
        form.addRow(explain)
        self.first_name_edit = QLineEdit(box)
        self.first_name_edit.setAccessibleName("Calculated by: name or initials")
        self.first_name_edit.setMaxLength(60)
        form.addRow("Calculated &by:", self.first_name_edit)
        self.start_check_button = QPushButton("&Start independent check", box)
        self.start_check_button.setAccessibleName("Start the independent double check")
        form.addRow(self.start_check_button)
        self.second_weight_edit, self.second_unit_combo = _weight_row(
            box,
            form,
            "Second &weight:",
            "Second nurse: patient weight",
            "Second nurse: weight unit",
            "weight, typed by the second nurse",
        )
        self.second_name_edit = QLineEdit(box)
        self.second_name_edit.setAccessibleName("Checked by: name or initials")
        self.second_name_edit.setMaxLength(60)
        form.addRow("Checked b&y:", self.second_name_edit)
        self.check_form = form
        self._second_rows = (form.rowCount() - 2, form.rowCount() - 1)
        buttons = QHBoxLayout()
        self.compare_button = QPushButton("&Compare", box)
        self.compare_button.setAccessibleName("Compare the two calculations")
        self.cancel_check_button = QPushButton("Cancel check", box)
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.cancel_check_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        self._second_rows = (*self._second_rows, form.rowCount() - 1)
        self.check_label = QLabel("Not checked yet.", box)
        self.check_label.setObjectName("checkResult")
        self.check_label.setWordWrap(True)
        self.check_label.setAccessibleName("Double check result")
        self.check_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.check_label)
        return box

    def _schedule_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Course schedule", parent)
        layout = QVBoxLayout(box)
        self.schedule_model = ScheduleModel(box)
        self.schedule_view = QTableView(box)
        self.schedule_view.setModel(self.schedule_model)
        self.schedule_view.setAccessibleName("Course schedule")
        self.schedule_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.schedule_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.schedule_view.verticalHeader().hide()
        self.schedule_view.setAlternatingRowColors(True)
        self.schedule_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.schedule_view.horizontalHeader().setStretchLastSection(True)
        self.schedule_view.setMinimumHeight(160)
        layout.addWidget(self.schedule_view, 1)
        self.schedule_note = QLabel(SCHEDULE_NOTE, box)
        self.schedule_note.setWordWrap(True)
        layout.addWidget(self.schedule_note)
        return box

    def _print_row(self, parent: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        self.paper_combo = QComboBox(parent)
        self.paper_combo.addItem("A4", "a4")
        self.paper_combo.addItem("Letter", "letter")
        self.paper_combo.setAccessibleName("Paper size")
        paper_label = QLabel("&Paper:", parent)
        paper_label.setBuddy(self.paper_combo)
        self.print_button = QPushButton("Print flow &sheet…", parent)
        self.print_button.setAccessibleName("Print the per-dose flow sheet")
        row.addWidget(paper_label)
        row.addWidget(self.paper_combo)
        row.addStretch(1)
        row.addWidget(self.print_button)
        return row

    def _connect(self) -> None:
        self.weight_edit.textChanged.connect(self._first_entry_changed)
        self.unit_combo.currentIndexChanged.connect(self._first_entry_changed)
        self.regimen_combo.currentIndexChanged.connect(self._regimen_changed)
        self.confirm_box.toggled.connect(self._confirmation_changed)
        self.start_edit.dateTimeChanged.connect(self.refresh_schedule)
        self.start_check_button.clicked.connect(self.start_check)
        self.compare_button.clicked.connect(self.compare)
        self.cancel_check_button.clicked.connect(self.cancel_check)
        self.print_button.clicked.connect(self.print_flow_sheet)

    def _set_tab_order(self) -> None:
        order = [
            self.weight_edit,
            self.unit_combo,
            self.regimen_combo,
            self.start_edit,
            self.confirm_box,
            self.first_name_edit,
            self.start_check_button,
            self.second_weight_edit,
            self.second_unit_combo,
            self.second_name_edit,
            self.compare_button,
            self.cancel_check_button,
            self.schedule_view,
            self.paper_combo,
            self.print_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    # ---------------------------------------------------------------- state

    def numbers(self) -> DosingNumbers | None:
        index = self.regimen_combo.currentIndex()
        return self.choices[index] if 0 <= index < len(self.choices) else None

    @property
    def calculation(self) -> Calculation | None:
        return self.assessment.calculation if self.assessment.ok else None

    def _first_entry_changed(self) -> None:
        # A new weight or unit is a new question: a confirmation given for the old one does not carry over.
        self.confirm_box.blockSignals(True)
        self.confirm_box.setChecked(False)
        self.confirm_box.blockSignals(False)
        self._clear_check()
        self.recalculate()

    def _confirmation_changed(self) -> None:
        self._clear_check()
        self.recalculate()

    def _regimen_changed(self) -> None:
        self._clear_check()
        self.recalculate()
        self.refresh_schedule()

    def recalculate(self) -> None:
        numbers = self.numbers()
        if numbers is None:
            self.assessment = Assessment(Status.invalid, reason=self.content_problem or "No regimen in the content.")
        else:
            self.assessment = assess(
                self.weight_edit.text(), self.unit_combo.currentText(), numbers, confirmed=self.confirm_box.isChecked()
            )
        self._show_assessment()

    def _show_assessment(self) -> None:
        result = self.assessment
        calc = self.calculation
        flags = "<br>".join(f"⚠ {_escape(flag.message)}" for flag in result.flags)
        if result.status is Status.invalid:
            self.status_label.setText(f"✖ <b>No result:</b> {_escape(result.reason)}")
            self.status_label.setProperty("level", "alert")
        elif result.status is Status.needs_confirmation:
            self.status_label.setText(f"<b>⚠ Check the weight before a dose is shown.</b><br>{flags}")
            self.status_label.setProperty("level", "warn")
        elif result.flags:
            self.status_label.setText(f"<b>⚠ Weight confirmed as checked, still flagged:</b><br>{flags}")
            self.status_label.setProperty("level", "warn")
        else:
            self.status_label.setText(f"✔ Calculated for {_escape(calc.weight.describe()) if calc else ''}.")
            self.status_label.setProperty("level", "")
        self._restyle(self.status_label)
        self.confirm_box.setVisible(bool(result.flags))
        for key in RESULT_KEYS:
            figure = calc.figure(key) if calc else None
            self.name_labels[key].setText(figure.label if figure else _LABELS[key])
            self.value_labels[key].setText(
                (f"<b>{_escape(figure.display)}</b>" + (f"<br>⚠ {_escape(figure.warning)}" if figure.warning else ""))
                if figure
                else EMPTY
            )
            self.formula_labels[key].setText(_escape(figure.formula) if figure else "")
            self.value_labels[key].setToolTip(
                f"Rounded for display: {figure.rounding}" if figure and figure.rounding else ""
            )
            self.source_labels[key].setText(_escape(", ".join(figure.sources)) if figure else "")
            self.value_labels[key].setAccessibleName(f"{_LABELS[key]}: {figure.display if figure else 'no result'}")
        self._update_check_widgets()

    def refresh_schedule(self) -> None:
        numbers = self.numbers()
        doses: list[ScheduledDose] = []
        if numbers is not None:
            try:
                doses = build_schedule(
                    self.first_dose(), numbers.interval_hours.value, numbers.cycles, numbers.max_doses_per_course
                )
            except ScheduleError as error:
                self.schedule_note.setText(f"No schedule: {error}.")
        self.schedule_model.set_doses(doses)

    def first_dose(self) -> dt.datetime:
        value = self.start_edit.dateTime()
        date, time = value.date(), value.time()
        return dt.datetime(date.year(), date.month(), date.day(), time.hour(), time.minute())

    # ---------------------------------------------------------------- double check

    def start_check(self) -> None:
        if self.calculation is None:
            return
        self.checking = True
        self.check = None
        self.second_weight_edit.clear()
        self.second_name_edit.clear()
        self.second_unit_combo.setCurrentIndex(0)
        self.check_label.setText("Second nurse: type the weight from the patient record, your name, then Compare.")
        self.check_label.setProperty("level", "")
        self._restyle(self.check_label)
        self._update_check_widgets()
        self.second_weight_edit.setFocus()

    def cancel_check(self) -> None:
        self.checking = False
        self.check_label.setText("Check cancelled: not checked.")
        self._update_check_widgets()

    def compare(self) -> None:
        first, numbers = self.calculation, self.numbers()
        if not self.checking or first is None or numbers is None:
            return
        names = (self.first_name_edit.text().strip(), self.second_name_edit.text().strip())
        if not all(names):
            self._say_check("✖ Enter the names or initials of both nurses.", "alert")
            return
        if names[0].casefold() == names[1].casefold():
            self._say_check("✖ The check must be done by a second person.", "alert")
            return
        # The second entry is judged by the same gate; its own flags are shown but do not block the comparison.
        second = assess(self.second_weight_edit.text(), self.second_unit_combo.currentText(), numbers, confirmed=True)
        if second.calculation is None:
            self._say_check(f"✖ Second entry: {second.reason}", "alert")
            return
        self.checking = False
        self.check = double_check(first, second.calculation)
        self.check_names = names
        details = "<br>".join(f"{what}: {_escape(a)} / {_escape(b)}" for what, a, b in self.check.rows)
        flagged = "".join(f"<br>⚠ Second entry: {_escape(f.message)}" for f in second.flags)
        if self.check.match:
            self._say_check(
                f"<span style='font-size:120%'>✔ <b>MATCH</b></span> — dose, vials and volume agree."
                f"<br>{details}<br>Calculated by {_escape(names[0])}, checked by "
                f"{_escape(names[1])}.{flagged}",
                "ok",
            )
        else:
            self._say_check(
                f"<span style='font-size:120%'>✖ <b>MISMATCH</b></span> — do not prepare: find the "
                f"cause and recalculate.<br>{details}{flagged}",
                "alert",
            )
        self._update_check_widgets()

    def _say_check(self, text: str, level: str) -> None:
        self.check_label.setText(text)
        self.check_label.setProperty("level", level)
        self._restyle(self.check_label)

    def _clear_check(self) -> None:
        if self.check is not None or self.checking:
            self.check = None
            self.checking = False
            self._say_check("The entry changed: not checked.", "")
        self._update_check_widgets()

    def _update_check_widgets(self) -> None:
        has_result = self.calculation is not None
        for row in self._second_rows:
            self.check_form.setRowVisible(row, self.checking)
        self.start_check_button.setEnabled(has_result and not self.checking)
        # While the second nurse types, the first entry and everything derived from it are hidden.
        self.weight_edit.setEchoMode(QLineEdit.EchoMode.Password if self.checking else QLineEdit.EchoMode.Normal)
        for widget in (self.weight_edit, self.unit_combo, self.regimen_combo, self.confirm_box):
            widget.setEnabled(not self.checking)
        for labels in (self.value_labels, self.formula_labels, self.source_labels):
            for label in labels.values():
                label.setVisible(not self.checking)
        self.status_label.setVisible(not self.checking)
        self.hidden_label.setVisible(self.checking)
        mismatch = self.check is not None and not self.check.match
        self.print_button.setEnabled(has_result and not self.checking and not mismatch)
        self.print_button.setToolTip(
            "A mismatch must be resolved before printing."
            if mismatch
            else ""
            if has_result
            else "Calculate a dose first."
        )

    # ---------------------------------------------------------------- printing

    def flow_sheet_html(self) -> str:
        calc = self.calculation
        if calc is None:
            raise ValueError("no dose to print")
        return render(
            "print/flow_sheet.html.j2",
            calc=calc,
            doses=self.schedule_model.doses,
            check=self.check,
            names=self.check_names,
            rounding=ROUNDING_RULE,
            weight_check=WEIGHT_CHECK_NOTE,
            schedule_note=SCHEDULE_NOTE,
            check_against=CHECK_AGAINST,
            content_version=self.drug.content_version,
            brand=self.drug.brand_name,
            generic=self.drug.generic_name,
        )

    def page_frame(self) -> PageFrame:
        return PageFrame(FLOW_SHEET_TITLE, self.drug.content_version)

    def write_flow_sheet(self, path: Path, paper: str | None = None) -> int:
        return write_pdf(self.flow_sheet_html(), path, self.page_frame(), paper or self.paper())

    def paper(self) -> str:
        return str(self.paper_combo.currentData())

    def print_flow_sheet(self) -> None:
        if self.calculation is None or not self.print_button.isEnabled():
            return
        dialog = preview(self, self.flow_sheet_html(), self.page_frame(), self.paper())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def print_html(self) -> str:
        """Ctrl+P: the calculation on screen (if any), the schedule, then the reference content."""
        calc = self.calculation
        summary = render(
            "screen/dosing_calculation.html.j2",
            calc=calc,
            reason=self.assessment.reason,
            flags=self.assessment.flags,
            doses=self.schedule_model.doses if calc else [],
            check=self.check,
            names=self.check_names,
            rounding=ROUNDING_RULE,
            weight_check=WEIGHT_CHECK_NOTE,
            check_against=CHECK_AGAINST,
        )
        return summary + self.html()

    # ---------------------------------------------------------------- theme

    def apply_theme(self, css: str, colours: dict[str, str]) -> None:
        super().apply_theme(css, colours)
        alert, warn = colours.get("alert", "#a4161a"), colours.get("warn", "#8a4b00")
        # Colour only reinforces the words and symbols (✔ ✖ ⚠); it never carries the meaning alone.
        self.findChild(QWidget, "dosingCalculator").setStyleSheet(
            f"QLabel[level='alert'] {{ color: {alert}; border: 2px solid {alert}; padding: 6px; }}"
            f"QLabel[level='warn'] {{ color: {warn}; border: 2px solid {warn}; padding: 6px; }}"
            f"QLabel[level='ok'] {{ border: 2px solid {colours.get('text', '#000000')}; padding: 6px; }}"
            f"QLabel#dosingFormula, QLabel#dosingSources {{ color: {colours.get('muted', '#5b6670')}; }}"
        )

    @staticmethod
    def _restyle(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)


_LABELS = {
    "weight": "Weight used",
    "dose_iu": "Dose",
    "dose_miu": "Dose in million IU",
    "dose_mg": "Dose in mg",
    "vials": "Vials to open",
    "draw_ml": "Volume to draw (reconstituted)",
    "bag": "Diluent and bag",
    "total_ml": "Total volume in the bag",
    "final_mcg_per_ml": "Final concentration",
    "infusion_minutes": "Infusion time",
    "rate_ml_per_h": "Pump rate",
}


def _escape(text: str) -> str:
    # Quotes stay as typed: QLabel's rich text does not read the &#39; that Markup.escape writes.
    return html.escape(text, quote=False)


def _weight_row(
    box: QWidget, form: QFormLayout, label: str, name: str, unit_name: str, placeholder: str
) -> tuple[QLineEdit, QComboBox]:
    """A weight field with its unit beside it, as a labelled form row (first nurse and second nurse alike)."""
    edit = QLineEdit(box)
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(name)
    edit.setMaxLength(32)
    unit = QComboBox(box)
    unit.addItems([u.value for u in WeightUnit])
    unit.setAccessibleName(unit_name)
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(unit)
    caption = QLabel(label, box)
    caption.setBuddy(edit)
    form.addRow(caption, row)
    return edit, unit
