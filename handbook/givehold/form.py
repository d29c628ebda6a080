"""The per-dose form: about 12 core items, their typed values and yes/no findings (``dose-check.yaml``).

The same structure drives the window, the printed page and the required-value check, so what a nurse is asked
on screen is what is printed and what the evaluator counts as missing.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from handbook.givehold.inputs import INPUT_SPECS

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Finding(_Strict):
    id: Slug
    text: Text


class Gate(_Strict):
    """A yes/no question that opens sub-findings (and sub-values) when the answer is yes."""

    id: Slug
    text: Text
    inputs: list[Slug] = Field(default_factory=list)


class Choice(_Strict):
    """Exactly one answer: ``none`` or one of the findings."""

    text: Text
    none: Text
    findings: Annotated[list[Finding], Field(min_length=2)]


class Item(_Strict):
    id: Slug
    number: int
    title: Text
    hint: str = ""
    inputs: list[Slug] = Field(default_factory=list)  # "rhythm" is the rhythm choice; the rest are INPUTS ids
    gate: Gate | None = None
    findings: list[Finding] = Field(default_factory=list)  # under the gate
    also: list[Finding] = Field(default_factory=list)  # asked on their own, beside the gate
    choice: Choice | None = None

    @model_validator(mode="after")
    def _shape(self) -> Item:
        if self.findings and self.gate is None:
            raise ValueError(f"item {self.id}: sub-findings need a gate question")
        for input_id in [*self.inputs, *(self.gate.inputs if self.gate else [])]:
            if input_id != "rhythm" and input_id not in INPUT_SPECS:
                raise ValueError(f"item {self.id}: unknown input {input_id!r}")
        return self


class DoseForm(_Strict):
    items: Annotated[list[Item], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique(self) -> DoseForm:
        ids = self.finding_ids()
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"finding ids used twice: {', '.join(duplicates)}")
        return self

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
            for finding in (*item.findings, *item.also, *(item.choice.findings if item.choice else [])):
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
