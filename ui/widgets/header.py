"""The band at the top of the window: the drug, the high-alert mark and the boxed warning in short."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget


class DrugHeader(QFrame):
    boxed_warning_requested = Signal()

    def __init__(
        self, brand: str, generic: str, boxed_title: str, boxed_short: str, sources: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("drugHeader")
        self.setAccessibleName("Drug header")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(16)

        names = QVBoxLayout()
        self.drug_label = QLabel(
            f"<span style='font-size:150%; font-weight:600'>{escape(brand)}</span>"
            f"<br><span>{escape(generic)} · high-dose IL-2</span>"
        )
        self.drug_label.setObjectName("drugName")
        self.drug_label.setTextFormat(Qt.TextFormat.RichText)
        names.addWidget(self.drug_label)
        layout.addLayout(names)

        self.alert_badge = QLabel("⚠ HIGH-ALERT MEDICINE")
        self.alert_badge.setObjectName("highAlertBadge")
        self.alert_badge.setAccessibleName("High-alert medicine")
        self.alert_badge.setToolTip("A high-alert medicine: an error can cause serious harm. Double-check every dose.")
        layout.addWidget(self.alert_badge, 0, Qt.AlignmentFlag.AlignVCenter)

        self._boxed_text = f"<b>Boxed warning: {escape(boxed_title)}.</b> {escape(boxed_short)} "
        self.boxed_label = QLabel(self._boxed_html("#ffffff"))
        self.boxed_label.setObjectName("boxedWarning")
        self.boxed_label.setWordWrap(True)
        self.boxed_label.setTextFormat(Qt.TextFormat.RichText)
        self.boxed_label.setToolTip(f"Source: {sources}")
        self.boxed_label.setAccessibleName("Boxed warning in short")
        self.boxed_label.linkActivated.connect(lambda _link: self.boxed_warning_requested.emit())
        layout.addWidget(self.boxed_label, 1)

    def _boxed_html(self, link_colour: str) -> str:
        # Rich text has no "color: inherit": the link is given the header's text colour, or it is lost on the band.
        return f"{self._boxed_text}<a href='#boxed' style='color:{link_colour}; font-weight:600'>Read it in full</a>"

    def apply_colours(self, colours: dict[str, str]) -> None:
        self.boxed_label.setText(self._boxed_html(colours["header_text"]))
        self.setStyleSheet(
            f"#drugHeader {{ background: {colours['header_bg']}; }}"
            f"#drugHeader QLabel {{ color: {colours['header_text']}; }}"
            f"#drugHeader QLabel#highAlertBadge {{ background: {colours['badge_bg']}; color: {colours['badge_text']};"
            f" font-weight: 700; padding: 6px 10px; border-radius: 4px; border: 2px solid {colours['badge_text']}; }}"
        )
