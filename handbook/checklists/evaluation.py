"""What one checklist item amounts to now: ticked or not, and the value typed for it.

Checklists are task lists (done / not done). The give/hold decision before a dose is not a checklist any more:
it is the per-dose check in :mod:`handbook.givehold`, with label rules, one protocol and required values.
"""

from __future__ import annotations

from dataclasses import dataclass

from handbook.checklists.spec import ItemSpec
from handbook.checklists.values import ParsedValue, ValueState, parse_value


@dataclass(frozen=True)
class ItemState:
    checked: bool = False
    value: str = ""


@dataclass(frozen=True)
class ItemReading:
    """What one item amounts to now: present or not, and why."""

    present: bool
    value: ParsedValue
    from_value: bool  # the tick was decided by the typed value

    @property
    def unreadable(self) -> bool:
        return self.value.state is ValueState.not_a_number


def read_item(item: ItemSpec, state: ItemState | None) -> ItemReading:
    state = state or ItemState()
    value = parse_value(state.value)
    if item.threshold is not None and value.number is not None:
        return ItemReading(present=item.threshold.triggers(value.number), value=value, from_value=True)
    return ItemReading(present=state.checked, value=value, from_value=False)
