"""The side-effect table as a Qt model: one row per side effect, sortable and filterable without widgets.

Rows are plain immutable data built once from the ORM, so the model never touches the database
session while a nurse sorts or filters, and tests can build rows directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont
from sqlalchemy import select
from sqlalchemy.orm import object_session

from handbook.db import content_models as m
from handbook.decimal_text import canonical
from handbook.givehold.record import DOSE_CHECK_SLUG
from handbook.labels import (
    FREQUENCY_LABELS,
    LEVEL_LABELS,
    PATIENT_LINES,
    WARD_LEVEL_LABELS,
    WARD_LEVEL_SHORT,
    WARD_LEVELS,
)
from handbook.sources import SourceRef, source_refs
from ui.models.no_data import no_data

# The order a nurse reads them in, not the alphabet.
FREQUENCY_ORDER = ("more_common", "less_common", "rare", "label_table", "not_stated")
LEVEL_ORDER = WARD_LEVELS
CONSUMER_FREQUENCIES = ("more_common", "less_common", "rare")
SHORT_FREQUENCY_LABELS = {**FREQUENCY_LABELS, "label_table": "Label table only", "not_stated": "Not stated"}
URGENT_MARK = "⚠"
URGENT_LEVEL = "hold_rule"

_AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    LEVEL = 0
    EFFECT = 1
    HOW_COMMON = 2
    BODY_SYSTEM = 3
    SOURCE = 4


HEADERS = {
    Column.LEVEL: "Ward action",
    Column.EFFECT: "Side effect",
    Column.HOW_COMMON: "How common",
    Column.BODY_SYSTEM: "Body system",
    Column.SOURCE: "Action source",
}

HEADER_TIPS = {
    Column.LEVEL: "What the nurse does now, most urgent first: stop/hold rule, call the prescriber, treat and record, "
    "teach and reassure",
    Column.EFFECT: "The side effect, in plain words",
    Column.HOW_COMMON: "The US label's percentage of patients, and the consumer page's word, each named",
    Column.BODY_SYSTEM: "The body system affected",
    Column.SOURCE: "Where the ward action comes from: hover a row for every source, click for the citations",
}


class Role(IntEnum):
    """Named data roles beyond Qt's own, for sorting, filtering and the details panel."""

    SortRole = Qt.ItemDataRole.UserRole + 1
    SlugRole = Qt.ItemDataRole.UserRole + 2
    FrequencyRole = Qt.ItemDataRole.UserRole + 3
    LevelRole = Qt.ItemDataRole.UserRole + 4
    SourceIdsRole = Qt.ItemDataRole.UserRole + 5
    RowRole = Qt.ItemDataRole.UserRole + 6
    SearchTextRole = Qt.ItemDataRole.UserRole + 7


@dataclass(frozen=True)
class Incidence:
    term: str
    percent: Decimal  # as the label prints it
    where: str
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class RuleLink:
    """A label rule or a published criterion that the effect meets or leads to, and where the check asks it."""

    text: str  # "Systolic blood pressure falls below 90 mmHg"
    kind: str  # "US label: withhold", "Dutcher 2014: hold (relative)"
    sources: tuple[SourceRef, ...]
    check_anchor: str = ""  # "checklist:before-dose:bd-sbp-below-90", or "" when no check item asks it
    where: str = ""


@dataclass(frozen=True)
class CareLink:
    anchor: str  # "section:supportive_care.hypotension-care"
    title: str


