"""The course at a glance, drawn from the regimen's cycles: treatment days, rest days, treatment days."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from handbook.decimal_text import canonical


@dataclass(frozen=True)
class CourseBlock:
    label: str
    detail: str
    first_day: int
    last_day: int
    treatment: bool


def course_blocks(cycles: list[tuple[int, int, int, int]], interval_hours: Decimal) -> list[CourseBlock]:
    """Blocks from (number, first_day, last_day, max_doses) tuples, with rest periods between cycles."""
    blocks: list[CourseBlock] = []
    previous_last = 0
    for number, first, last, max_doses in cycles:
        if previous_last and first > previous_last + 1:
            blocks.append(
                CourseBlock(
                    "Rest", f"days {previous_last + 1}–{first - 1}, no doses", previous_last + 1, first - 1, False
                )
            )
        blocks.append(
            CourseBlock(
                f"Cycle {number}",
                f"days {first}–{last}: every {canonical(interval_hours)} h, at most {max_doses} doses",
                first,
                last,
                True,
            )
        )
        previous_last = last
    return blocks


class CourseDiagram(QWidget):
    def __init__(self, blocks: list[CourseBlock], colours: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.blocks = blocks
        self.colours = colours
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Course at a glance")
        self.setAccessibleDescription(self.description())
        self.setToolTip(self.description())

    def description(self) -> str:
        return "; ".join(f"{b.label}: {b.detail}" for b in self.blocks)

    def set_colours(self, colours: dict[str, str]) -> None:
        self.colours = colours
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(360, self._height())

    def _height(self) -> int:
        return self.fontMetrics().height() * 7

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self.blocks:
            return
        days = self.blocks[-1].last_day
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        line = metrics.height()
        margin = 8
        width = self.width() - 2 * margin
        day_width = width / days
        bar_top = line * 1.6
        bar_height = line * 2.2
        text = QColor(self.colours["text"])
        treat = QColor(self.colours["highlight"])
        rest = QColor(self.colours["th_bg"])
        rule = QColor(self.colours["rule"])
        bold = QFont(self.font())
        bold.setBold(True)
        for block in self.blocks:
            x = margin + (block.first_day - 1) * day_width
            w = (block.last_day - block.first_day + 1) * day_width
            rect = QRectF(x + 1, bar_top, w - 2, bar_height)
            painter.setPen(QPen(rule, 1))
            painter.setBrush(treat if block.treatment else rest)
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(QColor(self.colours["highlight_text"]) if block.treatment else text)
            painter.setFont(bold)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, block.label)
            painter.setFont(self.font())
            painter.setPen(text)
            painter.drawText(
                QRectF(x, bar_top + bar_height + 4, w, line * 2.4),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                block.detail,
            )
        painter.setPen(text)
        for day in range(1, days + 1):  # day numbers above the bar, thinned when cramped
            if day_width < metrics.horizontalAdvance("19") * 1.4 and day not in (1, days) and day % 2 == 0:
                continue
            x = margin + (day - 1) * day_width
            painter.drawText(QRectF(x, 0, day_width, line * 1.4), Qt.AlignmentFlag.AlignCenter, str(day))
        painter.end()
