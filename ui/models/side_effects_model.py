"""The side-effect table as a Qt model: one row per side effect, sortable and filterable without widgets.

Rows are plain immutable data built once from the ORM, so the model never touches the database
session while a nurse sorts or filters, and tests can build rows directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from handbook.db import content_models as m
from handbook.labels import FREQUENCY_LABELS, URGENCY_LABELS
from handbook.sources import SourceRef, source_refs
from ui.models.no_data import no_data

# The order a nurse reads them in, not the alphabet.
FREQUENCY_ORDER = ("more_common", "less_common", "rare", "label_table")
URGENCY_ORDER = ("call_now", "tell_if_persists", "found_on_monitoring")
SHORT_FREQUENCY_LABELS = {**FREQUENCY_LABELS, "label_table": "Label table"}
CALL_NOW_MARK = "⚠"

_AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    EFFECT = 0
    FREQUENCY = 1
    INCIDENCE = 2
    BODY_SYSTEM = 3
    ACTION = 4
    SOURCE = 5


HEADERS = {
    Column.EFFECT: "Side effect",
    Column.FREQUENCY: "How common",
    Column.INCIDENCE: "Label incidence",
    Column.BODY_SYSTEM: "Body system",
    Column.ACTION: "What to do",
    Column.SOURCE: "Source",
}

HEADER_TIPS = {
    Column.EFFECT: "The side effect, in plain words",
    Column.FREQUENCY: "How often it happens (sorted from more common to rare)",
    Column.INCIDENCE: "Percentage of patients in the US label's table, where the label gives one",
    Column.BODY_SYSTEM: "The body system affected",
    Column.ACTION: "What the nurse does when it appears",
    Column.SOURCE: "Where this row comes from: hover for the full citation",
}


class Role(IntEnum):
    """Named data roles beyond Qt's own, for sorting, filtering and the details panel."""

    SortRole = Qt.ItemDataRole.UserRole + 1
    SlugRole = Qt.ItemDataRole.UserRole + 2
    FrequencyRole = Qt.ItemDataRole.UserRole + 3
    UrgencyRole = Qt.ItemDataRole.UserRole + 4
    SourceIdsRole = Qt.ItemDataRole.UserRole + 5
    RowRole = Qt.ItemDataRole.UserRole + 6
    SearchTextRole = Qt.ItemDataRole.UserRole + 7


@dataclass(frozen=True)
class Incidence:
    term: str
    percent: float
    where: str
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class SideEffectRow:
    slug: str
    position: int
    term: str
    frequency: str  # a FREQUENCY_ORDER code
    urgency: str  # a URGENCY_ORDER code
    body_system: str
    incidences: tuple[Incidence, ...]
    sources: tuple[SourceRef, ...]
    note: str = ""
    note_where: str = ""
    note_sources: tuple[SourceRef, ...] = ()

    @property
    def call_now(self) -> bool:
        return self.urgency == "call_now"

    @property
    def frequency_label(self) -> str:
        return SHORT_FREQUENCY_LABELS.get(self.frequency, self.frequency)

    @property
    def action_label(self) -> str:
        label = URGENCY_LABELS.get(self.urgency, self.urgency)
        # A word and a symbol as well as colour: colour alone is missed at a distance or by colour-blind eyes.
        return f"{CALL_NOW_MARK} {label}" if self.call_now else label

    @property
    def top_percent(self) -> float | None:
        return max((i.percent for i in self.incidences), default=None)

    @property
    def incidence_text(self) -> str:
        """ "71%" when the label's term is the effect itself, "Chills 52%" when it differs."""
        parts = []
        for inc in self.incidences:
            percent = f"{inc.percent:g}%"
            same = inc.term.strip().casefold() == self.term.strip().casefold()
            parts.append(percent if same else f"{inc.term} {percent}")
        return "; ".join(parts)

    @property
    def source_names(self) -> str:
        return ", ".join(c.short_name for c in self.all_sources)

    @property
    def all_sources(self) -> tuple[SourceRef, ...]:
        """The row's sources, then those of its note and incidences, each once."""
        seen: dict[str, SourceRef] = {}
        for citation in (*self.sources, *self.note_sources, *(c for i in self.incidences for c in i.sources)):
            seen.setdefault(citation.id, citation)
        return tuple(seen.values())

    @property
    def search_text(self) -> str:
        terms = " ".join(i.term for i in self.incidences)
        return " ".join(
            (self.term, terms, self.body_system, self.note, self.frequency_label, self.action_label, self.source_names)
        ).casefold()


def rows_from_drug(drug: m.Drug) -> list[SideEffectRow]:
    rows = []
    for effect in drug.side_effects:
        note = effect.note
        rows.append(
            SideEffectRow(
                slug=effect.slug,
                position=effect.position,
                term=effect.term,
                frequency=effect.frequency,
                urgency=effect.urgency,
                body_system=effect.body_system,
                incidences=tuple(
                    Incidence(term=i.term, percent=i.percent, where=i.where, sources=source_refs(i.sources))
                    for i in effect.incidences
                ),
                sources=source_refs(effect.sources),
                note=note.text if note is not None else "",
                note_where=note.where if note is not None else "",
                note_sources=source_refs(note.sources) if note is not None else (),
            )
        )
    return rows