@dataclass(frozen=True)
class SideEffectRow:
    slug: str
    position: int
    term: str
    frequency: str  # a FREQUENCY_ORDER code (the consumer page's word, or where the row comes from)
    urgency: str  # the consumer page's advice code: the patient's line, not the ward's action
    body_system: str
    incidences: tuple[Incidence, ...]
    sources: tuple[SourceRef, ...]
    level: str = "treat_and_record"  # a LEVEL_ORDER code: the ward's action
    action: str = ""
    action_where: str = ""
    action_sources: tuple[SourceRef, ...] = ()
    rules: tuple[RuleLink, ...] = ()
    criteria: tuple[RuleLink, ...] = ()  # published practice side by side (shown when no protocol is loaded)
    protocol: str = ""  # the ward's protocol, e.g. "Dutcher 2014 (published example)"
    protocol_criteria: tuple[RuleLink, ...] = ()  # that protocol's criteria this effect meets or leads to
    other_protocols: tuple[str, ...] = ()  # other shipped protocols with a criterion for it
    care: tuple[CareLink, ...] = ()
    note: str = ""
    note_where: str = ""
    note_sources: tuple[SourceRef, ...] = ()

    @property
    def urgent(self) -> bool:
        return self.level == URGENT_LEVEL

    @property
    def level_label(self) -> str:
        return WARD_LEVEL_LABELS.get(self.level, self.level)

    @property
    def level_short(self) -> str:
        label = WARD_LEVEL_SHORT.get(self.level, self.level)
        # A word and a symbol as well as colour: colour alone is missed at a distance or by colour-blind eyes.
        return f"{URGENT_MARK} {label}" if self.urgent else label

    @property
    def patient_line(self) -> str:
        """The consumer page's advice, for the patient; empty when the page does not list the effect."""
        return PATIENT_LINES.get(self.urgency, "")

    @property
    def frequency_label(self) -> str:
        return SHORT_FREQUENCY_LABELS.get(self.frequency, self.frequency)

    @property
    def consumer_word(self) -> str:
        """The consumer page's frequency word, or "" when the row is not on its lists."""
        return FREQUENCY_LABELS[self.frequency].lower() if self.frequency in CONSUMER_FREQUENCIES else ""

    @property
    def top_percent(self) -> Decimal | None:
        return max((i.percent for i in self.incidences), default=None)

    @property
    def incidence_text(self) -> str:
        """ "71%" when the label's one term names the effect itself, "Chills 52%; Fever 29%" otherwise."""
        if len(self.incidences) == 1:
            only = self.incidences[0]
            if only.term.strip().casefold() in self.term.casefold():
                return f"{canonical(only.percent)}%"
        return "; ".join(f"{inc.term} {canonical(inc.percent)}%" for inc in self.incidences)

    @property
    def how_common(self) -> str:
        """Both figures where both exist, each with whose it is: never a bare "rare" beside 28%."""
        parts = []
        if self.incidences:
            parts.append(f"Label: {self.incidence_text}")
        if self.consumer_word:
            parts.append(f"consumer page: {self.consumer_word}" if parts else f"Consumer page: {self.consumer_word}")
        return " · ".join(parts) or "Not stated"

    @property
    def action_source_names(self) -> str:
        return ", ".join(dict.fromkeys(c.short_name for c in self.action_sources or self.sources))

    @property
    def source_names(self) -> str:
        return ", ".join(dict.fromkeys(c.short_name for c in self.all_sources))

    @property
    def all_sources(self) -> tuple[SourceRef, ...]:
        """The row's sources, then those of its action, note and incidences, each once."""
        seen: dict[str, SourceRef] = {}
        for citation in (
            *self.sources,
            *self.action_sources,
            *self.note_sources,
            *(c for i in self.incidences for c in i.sources),
        ):
            seen.setdefault(citation.id, citation)
        return tuple(seen.values())

    @property
    def search_text(self) -> str:
        terms = " ".join(i.term for i in self.incidences)
        return " ".join(
            (
                self.term,
                terms,
                self.body_system,
                self.action,
                self.note,
                self.how_common,
                self.level_label,
                self.source_names,
            )
        ).casefold()


def _check_anchors(drug: m.Drug) -> tuple[dict[int, str], dict[int, str]]:
    """Where the give/hold check asks each rule: every label rule is applied by the per-dose check (a test keeps
    label-rules.yaml complete). The published criteria here are the side-by-side comparison, not the ward's
    protocol, so they link nowhere."""
    rules = {rule.id: f"checklist:{DOSE_CHECK_SLUG}:{rule.slug}" for rule in drug.label_rules}
    return rules, {}


