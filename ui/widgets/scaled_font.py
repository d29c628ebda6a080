"""Headings and symbols a set size relative to the text around them, at every text size.

A font given to a widget once (``font.setPointSizeF(size * 1.35)``) stays at that size when the nurse zooms:
at 200 % such a heading ends up smaller than the text under it. Here the size is worked out again from the
parent's font whenever that changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class _FollowParentFont(QObject):
    def __init__(self, widget: QWidget, parent: QWidget, scale: float, bold: bool | None) -> None:
        super().__init__(widget)
        self.widget = widget
        self.parent_widget = parent
        self.scale = scale
        self.bold = bold
        parent.installEventFilter(self)
        widget.installEventFilter(self)
        self.apply()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.parent_widget and kind == QEvent.Type.FontChange:
            self.apply()
        elif watched is self.widget and kind == QEvent.Type.StyleChange:
            # Re-polishing under the application style sheet (which a zoom does) puts back the font the widget
            # had when first polished: set the scaled one again.
            self.apply()
        return False

    def apply(self) -> None:
        font = self.parent_widget.font()
        font.setPointSizeF(font.pointSizeF() * self.scale)
        if self.bold is not None:
            font.setBold(self.bold)
        if font != self.widget.font():
            self.widget.setFont(font)


def scale_font(widget: QWidget, scale: float, bold: bool | None = None) -> None:
    """Keep ``widget``'s text ``scale`` times its parent's size (and bold or not, if ``bold`` is given)."""
    parent = widget.parentWidget()
    if parent is None:
        raise ValueError("scale_font needs a widget with a parent")
    _FollowParentFont(widget, parent, scale, bold)
