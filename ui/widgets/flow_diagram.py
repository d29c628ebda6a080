"""A simple left-to-right chain of boxes with arrows (how IL-2 works), plus an optional side note."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

MARGIN, GAP = 8, 34
STEP_FLAGS = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
NOTE_FLAGS = int(Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)


class FlowDiagram(QWidget):
    def __init__(
        self, steps: list[str], side_note: str, colours: dict[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.steps = steps
        self.side_note = side_note
        self.colours = colours
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # boxes grow taller when narrow or at large text: their words never cut
        self.setSizePolicy(policy)
        description = " → ".join(steps) + (f". Also: {side_note}" if side_note else "")
        self.setAccessibleName("How IL-2 works, as a picture")
        self.setAccessibleDescription(description)
        self.setToolTip(description)

    def set_colours(self, colours: dict[str, str]) -> None:
        self.colours = colours
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(720, self.heightForWidth(720))

    def minimumSizeHint(self) -> QSize:
        return QSize(400, self.heightForWidth(max(400, self.width())))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        boxes, note = self.layout_rects(width)
        bottom = note.bottom() if note is not None else max((r.bottom() for r in boxes), default=0)
        return int(bottom) + 6

    def _needed(self, text: str, width: float, flags: int) -> int:
        box = self.fontMetrics().boundingRect(QRect(0, 0, max(1, int(width)), 100_000), flags, text)
        return box.height()

    def layout_rects(self, width: int) -> tuple[list[QRectF], QRectF | None]:
        """The boxes (all as tall as the tallest one's words need) and the side note under them."""
        line = self.fontMetrics().height()
        count = max(1, len(self.steps))
        box_w = (width - 2 * MARGIN - GAP * (count - 1)) / count
        words = max((self._needed(step, box_w - 12, STEP_FLAGS) for step in self.steps), default=0)
        box_h = max(line * 4.4, words + 12)
        boxes = [QRectF(MARGIN + index * (box_w + GAP), 4, box_w, box_h) for index in range(len(self.steps))]
        if not self.side_note:
            return boxes, None
        note_w = width - 2 * MARGIN
        note_h = max(line * 2.2, self._needed(self.side_note, note_w - 16, NOTE_FLAGS) + 6)
        return boxes, QRectF(MARGIN, box_h + 14, note_w, note_h)

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self.steps:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = QColor(self.colours["text"])
        border = QColor(self.colours["highlight"])
        fill = QColor(self.colours["panel"])
        boxes, note_rect = self.layout_rects(self.width())
        for index, (step, rect) in enumerate(zip(self.steps, boxes, strict=True)):
            painter.setPen(QPen(border, 2))
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 8, 8)
            painter.setPen(text)
            painter.drawText(rect.adjusted(6, 4, -6, -4), STEP_FLAGS, step)
            if index < len(boxes) - 1:
                middle = rect.center().y()
                self._arrow(painter, QPointF(rect.right() + 4, middle), QPointF(rect.right() + GAP - 4, middle), border)
        if note_rect is not None:
            painter.setPen(QPen(QColor(self.colours["muted"]), 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(note_rect, 6, 6)
            painter.setPen(text)
            painter.drawText(note_rect.adjusted(8, 2, -8, -2), NOTE_FLAGS, self.side_note)
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
