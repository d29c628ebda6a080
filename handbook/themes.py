"""Colour themes (light, dark, high contrast) as data, shared by the window and the content CSS."""

from __future__ import annotations

import json
from functools import cache

from handbook.paths import resources_dir

THEMES = ("light", "dark", "high-contrast")
THEME_TITLES = {"system": "Follow the system", "light": "Light", "dark": "Dark", "high-contrast": "High contrast"}


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
    return css


@cache
def content_css(theme: str) -> str:
    """CSS for the content views (QTextDocument)."""
    return _themed("content.css", theme)


@cache
def widget_css(theme: str) -> str:
    """A small application style sheet (table headers, dock titles) in the theme's colours."""
    return _themed("widgets.qss", theme)