def _rank(order: Sequence[str], code: str) -> int:
    return order.index(code) if code in order else len(order)


class SideEffectsModel(QAbstractTableModel):
    """Read-only table of side effects. ``Role.SortRole`` gives each column's natural order."""

    def __init__(self, rows: Sequence[SideEffectRow] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SideEffectRow] = list(rows)
        self._alert = QColor("#a4161a")

    # ---------------------------------------------------------------- data

    def set_rows(self, rows: Sequence[SideEffectRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_alert_colour(self, colour: str) -> None:
        """The theme's alert colour for call-now rows (shown with a symbol and bold text too)."""
        self._alert = QColor(colour)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(Column) - 1), [Qt.ItemDataRole.ForegroundRole]
            )

    def row_at(self, row: int) -> SideEffectRow:
        return self._rows[row]

    def row_of(self, slug: str) -> int:
        """The source row of the effect with ``slug``, or -1."""
        for number, item in enumerate(self._rows):
            if item.slug == slug:
                return number
        return -1

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return no_data()
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[Column(section)]
        return no_data()

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return no_data()
        item = self._rows[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(item, column)
        if role == Role.SortRole:
            return self._sort_key(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        if role == Qt.ItemDataRole.FontRole and item.call_now and column in (Column.EFFECT, Column.ACTION):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and item.call_now and column == Column.ACTION:
            return self._alert
        return self._user_data(item, role)

    @staticmethod
    def _display(item: SideEffectRow, column: Column) -> str:
        match column:
            case Column.EFFECT:
                return item.term
            case Column.FREQUENCY:
                return item.frequency_label
            case Column.INCIDENCE:
                return item.incidence_text
            case Column.BODY_SYSTEM:
                return item.body_system
            case Column.ACTION:
                return item.action_label
            case Column.SOURCE:
                return item.source_names

    @staticmethod
    def _sort_key(item: SideEffectRow, column: Column) -> object:
        match column:
            case Column.FREQUENCY:
                return _rank(FREQUENCY_ORDER, item.frequency)
            case Column.ACTION:
                return _rank(URGENCY_ORDER, item.urgency)
            case Column.INCIDENCE:
                # No label figure sorts below every figure, so "highest first" puts the numbers on top.
                top = item.top_percent
                return -1.0 if top is None else top
            case Column.SOURCE:
                return item.source_names.casefold()
            case Column.BODY_SYSTEM:
                return item.body_system.casefold()
            case _:
                return item.term.casefold()

    @staticmethod
    def _tooltip(item: SideEffectRow) -> str:
        lines = [f"{item.term}: {item.action_label}."]
        if item.note:
            lines.append(f"Nursing note: {item.note}")
        lines.append("Sources:")
        lines.extend(f"• {c.short_name}: {c.citation}" for c in item.all_sources)
        return "\n".join(lines)

    @staticmethod
    def _user_data(item: SideEffectRow, role: int) -> object:
        if role == Role.SlugRole:
            return item.slug
        if role == Role.FrequencyRole:
            return item.frequency
        if role == Role.UrgencyRole:
            return item.urgency
        if role == Role.SourceIdsRole:
            return [c.id for c in item.all_sources]
        if role == Role.RowRole:
            return item
        if role == Role.SearchTextRole:
            return item.search_text
        return no_data()


class SideEffectsFilter(QSortFilterProxyModel):
    """Filters by typed words (all must appear), by how common and by what to do; sorts by ``Role.SortRole``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(Role.SortRole)
        self._words: list[str] = []
        self._frequency = ""
        self._urgency = ""

    @property
    def text(self) -> str:
        return " ".join(self._words)

    @property
    def frequency(self) -> str:
        return self._frequency

    @property
    def urgency(self) -> str:
        return self._urgency

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_frequency(self, code: str) -> None:
        """Only rows of this frequency code; "" for all."""
        self.beginFilterChange()
        self._frequency = code
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_urgency(self, code: str) -> None:
        """Only rows with this urgency code; "" for all."""
        self.beginFilterChange()
        self._urgency = code
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def clear_filters(self) -> None:
        self.beginFilterChange()
        self._words, self._frequency, self._urgency = [], "", ""
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def is_filtered(self) -> bool:
        return bool(self._words or self._frequency or self._urgency)

    def visible_rows(self) -> list[SideEffectRow]:
        """The rows as shown: filtered and in the current sort order."""
        return [self.data(self.index(r, 0), Role.RowRole) for r in range(self.rowCount())]

    def filterAcceptsRow(self, source_row: int, source_parent: _AnyIndex) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._frequency and model.data(index, Role.FrequencyRole) != self._frequency:
            return False
        if self._urgency and model.data(index, Role.UrgencyRole) != self._urgency:
            return False
        if self._words:
            haystack = str(model.data(index, Role.SearchTextRole))
            return all(word in haystack for word in self._words)
        return True

    def lessThan(self, left: _AnyIndex, right: _AnyIndex) -> bool:
        a, b = left.data(Role.SortRole), right.data(Role.SortRole)
        if a != b:
            return bool(a < b)
        # Ties keep the content's own order, so a sort never shuffles equal rows at random.
        return bool(left.data(Role.RowRole).position < right.data(Role.RowRole).position)
