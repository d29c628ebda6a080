"""Side effects: every effect, how common it is, what to do, and the label's incidence."""

from __future__ import annotations

from ui.tabs.base import ContentTab


class SideEffectsTab(ContentTab):
    title = "Side effects"
    template = "screen/side_effects_overview.html.j2"
