"""Mechanism: how IL-2 works in plain words, a simple picture, and the pharmacokinetic facts."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea

from handbook.labels import template_labels
from handbook.tabs import Tab
from ui.tabs.base import ContentTab
from ui.widgets.flow_diagram import FlowDiagram

DIAGRAM_SHARE = 0.45  # of the tab's height, at most, before the picture scrolls


class MechanismTab(ContentTab):
    title = Tab.mechanism.heading
    template = "screen/mechanism.html.j2"

    def build_widgets(self) -> None:
        steps = [s.text for s in self.drug.section("mechanism.diagram")]
        side = self.drug.section("mechanism.diagram_side")
        sources = {src.short_name for s in [*self.drug.section("mechanism.diagram"), *side] for src in s.sources}
        self.diagram = FlowDiagram(steps, side[0].text if side else "", {}, self)
        self.diagram.setToolTip(f"{self.diagram.toolTip()}\nSources: {', '.join(sorted(sources))}")
        self.diagram.setVisible(bool(steps))
        # The picture keeps every word (its boxes grow with the text); past a share of the tab's height it
        # scrolls, so at 200 % text in a small window the text below still has room.
        self.diagram_scroll = QScrollArea(self)
        self.diagram_scroll.setObjectName("diagramScroll")
        self.diagram_scroll.setWidgetResizable(True)
        self.diagram_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.diagram_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.diagram_scroll.setWidget(self.diagram)
        self.diagram_scroll.setVisible(bool(steps))
        self.layout_.addWidget(self.diagram_scroll)
        self.diagram_sources = QLabel(f"Picture based on: {', '.join(sorted(sources))}", self)
        self.diagram_sources.setObjectName("diagramSources")
        self.diagram_sources.setVisible(bool(steps))
        self.layout_.addWidget(self.diagram_sources)

    def _fit_diagram(self) -> None:
        width = self.diagram_scroll.viewport().width() or self.width()
        needed = self.diagram.heightForWidth(width)
        share = int(self.height() * DIAGRAM_SHARE) if self.height() > 0 else needed
        self.diagram_scroll.setFixedHeight(max(1, min(needed, share)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if hasattr(self, "diagram_scroll"):
            self._fit_diagram()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "diagram_scroll"):
            self._fit_diagram()

    def apply_theme(self, css: str, colours: dict[str, str]) -> None:
        self.diagram.set_colours(colours)
        super().apply_theme(css, colours)

    def print_html(self) -> str:
        """The view on paper, where the list of steps has no picture above it."""
        from handbook.render import render

        return render(self.template, drug=self.drug, paper=True, **template_labels())
