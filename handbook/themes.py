"""Colour themes (light, dark, high contrast) as data, shared by the window and the content CSS."""

from __future__ import annotations

import json
from functools import cache

from handbook.paths import resources_dir

THEMES = ("light", "dark", "high-contrast")
# The tones of the result banners, calm to urgent; each theme gives a border and a background for each, and one
# text colour for all (resources/styles/<theme>.json: tone_<tone>_border, tone_<tone>_bg, tone_text).
TONES = ("quiet", "info", "ok", "caution", "hold", "stop")
THEME_TITLES = {"system": "Follow the system", "light": "Light", "dark": "Dark", "high-contrast": "High contrast"}


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of ``#rrggbb``."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.2 contrast ratio between two ``#rrggbb`` colours, 1.0 to 21.0."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@cache
def colours(theme: str) -> dict[str, str]:
    if theme not in THEMES:
        theme = "light"
    palette: dict[str, str] = json.loads((resources_dir() / "styles" / f"{theme}.json").read_text(encoding="utf-8"))
    return palette


def _themed(sheet: str, theme: str) -> str:
    """A style sheet from ``resources/styles`` with its ``@name@`` placeholders in the theme's colours."""
    css = (resources_dir() / "styles" / sheet).read_text(encoding="utf-8")
    for name, value in colours(theme).items():
        css = css.replace(f"@{name}@", value)
    return css.replace("@styles_dir@", (resources_dir() / "styles").as_posix())


@cache
def content_css(theme: str) -> str:
    """CSS for the content views (QTextDocument)."""
    return _themed("content.css", theme)


@cache
def widget_css(theme: str) -> str:
    """A small application style sheet (table headers, dock titles) in the theme's colours."""
    return _themed("widgets.qss", theme)


def tone_colours(theme: str, tone: str) -> tuple[str, str, str]:
    """A banner tone in a theme: (border, background, text)."""
    c = colours(theme)
    return c[f"tone_{tone}_border"], c[f"tone_{tone}_bg"], c["tone_text"]
