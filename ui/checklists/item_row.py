"""One checklist item on screen: a tick box, the item text, a value field for threshold items, a note."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QWidget

from handbook.checklists.evaluation import ItemState, read_item
from handbook.checklists.printing import item_tag
from handbook.checklists.spec import ItemSpec
from handbook.checklists.values import ValueState
from handbook.limits import MAX_NOTE, MAX_READING
from ui.widgets.scaled_font import scale_font


class ItemRow(QWidget):
    """Emits ``toggled``/``value_committed``/``note_committed`` with the item slug; the panel saves them."""

    toggled = Signal(str, bool)
    value_changed = Signal(str, str)  # while typing: the panel re-evaluates without saving
    value_committed = Signal(str, str)
    note_committed = Signal(str, str)

    def __init__(self, item: ItemSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 3, 4, 3)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        self.check = QCheckBox(self)
        self.check.setAccessibleName(item.text)
        self.check.toggled.connect(lambda on: self.toggled.emit(item.slug, on))
        grid.addWidget(self.check, 0, 0, Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(item.text, self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setBuddy(self.check)
        grid.addWidget(self.text, 0, 1)
        details = [item_tag(item)] if item_tag(item) else []
        if item.threshold is not None:
            details.append(f"ticks itself at {item.threshold.describe()}")
        self.tag = QLabel(" · ".join(details), self)
        self.tag.setTextFormat(Qt.TextFormat.PlainText)
        self.tag.setWordWrap(True)
        self.tag.setVisible(bool(details))
        scale_font(self.tag, 0.9, bold=True)
        grid.addWidget(self.tag, 1, 1)
        self.value: QLineEdit | None = None
        self.value_state = QLabel(self)
        self.value_state.setTextFormat(Qt.TextFormat.PlainText)
        # Every row keeps the same value column, so the note fields line up down the list.
        value_box = QWidget(self)
        value_box.setFixedWidth(230)
        value_row = QGridLayout(value_box)
        value_row.setContentsMargins(0, 0, 0, 0)
        value_row.setVerticalSpacing(2)
        if item.threshold is not None:
            self.value = QLineEdit(value_box)
            self.value.setPlaceholderText(item.threshold.label)
            self.value.setAccessibleName(f"{item.threshold.label} in {item.threshold.unit}")
            self.value.setMaxLength(MAX_READING)
            self.value.setFixedWidth(100)
            self.value.textChanged.connect(lambda text: self.value_changed.emit(item.slug, text))
            self.value.editingFinished.connect(self._commit_value)
            value_row.addWidget(self.value, 0, 0)
            unit = QLabel(item.threshold.unit, value_box)
            unit.setTextFormat(Qt.TextFormat.PlainText)
            unit.setWordWrap(True)
            value_row.addWidget(unit, 0, 1)
            self.value_state.setParent(value_box)
            value_row.addWidget(self.value_state, 1, 0, 1, 2)
        grid.addWidget(value_box, 0, 2, 2, 1, Qt.AlignmentFlag.AlignTop)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("Note")
        self.note.setAccessibleName(f"Note for: {item.text}")
        self.note.setMaxLength(MAX_NOTE)
        self.note.setFixedWidth(280)
        self.note.editingFinished.connect(lambda: self.note_committed.emit(item.slug, self.note.text()))
        grid.addWidget(self.note, 0, 3, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 3)
        self._committed_value = ""

    def _commit_value(self) -> None:
        if self.value is not None and self.value.text() != self._committed_value:
            self._committed_value = self.value.text()
            self.value_committed.emit(self.item.slug, self.value.text())

    def show_state(self, state: ItemState, note: str, editable: bool) -> None:
        """Show saved (or being-typed) state without emitting signals."""
        reading = read_item(self.item, state)
        with QSignalBlocker(self.check):
            self.check.setChecked(reading.present)
        if self.value is not None:
            if self.value.text() != state.value:
                with QSignalBlocker(self.value):
                    self.value.setText(state.value)
            self._committed_value = state.value
            self.value.setReadOnly(not editable)
        self._show_value_state(reading.value.state, reading.from_value)
        # A readable value decides the tick, so the box follows the number instead of the mouse.
        self.check.setEnabled(editable and not reading.from_value)
        self.check.setToolTip("Set from the value typed; clear the value to tick by hand" if reading.from_value else "")
        if self.note.text() != note:
            with QSignalBlocker(self.note):
                self.note.setText(note)
        self.note.setReadOnly(not editable)

    def preview_value(self, text: str, checked: bool) -> None:
        """While the nurse types: tick and number state follow at once; saving waits for the edit to end."""
        reading = read_item(self.item, ItemState(checked, text))
        with QSignalBlocker(self.check):
            self.check.setChecked(reading.present)
        self.check.setEnabled(not reading.from_value)
        self._show_value_state(reading.value.state, reading.from_value)

    def _show_value_state(self, state: ValueState, from_value: bool) -> None:
        if state is ValueState.not_a_number:
            self.value_state.setText("⚠ not a number")
        elif from_value:
            self.value_state.setText(
                "✓ ticked from the value" if self.check.isChecked() else "not ticked: outside the limit"
            )
        else:
            self.value_state.setText("")
