"""The per-dose give/hold evaluation: label rules (always) plus one protocol, on explicit typed inputs.

``evaluate(inputs, protocol)`` returns a :class:`Result`: the decision, every rule that was met (its text, the
value that met it, label or protocol, and its sources), what is missing, and the label rows that are not in
the handbook. The most cautious rule decides; a met rule is shown at once even while values are missing, and
"no hold criterion found" needs every required value.

Two ways of counting what is required:

- ``ask_everything=True`` (the window and the printed form): every typed value a rule of the label or the
  protocol reads, the rhythm, the dose number, the counts a counting rule needs, and a yes or no for every
  question the form asks. An unanswered question is missing.
- ``ask_everything=False`` (the command line, for validating the rules): the values of
  :data:`~handbook.givehold.inputs.REQUIRED_INPUTS`; a finding not given is absent, and a rule whose optional
  value is not given is listed in ``skipped``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from handbook.decimal_text import canonical
from handbook.givehold.compiled import Catalog, Condition, Level, ProtocolRules
from handbook.givehold.inputs import INPUT_SPECS, REQUIRED_INPUTS, RHYTHM_NAMES, DoseInputs, Reading, Rhythm
from handbook.givehold.questions import RHYTHM, Questions, input_is_required, questions_for
from handbook.givehold.wording import (
    ACTION_DECISION,
    ICONS,
    MEANINGS,
    SEVERITY,
    Decision,
    RuleAction,
    RuleSource,
    headline,
    not_loaded_sentence,
    rule_tag,
    short_tag,
)

_LEVEL_ACTION = {Level.relative: RuleAction.hold, Level.absolute: RuleAction.stop, Level.notify: RuleAction.call}
_LABEL_ACTION = {"withhold": RuleAction.withhold, "discontinue": RuleAction.stop}


@dataclass(frozen=True)
class FiredRule:
    """One rule that was met, with what met it."""

    id: str  # "label:cv-withhold-sbp-below-90", "dutcher-2014:hr-relative", "springerplus-2015:count-relative"
    source: RuleSource
    action: RuleAction
    system: str
    text: str
    value: str  # as typed with its unit: "86 mmHg", "yes", "Atrial fibrillation", "3 relative criteria"
    cites: tuple[str, ...]
    origin: str = ""  # where the value came from: "drawn 2026-12-01 06:10 (3 h ago)"
    resume: str = ""  # label withhold rules: when the dose may be given again
    counting: bool = False

    @property
    def tag(self) -> str:
        return rule_tag(self.source, self.action, self.counting)

    @property
    def decision(self) -> Decision:
        return ACTION_DECISION[self.action]

    @property
    def short_tag(self) -> str:
        return short_tag(self.source, self.action, self.counting)

    def line(self) -> str:
        """One line for the banner, the page and the terminal."""
        origin = f", {self.origin}" if self.origin else ""
        return f"{self.tag}: {self.text} (value: {self.value}{origin})"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source.value,
            "action": self.action.value,
            "text": self.text,
            "value": self.value,
            "cites": list(self.cites),
            "system": self.system,
            "counting": self.counting,
        }


@dataclass(frozen=True)
class Missing:
    id: str  # input id, "rhythm" or finding id
    label: str  # what the nurse reads: "Systolic blood pressure", "Item 8: Gut: the yes/no question"


@dataclass(frozen=True)
class Result:
    decision: Decision
    protocol_id: str
    protocol_name: str  # short name with its status
    protocol_title: str
    rules: tuple[FiredRule, ...]
    missing: tuple[Missing, ...]
    skipped: tuple[str, ...]  # protocol rules not evaluated because an optional value was not given
    not_loaded: tuple[str, ...]
    checked_label_rows: tuple[str, ...]
    relative_criteria_met: int
    doses_held: int | None
    dose_number: int | None
    readings: Mapping[str, Reading] = field(default_factory=dict)
    reading_notes: tuple[str, ...] = ()

    @property
    def headline(self) -> str:
        return headline(self.decision, len(self.missing))

    @property
    def icon(self) -> str:
        return ICONS[self.decision]

    @property
    def meaning(self) -> str:
        return MEANINGS[self.decision]

    @property
    def checked_sentence(self) -> str:
        rows = ", ".join(r.lower() for r in self.checked_label_rows)
        return f"Checked: label rows: {rows}; protocol: {self.protocol_name}."

    @property
    def not_loaded_sentence(self) -> str:
        return not_loaded_sentence(self.not_loaded)

    @property
    def label_rules(self) -> tuple[FiredRule, ...]:
        return tuple(r for r in self.rules if r.source is RuleSource.label)

    @property
    def protocol_rules(self) -> tuple[FiredRule, ...]:
        return tuple(r for r in self.rules if r.source is RuleSource.protocol)

    def summary(self) -> str:
        """One line for history lists and the course record."""
        return f"{self.icon} {self.headline}"

    def as_json(self) -> dict[str, Any]:
        """A JSON-able form (see ``resources/schemas/give-hold-result.schema.json``)."""
        return {
            "decision": self.decision.value,
            "headline": self.headline,
            "protocol": self.protocol_id,
            "protocol_name": self.protocol_name,
            "missing": [m.id for m in self.missing],
            "rules": [rule.as_json() for rule in self.rules],
            "skipped": list(self.skipped),
            "not_loaded": list(self.not_loaded),
            "checked_label_rows": list(self.checked_label_rows),
            "relative_criteria_met": self.relative_criteria_met,
            "doses_held": self.doses_held,
            "dose_number": self.dose_number,
            "values": {
                key: {"value": canonical(r.value), "unit": r.spec.unit, "origin": r.origin}
                for key, r in self.readings.items()
            },
        }


# ---------------------------------------------------------------- evaluation


class _Context:
    """The inputs with findings made effective: a yes under a gate is a yes to the gate; a running pressor rate is
    a yes to "pressor"."""

    def __init__(self, inputs: DoseInputs, questions: Questions, texts: Mapping[str, str]) -> None:
        self.inputs = inputs
        self.readings = inputs.readings()
        self.texts = texts
        answers = dict(inputs.findings)
        for sub, gate in questions.gate_of.items():
            if answers.get(sub):
                answers[gate] = True
        for input_id, gate in questions.gated_inputs.items():
            reading = self.readings.get(input_id)
            if reading is not None and reading.value > 0:
                answers[gate] = True
        self.answers = answers
        self.gates = set(questions.gate_of.values()) | set(questions.gated_inputs.values())

    def sinus_or_unknown(self) -> bool:
        return self.inputs.rhythm in (None, Rhythm.sinus)

    def met(self, when: Condition) -> tuple[str, str] | None:
        """(value text, origin) when the condition is met, else None."""
        if when.input is not None:
            reading = self.readings.get(when.input)
            if reading is None or not when.contains(reading.value):
                return None
            if when.sinus_only and not self.sinus_or_unknown():
                return None
            return reading.with_unit, "" if reading.origin == "typed" else reading.origin
        if self.inputs.rhythm is not None and self.inputs.rhythm in when.rhythms:
            return RHYTHM_NAMES[self.inputs.rhythm], ""
        present = [f for f in when.findings if self.answers.get(f)]
        if present:
            # A gate's question is long and ends in "?": "yes" says it; a finding's own words say more.
            return "; ".join("yes" if f in self.gates else f"yes: {self.texts.get(f, f)}" for f in present), ""
        return None


def evaluate(
    inputs: DoseInputs,
    protocol: ProtocolRules,
    *,
    ask_everything: bool = False,
    catalog: Catalog | None = None,
) -> Result:
    """The give/hold result for one dose. Raises :class:`~handbook.givehold.inputs.InputError` on a value that
    cannot be a measurement (out of physical range)."""
    catalog = catalog or file_catalog()
    inputs = inputs.checked()
    questions = questions_for(catalog.form, catalog.label, protocol)
    context = _Context(inputs, questions, catalog.form.finding_texts())
    fired: list[FiredRule] = []
    skipped: list[str] = []

    for rule in catalog.label.rules:
        hit = context.met(rule.when)
        if hit is not None:
            fired.append(
                FiredRule(
                    id=f"label:{rule.id}",
                    source=RuleSource.label,
                    action=_LABEL_ACTION[rule.action],
                    system=rule.system,
                    text=rule.text,
                    value=hit[0],
                    origin=hit[1],
                    cites=rule.sources,
                    resume=rule.resume,
                )
            )
    relative = 0
    for criterion in protocol.criteria:
        if criterion.when.input is not None and criterion.when.input not in context.readings:
            skipped.append(f"{protocol.id}:{criterion.id}")
            continue
        hit = context.met(criterion.when)
        if hit is None:
            continue
        relative += criterion.level is Level.relative
        fired.append(
            FiredRule(
                id=f"{protocol.id}:{criterion.id}",
                source=RuleSource.protocol,
                action=_LEVEL_ACTION[criterion.level],
                system=criterion.system,
                text=criterion.text,
                value=hit[0],
                origin=hit[1],
                cites=tuple(protocol.criterion_sources(criterion)),
            )
        )
    fired += _counting_rules(protocol, relative, inputs.doses_held, fired, skipped)

    missing = _missing(inputs, context, questions, protocol, ask_everything)
    fired.sort(key=lambda r: (-SEVERITY[r.decision], r.source is not RuleSource.label))
    if fired:
        decision = max((r.decision for r in fired), key=SEVERITY.__getitem__)
    else:
        decision = Decision.incomplete if missing else Decision.no_hold_found
    return Result(
        decision=decision,
        protocol_id=protocol.id,
        protocol_name=protocol.name_and_status,
        protocol_title=protocol.title,
        rules=tuple(fired),
        missing=tuple(missing),
        skipped=tuple(skipped),
        not_loaded=catalog.label.not_loaded,
        checked_label_rows=catalog.label.checked_rows,
        relative_criteria_met=relative,
        doses_held=inputs.doses_held,
        dose_number=inputs.dose_number,
        readings=context.readings,
        reading_notes=tuple(protocol.reading_notes),
    )


def _counting_rules(
    protocol: ProtocolRules, relative: int, held: int | None, fired: list[FiredRule], skipped: list[str]
) -> list[FiredRule]:
    counting = protocol.counting
    if counting is None:
        return []
    out = []
    if counting.relative_criteria_stop_at is not None and relative >= counting.relative_criteria_stop_at:
        out.append(
            FiredRule(
                id=f"{protocol.id}:count-relative",
                source=RuleSource.protocol,
                action=RuleAction.stop,
                system="Counting rule",
                text=f"{counting.relative_criteria_stop_at} or more relative criteria at one dose: discontinue",
                value=f"{relative} relative criteria met at this dose",
                cites=tuple(protocol.sources),
                counting=True,
            )
        )
    if counting.held_doses_stop_at is not None:
        if held is None:
            skipped.append(f"{protocol.id}:count-held")
        else:
            held_now = any(SEVERITY[r.decision] >= SEVERITY[Decision.hold] for r in fired)
            total = held + (1 if held_now else 0)
            if total >= counting.held_doses_stop_at:
                value = f"{held} held before this dose" + (" + this one" if held_now else "")
                out.append(
                    FiredRule(
                        id=f"{protocol.id}:count-held",
                        source=RuleSource.protocol,
                        action=RuleAction.stop,
                        system="Counting rule",
                        text=f"{counting.held_doses_stop_at} held doses this cycle: discontinue",
                        value=value,
                        cites=tuple(protocol.sources),
                        counting=True,
                    )
                )
    return out


def _missing(
    inputs: DoseInputs, context: _Context, questions: Questions, protocol: ProtocolRules, ask_everything: bool
) -> list[Missing]:
    readings = context.readings
    missing: list[Missing] = []

    def need(input_id: str) -> None:
        if input_id == RHYTHM:
            if inputs.rhythm is None:
                missing.append(Missing(RHYTHM, "Rhythm"))
        elif input_id not in readings and all(m.id != input_id for m in missing):
            missing.append(Missing(input_id, INPUT_SPECS[input_id].label))

    if not ask_everything:
        for input_id in REQUIRED_INPUTS:
            need(input_id)
        return missing

    for input_id in REQUIRED_INPUTS:
        need(input_id)
    for input_id in sorted(questions.used_inputs):
        spec = INPUT_SPECS[input_id]
        if not spec.derived and input_id not in questions.gated_inputs and input_id != "weight-gain-pct":
            need(input_id)
    answers = context.answers
    for q in questions.items:
        where = f"Item {q.item.number}, {q.item.title}"
        for input_id in q.inputs:
            if input_is_required(input_id, questions):
                need(input_id)
        if q.gate is not None:
            if q.gate.id not in answers:
                missing.append(Missing(q.gate.id, f"{where}: {q.gate.text}"))
            elif answers[q.gate.id]:
                for input_id in q.gate_inputs:
                    need(input_id)
                for sub in q.subs:
                    if sub.id not in answers:
                        missing.append(Missing(sub.id, f"{where}: {sub.text}"))
        for also in q.also:
            if also.id not in answers:
                missing.append(Missing(also.id, f"{where}: {also.text}"))
        if q.choice and not any(f.id in answers for f in q.choice):
            missing.append(Missing(q.choice[0].id, f"{where}: {q.item.choice.text if q.item.choice else ''}"))
    # Carried values the rules or the page need.
    need("dose-number")
    if protocol.counting is not None and protocol.counting.held_doses_stop_at is not None:
        need("doses-held")
    if "weight-gain-pct" in questions.used_inputs and "weight-gain-pct" not in readings:
        need("admission-weight-kg")
        need("weight-kg")
    if "urine-ml-per-kg-8h" in questions.used_inputs:
        need("admission-weight-kg")
    return missing


def file_catalog() -> Catalog:
    """The catalog read from the shipped files (YAML, pydantic): for callers without the content database."""
    from handbook.givehold.catalog import load_catalog

    return load_catalog()
