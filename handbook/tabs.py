"""The views of the handbook, named once so that search results can say where a hit lives."""

from __future__ import annotations

from enum import StrEnum


class Tab(StrEnum):
    indications = "indications"
    mechanism = "mechanism"
    dosing = "dosing"
    side_effects = "side-effects"
    warnings = "warnings"
    courses = "courses"

    @property
    def heading(self) -> str:
        """What the tab strip and search results call this view (not ``title``: that is ``str.title()``)."""
        return TAB_TITLES[self]


TAB_TITLES = {
    Tab.indications: "Indications",
    Tab.mechanism: "Mechanism",
    Tab.dosing: "Dosing",
    Tab.side_effects: "Side effects",
    Tab.warnings: "Warnings & checklists",
    Tab.courses: "Course record",
}
