"""Table models of the course record: the courses, and one course's scheduled doses with what happened.

Both are plain views of :mod:`handbook.records.view` data; filtering goes through the proxies below.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from handbook.records.view import CourseSummary, CourseView, DoseView
from ui.models.no_data import no_data

_Index = QModelIndex | QPersistentModelIndex

#: The role that carries the row's key (course id or dose number) for the view and the proxies.
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
#: The role that carries the row's state for filtering ("open"/"closed", "planned"/"recorded").
STATE_ROLE = Qt.ItemDataRole.UserRole + 2

STATUS_TEXT = {"planned": "planned", "given": "✔ GIVEN", "held": "HELD", "not_given": "✖ NOT GIVEN"}
OUTCOME_TEXT = {"open": "Open", "completed": "Completed", "stopped": "Stopped", "transferred": "Transferred"}


class CourseListModel(QAbstractTableModel):
    HEADERS = ("No.", "Course", "Status", "First dose", "Given", "Held", "Next dose")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CourseSummary] = []

    def set_courses(self, courses: Sequence[CourseSummary]) -> None:
        self.beginResetModel()
        self._rows = list(courses)
        self.endResetModel()

    def course_at(self, row: int) -> CourseSummary:
        return self._rows[row]

    def row_of(self, course_id: int) -> int:
        return next((i for i, c in enumerate(self._rows) if c.id == course_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return no_data()
        course = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(course.id),
                course.label,
                OUTCOME_TEXT.get(course.status, course.status),
                f"{course.first_dose_at:%d %b %Y %H:%M}",
                f"{course.given} of {course.scheduled}",
                str(course.held),
                str(course.next_dose) if course.next_dose else "none left",
            )[column]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (
                f"Course {course.id}, {course.label}, {OUTCOME_TEXT.get(course.status, course.status)}, first dose "
                f"{course.first_dose_at:%d %B %Y %H:%M}, {course.given} given and {course.held} held of "
                f"{course.scheduled}"
            )
        if role == KEY_ROLE:
            return course.id
        if role == STATE_ROLE:
            return "closed" if course.closed else "open"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 4, 5, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return no_data()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return no_data()


class DoseTableModel(QAbstractTableModel):
    HEADERS = ("Dose", "Cycle · n of max", "Planned", "Status", "At", "By", "Why / correction", "Recorded by")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._doses: list[DoseView] = []
        self._next: int | None = None

    def set_course(self, course: CourseView | None) -> None:
        self.beginResetModel()
        self._doses = list(course.doses) if course else []
        self._next = course.counts.next_dose if course and not course.closed else None
        self.endResetModel()

    def dose_at(self, row: int) -> DoseView:
        return self._doses[row]

    def row_of(self, number: int) -> int:
        return next((i for i, d in enumerate(self._doses) if d.number == number), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self._doses)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self.HEADERS)

    def _status(self, dose: DoseView) -> str:
        if dose.status == "planned" and dose.number == self._next:
            return "→ NEXT"
        return STATUS_TEXT[dose.status]

    def _why(self, dose: DoseView) -> str:
        latest = dose.latest
        if latest is None:
            return ""
        text = latest.why
        if dose.corrected:
            first = dose.history[0]
            text = f"{text} (corrected; first recorded {STATUS_TEXT[first.kind].split()[-1].lower()})"
        if dose.assessment is not None:
            text = f"{text} · check: {str(dose.assessment['decision']).replace('_', ' ')}".lstrip(" ·")
        return text

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._doses):
            return no_data()
        dose = self._doses[index.row()]
        latest = dose.latest
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(dose.number),
                f"C{dose.cycle} · {dose.number_in_cycle} of {dose.cycle_max}",
                f"{dose.planned:%a %d %b %H:%M}",
                self._status(dose),
                f"{latest.at:%d %b %H:%M}" if latest else "",
                latest.by if latest else "",
                self._why(dose),
                latest.recorded_by if latest else "",
            )[column]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            said = f"Dose {dose.number}, cycle {dose.cycle} dose {dose.number_in_cycle} of {dose.cycle_max}, planned "
            said += f"{dose.planned:%A %d %B %H:%M}, {self._status(dose).strip('→✔✖ ').lower()}"
            if latest:
                said += f" at {latest.at:%d %B %H:%M}" + (f" by {latest.by}" if latest.by else "")
                said += f", {self._why(dose)}" if self._why(dose) else ""
            return said
        if role == Qt.ItemDataRole.FontRole and column == 3 and (latest or dose.number == self._next):
            font = QFont()
            font.setBold(True)
            return font
        if role == KEY_ROLE:
            return dose.number
        if role == STATE_ROLE:
            return "planned" if latest is None else "recorded"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return no_data()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return no_data()


class StateFilter(QSortFilterProxyModel):
    """Rows whose :data:`STATE_ROLE` is the chosen state ("" shows every row)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._state = ""

    def set_state(self, state: str) -> None:
        self.beginFilterChange()
        self._state = state
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._state:
            return True
        model = self.sourceModel()
        return bool(model.index(source_row, 0, source_parent).data(STATE_ROLE) == self._state)