def _criterion_kind(crit: m.PracticeCriterion) -> str:
    """ "Dutcher 2014: Hold dose (relative)": whose criterion it is, and what it does."""
    return f"{', '.join(s.short_name for s in crit.sources)}: {LEVEL_LABELS.get(crit.level, crit.level)}"


PROTOCOL_LEVEL_LABELS = {
    "relative": "Hold this dose (relative)",
    "absolute": "Stop IL-2 (absolute)",
    "notify": "Call the prescriber",
}


@dataclass(frozen=True)
class _Protocols:
    """The ward's protocol and the other shipped ones, as the side-effect rows cite them."""

    active: Any  # handbook.givehold.ProtocolFile, or None when the protocol files cannot be read
    names: dict[str, str]  # protocol id -> short name
    refs: dict[str, SourceRef]  # source id -> reference

    def links(self, packed: str) -> tuple[str, tuple[RuleLink, ...], tuple[str, ...]]:
        """(the ward's protocol, its criteria for "protocol:criterion ..." links, other protocols named)."""
        if self.active is None:
            return "", (), ()
        pairs = [tuple(link.split(":", 1)) for link in packed.split()]
        by_id = {criterion.id: criterion for criterion in self.active.criteria}
        criteria = tuple(
            RuleLink(
                text=by_id[criterion].text,
                kind=f"{self.active.short_name}: {PROTOCOL_LEVEL_LABELS.get(by_id[criterion].level, '')}",
                sources=tuple(
                    self.refs.get(i, SourceRef(i, i, i)) for i in (by_id[criterion].sources or self.active.sources)
                ),
                check_anchor=f"checklist:{DOSE_CHECK_SLUG}:{criterion}",
            )
            for protocol, criterion in pairs
            if protocol == self.active.id and criterion in by_id
        )
        others = tuple(
            dict.fromkeys(self.names.get(p, p) for p, _c in pairs if p != self.active.id and p in self.names)
        )
        status = "approved" if str(self.active.status) == "approved" else "published example"
        return f"{self.active.short_name} ({status})", criteria, others


def _protocols(drug: m.Drug) -> _Protocols:
    from handbook.givehold.compiled import ProtocolError
    from handbook.givehold.stored import give_hold_of

    session = object_session(drug)
    refs = (
        {s.id: r for s, r in ((s, source_refs([s])[0]) for s in session.scalars(select(m.Source)))} if session else {}
    )
    try:
        give_hold = give_hold_of(drug)
        active = give_hold.active()
        names = {p.id: p.short_name for p in give_hold.protocols().values()}
    except (ProtocolError, OSError):  # the window says so elsewhere; the rows still show the label rules
        return _Protocols(None, {}, refs)
    return _Protocols(active, names, refs)


