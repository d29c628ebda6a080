"""Apply a colour theme and a text size to the whole application: palette and style sheet for widgets,
CSS for content views, and the application font that every view scales from."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QProxyStyle, QWidget

from handbook.themes import THEMES, TONES, colours, content_css, widget_css


def resolve(choice: str) -> str:
    """'system' becomes light or dark from the platform's colour scheme."""
    if choice in THEMES:
        return choice
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def palette_for(theme: str) -> QPalette:
    c = {name: QColor(value) for name, value in colours(theme).items()}
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: c["window"],
        QPalette.ColorRole.WindowText: c["text"],
        QPalette.ColorRole.Base: c["base"],
        QPalette.ColorRole.AlternateBase: c["th_bg"],
        QPalette.ColorRole.Text: c["text"],
        QPalette.ColorRole.Button: c["button"],
        QPalette.ColorRole.ButtonText: c["text"],
        QPalette.ColorRole.Highlight: c["highlight"],
        QPalette.ColorRole.HighlightedText: c["highlight_text"],
        QPalette.ColorRole.Link: c["link"],
        QPalette.ColorRole.ToolTipBase: c["base"],
        QPalette.ColorRole.ToolTipText: c["text"],
        QPalette.ColorRole.PlaceholderText: c["placeholder"],
    }
    for role, colour in roles.items():
        palette.setColor(role, colour)
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, c["muted"])
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, c["muted"])
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, c["muted"])
    return palette


PLACEHOLDER_PROPERTY = "placeholderShown"  # the style sheet draws a line edit showing its placeholder in italics
_WATCHED_PROPERTY = "handbookPlaceholderWatched"


class HandbookStyle(QProxyStyle):
    """Fusion, plus one thing a style sheet cannot say by itself: whether a line edit shows its placeholder.

    A placeholder ("e.g. 70 or 70,5") in the typed text's colour and font reads as a value already entered;
    marked, the style sheet draws it in italics and in the theme's placeholder colour.
    """

    def polish(self, target: Any) -> Any:
        if isinstance(target, QLineEdit) and not target.property(_WATCHED_PROPERTY):
            target.setProperty(_WATCHED_PROPERTY, True)
            target.textChanged.connect(lambda _text, edit=target: mark_placeholder(edit))
            target.setProperty(PLACEHOLDER_PROPERTY, _shows_placeholder(target))
        return super().polish(target)


def _shows_placeholder(edit: QLineEdit) -> bool:
    return not edit.text() and bool(edit.placeholderText())


def mark_placeholder(edit: QLineEdit) -> None:
    """Re-style ``edit`` when it starts or stops showing its placeholder (a placeholder set later counts too)."""
    shown = _shows_placeholder(edit)
    if edit.property(PLACEHOLDER_PROPERTY) != shown:
        edit.setProperty(PLACEHOLDER_PROPERTY, shown)
        edit.style().unpolish(edit)
        edit.style().polish(edit)


TONE_PROPERTY = "tone"


def show_tone(frame: QWidget, tone: str) -> None:
    """Draw ``frame`` (a result banner) in one of the theme's tones: the style sheet holds the colours of every
    tone in every theme, so the banner follows a change of theme by itself."""
    if tone not in TONES:
        raise ValueError(f"unknown tone {tone!r}")
    if frame.property(TONE_PROPERTY) == tone:
        return
    frame.setProperty(TONE_PROPERTY, tone)
    for widget in (frame, *frame.findChildren(QWidget)):  # the labels' colour depends on the frame's tone
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def use_handbook_style(app: QApplication) -> None:
    """Fusion with the placeholder marking, once per application."""
    if not isinstance(app.style(), HandbookStyle):
        style = HandbookStyle("Fusion")
        app.setStyle(style)
        app.setProperty("handbookStyle", True)
        _keep.append(style)  # the application does not own a style set from Python: keep it alive


_keep: list[HandbookStyle] = []


def apply(app: QApplication, theme: str) -> str:
    """Apply ``theme`` (already resolved) and return the CSS for content views."""
    use_handbook_style(app)
    palette = palette_for(theme)
    if app.palette() != palette:
        app.setPalette(palette)
    sheet = widget_css(theme)
    if app.styleSheet() != sheet:  # setting it re-polishes every widget in the application: only on a change
        app.setStyleSheet(sheet)
    return content_css(theme)


ZOOM_STEPS = (80, 90, 100, 110, 125, 150, 175, 200)  # percent of the platform's text size
DEFAULT_ZOOM = 100
_BASE_SIZE_PROPERTY = "handbookBasePointSize"


def clamp_zoom(percent: int) -> int:
    """The nearest zoom step, so a hand-edited settings file cannot make the text unreadable."""
    return min(ZOOM_STEPS, key=lambda step: abs(step - percent))


def zoom_step(percent: int, steps: int) -> int:
    """``steps`` steps larger (positive) or smaller (negative) than ``percent``, within the range."""
    index = ZOOM_STEPS.index(clamp_zoom(percent)) + steps
    return ZOOM_STEPS[max(0, min(len(ZOOM_STEPS) - 1, index))]


def base_point_size(app: QApplication) -> float:
    """The platform's text size, recorded the first time so zooming never compounds."""
    stored = app.property(_BASE_SIZE_PROPERTY)
    if isinstance(stored, float) and stored > 0:
        return stored
    size = app.font().pointSizeF()
    size = size if size > 0 else 10.0
    app.setProperty(_BASE_SIZE_PROPERTY, size)
    return size


def apply_zoom(app: QApplication, percent: int) -> float:
    """Scale the application font; widgets and content views (relative CSS sizes) follow it."""
    size = round(base_point_size(app) * clamp_zoom(percent) / 100, 1)
    font = app.font()
    if font.pointSizeF() == size:
        return size
    font.setPointSizeF(size)
    app.setFont(font)
    if app.styleSheet():
        # With an application style sheet, widgets already polished keep their old font until re-polished.
        app.setStyleSheet(app.styleSheet())
    return size
