"""The per-dose check's form, label rules and protocols as the app uses them: plain data, standard library only.

The files (``resources/content/givehold/``, ``resources/content/protocols/``) are read and validated with YAML and
pydantic once, when the content database is built (:mod:`handbook.givehold.catalog`); what the validation
accepted is stored in the content database as a JSON document (:func:`catalog_document`,
:func:`protocol_document`) with every number as its exact decimal text, and read back here
(:func:`catalog_from_document`, :func:`protocol_from_document`). So the window opens the check without importing
pydantic or YAML, and the file loader and the database give the same objects.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from handbook.decimal_text import canonical
from handbook.givehold.inputs import INPUT_SPECS, Rhythm


class Level(StrEnum):
    relative = "relative"  # hold this dose
    absolute = "absolute"  # stop IL-2
    notify = "notify"  # call the prescriber


class Status(StrEnum):
    published_example = "published-example"
    approved = "approved"


def plain(value: Decimal) -> str:
    """A bound as a nurse reads it: its own digits, no exponent, no trailing zero ("3.0" is misread as 30)."""
    return canonical(value)


def _exact(value: Decimal | int) -> Decimal:
    """A typed value compared as the decimal it was typed as; a float is refused (its digits are already gone)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"a typed value is compared as a Decimal, not as {type(value).__name__} {value!r}")
    return Decimal(value)


# ---------------------------------------------------------------- conditions


@dataclass(frozen=True)
class Condition:
    """When a rule is met: a typed value inside a band, or any of some rhythms or yes-findings."""

    input: str | None = None
    at_least: Decimal | None = None
    above: Decimal | None = None
    below: Decimal | None = None
    at_most: Decimal | None = None
    sinus_only: bool = False  # a heart-rate band that applies only in sinus rhythm (or when no rhythm is given)
    findings: tuple[str, ...] = ()
    rhythms: tuple[Rhythm, ...] = ()

    @property
    def low(self) -> Decimal | None:
        return self.at_least if self.at_least is not None else self.above

    @property
    def high(self) -> Decimal | None:
        return self.below if self.below is not None else self.at_most

    def contains(self, value: Decimal) -> bool:
        exact = _exact(value)
        if self.at_least is not None and exact < self.at_least:
            return False
        if self.above is not None and exact <= self.above:
            return False
        if self.below is not None and exact >= self.below:
            return False
        return not (self.at_most is not None and exact > self.at_most)

    def overlaps(self, other: Condition) -> bool:
        """Could one value lie in both bands (same input)?"""
        if self.input is None or self.input != other.input:
            return False
        # The intersection is empty exactly when one band ends at or before the other begins.
        return not (_ends_before(self, other) or _ends_before(other, self))

    def describe(self) -> str:
        """E.g. "100 to 130 beats/min", "below 90 mmHg", "2.5 up to (not including) 3"."""
        if self.input is None:
            return ""
        unit = INPUT_SPECS[self.input].unit
        parts = []
        if self.at_least is not None:
            parts.append(f"{plain(self.at_least)} or more")
        if self.above is not None:
            parts.append(f"above {plain(self.above)}")
        if self.below is not None:
            parts.append(f"below {plain(self.below)}")
        if self.at_most is not None:
            parts.append(f"{plain(self.at_most)} or less")
        return " and ".join(parts) + f" {unit}"


def _ends_before(first: Condition, second: Condition) -> bool:
    """True when every value of ``first`` is below every value of ``second``."""
    high, low = first.high, second.low
    if high is None or low is None:
        return False
    if high < low:
        return True
    if high > low:
        return False
    # They touch: empty only if at least one side leaves the shared point out.
    return first.below is not None or second.above is not None


# ---------------------------------------------------------------- protocols


@dataclass(frozen=True)
class Criterion:
    id: str
    level: Level
    system: str
    text: str
    when: Condition
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Counting:
    text: str
    relative_criteria_stop_at: int | None = None
    held_doses_stop_at: int | None = None


@dataclass(frozen=True)
class Levels:
    relative: str
    absolute: str
    notify: str


