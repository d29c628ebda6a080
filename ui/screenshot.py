"""``handbook --screenshot DIR``: every tab rendered offscreen to a PNG (the README's pictures)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from ui.main_window import MainWindow


def save_screenshots(window: MainWindow, folder: Path, prefix: str = "") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(1280, 900)
    window.show()
    saved = []
    for index, page in enumerate(window.pages):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        slug = page.title.lower().replace("&", "and").replace(" ", "-").replace("--", "-")
        path = folder / f"{prefix}{index + 1}-{slug}.png"
        if not window.grab().save(str(path)):
            raise OSError(f"cannot write {path}")
        saved.append(path)
    return saved
