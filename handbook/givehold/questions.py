"""Which questions the form asks for one protocol, and what counts as answered.

Only the findings that the label or the active protocol uses are asked; a gate question is asked when it or
anything under it is used. The window, the printed form and the evaluator all take the questions from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from handbook.givehold.compiled import CheckForm, Finding, FormItem, LabelRules, ProtocolRules
from handbook.givehold.inputs import INPUT_SPECS

RHYTHM = "rhythm"


@dataclass(frozen=True)
class ItemQuestions:
    """One core item as asked under one protocol."""

    item: FormItem
    inputs: tuple[str, ...]  # typed values (and "rhythm") asked for this item
    gate: Finding | None
    gate_inputs: tuple[str, ...]  # values asked only when the gate is yes
    subs: tuple[Finding, ...]  # asked only when the gate is yes
    also: tuple[Finding, ...]
    choice: tuple[Finding, ...]  # exclusive answers ("none" is implicit)

    @property
    def finding_ids(self) -> list[str]:
        ids = [self.gate.id] if self.gate else []
        return ids + [f.id for f in (*self.subs, *self.also, *self.choice)]


@dataclass(frozen=True)
class Questions:
    items: tuple[ItemQuestions, ...]
    used_inputs: frozenset[str]  # inputs some rule of the label or the protocol reads
    gate_of: Mapping[str, str]  # sub-finding → gate
    gated_inputs: Mapping[str, str]  # input → gate

    def item(self, item_id: str) -> ItemQuestions:
        return next(q for q in self.items if q.item.id == item_id)

    def all_findings(self) -> list[str]:
        return [f for q in self.items for f in q.finding_ids]


def questions_for(form: CheckForm, label: LabelRules, protocol: ProtocolRules) -> Questions:
    used_findings = label.findings_used() | protocol.findings_used()
    used_inputs = label.inputs_used() | protocol.inputs_used()
    items = []
    for item in form.items:
        subs = tuple(f for f in item.findings if f.id in used_findings)
        gate_inputs = tuple(i for i in (item.gate.inputs if item.gate else []) if i in used_inputs)
        gate = None
        if item.gate is not None and (item.gate.id in used_findings or subs or gate_inputs):
            gate = Finding(id=item.gate.id, text=item.gate.text)
        choice: tuple[Finding, ...] = ()
        if item.choice is not None and any(f.id in used_findings for f in item.choice.findings):
            choice = tuple(item.choice.findings)
        items.append(
            ItemQuestions(
                item=item,
                inputs=tuple(item.inputs),
                gate=gate,
                gate_inputs=gate_inputs,
                subs=subs,
                also=tuple(f for f in item.also if f.id in used_findings),
                choice=choice,
            )
        )
    return Questions(tuple(items), frozenset(used_inputs), form.gate_of(), form.gated_inputs())


def input_is_required(input_id: str, questions: Questions) -> bool:
    """A typed value the window insists on: required for every dose, or read by a rule (and not derived)."""
    if input_id == RHYTHM:
        return True
    spec = INPUT_SPECS[input_id]
    return spec.required or (input_id in questions.used_inputs and not spec.derived)
