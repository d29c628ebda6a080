"""Measuring a result banner on screen: its background, its border and the ink of its words."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

from handbook.themes import contrast_ratio
from ui import theme as themes

TEXT = 4.5  # WCAG 2.2, 1.4.3 text contrast
NON_TEXT = 3.0  # WCAG 2.2, 1.4.11: the coloured border against the window


def hex_at(image: QImage, x: int, y: int) -> str:
    return image.pixelColor(x, y).name()


def ink(image: QImage, label: QLabel, origin: QWidget, background: str) -> str:
    """The colour of the words in ``label``: its visible pixel standing out most from the background."""
    shown = label.visibleRegion().boundingRect()
    top_left = label.mapTo(origin, shown.topLeft())
    colours = {
        image.pixel(x, y)
        for x in range(top_left.x(), min(image.width(), top_left.x() + shown.width()))
        for y in range(top_left.y(), min(image.height(), top_left.y() + shown.height()))
    }
    assert colours, f"{label.text()[:30]!r} is not on screen"
    names = {QColor(rgb).name() for rgb in colours}
    return max(names, key=lambda c: contrast_ratio(c, background))


class Holder(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("bannerHolder")
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(12, 12, 12, 12)


def use_theme(qapp: QApplication, theme: str) -> None:
    themes.apply(qapp, theme)
    qapp.setPalette(themes.palette_for(theme))


def measure(holder: Holder, banner: QFrame, labels: list[QLabel]) -> tuple[str, str, str, list[str]]:
    """(window, banner background, border, ink of each label) as drawn."""
    image = holder.grab().toImage()
    window = hex_at(image, 2, 2)
    origin = banner.mapTo(holder, banner.rect().topLeft())
    middle = origin.y() + banner.height() // 2
    background = hex_at(image, origin.x() + banner.width() - 6, origin.y() + banner.height() - 6)
    border = max(
        (hex_at(image, origin.x() + dx, middle) for dx in range(0, 3)), key=lambda c: contrast_ratio(c, background)
    )
    return window, background, border, [ink(image, label, holder, background) for label in labels]
