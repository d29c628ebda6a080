"""The small widgets of the dose check: a typed value with its unit, and an unmistakable No / Yes answer."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QRadioButton, QWidget

from handbook.givehold.inputs import InputSpec
from handbook.givehold.record import NO, YES


class ValueField(QWidget):
    """A number typed in one unit; ``committed`` (slug, text) when the nurse leaves the field."""

    committed = Signal(str, str)
    typed = Signal(str, str)

    def __init__(self, slug: str, spec: InputSpec, parent: QWidget | None = None, unit: str = "") -> None:
        super().__init__(parent)
        self.slug = slug
        self.spec = spec
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel(spec.label, self)
        self.caption.setWordWrap(True)
        self.edit = QLineEdit(self)
        self.edit.setMaxLength(12)
        self.edit.setFixedWidth(80)
        self.edit.setAccessibleName(f"{spec.label} in {unit or spec.unit}")
        self.caption.setBuddy(self.edit)
        self.unit = QLabel(unit or spec.unit, self)
        self.state = QLabel(self)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.state.setWordWrap(True)
        row.addWidget(self.caption, 1)
        row.addWidget(self.edit)
        row.addWidget(self.unit)
        row.addWidget(self.state, 1)
        self._saved = ""
        self.edit.editingFinished.connect(self._commit)
        self.edit.textChanged.connect(lambda text: self.typed.emit(self.slug, text))

    def _commit(self) -> None:
        if self.edit.text() != self._saved:
            self._saved = self.edit.text()
            self.committed.emit(self.slug, self.edit.text())

    def show_saved(self, text: str, problem: str, editable: bool) -> None:
        if self.edit.text() != text and not self.edit.hasFocus():
            with QSignalBlocker(self.edit):
                self.edit.setText(text)
        self._saved = text
        self.edit.setReadOnly(not editable)
        self.state.setText(f"⚠ {problem}" if problem else ("required: missing" if not text.strip() else ""))


class YesNo(QWidget):
    """A question with two exclusive answers and no default: unanswered until the nurse picks one."""

    answered = Signal(str, str)  # slug, "yes" | "no"

    def __init__(self, slug: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slug = slug
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel(text, self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.no = QRadioButton("No", self)
        self.yes = QRadioButton("Yes", self)
        self.no.setAccessibleName(f"No: {text}")
        self.yes.setAccessibleName(f"Yes: {text}")
        self.group = QButtonGroup(self)
        self.group.addButton(self.no)
        self.group.addButton(self.yes)
        self.state = QLabel(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.no)
        row.addWidget(self.yes)
        row.addWidget(self.state)
        self.no.clicked.connect(lambda: self.answered.emit(self.slug, NO))
        self.yes.clicked.connect(lambda: self.answered.emit(self.slug, YES))

    def answer(self) -> str:
        return YES if self.yes.isChecked() else NO if self.no.isChecked() else ""

    def show_saved(self, answer: str, editable: bool) -> None:
        with QSignalBlocker(self.no), QSignalBlocker(self.yes):
            self.group.setExclusive(False)  # an exclusive group cannot go back to "not answered"
            self.no.setChecked(answer == NO)
            self.yes.setChecked(answer == YES)
            self.group.setExclusive(True)
        self.no.setEnabled(editable)
        self.yes.setEnabled(editable)
        self.state.setText("" if answer else "not answered")
