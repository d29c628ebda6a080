"""``handbook --screenshot DIR``: every tab rendered offscreen to PNGs (the README's pictures).

Each tab is saved in the light theme (``1-indications.png`` …), then in the dark and high-contrast
themes and at 150% text (``dark-…``, ``high-contrast-…``, ``zoomed-…``), plus a search in action
(``search-….png``). The user's own theme and text size are neither used nor changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ui.main_window import MainWindow

SIZE = (1280, 860)
SEARCH_EXAMPLE = "capillary leak"


@dataclass(frozen=True)
class Variant:
    prefix: str
    theme: str
    zoom: int


VARIANTS = (
    Variant("", "light", 100),
    Variant("dark-", "dark", 100),
    Variant("high-contrast-", "high-contrast", 100),
    Variant("zoomed-", "light", 150),
)


def _slug(title: str) -> str:
    return title.lower().replace("&", "and").replace(" ", "-").replace("--", "-")


def _grab(window: MainWindow, path: Path) -> Path:
    QApplication.processEvents()
    if not window.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    return path


def save_tabs(window: MainWindow, folder: Path, prefix: str = "") -> list[Path]:
    """One PNG per tab, as the window looks now."""
    saved = []
    for index, page in enumerate(window.pages):
        window.tabs.setCurrentIndex(index)
        saved.append(_grab(window, folder / f"{prefix}{index + 1}-{_slug(page.title)}.png"))
    return saved


def save_search(window: MainWindow, folder: Path, prefix: str = "") -> Path:
    """The search results beside the page the first result opens, its match selected."""
    window.search_box.setText(SEARCH_EXAMPLE)
    hits = window.run_search(SEARCH_EXAMPLE)
    if hits:
        window.open_hit(hits[0])
    path = _grab(window, folder / f"{prefix}search-{_slug(SEARCH_EXAMPLE)}.png")
    window.search_box.clear()
    window.close_results()
    return path


def save_screenshots(window: MainWindow, folder: Path, variants: tuple[Variant, ...] | None = None) -> list[Path]:
    """Every tab and the search in each variant (all of ``VARIANTS``, looked up when called, unless given)."""
    variants = VARIANTS if variants is None else variants
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(*SIZE)
    window.show()
    current_tab = window.tabs.currentIndex()
    saved = []
    try:
        for variant in variants:
            # apply_* (not set_*): the pictures must not change the user's remembered choices.
            window.apply_theme(variant.theme)
            window.apply_zoom(variant.zoom)
            saved.extend(save_tabs(window, folder, variant.prefix))
            saved.append(save_search(window, folder, variant.prefix))
    finally:
        window.apply_theme(window.theme_choice())
        window.apply_zoom(window.stored_zoom())
        window.tabs.setCurrentIndex(current_tab)
    return saved
