"""The per-dose form: about 12 core items, their typed values and yes/no findings (``dose-check.yaml``).

The same structure drives the window, the printed page and the required-value check, so what a nurse is asked
on screen is what is printed and what the evaluator counts as missing.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from handbook.givehold import compiled
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

    def to_plain(self) -> compiled.CheckForm:
        """What the app uses: the same form as plain data (what the content database stores)."""
        return compiled.form_from_document(compiled.form_document(self))

    def finding_ids(self) -> list[str]:
        return self.to_plain().finding_ids()
