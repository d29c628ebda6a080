"""Help › About: what this is, the disclaimer, and every source with its citation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from handbook import __version__
from handbook.db import content_models as m
from handbook.disclaimer import DISCLAIMER
from handbook.render import render
from ui.widgets.content_browser import ContentBrowser


def about_html(sources: list[m.Source], meta: dict[str, str]) -> str:
    return render(
        "screen/about.html.j2",
        version=__version__,
        sources=sources,
        disclaimer=DISCLAIMER,
        content_version=meta.get("content_version", ""),
        last_reviewed=meta.get("last_reviewed", ""),
    )


class AboutDialog(QDialog):
    def __init__(
        self, html: str, css: str, describe_sources: Callable[[list[str]], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("About the Proleukin nursing handbook")
        self.resize(860, 640)
        layout = QVBoxLayout(self)
        self.browser = ContentBrowser(describe_sources, self)
        self.browser.setAccessibleName("About and sources")
        self.browser.set_content(html, css)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def show_source(self, source_id: str) -> None:
        self.browser.show_anchor(f"source:{source_id}")
