"""Dosing: the label regimen, the preparation numbers and steps, with their sources."""

from __future__ import annotations

from ui.tabs.base import ContentTab


class DosingTab(ContentTab):
    title = "Dosing"
    template = "screen/dosing_reference.html.j2"
