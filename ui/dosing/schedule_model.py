"""The course schedule as a table model: dose number, cycle, day, date and time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from handbook.schedule import ScheduledDose
from ui.models.no_data import no_data

_Index = QModelIndex | QPersistentModelIndex


class ScheduleModel(QAbstractTableModel):
    HEADERS = ("Dose", "Cycle", "Day", "Date", "Time")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._doses: list[ScheduledDose] = []

    def set_doses(self, doses: Sequence[ScheduledDose]) -> None:
        self.beginResetModel()
        self._doses = list(doses)
        self.endResetModel()

    @property
    def doses(self) -> list[ScheduledDose]:
        return list(self._doses)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self._doses)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._doses):
            return no_data()
        dose = self._doses[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(dose.number),
                f"{dose.cycle} (dose {dose.number_in_cycle})",
                str(dose.day),
                dose.when.strftime("%a %d %b %Y"),
                dose.when.strftime("%H:%M"),
            )[column]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (
                f"Dose {dose.number}, cycle {dose.cycle}, day {dose.day}, {dose.when:%A %d %B %Y} at {dose.when:%H:%M}"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return no_data()

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return no_data()
