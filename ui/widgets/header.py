"""The band at the top of the window: the drug, the high-alert mark and the boxed warning in short."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

COMPACT_FROM_ZOOM = 1.5  # at 150 % text and more the band shrinks to one line by itself


class DrugHeader(QFrame):
    boxed_warning_requested = Signal()

    def __init__(
        self, brand: str, generic: str, boxed_title: str, boxed_short: str, sources: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("drugHeader")
        self.setAccessibleName("Drug header")
        layout = QHBoxLayout(self)
        self.layout_ = layout
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(16)

        names = QVBoxLayout()
        self._drug_full = (
            f"<span style='font-size:150%; font-weight:600'>{escape(brand)}</span>"
            f"<br><span>{escape(generic)} · high-dose IL-2</span>"
        )
        self._drug_compact = f"<b>{escape(brand)}</b>"
        self.drug_label = QLabel(self._drug_full)
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
        # One line even at 200 % on the smallest window: the title is in the tooltip, in the full band
        # (▾) and one click away through the link.
        self._boxed_compact = "<b>Boxed warning.</b> "
        self.compact = False
        self._chosen: bool | None = None  # the nurse's own choice wins over the automatic one
        self._link_colour = "#ffffff"
        self.boxed_label = QLabel(self._boxed_html("#ffffff"))
        self.boxed_label.setObjectName("boxedWarning")
        self.boxed_label.setWordWrap(True)
        self.boxed_label.setTextFormat(Qt.TextFormat.RichText)
        self.boxed_label.setToolTip(f"Boxed warning: {boxed_title}. Source: {sources}")
        self.boxed_label.setAccessibleName("Boxed warning in short")
        self.boxed_label.linkActivated.connect(lambda _link: self.boxed_warning_requested.emit())
        layout.addWidget(self.boxed_label, 1)

        self.compact_button = QToolButton(self)
        self.compact_button.setObjectName("headerCompact")
        self.compact_button.setAutoRaise(True)
        self.compact_button.setAccessibleName("Show the header on one line or in full")
        self.compact_button.clicked.connect(lambda: self.set_compact(not self.compact, chosen=True))
        layout.addWidget(self.compact_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._show()

    def set_compact(self, compact: bool, chosen: bool = False) -> None:
        """One line (drug, badge, boxed warning title and its link) or the full band."""
        if chosen:
            self._chosen = compact
        self.compact = compact
        self._show()

    def _show(self) -> None:
        self.drug_label.setText(self._drug_compact if self.compact else self._drug_full)
        self.alert_badge.setText("⚠ HIGH-ALERT" if self.compact else "⚠ HIGH-ALERT MEDICINE")
        self.boxed_label.setText(self._boxed_html(self._link_colour))
        self.boxed_label.setWordWrap(True)  # at 200 % on the smallest window even the short line wraps
        self.layout_.setContentsMargins(16, 4 if self.compact else 10, 16, 4 if self.compact else 10)
        self.compact_button.setText("▾" if self.compact else "▴")
        self.compact_button.setToolTip("Show the header in full" if self.compact else "Show the header on one line")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self._chosen is None:
            app = QApplication.instance()
            base = app.property("handbookBasePointSize") if app is not None else None
            if isinstance(base, float) and base > 0:
                self.set_compact(self.font().pointSizeF() >= base * COMPACT_FROM_ZOOM)

    def _boxed_html(self, link_colour: str) -> str:
        # Rich text has no "color: inherit": the link is given the header's text colour, or it is lost on the band.
        text = self._boxed_compact if self.compact else self._boxed_text
        return f"{text}<a href='#boxed' style='color:{link_colour}; font-weight:600'>Read it in full</a>"

    def apply_colours(self, colours: dict[str, str]) -> None:
        self._link_colour = colours["header_text"]
        self.boxed_label.setText(self._boxed_html(self._link_colour))
        self.setStyleSheet(
            f"#drugHeader {{ background: {colours['header_bg']}; }}"
            f"#drugHeader QLabel {{ color: {colours['header_text']}; }}"
            f"#drugHeader QLabel#highAlertBadge {{ background: {colours['badge_bg']}; color: {colours['badge_text']};"
            f" font-weight: 700; padding: 6px 10px; border-radius: 4px; border: 2px solid {colours['badge_text']}; }}"
            f"#drugHeader QToolButton {{ color: {colours['header_text']}; }}"
        )
