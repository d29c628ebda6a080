"""Indications: uses, place in therapy, who is a candidate, the setting and the course at a glance."""

from __future__ import annotations

from handbook.tabs import Tab
from ui.tabs.base import ContentTab
from ui.widgets.course_diagram import CourseDiagram, course_blocks


class IndicationsTab(ContentTab):
    title = Tab.indications.heading
    template = "screen/indications.html.j2"

    def build_widgets(self) -> None:
        regimen = self.drug.regimens[0]
        # The same call on the ORM regimen and on the stored first view's (the window paints before the ORM).
        interval = regimen.value("interval_hours")
        if interval is None:
            raise KeyError("the regimen has no interval_hours number")
        blocks = course_blocks([(c.number, c.first_day, c.last_day, c.max_doses) for c in regimen.cycles], interval)
        self.course = CourseDiagram(
            blocks,
            {"text": "#000", "highlight": "#1f5fa8", "th_bg": "#eee", "rule": "#999", "highlight_text": "#fff"},
            self,
        )
        self.course.setToolTip(f"{regimen.name} ({regimen.basis}): {self.course.description()}")
        self.layout_.addWidget(self.course)

    def apply_theme(self, css: str, colours: dict[str, str]) -> None:
        self.course.set_colours(colours)
        super().apply_theme(css, colours)
