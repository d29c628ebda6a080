"""Apply a colour theme to the whole application: palette for widgets, CSS for content views."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from handbook.themes import colours, content_css


def resolve(choice: str) -> str:
    """'system' becomes light or dark from the platform's colour scheme."""
    if choice in ("light", "dark", "high-contrast"):
        return choice
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def palette_for(theme: str) -> QPalette:
    c = {name: QColor(value) for name, value in colours(theme).items()}
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: c["window"], QPalette.ColorRole.WindowText: c["text"],
        QPalette.ColorRole.Base: c["base"], QPalette.ColorRole.AlternateBase: c["th_bg"],
        QPalette.ColorRole.Text: c["text"], QPalette.ColorRole.Button: c["button"],
        QPalette.ColorRole.ButtonText: c["text"], QPalette.ColorRole.Highlight: c["highlight"],
        QPalette.ColorRole.HighlightedText: c["highlight_text"], QPalette.ColorRole.Link: c["link"],
        QPalette.ColorRole.ToolTipBase: c["base"], QPalette.ColorRole.ToolTipText: c["text"],
        QPalette.ColorRole.PlaceholderText: c["muted"],
    }
    for role, colour in roles.items():
        palette.setColor(role, colour)
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, c["muted"])
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, c["muted"])
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, c["muted"])
    return palette


def apply(app: QApplication, theme: str) -> str:
    """Apply ``theme`` (already resolved) and return the CSS for content views."""
    app.setPalette(palette_for(theme))
    return content_css(theme)
