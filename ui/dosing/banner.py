"""A framed message with an icon, words first and colour only as a help: the dose and the double check."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from handbook.dose_workflow import Level, Message

# Light backgrounds with black text read in every theme; the border carries the colour. A success is
# framed as strongly as an error; "info" (nothing typed yet) is quiet and never red.
STYLES = {
    Level.info: ("#5b6670", "#f1f3f5", 1),
    Level.ok: ("#1b5e20", "#e8f5e9", 3),
    Level.warn: ("#6d4c00", "#fff8e1", 3),
    Level.alert: ("#8b0000", "#fdecea", 3),
}


class Banner(QFrame):
    """Icon, headline, optional large lines (the dose) and detail lines, all selectable plain text."""

    def __init__(self, name: str, big_scale: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAccessibleName(name)
        self.level = Level.info
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 10, 8)
        self.icon = QLabel(self)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        row.addWidget(self.icon)
        column = QVBoxLayout()
        column.setSpacing(2)
        self.headline = self._label(bold=True, scale=1.15)
        self.big = self._label(bold=True, scale=big_scale)
        self.details = self._label()
        for label in (self.headline, self.big, self.details):
            column.addWidget(label)
        row.addLayout(column, 1)

    def _label(self, bold: bool = False, scale: float = 1.0) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setProperty("scale", scale)
        label.setProperty("bold", bold)
        return label

    def show_message(self, message: Message, big: Sequence[str] = ()) -> None:
        self.level = message.level
        border, background, width = STYLES[message.level]
        self.setStyleSheet(
            f"#banner {{ border: {width}px solid {border}; background: {background}; }}"
            f"#banner QLabel {{ color: #000000; background: transparent; }}"
        )
        self.icon.setText(message.symbol)
        self.icon.setVisible(bool(message.symbol))
        self.headline.setText(message.title)
        self.headline.setVisible(bool(message.title))
        self.big.setText("\n".join(big))
        self.big.setVisible(bool(big))
        self.details.setText("\n".join(message.details))
        self.details.setVisible(bool(message.details))
        self.setAccessibleDescription(" ".join([message.symbol, message.title, *big, *message.details]).strip())
        self.rescale()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.rescale()

    def rescale(self) -> None:
        """Sizes follow the application font, so 200 % text makes the dose 200 % too."""
        base = self.font().pointSizeF()
        for label in (self.headline, self.big, self.details):
            font = label.font()
            font.setPointSizeF(base * float(label.property("scale")))
            font.setBold(bool(label.property("bold")))
            label.setFont(font)
        icon = self.icon.font()
        icon.setPointSizeF(base * 2)
        self.icon.setFont(icon)
        self.icon.setMinimumWidth(int(base * 3))
