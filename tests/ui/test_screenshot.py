"""``--screenshot``: every tab in each variant, without touching the user's remembered theme or size."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from ui.main_window import MainWindow
from ui.screenshot import SIZE, Variant, save_screenshots


@pytest.mark.slow
def test_variants_are_written_and_settings_left_alone(window: MainWindow, tmp_path: Path) -> None:
    window.set_zoom(110)
    window.set_theme("light")
    paths = save_screenshots(window, tmp_path, (Variant("", "light", 100), Variant("dark-", "dark", 150)))
    names = {p.name for p in paths}
    assert {"4-side-effects.png", "dark-4-side-effects.png", "dark-search-capillary-leak.png"} <= names
    assert len(paths) == 2 * (len(window.pages) + 1)
    image = QImage(str(tmp_path / "dark-5-warnings-and-checklists.png"))
    assert (image.width(), image.height()) == SIZE
    assert window.zoom == 110
    assert window.theme == "light"
    assert window.settings.value("view/theme") == "light"
    assert int(window.settings.value("view/zoom")) == 110
    window.set_zoom(100)
