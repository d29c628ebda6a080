"""Warnings & checklists: each serious risk, interactions, label rules and published practice.

Two views in one tab: "Risks & rules" (the rendered content) and "Checklists" (work through and print).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QWidget

from handbook.db import content_models as m
from handbook.db.user_store import UserStore
from handbook.printout import PageFrame
from handbook.tabs import Tab
from ui.checklists.panel import ChecklistPanel
from ui.tabs.base import ContentTab

PRINT_SUMMARY = "print/warnings_summary.html.j2"
CHECKLIST_ANCHOR = "checklist:"  # search anchors "checklist:<checklist id>:<item id>"


class WarningsTab(ContentTab):
    title = Tab.warnings.heading
    template = "screen/warnings.html.j2"

    def __init__(
        self,
        drug: m.Drug,
        describe_sources: Callable[[list[str]], str],
        parent: QWidget | None = None,
        store: UserStore | None = None,
        not_kept: str = "",
    ) -> None:
        super().__init__(drug, describe_sources, parent)
        self.layout_.removeWidget(self.browser)
        self.views = QTabWidget(self)
        self.views.setAccessibleName("Warnings views")
        self.views.addTab(self.browser, "Risks && rules")
        self.checklists = ChecklistPanel(drug, self.views, store, not_kept)
        self.views.addTab(self.checklists, "Checklists")
        self.layout_.addWidget(self.views, 1)

    def set_user_store(self, store: UserStore | None, not_kept: str = "") -> None:
        """Where checklist progress is saved (the records database); ``not_kept`` says why, when nowhere."""
        self.checklists.set_user_store(store, not_kept=not_kept)

    def own_printout(self) -> tuple[str, PageFrame] | None:
        """With the checklists in view, Ctrl+P prints the checklist on screen (as filled in, or blank)."""
        if self.views.currentWidget() is not self.checklists:
            return None
        printout = self.checklists.current_printout()
        return None if printout is None else (printout.html, printout.frame)

    def print_html(self) -> str:
        """Ctrl+P on Risks & rules: a few pages for the chart, not the screen layout."""
        from handbook.labels import template_labels
        from handbook.render import render

        return render(PRINT_SUMMARY, drug=self.drug, **template_labels())

    def cited_source_ids(self) -> list[str]:
        """With the checklists in view: the sources of the checklist on screen."""
        if self.views.currentWidget() is self.checklists:
            checklist = self.checklists.checklist
            return [ref.id for ref in checklist.sources()] if checklist is not None else []
        return super().cited_source_ids()

    def show_anchor(self, anchor: str, highlight: str = "") -> None:
        if anchor.startswith(CHECKLIST_ANCHOR):
            slug, _, item = anchor[len(CHECKLIST_ANCHOR) :].partition(":")
            self.views.setCurrentWidget(self.checklists)
            self.checklists.select_checklist(slug, item)
            return
        self.views.setCurrentWidget(self.browser)
        super().show_anchor(anchor, highlight)
