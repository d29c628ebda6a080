"""Warnings & checklists: each serious risk, interactions, label rules and published practice."""

from __future__ import annotations

from ui.tabs.base import ContentTab


class WarningsTab(ContentTab):
    title = "Warnings & checklists"
    template = "screen/warnings.html.j2"