def rows_from_drug(drug: m.Drug) -> list[SideEffectRow]:
    rule_anchors, criterion_anchors = _check_anchors(drug)
    protocols = _protocols(drug)
    care_titles = {key: title for key, title, _items in drug.headings("supportive_care")}
    rows = []
    for effect in drug.side_effects:
        note = effect.note
        action = effect.ward_action
        protocol, protocol_criteria, other_protocols = protocols.links(effect.ward_protocol_links)
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
                level=effect.ward_level,
                action=action.text if action is not None else "",
                action_where=action.where if action is not None else "",
                action_sources=source_refs(action.sources) if action is not None else (),
                rules=tuple(
                    RuleLink(
                        text=rule.finding,
                        kind=f"US label: {'withhold' if rule.action == 'withhold' else 'permanently discontinue'}",
                        sources=source_refs(rule.sources),
                        check_anchor=rule_anchors.get(rule.id, ""),
                        where=rule.where,
                    )
                    for rule in effect.ward_rules
                ),
                criteria=tuple(
                    RuleLink(
                        text=crit.criterion,
                        kind=_criterion_kind(crit),
                        sources=source_refs(crit.sources),
                        check_anchor=criterion_anchors.get(crit.id, ""),
                    )
                    for crit in effect.ward_criteria
                ),
                protocol=protocol,
                protocol_criteria=protocol_criteria,
                other_protocols=other_protocols,
                care=tuple(
                    CareLink(anchor=f"section:supportive_care.{key}", title=care_titles.get(key, key))
                    for key in effect.ward_care.split()
                ),
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
        """The theme's alert colour for stop/hold-rule rows (shown with a symbol and bold text too)."""
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
        bold = item.level in LEVEL_ORDER[:2]  # the two levels that need the nurse now
        if role == Qt.ItemDataRole.FontRole and bold and column in (Column.EFFECT, Column.LEVEL):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and item.urgent and column == Column.LEVEL:
            return self._alert
        return self._user_data(item, role)

    @staticmethod
    def _display(item: SideEffectRow, column: Column) -> str:
        match column:
            case Column.LEVEL:
                return item.level_short
            case Column.EFFECT:
                return item.term
            case Column.HOW_COMMON:
                return item.how_common
            case Column.BODY_SYSTEM:
                return item.body_system
            case Column.SOURCE:
                return item.action_source_names

    @staticmethod
    def _sort_key(item: SideEffectRow, column: Column) -> object:
        # An order only, never shown: a float is fine here (the figures shown come from the Decimal).
        top = None if item.top_percent is None else float(item.top_percent)
        match column:
            case Column.LEVEL:
                # The default order: most urgent level first, then the label's incidence (highest first),
                # rows without a label figure last within their level.
                return _rank(LEVEL_ORDER, item.level) * 1000.0 + (100.0 - top if top is not None else 200.0)
            case Column.HOW_COMMON:
                # The label's figure first (no figure sorts below every figure), then the consumer page's word.
                return (-1.0 if top is None else top) * 10.0 - _rank(FREQUENCY_ORDER, item.frequency)
            case Column.SOURCE:
                return item.action_source_names.casefold()
            case Column.BODY_SYSTEM:
                return item.body_system.casefold()
            case _:
                return item.term.casefold()

    @staticmethod
    def _tooltip(item: SideEffectRow) -> str:
        lines = [f"{item.term}: {item.level_label}."]
        if item.action:
            lines.append(f"Ward action: {item.action}")
        if item.patient_line:
            lines.append(f"For the patient (consumer page): {item.patient_line}.")
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
        if role == Role.LevelRole:
            return item.level
        if role == Role.SourceIdsRole:
            return [c.id for c in item.all_sources]
        if role == Role.RowRole:
            return item
        if role == Role.SearchTextRole:
            return item.search_text
        return no_data()


class SideEffectsFilter(QSortFilterProxyModel):
    """Filters by typed words (all must appear), by how common and by ward action; sorts by ``Role.SortRole``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(Role.SortRole)
        self._words: list[str] = []
        self._frequency = ""
        self._level = ""

    @property
    def text(self) -> str:
        return " ".join(self._words)

    @property
    def frequency(self) -> str:
        return self._frequency

    @property
    def level(self) -> str:
        return self._level

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_frequency(self, code: str) -> None:
        """Only rows of this frequency code; "" for all."""
        self.beginFilterChange()
        self._frequency = code
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_level(self, code: str) -> None:
        """Only rows at this ward action level; "" for all."""
        self.beginFilterChange()
        self._level = code
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def clear_filters(self) -> None:
        self.beginFilterChange()
        self._words, self._frequency, self._level = [], "", ""
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def is_filtered(self) -> bool:
        return bool(self._words or self._frequency or self._level)

    def visible_rows(self) -> list[SideEffectRow]:
        """The rows as shown: filtered and in the current sort order."""
        return [self.data(self.index(r, 0), Role.RowRole) for r in range(self.rowCount())]

    def filterAcceptsRow(self, source_row: int, source_parent: _AnyIndex) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._frequency and model.data(index, Role.FrequencyRole) != self._frequency:
            return False
        if self._level and model.data(index, Role.LevelRole) != self._level:
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