@dataclass(frozen=True)
class ProtocolRules:
    """One institution protocol, as checked on load (see :mod:`handbook.givehold.protocol` for the file)."""

    id: str
    title: str
    short_name: str
    sources: tuple[str, ...]
    status: Status
    approved_by: str
    approved_on: dt.date | None
    levels: Levels
    reading_notes: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    counting: Counting | None

    @property
    def status_words(self) -> str:
        if self.status is Status.approved:
            return f"approved by {self.approved_by} on {self.approved_on}"
        return "published example, not a ward-approved protocol"

    @property
    def name_and_status(self) -> str:
        """What every screen and page shows: "Dutcher 2014 (published example, not a ward-approved protocol)"."""
        return f"{self.short_name} ({self.status_words})"

    def findings_used(self) -> set[str]:
        return {f for c in self.criteria for f in c.when.findings}

    def inputs_used(self) -> set[str]:
        return {c.when.input for c in self.criteria if c.when.input is not None}

    def criterion_sources(self, criterion: Criterion) -> list[str]:
        return list(criterion.sources or self.sources)


# ---------------------------------------------------------------- the form


@dataclass(frozen=True)
class Finding:
    id: str
    text: str


@dataclass(frozen=True)
class Gate:
    """A yes/no question that opens sub-findings (and sub-values) when the answer is yes."""

    id: str
    text: str
    inputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Choice:
    """Exactly one answer: ``none`` or one of the findings."""

    text: str
    none: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class FormItem:
    id: str
    number: int
    title: str
    hint: str = ""
    inputs: tuple[str, ...] = ()  # "rhythm" is the rhythm choice; the rest are INPUTS ids
    gate: Gate | None = None
    findings: tuple[Finding, ...] = ()  # under the gate
    also: tuple[Finding, ...] = ()  # asked on their own, beside the gate
    choice: Choice | None = None


@dataclass(frozen=True)
class CheckForm:
    """The per-dose form: the same structure drives the window, the printed page and the required-value check."""

    items: tuple[FormItem, ...]

    def finding_ids(self) -> list[str]:
        ids: list[str] = []
        for item in self.items:
            if item.gate is not None:
                ids.append(item.gate.id)
            ids += [f.id for f in (*item.findings, *item.also)]
            if item.choice is not None:
                ids += [f.id for f in item.choice.findings]
        return ids

    def finding_texts(self) -> dict[str, str]:
        texts: dict[str, str] = {}
        for item in self.items:
            if item.gate is not None:
                texts[item.gate.id] = item.gate.text
            for finding in (*item.findings, *item.also, *(item.choice.findings if item.choice else ())):
                texts[finding.id] = finding.text
        return texts

    def gate_of(self) -> dict[str, str]:
        """sub-finding id → its gate id: a yes to a sub-finding is a yes to its gate."""
        return {f.id: item.gate.id for item in self.items if item.gate is not None for f in item.findings}

    def gated_inputs(self) -> dict[str, str]:
        """input id → the gate that asks for it (a value needed only when that gate is answered yes)."""
        return {i: item.gate.id for item in self.items if item.gate is not None for i in item.gate.inputs}

    def choice_groups(self) -> list[list[str]]:
        return [[f.id for f in item.choice.findings] for item in self.items if item.choice is not None]


# ---------------------------------------------------------------- the label rules and the catalog


@dataclass(frozen=True)
class LabelRule:
    id: str
    system: str
    text: str
    action: str  # "withhold" or "discontinue"
    resume: str
    sources: tuple[str, ...]
    when: Condition


@dataclass(frozen=True)
class LabelRules:
    rules: tuple[LabelRule, ...]
    checked_rows: tuple[str, ...]
    not_loaded: tuple[str, ...]
    not_loaded_sources: tuple[str, ...]

    def findings_used(self) -> set[str]:
        return {f for r in self.rules for f in r.when.findings}

    def inputs_used(self) -> set[str]:
        return {r.when.input for r in self.rules if r.when.input is not None}


class ProtocolError(Exception):
    """A protocol (or the form, or the label rules) is unknown, unreadable or does not match its schema."""


