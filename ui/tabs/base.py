"""What every tab shares: an HTML content view with sources, printable, that can show an anchor."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from handbook.labels import template_labels
from ui.widgets.content_browser import ContentBrowser

if TYPE_CHECKING:  # the first tab is shown before the ORM, jinja and printing are loaded
    from handbook.db import content_models as m
    from ui.printing import PageFrame


class ContentTab(QWidget):
    """A tab whose body is rendered HTML. Subclasses say what to render and may add widgets above it."""

    title = ""
    template = ""  # the jinja template under resources/templates that renders the body
    source_requested = Signal(list)

    def __init__(
        self, drug: m.Drug, describe_sources: Callable[[list[str]], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.drug = drug
        self.prerendered: str | None = None  # the body as stored in the content database, until the ORM is here
        self.css = ""
        self.colours: dict[str, str] = {}
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(12, 8, 12, 8)
        self.browser = ContentBrowser(describe_sources, self)
        self.browser.setAccessibleName(f"{self.title} content")
        self.browser.source_requested.connect(self.source_requested)
        self.build_widgets()
        self.layout_.addWidget(self.browser, 1)

    def put_browser_in(self, splitter: QSplitter, sizes: tuple[int, int]) -> None:
        """Move the content view from below everything into ``splitter``, under the tab's own widgets,
        so the nurse can give either more room."""
        self.layout_.removeWidget(self.browser)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes(list(sizes))

    def build_widgets(self) -> None:
        """Add widgets above the HTML view (diagrams, calculators)."""

    def html(self) -> str:
        if self.prerendered is not None:
            return self.prerendered
        from handbook.render import render

        return render(self.template, drug=self.drug, **template_labels())

    def use_drug(self, drug: m.Drug) -> None:
        """The ORM's drug has loaded: render from it from now on (the stored body was rendered from it)."""
        self.drug = drug
        self.prerendered = None

    def own_printout(self) -> tuple[str, PageFrame] | None:
        """A complete document of its own for Ctrl+P (e.g. a checklist form), or None to print the view."""
        return None

    def print_html(self) -> str:
        """What Ctrl+P prints for this tab."""
        return self.html()

    def cited_source_ids(self) -> list[str]:
        """The sources of what is on screen in this tab (Help › Sources of this view), in order first cited."""
        return self.browser.cited_source_ids()

    def apply_theme(self, css: str, colours: dict[str, str]) -> None:
        self.css = css
        self.colours = colours
        self.browser.set_content(self.html(), css)

    def show_anchor(self, anchor: str, highlight: str = "") -> None:
        self.browser.show_anchor(anchor, highlight)
