"""Course record: the courses on record, one course's schedule with what happened, and the actions.

The tab shows and asks; every rule lives in :mod:`handbook.records`. Each action is one transaction through
:class:`~handbook.records.courses.CourseRecords`, and a refusal is shown with the rule it names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from handbook.checklists.progress import ChecklistProgress, RunSnapshot
from handbook.db import content_models as m
from handbook.db.server_connection import records_failure
from handbook.dosing import ContentMissingError, DosingNumbers, regimen_choices
from handbook.flow_sheet import FlowSheet, Product
from handbook.givehold.record import DOSE_CHECK_SLUG
from handbook.givehold.stored import give_hold_of
from handbook.records.courses import CourseRecords, NewCourse, local_now
from handbook.records.flow_sheet import course_flow_sheet
from handbook.records.give_hold import assessment_from_saved_check
from handbook.records.rules import Refusal, Rule
from handbook.records.view import CourseView, DoseView
from handbook.render import render
from ui.printing import PageFrame
from ui.records.course_models import KEY_ROLE, CourseListModel, DoseTableModel, StateFilter
from ui.records.dialogs import CloseCourseDialog, CorrectDoseDialog, RecordDoseDialog, StartCourseDialog
from ui.tabs.base import ContentTab
from ui.widgets.flow_layout import flow_row, labelled
from ui.widgets.scaled_font import scale_font

NO_RECORDS = (
    "The course record is not available: the records database could not be opened (see the notice at start-up)."
)


class CourseTab(ContentTab):
    title = "Course record"
    template = "screen/course_record.html.j2"
    course_changed = Signal(int)  # the course on screen changed (its id, or 0 for none)
    print_requested = Signal()  # the flow sheet of the course on screen (the window prints it, Ctrl+P too)

    def __init__(
        self, drug: m.Drug, describe_sources: Callable[[list[str]], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(drug, describe_sources, parent)
        self.put_browser_in(self.splitter, (120, 320))  # the course's details, below its schedule
        # The schedule gets the room; the course list and the details keep a few lines each and can be dragged.
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([90, 420, 70])

    def build_widgets(self) -> None:
        self.records: CourseRecords | None = None
        self.protocol_id = ""
        self.clock: Callable[[], dt.datetime] = local_now
        self.course: CourseView | None = None
        self._dose_wanted: int | None = None
        self.why_not = NO_RECORDS
        self.failure = ""  # the last records failure in plain words, shown in the tab until the next refresh

        # When the window is small or the text large, the tab scrolls instead of squeezing the tables to nothing:
        # each pane keeps room for its controls and a few rows (see _keep_room).
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("courseScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter = QSplitter(Qt.Orientation.Vertical, self.scroll_area)
        splitter.setChildrenCollapsible(False)
        self.scroll_area.setWidget(splitter)
        self.layout_.addWidget(self.scroll_area, 1)

        # ---- the courses
        top = QWidget(splitter)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        bar_holder, bar = flow_row(top, "courseControls")
        self.course_filter = QComboBox(top)
        self.course_filter.addItem("Open courses", "open")
        self.course_filter.addItem("Closed courses", "closed")
        self.course_filter.addItem("All courses", "")
        self.course_filter.setAccessibleName("Which courses to list")
        caption = QLabel("&Courses:", top)
        caption.setBuddy(self.course_filter)
        self.start_button = QPushButton("&Start a course…", top)
        self.close_button = QPushButton("Close c&ourse…", top)
        bar.addWidget(labelled(caption, self.course_filter))
        bar.addWidget(self.start_button)
        bar.addWidget(self.close_button)
        top_layout.addWidget(bar_holder)
        self.top, self.top_bar = top, bar_holder
        self.course_model = CourseListModel(self)
        self.course_proxy = StateFilter(self)
        self.course_proxy.setSourceModel(self.course_model)
        self.course_proxy.set_state("open")
        self.course_list = self._table(self.course_proxy, top, "Courses on record")
        top_layout.addWidget(self.course_list)

        # ---- one course
        middle = QWidget(splitter)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 4, 0, 0)
        self.heading = QLabel("", middle)
        self.heading.setObjectName("courseHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        scale_font(self.heading, 1.3, bold=True)
        self.counts = QLabel("", middle)
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.counts.setWordWrap(True)
        self.counts.setAccessibleName("Dose counts")
        middle_layout.addWidget(self.heading)
        middle_layout.addWidget(self.counts)
        # The dose actions wrap onto further lines at large text rather than cutting their words short.
        actions_holder, actions = flow_row(middle, "doseActions")
        self.given_button = QPushButton("Record &given…", middle)
        self.held_button = QPushButton("Record h&eld…", middle)
        self.correct_button = QPushButton("Co&rrect…", middle)
        self.print_button = QPushButton("&Print flow sheet…", middle)
        self.dose_filter = QComboBox(middle)
        self.dose_filter.addItem("All doses", "")
        self.dose_filter.addItem("Still to come", "planned")
        self.dose_filter.addItem("Recorded", "recorded")
        self.dose_filter.setAccessibleName("Which doses to list")
        for button in (self.given_button, self.held_button, self.correct_button, self.print_button):
            actions.addWidget(button)
        actions.addWidget(self.dose_filter)
        middle_layout.addWidget(actions_holder)
        self.middle, self.actions_row = middle, actions_holder
        self.dose_model = DoseTableModel(self)
        self.dose_proxy = StateFilter(self)
        self.dose_proxy.setSourceModel(self.dose_model)
        self.schedule = self._table(self.dose_proxy, middle, "Scheduled doses and what happened")
        middle_layout.addWidget(self.schedule, 1)
        self.splitter = splitter

        self.course_filter.currentIndexChanged.connect(self._on_course_filter)
        self.dose_filter.currentIndexChanged.connect(
            lambda _i: self.dose_proxy.set_state(str(self.dose_filter.currentData()))
        )
        self.course_list.selectionModel().currentRowChanged.connect(self._on_course_chosen)
        self.schedule.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self.schedule.doubleClicked.connect(lambda _i: self.record_dialog("given"))
        self.start_button.clicked.connect(self.start_dialog)
        self.close_button.clicked.connect(self.close_dialog)
        self.given_button.clicked.connect(lambda: self.record_dialog("given"))
        self.held_button.clicked.connect(lambda: self.record_dialog("held"))
        self.correct_button.clicked.connect(self.correct_dialog)
        self.print_button.clicked.connect(self.print_requested)
        self._update_buttons()

    def _keep_room(self) -> None:
        """Minimum heights from the text size and width: the course list shows two rows, the schedule three,
        the details four lines, and every control row all its lines."""
        width = self.scroll_area.viewport().width()
        line = self.fontMetrics().lineSpacing()
        layout = self.middle.layout()
        gap = layout.spacing() if layout is not None else 6

        def rows(table: QTableView, count: int) -> int:
            row = max(table.verticalHeader().defaultSectionSize(), table.fontMetrics().height() + 8)
            bar = table.horizontalScrollBar().sizeHint().height()
            return table.horizontalHeader().sizeHint().height() + count * row + bar + 2 * table.frameWidth()

        self.top.setMinimumHeight(self.top_bar.heightForWidth(width) + gap + rows(self.course_list, 2))
        labels = self.heading.heightForWidth(width) + self.counts.heightForWidth(width)
        middle = labels + self.actions_row.heightForWidth(width) + rows(self.schedule, 3) + 4 * gap + 4
        self.middle.setMinimumHeight(middle)
        self.browser.setMinimumHeight(4 * line)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "middle"):
            self._keep_room()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if hasattr(self, "middle"):
            self._keep_room()

    @staticmethod
    def _table(model: Any, parent: QWidget, name: str) -> QTableView:
        table = QTableView(parent)
        table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        table.setModel(model)
        table.setAccessibleName(name)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return table

    # ---------------------------------------------------------------- data

    def set_records(self, records: CourseRecords | None, protocol_id: str = "", why_not: str = "") -> None:
        """The course record to show (None: none available, and ``why_not`` says why)."""
        self.records = records
        self.protocol_id = protocol_id
        self.why_not = why_not or NO_RECORDS
        self.course = None
        self.refresh()

    def refresh(self, keep: int | None = None, dose: int | None = None) -> None:
        """Reload the course list (and the course on screen) from the database; ``dose`` is the dose to show
        chosen (default: the one chosen before if it still waits for a record, else the next one)."""
        self._dose_wanted = dose
        current = keep if keep is not None else (self.course.id if self.course else None)
        courses = []
        self.failure = ""
        if self.records is not None:
            try:
                courses = self.records.courses()
            except SQLAlchemyError as error:
                self._unavailable(error)
        self.course_model.set_courses(courses)
        self.start_button.setEnabled(self.records is not None)
        if current is not None and self.course_model.row_of(current) >= 0:
            self.select_course(current)
        else:
            self._show(None)

    def select_course(self, course_id: int) -> None:
        row = self.course_model.row_of(course_id)
        if row < 0:
            return
        source = self.course_model.index(row, 0)
        proxy = self.course_proxy.mapFromSource(source)
        if not proxy.isValid():
            self.course_filter.setCurrentIndex(self.course_filter.findData(""))
            proxy = self.course_proxy.mapFromSource(source)
        self.course_list.selectionModel().setCurrentIndex(
            proxy, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self._load(course_id)

    def _on_course_filter(self, _index: int) -> None:
        self.course_proxy.set_state(str(self.course_filter.currentData()))

    def _on_course_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._load(int(current.data(KEY_ROLE)))

    def _load(self, course_id: int) -> None:
        if self.records is None:
            return
        try:
            course = self.records.get(course_id)
        except SQLAlchemyError as error:
            self._unavailable(error)
            return
        self._show(course)

    def _show(self, course: CourseView | None) -> None:
        chosen = self.current_dose()
        self.course = course
        self.dose_model.set_course(course)
        if course is None:
            self.heading.setText("No course chosen" if self.records is not None else "No course record")
            if self.failure:
                self.heading.setText("Course record unreachable")
                self.counts.setText(self.failure)
            else:
                self.counts.setText(
                    "Choose a course above, or start one." if self.records is not None else self.why_not
                )
        else:
            state = "OPEN" if not course.closed else f"CLOSED ({course.status})"
            self.heading.setText(f"{course.title} · course {course.id} · {state}")
            lines = course.counts.lines()
            if course.closure is not None:
                lines.append(f"Closed: {course.closure.outcome}: {course.closure.reason}")
            self.counts.setText("\n".join(lines))
            wanted = self._dose_wanted
            self._dose_wanted = None
            still_open = chosen is not None and course.dose(chosen.number).latest is None
            number = wanted or (chosen.number if chosen and still_open else course.counts.next_dose)
            if number is not None:
                self.select_dose(number)
        self.browser.set_content(self.html(), self.css)
        self._keep_room()  # the heading and counts may take more lines now
        self._update_buttons()
        self.course_changed.emit(course.id if course else 0)

    def select_dose(self, number: int) -> None:
        row = self.dose_model.row_of(number)
        if row < 0:
            return
        proxy = self.dose_proxy.mapFromSource(self.dose_model.index(row, 0))
        if proxy.isValid():
            self.schedule.selectionModel().setCurrentIndex(
                proxy, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.schedule.scrollTo(proxy)

    def current_dose(self) -> DoseView | None:
        index = self.schedule.selectionModel().currentIndex() if self.schedule.selectionModel() else QModelIndex()
        if not index.isValid() or self.course is None:
            return None
        number = int(index.data(KEY_ROLE))
        return self.course.dose(number)

    def _update_buttons(self) -> None:
        open_course = self.course is not None and not self.course.closed and self.records is not None
        dose = self.current_dose()
        self.given_button.setEnabled(open_course and dose is not None and dose.latest is None)
        self.held_button.setEnabled(open_course and dose is not None and dose.latest is None)
        self.correct_button.setEnabled(open_course and dose is not None and dose.latest is not None)
        self.close_button.setEnabled(open_course)
        self.print_button.setEnabled(self.course is not None)

    def html(self) -> str:
        course = getattr(self, "course", None)
        regimens = list(self.drug.regimens)
        regimen = next(
            (r for r in regimens if course and r.slug == course.regimen_slug), regimens[0] if regimens else None
        )
        max_course = None
        if regimen is not None:
            try:
                max_course = regimen.number("max_doses_per_course")
            except KeyError:
                max_course = None
        return render(self.template, course=course, regimen=regimen, max_course=max_course)

    def own_printout(self) -> tuple[str, PageFrame] | None:
        """Ctrl+P on this tab prints the course's flow sheet: what happened, blank rows still to come, the
        course label on every page."""
        if self.course is None:
            return None
        sheet = self.flow_sheet()
        return sheet.html, sheet.frame

    def flow_sheet(self) -> FlowSheet:
        assert self.course is not None
        numbers = next((n for n in self._choices() if n.regimen_slug == self.course.regimen_slug), None)
        if numbers is None:
            raise Refusal(Rule.content_changed, f"the content no longer has the regimen {self.course.regimen_name!r}")
        return course_flow_sheet(self.course, numbers, Product.of(self.drug))

    # ---------------------------------------------------------------- actions

    def _choices(self) -> list[DosingNumbers]:
        try:
            return regimen_choices(self.drug)
        except ContentMissingError:
            return []

    def start_dialog(self) -> StartCourseDialog | None:
        if self.records is None:
            return None
        records = self.records
        started: list[CourseView] = []

        def make(**fields: Any) -> NewCourse:
            return NewCourse(protocol_id=self.protocol_id, content_version=self.drug.content_version, **fields)

        dialog = StartCourseDialog(
            self._choices(),
            records.identifiers,
            lambda new: started.append(records.start(new)),
            make,
            self.clock(),
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.refresh(keep=started[-1].id) if started else None)
        dialog.open()
        return dialog

    def record_dialog(self, kind: str) -> RecordDoseDialog | None:
        course, dose = self.course, self.current_dose()
        if self.records is None or course is None or dose is None or course.closed or dose.latest is not None:
            return None
        records = self.records

        checks = self._saved_checks()

        def record(kind: str, at: dt.datetime, by: str, why: str, check: int) -> None:
            assessment = None
            if 0 <= check < len(checks):
                run = checks[check]
                entries = {slug: entry.value for slug, entry in run.entries.items()}
                _result, assessment = assessment_from_saved_check(
                    course,
                    dose.number,
                    entries,
                    assessed_at=run.updated_at,
                    nurse=run.nurse,
                    run_id=run.id,
                    give_hold=give_hold_of(self.drug),
                )
            records.record(course.id, dose.number, kind, at=at, by=by, why=why, assessment=assessment)

        labels = [f"{run.updated_at:%d %b %H:%M} · {run.nurse or 'no name'} · check {run.id}" for run in checks]
        dialog = RecordDoseDialog(course, dose, kind, self.clock(), record, self, labels)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.refresh(keep=course.id))
        dialog.open()
        return dialog

    def _saved_checks(self) -> list[RunSnapshot]:
        """Give/hold checks saved in the window (Warnings & checklists), newest first, to keep with a dose."""
        if self.records is None:
            return []
        try:
            return ChecklistProgress(self.records.store).runs(DOSE_CHECK_SLUG, limit=12)
        except SQLAlchemyError:
            return []

    def correct_dialog(self) -> CorrectDoseDialog | None:
        course, dose = self.course, self.current_dose()
        if self.records is None or course is None or dose is None or dose.latest is None or course.closed:
            return None
        records = self.records

        def correct(kind: str, at: dt.datetime, by: str, why: str) -> None:
            records.correct(course.id, dose.number, kind, why=why, by=by, at=at)

        dialog = CorrectDoseDialog(course, dose, correct, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.refresh(keep=course.id, dose=dose.number))
        dialog.open()
        return dialog

    def close_dialog(self) -> CloseCourseDialog | None:
        course = self.course
        if self.records is None or course is None or course.closed:
            return None
        records = self.records

        def close(outcome: str, reason: str, by: str) -> None:
            records.close(course.id, outcome, reason, by=by)

        dialog = CloseCourseDialog(course, close, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.refresh(keep=course.id))
        dialog.open()
        return dialog

    def _unavailable(self, error: Exception) -> None:
        """The records could not be read: say so in plain words (the server's address, never a traceback)."""
        # Shown in the tab, not in a modal box: this also runs when the tab is built in the background, and a
        # box nobody asked for would block the window (and every other tab) until someone closes it.
        url = self.records.store.engine.url if self.records is not None else ""
        self.failure = records_failure(error, url)
        self.heading.setText("Course record unreachable")
        self.counts.setText(self.failure)
        self._keep_room()
