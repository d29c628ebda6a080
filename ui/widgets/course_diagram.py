"""The course at a glance, drawn from the regimen's cycles: treatment days, rest days, treatment days."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from handbook.decimal_text import canonical

MARGIN = 8
DETAIL_FLAGS = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)


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
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # narrow, or at large text, the details under the bar take more lines
        self.setSizePolicy(policy)
        self.setAccessibleName("Course at a glance")
        self.setAccessibleDescription(self.description())
        self.setToolTip(self.description())

    def description(self) -> str:
        return "; ".join(f"{b.label}: {b.detail}" for b in self.blocks)

    def set_colours(self, colours: dict[str, str]) -> None:
        self.colours = colours
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, self.heightForWidth(640))

    def minimumSizeHint(self) -> QSize:
        return QSize(360, self.heightForWidth(max(360, self.width())))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        details = self.detail_rects(width)
        return int(max((rect.bottom() for _block, rect in details), default=self._bar_bottom())) + 6

    def _bar_bottom(self) -> float:
        line = self.fontMetrics().height()
        return line * 1.6 + line * 2.2

    def _day_width(self, width: int) -> float:
        return (width - 2 * MARGIN) / self.blocks[-1].last_day if self.blocks else 0.0

    def detail_rects(self, width: int) -> list[tuple[CourseBlock, QRectF]]:
        """Where each block's words go under the bar: as wide as the block, as tall as its wrapped lines."""
        metrics = self.fontMetrics()
        day_width = self._day_width(width)
        top = self._bar_bottom() + 4
        rects = []
        for block in self.blocks:
            x = MARGIN + (block.first_day - 1) * day_width
            w = (block.last_day - block.first_day + 1) * day_width
            needed = metrics.boundingRect(QRect(0, 0, max(1, int(w)), 100_000), DETAIL_FLAGS, block.detail).height()
            rects.append((block, QRectF(x, top, w, needed + 2)))
        return rects

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self.blocks:
            return
        days = self.blocks[-1].last_day
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        line = metrics.height()
        margin = MARGIN
        day_width = self._day_width(self.width())
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
        for block, where in self.detail_rects(self.width()):
            painter.drawText(where, DETAIL_FLAGS, block.detail)
        painter.setPen(text)
        for day in range(1, days + 1):  # day numbers above the bar, thinned when cramped
            if day_width < metrics.horizontalAdvance("19") * 1.4 and day not in (1, days) and day % 2 == 0:
                continue
            x = margin + (day - 1) * day_width
            painter.drawText(QRectF(x, 0, day_width, line * 1.4), Qt.AlignmentFlag.AlignCenter, str(day))
        painter.end()
