"""Give or hold: which ticked (or measured) criteria apply, and the plain result they lead to.

The content's convention for decision checklists: a ticked item means the criterion is present.
A typed value decides the tick of an item that has a threshold. Label rules and published practice
stay distinct in the findings, so the nurse can see which one drives the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

from handbook.checklists.spec import Basis, ChecklistSpec, ItemSpec
from handbook.checklists.values import ParsedValue, ValueState, format_number, parse_value


class Verdict(IntEnum):
    """Ordered: the most serious finding wins."""

    give = 0
    check_values = 1  # only when nothing else applies and a typed value cannot be read
    call = 2
    hold = 3
    stop = 4


HEADLINES = {
    Verdict.give: "May give",
    Verdict.check_values: "Not decided: a typed value is not a number",
    Verdict.call: "Call the provider before giving",
    Verdict.hold: "Hold the dose and call the provider",
    Verdict.stop: "Do not give: stop and call the provider",
}

# Words that stand beside the headline, so the result never depends on colour alone.
# Only symbols DejaVu Sans draws, so screen and paper show the same mark.
ICONS = {Verdict.give: "✓", Verdict.check_values: "?", Verdict.call: "☎", Verdict.hold: "⚠", Verdict.stop: "✖"}

AID_NOTE = (
    "This result is an aid, not an order: check it against the current prescribing information, "
    "the patient's orders and your local protocol."
)

_LABEL_VERDICT = {"discontinue": Verdict.stop, "withhold": Verdict.hold}
_PRACTICE_VERDICT = {"stop": Verdict.stop, "hold": Verdict.hold, "notify": Verdict.call}
_LABEL_WORDS = {"discontinue": "permanently discontinue", "withhold": "withhold"}
_PRACTICE_WORDS = {"stop": "stop", "hold": "hold", "notify": "call the provider"}


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


@dataclass(frozen=True)
class Finding:
    item_slug: str
    basis: Basis
    verdict: Verdict
    text: str  # e.g. "US label: withhold — SBP < 90 mmHg (entered 86 mmHg)"


@dataclass(frozen=True)
class Result:
    verdict: Verdict
    findings: tuple[Finding, ...]
    unreadable: tuple[str, ...]  # item texts whose typed value is not a number

    @property
    def headline(self) -> str:
        return HEADLINES[self.verdict]

    @property
    def icon(self) -> str:
        return ICONS[self.verdict]

    @property
    def basis_note(self) -> str:
        """Which kind of rule drives the headline: the label, published practice, or both."""
        bases = {f.basis for f in self.findings if f.verdict == self.verdict}
        if bases == {Basis.label}:
            return "Because of the US label"
        if bases == {Basis.practice}:
            return "Because of published practice (not the label)"
        if bases:
            return "Because of the US label and published practice"
        return ""

    @property
    def summary(self) -> str:
        """One line for history lists and printouts."""
        return f"{self.icon} {self.headline}"

    @property
    def aid_note(self) -> str:
        return AID_NOTE


def read_item(item: ItemSpec, state: ItemState | None) -> ItemReading:
    state = state or ItemState()
    value = parse_value(state.value)
    if item.threshold is not None and value.number is not None:
        return ItemReading(present=item.threshold.triggers(value.number), value=value, from_value=True)
    return ItemReading(present=state.checked, value=value, from_value=False)


def finding_text(item: ItemSpec, reading: ItemReading) -> str:
    entered = ""
    if reading.value.number is not None:
        unit = f" {item.threshold.unit}" if item.threshold is not None and item.threshold.unit else ""
        entered = f" (entered {format_number(reading.value.number)}{unit})"
    what = item.finding or item.text
    if item.basis is Basis.label:
        return f"US label: {_LABEL_WORDS.get(item.action, item.action)} — {what}{entered}"
    names = ", ".join(ref.short_name for ref in (item.rule_sources or item.sources))
    who = f"Published practice ({names})" if names else "Published practice"
    return f"{who}: {_PRACTICE_WORDS.get(item.action, item.action)} — {what}{entered}"


def item_verdict(item: ItemSpec) -> Verdict:
    table = _LABEL_VERDICT if item.basis is Basis.label else _PRACTICE_VERDICT
    return table.get(item.action, Verdict.give) if item.decides else Verdict.give


def evaluate(checklist: ChecklistSpec, states: Mapping[str, ItemState]) -> Result:
    findings: list[Finding] = []
    unreadable: list[str] = []
    for item in checklist.items:
        reading = read_item(item, states.get(item.slug))
        if reading.unreadable:
            unreadable.append(item.text)
        if reading.present and item.decides:
            findings.append(Finding(item.slug, item.basis, item_verdict(item), finding_text(item, reading)))
    findings.sort(key=lambda f: (-f.verdict, f.basis is not Basis.label))
    verdict = max((f.verdict for f in findings), default=Verdict.give)
    # Never say "may give" while a typed value could not be read: it may hide a trigger.
    if verdict is Verdict.give and unreadable:
        verdict = Verdict.check_values
    return Result(verdict=verdict, findings=tuple(findings), unreadable=tuple(unreadable))
