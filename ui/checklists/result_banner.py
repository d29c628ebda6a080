"""The give/hold result: icon and words first, colour only as a help."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from handbook.checklists.evaluation import Result, Verdict

# Light backgrounds with black text read in every theme; the border carries the colour.
_STYLE = {
    Verdict.give: ("#1b5e20", "#e8f5e9"),
    Verdict.check_values: ("#6d4c00", "#fff8e1"),
    Verdict.call: ("#6d4c00", "#fff8e1"),
    Verdict.hold: ("#b35c00", "#fff3e0"),
    Verdict.stop: ("#8b0000", "#fdecea"),
}


_PENDING = ("#5b6670", "#f1f3f5")
PENDING_HEADLINE = "Not decided yet"


class ResultBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultBanner")
        self.setAccessibleName("Give or hold result")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 10, 8)
        self.icon = QLabel(self)
        font = self.icon.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        self.icon.setFont(font)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.icon.setMinimumWidth(40)
        row.addWidget(self.icon)
        column = QVBoxLayout()
        self.headline = QLabel(self)
        bold = self.headline.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.3)
        self.headline.setFont(bold)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.headline)
        column.addWidget(self.details)
        row.addLayout(column, 1)

    def _paint(self, border: str, background: str) -> None:
        self.setStyleSheet(
            f"#resultBanner {{ border: 3px solid {border}; background: {background}; }}"
            f"#resultBanner QLabel {{ color: #000000; background: transparent; }}"
        )

    def show_pending(self, aid_note: str) -> None:
        """Nothing ticked yet, and the nurse has not said every item was checked: no verdict at all."""
        self._paint(*_PENDING)
        self.icon.setText("…")
        self.headline.setText(PENDING_HEADLINE)
        lines = [
            "Tick each criterion that is present (or type the measured value), then tick \u201cEvery item "
            "below has been checked\u201d. A hold or stop result shows as soon as a criterion is ticked.",
            aid_note,
        ]
        self.details.setText("\n".join(lines))
        self.setAccessibleDescription(f"{PENDING_HEADLINE}. " + " ".join(lines))

    def show_result(self, result: Result) -> None:
        self._paint(*_STYLE[result.verdict])
        self.icon.setText(result.icon)
        self.headline.setText(result.headline)
        lines = [result.basis_note + ":"] if result.basis_note else []
        lines += [f"• {finding.text}" for finding in result.findings]
        if not result.findings:
            lines.append("No withhold, stop or call criterion is ticked.")
        if result.unreadable:
            lines.append("⚠ Not a number, check: " + "; ".join(result.unreadable))
        lines.append(result.aid_note)
        self.details.setText("\n".join(lines))
        self.setAccessibleDescription(f"{result.headline}. " + " ".join(lines))
