"""A framed message with an icon, words first and colour only as a help: the dose and the double check."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from handbook.dose_workflow import Level, Message
from ui.theme import show_tone

# The tone of each level: its colours are the theme's (resources/styles). A success is framed as strongly as an
# error; "info" (nothing typed yet) is quiet and never red.
TONES = {Level.info: "quiet", Level.ok: "ok", Level.warn: "caution", Level.alert: "stop"}
HEADLINE_SCALE = 1.15


class Banner(QFrame):
    """Icon beside one word-wrapped text: headline, optional large lines (the dose), then details.

    One label holds all the text: several word-wrapped labels in nested layouts can be given less
    height than they need, which would clip a line of the dose.
    """

    def __init__(self, name: str, big_scale: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAccessibleName(name)
        self.level = Level.info
        self.big_scale = big_scale
        self.headline_text = ""
        self.big_lines: tuple[str, ...] = ()
        self.details_lines: tuple[str, ...] = ()
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 10, 8)
        self.icon = QLabel(self)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        row.addWidget(self.icon)
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.body, 1)

    @property
    def big_text(self) -> str:
        return "\n".join(self.big_lines)

    @property
    def details_text(self) -> str:
        return "\n".join(self.details_lines)

    def show_message(self, message: Message, big: Sequence[str] = ()) -> None:
        self.level = message.level
        show_tone(self, TONES[message.level])
        self.icon.setText(message.symbol)
        self.icon.setVisible(bool(message.symbol))
        self.headline_text = message.title
        self.big_lines = tuple(big)
        self.details_lines = message.details
        self.setAccessibleDescription(" ".join([message.symbol, message.title, *big, *message.details]).strip())
        self.rescale()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.rescale()

    def rescale(self) -> None:
        """Sizes follow the application font, so 200 % text makes the dose 200 % too."""
        base = self.font().pointSizeF()
        parts = []
        if self.headline_text:
            parts.append(_block(self.headline_text, base * HEADLINE_SCALE, bold=True))
        parts += [_block(line, base * self.big_scale, bold=True) for line in self.big_lines]
        parts += [_block(line, base) for line in self.details_lines]
        self.body.setText("".join(parts))
        icon = self.icon.font()
        icon.setPointSizeF(base * 2)
        self.icon.setFont(icon)
        self.icon.setMinimumWidth(int(base * 3))


def _block(text: str, points: float, bold: bool = False) -> str:
    weight = "font-weight:700;" if bold else ""
    return f"<p style='margin:0; font-size:{points:.1f}pt; {weight}'>{html.escape(text, quote=False)}</p>"
