"""Mechanism: how IL-2 works in plain words, a simple picture, and the pharmacokinetic facts."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from handbook.labels import template_labels
from handbook.tabs import Tab
from ui.tabs.base import ContentTab
from ui.widgets.flow_diagram import FlowDiagram


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
        self.layout_.addWidget(self.diagram)
        self.diagram_sources = QLabel(f"Picture based on: {', '.join(sorted(sources))}", self)
        self.diagram_sources.setObjectName("diagramSources")
        self.diagram_sources.setVisible(bool(steps))
        self.layout_.addWidget(self.diagram_sources)

    def apply_theme(self, css: str, colours: dict[str, str]) -> None:
        self.diagram.set_colours(colours)
        super().apply_theme(css, colours)

    def print_html(self) -> str:
        """The view on paper, where the list of steps has no picture above it."""
        from handbook.render import render

        return render(self.template, drug=self.drug, paper=True, **template_labels())
