"""The label rules the per-dose check always applies (``label-rules.yaml`` + ``label_dose_rules`` in the drug file).

The rule's wording, action and sources stay in ``resources/content/drugs/proleukin.yaml`` (the Warnings tab shows
the same rows); ``label-rules.yaml`` only says which value, rhythm or finding meets each row.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from handbook.givehold.compiled import LabelRule, LabelRules
from handbook.givehold.protocol import Condition

__all__ = ["LabelRule", "LabelRuleLink", "LabelRules", "LabelRulesFile", "link_label_rules", "parse_drug_rules"]

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LabelRuleLink(_Strict):
    rule: Slug
    when: Condition


class LabelRulesFile(_Strict):
    rules: Annotated[list[LabelRuleLink], Field(min_length=1)]
    checked_rows: list[str]
    not_loaded: list[str]
    not_loaded_sources: list[Slug]


class _DrugRule(BaseModel):
    """The part of a ``label_dose_rules`` row the check needs (the drug file's schema validates the rest)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: Slug
    system: str
    finding: str
    action: str  # withhold | discontinue
    resume: str = ""
    sources: list[Slug]


def link_label_rules(links: LabelRulesFile, drug_rules: list[_DrugRule]) -> LabelRules:
    by_id = {rule.id: rule for rule in drug_rules}
    rules = []
    for link in links.rules:
        row = by_id.get(link.rule)
        if row is None:
            raise ValueError(f"label rule {link.rule!r} is not in the drug file's label_dose_rules")
        rules.append(
            LabelRule(row.id, row.system, row.finding, row.action, row.resume, tuple(row.sources), link.when.to_plain())
        )
    return LabelRules(tuple(rules), tuple(links.checked_rows), tuple(links.not_loaded), tuple(links.not_loaded_sources))


def parse_drug_rules(raw: object) -> list[_DrugRule]:
    if not isinstance(raw, list):
        raise ValueError("label_dose_rules is missing from the drug file")
    return [_DrugRule.model_validate(row) for row in raw]
