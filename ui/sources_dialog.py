"""Sources of this view: the keyboard's way to the citations of the tab on screen.

Citation links in the content are not Tab stops (a page has dozens); this list gives the same sources, each
with its full reference, from one key (Help › Sources of this view).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

ID_ROLE = Qt.ItemDataRole.UserRole


def source_line(source: Any) -> str:
    """One source as the list shows it: its short name, its kind and the full reference."""
    return f"{source.short_name} ({source.kind_label}): {source.citation}"


class SourcesDialog(QDialog):
    def __init__(
        self,
        view: str,
        sources: list[Any],
        open_in_full_list: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Sources of this view: {view}")
        self.resize(720, 420)
        self._open = open_in_full_list
        layout = QVBoxLayout(self)
        count = len(sources)
        intro = (
            f"{view} cites {count} source{'s' if count != 1 else ''}, in the order first cited:"
            if count
            else f"{view} cites no sources."
        )
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Sources of this view")
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        for source in sources:
            item = QListWidgetItem(source_line(source))
            item.setData(ID_ROLE, source.id)
            self.list.addItem(item)
        self.intro.setBuddy(self.list)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.full_button = QPushButton("Show in the &full list", self)
        self.full_button.setToolTip("Help › About and sources, at the chosen source")
        self.full_button.setEnabled(bool(count))
        buttons.addButton(self.full_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.full_button.clicked.connect(self._show_in_full_list)
        self.list.itemActivated.connect(lambda _item: self._show_in_full_list())
        layout.addWidget(buttons)
        if count:
            self.list.setCurrentRow(0)
        self.list.setFocus()

    @property
    def source_ids(self) -> list[str]:
        return [str(self.list.item(row).data(ID_ROLE)) for row in range(self.list.count())]

    def _show_in_full_list(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._open(str(item.data(ID_ROLE)))
