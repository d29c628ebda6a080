"""The search field for the toolbar and the results list for a dock.

Typing searches after a short pause; Down moves into the results, Enter or a click opens one,
Escape closes the results.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from handbook.db.search_index import Hit
from ui.search.results_model import HitRole, SearchResultsModel

DEBOUNCE_MS = 150
_PADDING = 8

_AnyIndex = QModelIndex | QPersistentModelIndex


class SearchBox(QLineEdit):
    """The toolbar field. It asks for a search once typing pauses; keys steer the results list."""

    search_requested = Signal(str)
    move_to_results = Signal()
    accept_requested = Signal()
    escape_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Search the handbook (Ctrl+F)")
        self.setAccessibleName("Search the handbook")
        self.setToolTip(
            "Search everything: side effects, warnings, dosing… Down arrow for the results, "
            "Enter to open, Escape to close."
        )
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(280)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(lambda: self.search_requested.emit(self.text()))
        self.textEdited.connect(lambda _text: self.timer.start())
        # Clearing with the clear button is not an edit, but it should still empty the results.
        self.textChanged.connect(lambda text: text or self.timer.start())

    def flush(self) -> None:
        """Search now instead of waiting for the pause (Enter pressed mid-typing)."""
        if self.timer.isActive():
            self.timer.stop()
            self.search_requested.emit(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Down:
            self.flush()
            self.move_to_results.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.flush()
            self.accept_requested.emit()
        elif key == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
        else:
            super().keyPressEvent(event)


class ResultDelegate(QStyledItemDelegate):
    """Title in bold, where it is in muted text, then the snippet with the match marked."""

    def _document(self, option: QStyleOptionViewItem, index: _AnyIndex, width: float) -> QTextDocument:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text).name()
        muted = text if selected else palette.color(QPalette.ColorRole.PlaceholderText).name()
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        doc.setHtml(
            f'<div style="color:{text}"><b>{html.escape(str(index.data(HitRole.TitleRole)))}</b>'
            f'<br><span style="color:{muted}">{html.escape(str(index.data(HitRole.WhereRole)))}</span>'
            f"<br>{index.data(HitRole.SnippetHtmlRole)}</div>"
        )
        doc.setTextWidth(max(80.0, width - 2 * _PADDING))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _AnyIndex) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option_text = option.text
        option.text = ""  # the style draws the background and focus; the document draws the words
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        option.text = option_text
        doc = self._document(option, index, option.rect.width())
        painter.save()
        painter.translate(option.rect.left() + _PADDING, option.rect.top() + _PADDING)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = QRectF(0, 0, option.rect.width() - _PADDING, option.rect.height() - _PADDING)
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _AnyIndex) -> QSize:
        self.initStyleOption(option, index)
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListView) else 320
        doc = self._document(option, index, width)
        return QSize(width, int(doc.size().height()) + 2 * _PADDING)


class ResultsList(QListView):
    chosen = Signal(QModelIndex)
    escape_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.chosen.emit(self.currentIndex())
        elif key == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
        else:
            super().keyPressEvent(event)


class SearchPanel(QWidget):
    """The results: a summary line and the list. ``chosen`` carries the Hit to open."""

    chosen = Signal(object)
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(6)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Search summary")
        layout.addWidget(self.summary)
        self.model = SearchResultsModel(self)
        self.list = ResultsList(self)
        self.list.setAccessibleName("Search results")
        self.list.setModel(self.model)
        self.list.setItemDelegate(ResultDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setAlternatingRowColors(True)
        layout.addWidget(self.list, 1)
        self.list.chosen.connect(self._choose)
        self.list.clicked.connect(self._choose)
        self.list.escape_pressed.connect(self.close_requested)

    def show_hits(self, query: str, hits: list[Hit]) -> None:
        self.model.set_hits(query, hits)
        if not query.strip():
            self.summary.setText("Type a word to search every tab.")
        elif hits:
            count = f"{len(hits)} result{'s' if len(hits) != 1 else ''}"
            self.summary.setText(f"{count} for “{query.strip()}”. Enter or click opens one.")
        else:
            self.summary.setText(f"Nothing found for “{query.strip()}”. Try a shorter or different word.")
        if hits:
            self.list.setCurrentIndex(self.model.index(0, 0))

    def focus_results(self) -> None:
        if self.model.rowCount():
            if not self.list.currentIndex().isValid():
                self.list.setCurrentIndex(self.model.index(0, 0))
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose_current(self) -> bool:
        index = self.list.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        if index.isValid():
            self._choose(index)
            return True
        return False

    def _choose(self, index: _AnyIndex) -> None:
        hit = index.data(HitRole.HitRole)
        if isinstance(hit, Hit):
            self.chosen.emit(hit)