@dataclass(frozen=True)
class Catalog:
    """The form, the label rules and the known source ids: what every protocol is checked against."""

    form: CheckForm
    label: LabelRules
    source_ids: frozenset[str]
    content_version: str
    retreatment: tuple[tuple[str, tuple[str, ...]], ...]  # (statement, source ids) from the drug file
    source_names: Mapping[str, str]  # id → "Dutcher 2014 (Journal for ImmunoTherapy of Cancer 2014;2:26, 2014)"

    def check_protocol(self, protocol: ProtocolRules, where: str) -> ProtocolRules:
        known = set(self.form.finding_ids())
        for criterion in protocol.criteria:
            unknown = [f for f in criterion.when.findings if f not in known]
            if unknown:
                raise ProtocolError(f"{where}: criterion {criterion.id} names unknown findings: {', '.join(unknown)}")
        cited = set(protocol.sources) | {s for c in protocol.criteria for s in c.sources}
        missing = sorted(cited - self.source_ids)
        if missing:
            raise ProtocolError(f"{where}: source ids not in sources.yaml: {', '.join(missing)}")
        return protocol


# ---------------------------------------------------------------- documents: what the content database stores

_BOUNDS = ("at_least", "above", "below", "at_most")


def _number_text(value: object) -> str | None:
    """A bound as exact decimal text ("89.9", never 89.90000000000000568)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, bool) or not isinstance(value, int | str):  # a float has lost its written digits
        raise TypeError(f"a bound is a Decimal, int or decimal text, not {value!r}")
    return plain(Decimal(str(value)))


def condition_document(when: Any) -> dict[str, Any]:
    return {
        "input": when.input,
        **{name: _number_text(getattr(when, name)) for name in _BOUNDS},
        "sinus_only": bool(when.sinus_only),
        "findings": list(when.findings),
        "rhythms": [str(r) for r in when.rhythms],
    }


def condition_from_document(doc: Mapping[str, Any]) -> Condition:
    bounds = {name: None if doc[name] is None else Decimal(doc[name]) for name in _BOUNDS}
    return Condition(
        input=doc["input"],
        sinus_only=bool(doc["sinus_only"]),
        findings=tuple(doc["findings"]),
        rhythms=tuple(Rhythm(r) for r in doc["rhythms"]),
        **bounds,
    )


def protocol_document(protocol: Any) -> dict[str, Any]:
    """A validated protocol (the file's pydantic model, or :class:`ProtocolRules`) as JSON-able data."""
    counting = protocol.counting
    return {
        "id": protocol.id,
        "title": protocol.title,
        "short_name": protocol.short_name,
        "sources": list(protocol.sources),
        "status": str(protocol.status),
        "approved_by": protocol.approved_by,
        "approved_on": protocol.approved_on.isoformat() if protocol.approved_on else None,
        "levels": {name: getattr(protocol.levels, name) for name in ("relative", "absolute", "notify")},
        "reading_notes": list(protocol.reading_notes),
        "criteria": [
            {
                "id": c.id,
                "level": str(c.level),
                "system": c.system,
                "text": c.text,
                "when": condition_document(c.when),
                "sources": list(c.sources),
            }
            for c in protocol.criteria
        ],
        "counting": None
        if counting is None
        else {
            "text": counting.text,
            "relative_criteria_stop_at": counting.relative_criteria_stop_at,
            "held_doses_stop_at": counting.held_doses_stop_at,
        },
    }


def protocol_from_document(doc: Mapping[str, Any]) -> ProtocolRules:
    counting = doc["counting"]
    return ProtocolRules(
        id=doc["id"],
        title=doc["title"],
        short_name=doc["short_name"],
        sources=tuple(doc["sources"]),
        status=Status(doc["status"]),
        approved_by=doc["approved_by"],
        approved_on=dt.date.fromisoformat(doc["approved_on"]) if doc["approved_on"] else None,
        levels=Levels(**doc["levels"]),
        reading_notes=tuple(doc["reading_notes"]),
        criteria=tuple(
            Criterion(
                id=c["id"],
                level=Level(c["level"]),
                system=c["system"],
                text=c["text"],
                when=condition_from_document(c["when"]),
                sources=tuple(c["sources"]),
            )
            for c in doc["criteria"]
        ),
        counting=None if counting is None else Counting(**counting),
    )


def _finding_doc(finding: Any) -> dict[str, str]:
    return {"id": finding.id, "text": finding.text}


def _finding(doc: Mapping[str, str]) -> Finding:
    return Finding(id=doc["id"], text=doc["text"])


def form_document(form: Any) -> dict[str, Any]:
    items = []
    for item in form.items:
        gate, choice = item.gate, item.choice
        items.append(
            {
                "id": item.id,
                "number": item.number,
                "title": item.title,
                "hint": item.hint,
                "inputs": list(item.inputs),
                "gate": None if gate is None else {"id": gate.id, "text": gate.text, "inputs": list(gate.inputs)},
                "findings": [_finding_doc(f) for f in item.findings],
                "also": [_finding_doc(f) for f in item.also],
                "choice": None
                if choice is None
                else {
                    "text": choice.text,
                    "none": choice.none,
                    "findings": [_finding_doc(f) for f in choice.findings],
                },
            }
        )
    return {"items": items}


def form_from_document(doc: Mapping[str, Any]) -> CheckForm:
    items = []
    for item in doc["items"]:
        gate, choice = item["gate"], item["choice"]
        items.append(
            FormItem(
                id=item["id"],
                number=item["number"],
                title=item["title"],
                hint=item["hint"],
                inputs=tuple(item["inputs"]),
                gate=None if gate is None else Gate(id=gate["id"], text=gate["text"], inputs=tuple(gate["inputs"])),
                findings=tuple(_finding(f) for f in item["findings"]),
                also=tuple(_finding(f) for f in item["also"]),
                choice=None
                if choice is None
                else Choice(
                    text=choice["text"], none=choice["none"], findings=tuple(_finding(f) for f in choice["findings"])
                ),
            )
        )
    return CheckForm(items=tuple(items))


def catalog_document(catalog: Catalog) -> dict[str, Any]:
    label = catalog.label
    return {
        "form": form_document(catalog.form),
        "label": {
            "rules": [
                {
                    "id": r.id,
                    "system": r.system,
                    "text": r.text,
                    "action": r.action,
                    "resume": r.resume,
                    "sources": list(r.sources),
                    "when": condition_document(r.when),
                }
                for r in label.rules
            ],
            "checked_rows": list(label.checked_rows),
            "not_loaded": list(label.not_loaded),
            "not_loaded_sources": list(label.not_loaded_sources),
        },
        "source_ids": sorted(catalog.source_ids),
        "content_version": catalog.content_version,
        "retreatment": [[text, list(sources)] for text, sources in catalog.retreatment],
        "source_names": dict(catalog.source_names),
    }


def catalog_from_document(doc: Mapping[str, Any]) -> Catalog:
    label = doc["label"]
    return Catalog(
        form=form_from_document(doc["form"]),
        label=LabelRules(
            rules=tuple(
                LabelRule(
                    id=r["id"],
                    system=r["system"],
                    text=r["text"],
                    action=r["action"],
                    resume=r["resume"],
                    sources=tuple(r["sources"]),
                    when=condition_from_document(r["when"]),
                )
                for r in label["rules"]
            ),
            checked_rows=tuple(label["checked_rows"]),
            not_loaded=tuple(label["not_loaded"]),
            not_loaded_sources=tuple(label["not_loaded_sources"]),
        ),
        source_ids=frozenset(doc["source_ids"]),
        content_version=doc["content_version"],
        retreatment=tuple((text, tuple(sources)) for text, sources in doc["retreatment"]),
        source_names=dict(doc["source_names"]),
    )


@functools.lru_cache(maxsize=8)
def catalog_from_json(text: str) -> Catalog:
    return catalog_from_document(json.loads(text))


@functools.lru_cache(maxsize=16)
def protocol_from_json(text: str) -> ProtocolRules:
    return protocol_from_document(json.loads(text))
