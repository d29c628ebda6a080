"""The give/hold result in words first (capitals, never "may give"); the colour only helps."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from handbook.givehold.evaluator import Result
from handbook.givehold.wording import Decision
from ui.theme import show_tone
from ui.widgets.flow_layout import WrappedLabel
from ui.widgets.scaled_font import scale_font

# The tone of each result: its colours are the theme's (resources/styles); the words carry the meaning.
TONES = {
    Decision.incomplete: "quiet",
    Decision.no_hold_found: "info",
    Decision.call: "caution",
    Decision.hold: "hold",
    Decision.stop: "stop",
}
MAX_MISSING_SHOWN = 6


class GiveHoldBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("giveHoldBanner")
        self.setAccessibleName("Give or hold result")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        self.icon = QLabel(self)
        scale_font(self.icon, 2.0)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.icon.setMinimumWidth(36)
        row.addWidget(self.icon)
        column = QVBoxLayout()
        self.headline = WrappedLabel(self)  # the verdict is never squeezed to a sliver
        scale_font(self.headline, 1.35, bold=True)  # the verdict stays larger than its details at any text size
        self.headline.setWordWrap(True)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The headline always shows; the rules under it scroll when there are many (or the text is large), so
        # the form below keeps room at 200 % text.
        self.details_scroll = QScrollArea(self)
        self.details_scroll.setWidgetResizable(True)
        self.details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details_scroll.setWidget(self.details)
        self.details_scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
        column.addWidget(self.headline)
        column.addWidget(self.details_scroll)
        row.addLayout(column, 1)

    def show_result(self, result: Result, problems: list[str] | None = None, counting: bool = False) -> None:
        show_tone(self, TONES[result.decision])
        self.icon.setText(result.icon)
        self.headline.setText(result.headline)
        lines = [result.meaning]
        lines += [f"• {rule.line()} [{', '.join(rule.cites)}]" for rule in result.rules]
        if counting:
            held = "" if result.doses_held is None else f"; doses held before this one this cycle: {result.doses_held}"
            lines.append(f"Counting: relative criteria met at this dose: {result.relative_criteria_met}{held}")
        if problems:
            lines += [f"⚠ {problem}" for problem in problems]
        if result.missing:
            shown = [m.label for m in result.missing[:MAX_MISSING_SHOWN]]
            more = len(result.missing) - len(shown)
            lines.append("Missing: " + "; ".join(shown) + (f"; and {more} more" if more > 0 else ""))
        if result.decision in (Decision.no_hold_found, Decision.incomplete):
            # The words that keep "nothing found" from reading as "go": what was and was not checked.
            lines.append(result.checked_sentence)
            lines.append(result.not_loaded_sentence)
        self.details.setText("\n".join(lines))
        self._fit_details()
        self.setAccessibleDescription(f"{result.headline}. " + " ".join(lines))

    def _fit_details(self) -> None:
        """Up to four lines of the rules show at once (more scroll), at the text size now."""
        line = self.details.fontMetrics().lineSpacing()
        self.details_scroll.setFixedHeight(min(self.details.heightForWidth(max(200, self.width() - 80)) + 4, line * 4))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.details.text():
            self._fit_details()
