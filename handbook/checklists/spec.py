"""A checklist template as plain, immutable data, built from the content database.

Evaluation and printing work on these, so tests can build a checklist directly and the ORM
session does not have to stay open while a nurse works.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from handbook.checklists.values import format_number
from handbook.sources import SourceRef, source_refs

_COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}

_SYMBOLS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


@dataclass(frozen=True)
class Threshold:
    """Triggers when ``x <comparator> value`` and (no upper band or ``x <= upper``).

    Bounds are exact decimals (an int is taken as the Decimal it is); a float is refused, so 89.9 is 89.9.
    """

    parameter: str
    label: str
    unit: str
    comparator: str
    value: Decimal
    upper: Decimal | None = None

    def __post_init__(self) -> None:
        if self.comparator not in _COMPARE:
            raise ValueError(f"unknown comparator {self.comparator!r}")
        object.__setattr__(self, "value", _exact(self.value))
        if self.upper is not None:
            object.__setattr__(self, "upper", _exact(self.upper))

    def triggers(self, x: Decimal) -> bool:
        """Whether the typed value ``x`` (a Decimal read from the nurse's text) meets the threshold."""
        typed = _exact(x)
        return _COMPARE[self.comparator](typed, self.value) and (self.upper is None or typed <= self.upper)

    def describe(self) -> str:
        """E.g. "Systolic BP < 90 mmHg" or "Heart rate > 100 to 130 /min"."""
        text = f"{self.label} {_SYMBOLS[self.comparator]} {format_number(self.value)}"
        if self.upper is not None:
            text += f" to {format_number(self.upper)}"
        return f"{text} {self.unit}".strip()

    @classmethod
    def from_columns(cls, row: Any) -> Threshold | None:
        """From a content row with ``threshold_*`` columns (label rule or practice criterion)."""
        if row is None or row.threshold_comparator is None or row.threshold_value is None:
            return None
        return cls(
            parameter=row.threshold_parameter or "",
            label=row.threshold_label or "",
            unit=row.threshold_unit or "",
            comparator=row.threshold_comparator,
            value=row.threshold_value,
            upper=row.threshold_upper,
        )


def _exact(value: Decimal | int) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"a threshold and its typed value are Decimal or int, not {type(value).__name__} {value!r}")
    return Decimal(value)


class Basis(StrEnum):
    label = "label"  # a US label withhold / discontinue rule
    practice = "practice"  # a published institutional criterion
    task = "task"  # an item without a rule: done / not done


@dataclass(frozen=True)
class ItemSpec:
    slug: str
    text: str
    basis: Basis = Basis.task
    action: str = ""  # label: withhold / discontinue; practice: hold / stop / notify
    finding: str = ""  # the rule's finding or the criterion's wording
    threshold: Threshold | None = None
    sources: tuple[SourceRef, ...] = ()
    rule_sources: tuple[SourceRef, ...] = ()  # the linked rule's or criterion's own sources

    @property
    def decides(self) -> bool:
        return self.basis is not Basis.task and bool(self.action)


@dataclass(frozen=True)
class SectionSpec:
    slug: str
    title: str
    basis: str  # as the content says it: "Label", "Published practice"...
    items: tuple[ItemSpec, ...]


@dataclass(frozen=True)
class ChecklistSpec:
    slug: str
    title: str
    purpose: str
    sections: tuple[SectionSpec, ...]
    content_version: str = ""
    drug_name: str = ""
    _by_slug: dict[str, ItemSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_slug", {i.slug: i for s in self.sections for i in s.items})

    @property
    def items(self) -> list[ItemSpec]:
        return [item for section in self.sections for item in section.items]

    def item(self, slug: str) -> ItemSpec | None:
        return self._by_slug.get(slug)

    @property
    def gives_a_result(self) -> bool:
        """Only checklists whose items carry withhold/stop rules produce a give/hold result."""
        return any(item.decides for item in self.items)

    def sources(self) -> list[SourceRef]:
        """Every source cited by the checklist, each once, in order of first use."""
        seen: dict[str, SourceRef] = {}
        for item in self.items:
            for ref in (*item.sources, *item.rule_sources):
                seen.setdefault(ref.id, ref)
        return list(seen.values())


def item_from_row(row: Any) -> ItemSpec:
    """An :class:`ItemSpec` from a content ``ChecklistItem`` row and its linked rule or criterion."""
    if row.rule is not None:
        rule = row.rule
        return ItemSpec(
            slug=row.slug,
            text=row.text,
            basis=Basis.label,
            action=rule.action,
            finding=rule.finding,
            threshold=Threshold.from_columns(rule),
            sources=source_refs(row.sources),
            rule_sources=source_refs(rule.sources),
        )
    if row.criterion is not None:
        crit = row.criterion
        return ItemSpec(
            slug=row.slug,
            text=row.text,
            basis=Basis.practice,
            action=crit.level,
            finding=crit.criterion,
            threshold=Threshold.from_columns(crit),
            sources=source_refs(row.sources),
            rule_sources=source_refs(crit.sources),
        )
    return ItemSpec(slug=row.slug, text=row.text, sources=source_refs(row.sources))


def checklist_from_template(template: Any, content_version: str = "", drug_name: str = "") -> ChecklistSpec:
    """A :class:`ChecklistSpec` from a content ``ChecklistTemplate`` row."""
    sections = tuple(
        SectionSpec(slug=s.slug, title=s.title, basis=s.basis, items=tuple(item_from_row(i) for i in s.items))
        for s in template.sections
    )
    return ChecklistSpec(
        slug=template.slug,
        title=template.title,
        purpose=template.purpose,
        sections=sections,
        content_version=content_version,
        drug_name=drug_name,
    )


def checklists_of(drug: Any) -> list[ChecklistSpec]:
    """Every checklist of a content ``Drug`` row, in content order."""
    name = f"{drug.brand_name} ({drug.generic_name})"
    return [checklist_from_template(t, drug.content_version, name) for t in drug.checklists]
