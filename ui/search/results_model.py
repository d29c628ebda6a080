"""Search hits as a list model: title, where it lives (the tab) and the snippet with the match marked."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from handbook.db.search_index import MARK_END, MARK_START, Hit
from ui.models.no_data import no_data

_MARKED = re.compile(re.escape(MARK_START) + "(.*?)" + re.escape(MARK_END), re.DOTALL)
_AnyIndex = QModelIndex | QPersistentModelIndex


class HitRole(IntEnum):
    HitRole = Qt.ItemDataRole.UserRole + 1
    TitleRole = Qt.ItemDataRole.UserRole + 2
    WhereRole = Qt.ItemDataRole.UserRole + 3
    SnippetHtmlRole = Qt.ItemDataRole.UserRole + 4


def matched_words(hit: Hit) -> list[str]:
    """The words the index marked in the snippet, in order, each once."""
    return list(dict.fromkeys(w.strip() for w in _MARKED.findall(hit.marked_snippet) if w.strip()))


def snippet_html(hit: Hit, mark_style: str) -> str:
    """The snippet, escaped, with each match in a span of ``mark_style`` (so it stands out by weight too)."""
    escaped = html.escape(hit.marked_snippet)
    return escaped.replace(MARK_START, f'<b style="{html.escape(mark_style)}">').replace(MARK_END, "</b>")


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []
        self.query = ""
        self.mark_style = "background-color: #ffe98a; color: #000000;"

    def set_hits(self, query: str, hits: Sequence[Hit]) -> None:
        self.beginResetModel()
        self.query = query
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> Hit:
        return self._hits[row]

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return no_data()
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.title} ({hit.where})"
        # Through the synonym list, the hit says which word matched: "matched “edema” for “oedema”".
        note = f" ({hit.match_note})" if hit.match_note else ""
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{hit.title}, in {hit.where}{note}: {hit.snippet}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.where}{note}: {hit.snippet}"
        if role == HitRole.HitRole:
            return hit
        if role == HitRole.TitleRole:
            return hit.title
        if role == HitRole.WhereRole:
            return f"{hit.where} · {hit.match_note}" if hit.match_note else hit.where
        if role == HitRole.SnippetHtmlRole:
            return snippet_html(hit, self.mark_style)
        return no_data()
