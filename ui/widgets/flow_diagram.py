"""A simple left-to-right chain of boxes with arrows (how IL-2 works), plus an optional side note."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class FlowDiagram(QWidget):
    def __init__(
        self, steps: list[str], side_note: str, colours: dict[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.steps = steps
        self.side_note = side_note
        self.colours = colours
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        description = " → ".join(steps) + (f". Also: {side_note}" if side_note else "")
        self.setAccessibleName("How IL-2 works, as a picture")
        self.setAccessibleDescription(description)
        self.setToolTip(description)

    def set_colours(self, colours: dict[str, str]) -> None:
        self.colours = colours
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(720, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(400, self._height())

    def _height(self) -> int:
        rows = 7 if self.side_note else 5
        return self.fontMetrics().height() * rows + 16

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self.steps:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line = self.fontMetrics().height()
        margin, gap = 8, 34
        count = len(self.steps)
        box_w = (self.width() - 2 * margin - gap * (count - 1)) / count
        box_h = line * 4.4
        text = QColor(self.colours["text"])
        border = QColor(self.colours["highlight"])
        fill = QColor(self.colours["panel"])
        for index, step in enumerate(self.steps):
            x = margin + index * (box_w + gap)
            rect = QRectF(x, 4, box_w, box_h)
            painter.setPen(QPen(border, 2))
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 8, 8)
            painter.setPen(text)
            painter.drawText(rect.adjusted(6, 4, -6, -4), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, step)
            if index < count - 1:
                self._arrow(
                    painter, QPointF(x + box_w + 4, 4 + box_h / 2), QPointF(x + box_w + gap - 4, 4 + box_h / 2), border
                )
        if self.side_note:
            note_rect = QRectF(margin, box_h + 14, self.width() - 2 * margin, line * 2.2)
            painter.setPen(QPen(QColor(self.colours["muted"]), 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(note_rect, 6, 6)
            painter.setPen(text)
            painter.drawText(
                note_rect.adjusted(8, 2, -8, -2),
                Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                self.side_note,
            )
        painter.end()

    @staticmethod
    def _arrow(painter: QPainter, start: QPointF, end: QPointF, colour: QColor) -> None:
        painter.setPen(QPen(colour, 2))
        painter.drawLine(start, end)
        head = QPainterPath(end)
        head.lineTo(end.x() - 9, end.y() - 6)
        head.lineTo(end.x() - 9, end.y() + 6)
        head.closeSubpath()
        painter.fillPath(head, colour)
