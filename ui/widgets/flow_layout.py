"""A row of controls that wraps onto further lines when the window is narrow or the text is large.

At 820 x 560 with 200 % text a row of buttons no longer fits on one line; a plain box layout would then
squeeze every button below its text and cut words off ("Record giv…"). Here each control keeps its full
size and the row wraps, like words in a sentence. Controls that can grow (a filter field) share what is
left on their line.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 8, line_spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._line_spacing = line_spacing
        if parent is None:
            self.setContentsMargins(0, 0, 0, 0)

    # ---------------------------------------------------------------- QLayout's bookkeeping

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        height = self._arrange(rect, move=True)
        holder = self.parentWidget()
        if holder is not None and holder.minimumHeight() != height:
            # The wrapped lines count as this row's minimum, so a layout above it (or a scroll area) never
            # squeezes the second line away: the height follows from the width alone, so this settles at once.
            holder.setMinimumHeight(height)

    def sizeHint(self) -> QSize:
        """Everything on one line, when there is room for it."""
        shown = self._shown()
        margins = self.contentsMargins()
        width = sum(item.sizeHint().width() for item in shown) + self._spacing * max(0, len(shown) - 1)
        height = max((item.sizeHint().height() for item in shown), default=0)
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:
        """As narrow as the widest control (then every control has a line of its own)."""
        margins = self.contentsMargins()
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize()).expandedTo(QSize(item.sizeHint().width(), 0))
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # ---------------------------------------------------------------- placing the controls

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _lines(self, width: int) -> list[list[tuple[QLayoutItem, int]]]:
        """The controls line by line, each at its preferred width (never wider than the line)."""
        lines: list[list[tuple[QLayoutItem, int]]] = []
        line: list[tuple[QLayoutItem, int]] = []
        used = 0
        for item in self._shown():
            wanted = min(item.sizeHint().width(), width)
            if line and used + self._spacing + wanted > width:
                lines.append(line)
                line, used = [], 0
            used += (self._spacing if line else 0) + wanted
            line.append((item, wanted))
        if line:
            lines.append(line)
        return lines

    def _arrange(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        width = max(1, area.width())
        y = area.y()
        for number, line in enumerate(self._lines(width)):
            spare = width - sum(w for _item, w in line) - self._spacing * (len(line) - 1)
            growing = [i for i, (item, _w) in enumerate(line) if _grows(item)]
            widths = [w for _item, w in line]
            for position, index in enumerate(growing):
                share = spare // len(growing) + (1 if position < spare % len(growing) else 0)
                widths[index] += share
            height = max(_height(item, w) for (item, _w), w in zip(line, widths, strict=True))
            if number:
                y += self._line_spacing
            x = area.x()
            for (item, _w), w in zip(line, widths, strict=True):
                if move:
                    own = min(height, _height(item, w))
                    item.setGeometry(QRect(QPoint(x, y + (height - own) // 2), QSize(w, own)))
                x += w + self._spacing
            y += height
        return y - rect.y() + margins.bottom()


def _grows(item: QLayoutItem) -> bool:
    return bool(item.expandingDirections() & Qt.Orientation.Horizontal)


def _height(item: QLayoutItem, width: int) -> int:
    return item.heightForWidth(width) if item.hasHeightForWidth() else item.sizeHint().height()


class WrappedLabel(QLabel):
    """A word-wrapped plain-text label whose minimum height is what its lines need at its width: squeezed
    layouts (200 % text in a small window) give it every line instead of cutting the last ones off.

    The height is measured from the font here: QLabel's own height-for-width can stay at a size from before a
    zoom."""

    def needed_height(self) -> int:
        margins = self.contentsMargins()
        width = self.width() - margins.left() - margins.right() - 2 * self.margin()
        if not self.text() or width <= 0:
            return 0
        flags = Qt.TextFlag.TextWordWrap if self.wordWrap() else Qt.TextFlag(0)
        box = QFontMetrics(self.font()).boundingRect(QRect(0, 0, width, 100_000), int(flags), self.text())
        return box.height() + margins.top() + margins.bottom() + 2 * self.margin()

    def _keep_lines(self) -> None:
        needed = self.needed_height()
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._keep_lines()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._keep_lines()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._keep_lines()


def flow_row(parent: QWidget, name: str = "") -> tuple[QWidget, FlowLayout]:
    """A widget holding a wrapping row, to add to a vertical layout (its height follows the wrapping)."""
    holder = QWidget(parent)
    if name:
        holder.setObjectName(name)
    layout = FlowLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    return holder, layout


def labelled(label: QLabel, field: QWidget, grows: bool = False) -> QWidget:
    """A caption and its field kept together on one line when the row wraps."""
    pair = QWidget(field.parentWidget())
    row = QHBoxLayout(pair)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    label.setParent(pair)
    field.setParent(pair)
    row.addWidget(label)
    row.addWidget(field, 1 if grows else 0)  # a stretch factor would make the pair grow
    policy = QSizePolicy.Policy.Expanding if grows else QSizePolicy.Policy.Preferred
    pair.setSizePolicy(policy, QSizePolicy.Policy.Fixed)
    if not grows:
        field.setSizePolicy(QSizePolicy.Policy.Preferred, field.sizePolicy().verticalPolicy())
    return pair
