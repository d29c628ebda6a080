"""Side effects: a filterable, sortable table of every effect, with the selected row's details below."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QWidget,
)

from handbook.db import content_models as m
from handbook.labels import WARD_LEVEL_SHORT
from handbook.render import render
from handbook.tabs import Tab
from ui.models.side_effects_model import (
    FREQUENCY_ORDER,
    LEVEL_ORDER,
    SHORT_FREQUENCY_LABELS,
    Column,
    Role,
    SideEffectRow,
    SideEffectsFilter,
    SideEffectsModel,
    rows_from_drug,
)
from ui.tabs.base import ContentTab
from ui.widgets.flow_layout import flow_row, labelled

ANCHOR_PREFIX = "side_effect:"
NARROW_TABLE_CHARS = 95  # below this many average characters across, two columns give way


class _Splitter(QSplitter):
    """Says when its size has changed, after it has shared the new size out (to correct the share)."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class SideEffectsTab(ContentTab):
    title = Tab.side_effects.heading
    template = "screen/side_effect_detail.html.j2"
    print_requested = Signal()
    export_requested = Signal()
    open_requested = Signal(str, str)  # (tab value, anchor): a rule in the give/hold check, a care section

    def __init__(
        self, drug: m.Drug, describe_sources: Callable[[list[str]], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(drug, describe_sources, parent)
        self.put_browser_in(self.splitter, (520, 200))  # the HTML view is the details pane here
        self.browser.setAccessibleName("Details of the selected side effect")
        self._split_by_hand = False
        self.splitter.splitterMoved.connect(self._splitter_moved)
        self.splitter.resized.connect(self._share_height)
        self._share_height()
        self.setTabOrder(self.filter_edit, self.level_combo)
        self.setTabOrder(self.level_combo, self.frequency_combo)
        self.setTabOrder(self.frequency_combo, self.print_button)
        self.setTabOrder(self.print_button, self.pdf_button)
        self.setTabOrder(self.pdf_button, self.table)
        self.setTabOrder(self.table, self.browser)

    # ---------------------------------------------------------------- construction

    def build_widgets(self) -> None:
        self.model = SideEffectsModel(rows_from_drug(self.drug), self)
        self.proxy = SideEffectsFilter(self)
        self.proxy.setSourceModel(self.model)

        # The controls wrap onto a second line when the window is narrow or the text large, so no button
        # or choice is ever cut short.
        holder, bar = flow_row(self, "sideEffectsControls")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter: rash, fever, kidney, confusion…")
        self.filter_edit.setAccessibleName("Filter side effects")
        self.filter_edit.setToolTip("Shows the rows that contain every word you type")
        self.filter_edit.setClearButtonEnabled(True)
        filter_label = QLabel("F&ilter:", self)
        filter_label.setBuddy(self.filter_edit)
        bar.addWidget(labelled(filter_label, self.filter_edit, grows=True))

        self.level_combo = self._combo(
            "Ward action", [("", "Ward action: all")] + [(code, WARD_LEVEL_SHORT[code]) for code in LEVEL_ORDER]
        )
        self.frequency_combo = self._combo(
            "How common",
            [("", "How common: all")]
            + [
                (code, f"{SHORT_FREQUENCY_LABELS[code]}{' (consumer page)' if i < 3 else ''}")
                for i, code in enumerate(FREQUENCY_ORDER)
            ],
        )
        bar.addWidget(self.level_combo)
        bar.addWidget(self.frequency_combo)

        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Number of side effects shown")
        bar.addWidget(self.count_label)
        self.print_button = QPushButton("&Print…", self)
        self.print_button.setToolTip("Print the table as filtered (Ctrl+P)")
        self.pdf_button = QPushButton("Save as P&DF…", self)
        self.pdf_button.setToolTip("Save the table as filtered to a PDF file")
        bar.addWidget(self.print_button)
        bar.addWidget(self.pdf_button)
        self.layout_.addWidget(holder)

        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.table.setAccessibleName("Side effects table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: arrows move between rows
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(Column.LEVEL, QHeaderView.ResizeMode.ResizeToContents)
        for column in (Column.EFFECT, Column.HOW_COMMON, Column.SOURCE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.BODY_SYSTEM, QHeaderView.ResizeMode.Interactive)
        self._size_columns()
        # Most urgent first, then the most common: what a nurse scans for.
        self.table.sortByColumn(Column.LEVEL, Qt.SortOrder.AscendingOrder)

        self.splitter = _Splitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.layout_.addWidget(self.splitter, 1)

        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.frequency_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_frequency(str(self.frequency_combo.currentData()))
        )
        self.level_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_level(str(self.level_combo.currentData()))
        )
        self.browser.open_requested.connect(self.open_requested)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_count)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_details())
        self.table.clicked.connect(self._on_clicked)
        self.print_button.clicked.connect(self.print_requested)
        self.pdf_button.clicked.connect(self.export_requested)
        self._update_count()
        if self.proxy.rowCount():
            # Open on the most urgent effect, so the details pane shows what it is for from the start.
            self.table.selectRow(0)

    def _size_columns(self) -> None:
        """Room for typical figures and body systems at the current text size; longer ones wrap."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        bold = QFontMetrics(header.font())
        system = max(metrics.horizontalAdvance("Metabolic and"), bold.horizontalAdvance("Body system") * 1.1)
        header.resizeSection(Column.BODY_SYSTEM, int(system) + 24)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """When the table is narrow for the text size (a small screen, 200 % text), keep what a nurse scans for:
        the ward action, the effect and how common. Body system and source stay in the details below."""
        room = self.table.width() / max(1, self.table.fontMetrics().averageCharWidth())
        narrow = room < NARROW_TABLE_CHARS
        for column in (Column.BODY_SYSTEM, Column.SOURCE):
            self.table.setColumnHidden(column, narrow)

    def _splitter_moved(self) -> None:
        self._split_by_hand = True

    def _share_height(self) -> None:
        """The table keeps its headings and its first row whole (at 200 % text in a small window the details
        would otherwise squeeze it to a sliver); the details keep three lines. A split set by hand stays."""
        line = self.browser.fontMetrics().lineSpacing()
        self.browser.setMinimumHeight(3 * line + 2 * self.browser.frameWidth() + 8)
        if self._split_by_hand:
            return
        total = sum(self.splitter.sizes())
        first = self.table.rowHeight(0) if self.proxy.rowCount() else line
        table = self.table.horizontalHeader().sizeHint().height() + max(first, 3 * line) + 2 * self.table.frameWidth()
        if self.table.horizontalScrollBar().isVisible():
            table += self.table.horizontalScrollBar().height()
        table = max(table, total * 3 // 4)
        details = max(self.browser.minimumHeight(), total - table)
        self.splitter.blockSignals(True)
        self.splitter.setSizes([total - details, details])
        self.splitter.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "table"):
            self._size_columns()  # zoom changes the text size
            if hasattr(self, "_split_by_hand"):
                self._share_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if hasattr(self, "table"):
            self._fit_columns()

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setToolTip(f"Show only one kind: {name.lower()}")
        for code, text in items:
            combo.addItem(text, code)
        return combo

    # ---------------------------------------------------------------- behaviour

    def selected_row(self) -> SideEffectRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = index.data(Role.RowRole)
        return row if isinstance(row, SideEffectRow) else None

    def html(self) -> str:
        return render(self.template, row=self.selected_row(), shown=self.proxy.rowCount())

    def cited_source_ids(self) -> list[str]:
        """The selected effect's sources (its row, then what its details cite: rules, criteria); with none
        selected, those of every effect shown."""
        row = self.selected_row()
        if row is None:
            return list(dict.fromkeys(c.id for r in self.proxy.visible_rows() for c in r.all_sources))
        return list(dict.fromkeys([*(c.id for c in row.all_sources), *super().cited_source_ids()]))

    def print_html(self) -> str:
        """The table exactly as filtered and sorted on screen."""
        rows = self.proxy.visible_rows()
        sources: dict[str, object] = {}
        for row in rows:
            for citation in row.all_sources:
                sources.setdefault(citation.id, citation)
        return render(
            "print/side_effects.html.j2",
            rows=rows,
            total=self.model.rowCount(),
            filters=self.filter_description(),
            sources=list(sources.values()),
        )

    def filter_description(self) -> str:
        parts = []
        if self.proxy.text:
            parts.append(f"words “{self.filter_edit.text().strip()}”")
        if self.proxy.frequency:
            parts.append(f"how common: {self.frequency_combo.currentText()}")
        if self.proxy.level:
            parts.append(f"ward action: {self.level_combo.currentText()}")
        return "; ".join(parts)

    def apply_theme(self, css: str, colours: dict[str, str]) -> None:
        self.model.set_alert_colour(colours.get("alert", "#a4161a"))
        super().apply_theme(css, colours)

    def clear_filters(self) -> None:
        self.filter_edit.clear()
        self.frequency_combo.setCurrentIndex(0)
        self.level_combo.setCurrentIndex(0)

    def select_slug(self, slug: str) -> bool:
        """Select and scroll to the effect ``slug``, clearing filters that hide it."""
        source_row = self.model.row_of(slug)
        if source_row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            self.clear_filters()
            index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def has_anchor(self, anchor: str) -> bool:
        return anchor.startswith(ANCHOR_PREFIX) and self.model.row_of(anchor[len(ANCHOR_PREFIX) :]) >= 0

    def show_anchor(self, anchor: str, highlight: str = "") -> None:
        if anchor.startswith(ANCHOR_PREFIX) and self.select_slug(anchor[len(ANCHOR_PREFIX) :]):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if highlight:
                self.browser.show_anchor("", highlight)

    def _show_details(self) -> None:
        self.browser.set_content(self.html(), self.css)

    def _update_count(self, *_args: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"{shown} of {total}" if shown != total else f"All {total}")
        if not self.table.currentIndex().isValid():
            self._show_details()

    def _on_clicked(self, index: QModelIndex | QPersistentModelIndex) -> None:
        # The source cell works like the bracketed citations elsewhere: one click opens the source list.
        if index.column() == Column.SOURCE:
            ids = index.data(Role.SourceIdsRole)
            if ids:
                self.source_requested.emit(list(ids))
