"""Dosing: the dose calculator with its course schedule and double check, above the reference content.

Every rule lives in :class:`handbook.dose_workflow.DosingWorkflow`; this tab shows and asks. The dose
comes first, in one large block (dose, volume to draw, bag, pump rate, or why there is no bag and no
rate); how each figure was worked out and its sources come below it.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QResizeEvent
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
from handbook.dose_workflow import DosingWorkflow, Level, Message, dose_line
from handbook.dosing import (
    CHECK_AGAINST,
    ROUNDING_RULE,
    WEIGHT_CHECK_NOTE,
    Calculation,
    CheckResult,
    ContentMissingError,
    DosingNumbers,
    WeightUnit,
    regimen_choices,
)
from handbook.flow_sheet import FLOW_SHEET_TITLE, FlowSheet, Product
from handbook.limits import MAX_NURSE_NAME
from handbook.printout import PageFrame
from handbook.render import render
from handbook.schedule import SCHEDULE_NOTE, ScheduleError
from handbook.tabs import Tab
from ui.dosing.banner import Banner
from ui.dosing.schedule_model import ScheduleModel
from ui.printing import preview, write_pdf
from ui.tabs.base import ContentTab

# Figures in the "how it was worked out" grid, in order (keys of handbook.dosing.Figure).
RESULT_KEYS = (
    "dose_iu",
    "dose_million",
    "dose_mg",
    "draw_ml",
    "vials",
    "band",
    "final_mcg_per_ml",
    "bag",
    "rate_ml_per_h",
    "infusion_minutes",
    "weight",
)
EMPTY = "—"
# Below this many text lines of height the reference view folds away so the dose stays in sight.
REFERENCE_NEEDS_LINES = 30
HIDDEN_WHILE_CHECKING = "The first entry and the dose are hidden while the second nurse enters the weight."


class DosingTab(ContentTab):
    title = Tab.dosing.heading
    template = "screen/dosing_reference.html.j2"

    def __init__(
        self, drug: m.Drug, describe_sources: Callable[[list[str]], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(drug, describe_sources, parent)
        self.put_browser_in(self.splitter, (640, 200))  # the reference content, below the calculator
        # The calculator gets the room; in a short window the reference folds to the splitter handle,
        # which the nurse can drag open (and then it stays where the nurse put it).
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setCollapsible(1, True)
        self._splitter_moved_by_hand = False
        self.splitter.splitterMoved.connect(self._splitter_moved)
        self.refresh_schedule()
        self._show()

    # ---------------------------------------------------------------- construction

    def build_widgets(self) -> None:
        try:
            choices: list[DosingNumbers] = regimen_choices(self.drug)
            problem = ""
        except ContentMissingError as error:
            choices, problem = [], f"{error}."
        self.workflow = DosingWorkflow(choices, problem)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.layout_.addWidget(self.splitter, 1)
        scroll = QScrollArea(self.splitter)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        panel = QWidget(scroll)
        panel.setObjectName("dosingCalculator")
        self.calculator = panel
        scroll.setWidget(panel)
        self.splitter.addWidget(scroll)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 4, 0)
        # The weight, then the dose at once: regimen and schedule settings come after the dose.
        column.addWidget(self._input_box(panel))
        # Short: a check box does not wrap, and at 200 % a long one would widen the whole panel.
        self.confirm_box = QCheckBox("Weight and unit checked: show the dose", panel)
        self.confirm_box.setAccessibleName(
            "Confirm: I have checked this weight and unit against the patient record; show the dose"
        )
        column.addWidget(self.confirm_box)
        self.dose_banner = Banner("Dose", 1.45, panel)
        column.addWidget(self.dose_banner)
        self.hidden_label = QLabel(HIDDEN_WHILE_CHECKING, panel)
        self.hidden_label.setWordWrap(True)
        self.hidden_label.hide()
        column.addWidget(self.hidden_label)
        column.addWidget(self._regimen_box(panel))
        column.addWidget(self._check_box(panel))
        column.addWidget(self._results_box(panel))
        column.addWidget(self._schedule_box(panel))
        column.addLayout(self._print_row(panel))
        column.addStretch(1)
        self._connect()
        self._set_tab_order()

    def _input_box(self, parent: QWidget) -> QWidget:
        # No group title: at 200 % text in a small window every line above the dose counts.
        box = QWidget(parent)
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.weight_edit, self.unit_combo = _weight_row(
            box, form, "Patient &weight:", "Patient weight", "Weight unit", "e.g. 70 or 70,5"
        )
        return box

    def _regimen_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Regimen and first dose", parent)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        field = QWidget(box)
        stack = QVBoxLayout(field)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(2)
        self.regimen_combo = QComboBox(field)
        self.regimen_combo.setAccessibleName("Regimen")
        # The box holds the regimen's name only (a drop-down cannot wrap, and the full line is wider than the
        # window at 200 % text); what it rests on is written out in full just below it, wrapping.
        for index, numbers in enumerate(self.workflow.choices):
            self.regimen_combo.addItem(numbers.regimen_name, numbers.regimen_slug)
            self.regimen_combo.setItemData(index, numbers.label, Qt.ItemDataRole.ToolTipRole)
        self.regimen_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.regimen_combo.setMinimumContentsLength(16)
        self.regimen_basis = QLabel(field)
        self.regimen_basis.setObjectName("regimenBasis")
        self.regimen_basis.setWordWrap(True)
        self.regimen_basis.setTextFormat(Qt.TextFormat.PlainText)
        self.regimen_basis.setAccessibleName("What the regimen rests on")
        stack.addWidget(self.regimen_combo)
        stack.addWidget(self.regimen_basis)
        caption = QLabel("&Regimen:", box)
        caption.setBuddy(self.regimen_combo)
        form.addRow(caption, field)
        self._show_regimen_basis()
        self.start_edit = QDateTimeEdit(QDateTime(QDate.currentDate(), QTime(8, 0)), box)
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.start_edit.setAccessibleName("First dose date and time")
        form.addRow("First &dose:", self.start_edit)
        return box

    def _results_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("How each figure was worked out, and its sources", parent)
        self.results_box = box
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 3)
        for column, heading in enumerate(("Figure", "Result", "How, and sources")):
            grid.addWidget(QLabel(f"<b>{heading}</b>", box), 0, column)
        self.value_labels: dict[str, QLabel] = {}
        self.formula_labels: dict[str, QLabel] = {}
        self.source_labels: dict[str, QLabel] = {}
        self.name_labels: dict[str, QLabel] = {}
        for row, key in enumerate(RESULT_KEYS, start=1):
            name, value, formula, sources = (QLabel(box) for _ in range(4))
            value.setText(EMPTY)
            value.setObjectName("dosingValue")
            formula.setObjectName("dosingFormula")
            sources.setObjectName("dosingSources")
            for label in (name, value, formula, sources):
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            how = QVBoxLayout()
            how.setSpacing(0)
            how.addWidget(formula)
            how.addWidget(sources)
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addLayout(how, row, 2)
            self.name_labels[key], self.value_labels[key] = name, value
            self.formula_labels[key], self.source_labels[key] = formula, sources
        notes = QLabel(f"{ROUNDING_RULE}<br>{WEIGHT_CHECK_NOTE}<br><b>{CHECK_AGAINST}</b>", box)
        notes.setObjectName("dosingNotes")
        notes.setWordWrap(True)
        notes.setAccessibleName("Calculator notes")
        grid.addWidget(notes, len(RESULT_KEYS) + 1, 0, 1, 3)
        return box

    def _check_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Independent double check", parent)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        explain = QLabel(
            "A second nurse enters the weight from the patient record without seeing the first "
            "entry; the app compares dose, vials and volume.",
            box,
        )
        explain.setWordWrap(True)
        form.addRow(explain)
        self.first_name_edit = QLineEdit(box)
        self.first_name_edit.setAccessibleName("Calculated by: name or initials")
        self.first_name_edit.setMaxLength(MAX_NURSE_NAME)
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
        self.second_name_edit.setMaxLength(MAX_NURSE_NAME)
        form.addRow("Checked b&y:", self.second_name_edit)
        self.check_form = form
        self._second_rows: tuple[int, ...] = (form.rowCount() - 2, form.rowCount() - 1)
        buttons = QHBoxLayout()
        self.compare_button = QPushButton("&Compare", box)
        self.compare_button.setAccessibleName("Compare the two calculations")
        self.cancel_check_button = QPushButton("Cancel check", box)
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.cancel_check_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        self._second_rows = (*self._second_rows, form.rowCount() - 1)
        self.check_banner = Banner("Double check result", 1.0, box)
        form.addRow(self.check_banner)
        return box

    def _schedule_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Course schedule", parent)
        layout = QVBoxLayout(box)
        self.schedule_model = ScheduleModel(box)
        self.schedule_view = QTableView(box)
        self.schedule_view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.schedule_view.setModel(self.schedule_model)
        self.schedule_view.setAccessibleName("Course schedule")
        self.schedule_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.schedule_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.schedule_view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
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
        self.label_edit = QLineEdit(parent)
        self.label_edit.setPlaceholderText("e.g. bed 7 / AB")
        self.label_edit.setAccessibleName("Patient label for every printed page")
        self.label_edit.setMaxLength(80)
        label_caption = QLabel("Patient &label:", parent)
        label_caption.setBuddy(self.label_edit)
        self.paper_combo = QComboBox(parent)
        self.paper_combo.addItem("A4", "a4")
        self.paper_combo.addItem("Letter", "letter")
        self.paper_combo.setAccessibleName("Paper size")
        paper_label = QLabel("&Paper:", parent)
        paper_label.setBuddy(self.paper_combo)
        self.print_button = QPushButton("Print flow shee&t…", parent)
        self.print_button.setAccessibleName("Print the per-dose flow sheet")
        row.addWidget(label_caption)
        row.addWidget(self.label_edit, 1)
        row.addWidget(paper_label)
        row.addWidget(self.paper_combo)
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
            self.label_edit,
            self.paper_combo,
            self.print_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _splitter_moved(self) -> None:
        self._splitter_moved_by_hand = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._splitter_moved_by_hand:
            return
        height = self.splitter.height()
        lines = height / max(1, self.fontMetrics().height())
        reference = 0 if lines < REFERENCE_NEEDS_LINES else height // 3
        self.splitter.blockSignals(True)
        self.splitter.setSizes([height - reference, reference])
        self.splitter.blockSignals(False)

    # ---------------------------------------------------------------- state

    @property
    def calculation(self) -> Calculation | None:
        return self.workflow.calculation

    @property
    def check(self) -> CheckResult | None:
        return self.workflow.check.result if self.workflow.check else None

    @property
    def checking(self) -> bool:
        return self.workflow.checking

    def numbers(self) -> DosingNumbers | None:
        return self.workflow.numbers()

    def cited_source_ids(self) -> list[str]:
        """The sources of the calculator's figures for the chosen regimen, then those of the text below."""
        numbers = self.numbers()
        own = numbers.source_ids if numbers is not None else []
        return list(dict.fromkeys([*own, *super().cited_source_ids()]))

    def _first_entry_changed(self) -> None:
        self.workflow.enter_weight(self.weight_edit.text(), self.unit_combo.currentText())
        # A confirmation belongs to the weight it was given for.
        self.confirm_box.blockSignals(True)
        self.confirm_box.setChecked(self.workflow.confirmed)
        self.confirm_box.blockSignals(False)
        self._show()

    def _confirmation_changed(self) -> None:
        self.workflow.confirm(self.confirm_box.isChecked())
        self._show()

    def _show_regimen_basis(self) -> None:
        index = self.regimen_combo.currentIndex()
        choices = self.workflow.choices
        self.regimen_basis.setText(f"Basis: {choices[index].provenance}" if 0 <= index < len(choices) else "")
        self.regimen_combo.setToolTip(choices[index].label if 0 <= index < len(choices) else "")

    def _regimen_changed(self) -> None:
        self._show_regimen_basis()
        self.workflow.choose_regimen(self.regimen_combo.currentIndex())
        self.refresh_schedule()
        self._show()

    def recalculate(self) -> None:
        self._first_entry_changed()

    def _show(self) -> None:
        workflow = self.workflow
        calc = workflow.calculation
        status = workflow.status()
        if calc is not None:
            line = dose_line(calc)
            # A plain success needs no headline: the tick and the dose itself say it, one line sooner.
            title = "" if status.level is Level.ok else status.title
            self.dose_banner.show_message(
                Message(status.level, status.symbol, title, status.details),
                (line.dose, line.draw, line.bag, line.rate),
            )
        else:
            self.dose_banner.show_message(status)
        self.confirm_box.setVisible(bool(workflow.assessment.flags))
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
            self.source_labels[key].setText(
                _escape("Sources: " + ", ".join(figure.sources)) if figure and figure.sources else ""
            )
            self.value_labels[key].setAccessibleName(f"{_LABELS[key]}: {figure.display if figure else 'no result'}")
        self._update_check_widgets()

    def refresh_schedule(self) -> None:
        self.workflow.set_first_dose(self.first_dose())
        try:
            doses = self.workflow.schedule()
            self.schedule_note.setText(SCHEDULE_NOTE)
        except ScheduleError as error:
            doses = []
            self.schedule_note.setText(f"No schedule: {error}.")
        self.schedule_model.set_doses(doses)

    def first_dose(self) -> dt.datetime:
        value = self.start_edit.dateTime()
        date, time = value.date(), value.time()
        return dt.datetime(date.year(), date.month(), date.day(), time.hour(), time.minute())

    # ---------------------------------------------------------------- double check

    def start_check(self) -> None:
        if not self.workflow.start_check():
            return
        self.second_weight_edit.clear()
        self.second_name_edit.clear()
        self.second_unit_combo.setCurrentIndex(0)
        self._update_check_widgets()
        self.second_weight_edit.setFocus()

    def cancel_check(self) -> None:
        self.workflow.cancel_check()
        self._update_check_widgets()

    def compare(self) -> None:
        self.workflow.compare(
            self.second_weight_edit.text(),
            self.second_unit_combo.currentText(),
            self.first_name_edit.text(),
            self.second_name_edit.text(),
        )
        self._update_check_widgets()

    def _update_check_widgets(self) -> None:
        workflow = self.workflow
        checking = workflow.checking
        has_result = workflow.calculation is not None
        for row in self._second_rows:
            self.check_form.setRowVisible(row, checking)
        self.start_check_button.setEnabled(has_result and not checking)
        # While the second nurse types, the first entry is hidden, not masked: dots would show its length.
        self.weight_edit.setEchoMode(QLineEdit.EchoMode.NoEcho if checking else QLineEdit.EchoMode.Normal)
        for widget in (self.weight_edit, self.unit_combo, self.regimen_combo, self.confirm_box):
            widget.setEnabled(not checking)
        self.dose_banner.setVisible(not checking)
        self.results_box.setVisible(not checking)
        self.hidden_label.setVisible(checking)
        self.check_banner.show_message(workflow.check_message)
        blocker = workflow.print_blocker()
        self.print_button.setEnabled(not blocker)
        self.print_button.setToolTip(blocker)

    # ---------------------------------------------------------------- printing

    def flow_sheet(self) -> FlowSheet:
        return self.workflow.flow_sheet(Product.of(self.drug), self.label_edit.text())

    def flow_sheet_html(self) -> str:
        return self.flow_sheet().html

    def page_frame(self) -> PageFrame:
        if self.calculation is not None:
            return self.flow_sheet().frame
        return PageFrame(FLOW_SHEET_TITLE, self.drug.content_version, form=True)

    def write_flow_sheet(self, path: Path, paper: str | None = None) -> int:
        sheet = self.flow_sheet()
        return write_pdf(sheet.html, path, sheet.frame, paper or self.paper())

    def paper(self) -> str:
        return str(self.paper_combo.currentData())

    def print_flow_sheet(self) -> None:
        if self.calculation is None or not self.print_button.isEnabled():
            return
        sheet = self.flow_sheet()
        dialog = preview(self, sheet.html, sheet.frame, self.paper())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def print_html(self) -> str:
        """Ctrl+P: the calculation on screen (if any), the schedule, then the reference content."""
        calc = self.calculation
        check = self.workflow.check
        summary = render(
            "screen/dosing_calculation.html.j2",
            calc=calc,
            line=dose_line(calc) if calc else None,
            status=self.workflow.status(),
            flags=self.workflow.assessment.flags,
            doses=self.schedule_model.doses if calc else [],
            check=check.result if check else None,
            names=(check.calculated_by, check.checked_by) if check else ("", ""),
            rounding=ROUNDING_RULE,
            weight_check=WEIGHT_CHECK_NOTE,
            check_against=CHECK_AGAINST,
        )
        return summary + self.html()

    # ---------------------------------------------------------------- theme

    def apply_theme(self, css: str, colours: dict[str, str]) -> None:
        super().apply_theme(css, colours)
        self.calculator.setStyleSheet(
            f"QLabel#dosingFormula, QLabel#dosingSources {{ color: {colours.get('muted', '#5b6670')}; }}"
        )


_LABELS = {
    "weight": "Weight used",
    "dose_iu": "Dose",
    "dose_million": "Dose in million units",
    "dose_mg": "Dose in mg",
    "vials": "Vials to open",
    "draw_ml": "Volume to draw (reconstituted)",
    "band": "Dilution band",
    "bag": "Bag",
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
    # Room for the unit by its character count: the box's own estimate falls a pixel short at 200 % text.
    unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    unit.setMinimumContentsLength(max(len(u.value) for u in WeightUnit) + 1)
    unit.setAccessibleName(unit_name)
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(unit)
    caption = QLabel(label, box)
    caption.setBuddy(edit)
    form.addRow(caption, row)
    return edit, unit
