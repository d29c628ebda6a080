"""The schema of a protocol file, and of the condition a label rule or a protocol criterion is met by.

A protocol file (``resources/content/protocols/<id>.yaml``, or a ward's own in the ``protocols`` folder beside
IT's ``ward.ini``) carries::

    id: my-ward-2026                 # lower case, digits and dashes; the ward.ini [protocol] id
    title: "..."                     # what the window and every page show
    short_name: "..."
    sources: [source-id, ...]        # ids in resources/content/sources.yaml
    status: published-example | approved
    approved_by: ""                  # who approved it (required, and only allowed, when status is approved)
    approved_on: null                # the date it was approved (the same)
    levels: {relative: "...", absolute: "...", notify: "..."}   # what each level means in this protocol
    reading_notes: ["..."]           # how the table was read (shown with the protocol)
    criteria:
      - id: hr-relative
        level: relative | absolute | notify
        system: Cardiovascular
        text: "..."                  # the criterion in the protocol's terms
        when: {input: hr, at_least: 100, at_most: 130, sinus_only: true}
        # or when: {findings: [id, ...], rhythms: [af, ...]}   (met when any of them is present)
        sources: [...]               # optional: defaults to the protocol's sources
    counting:                        # or null
      relative_criteria_stop_at: 3   # stop when this many relative criteria are met at one dose
      held_doses_stop_at: 3          # stop when this many doses have been held this cycle (this one included)
      text: "..."

Bounds are exact decimals: the file's ``89.9`` is read as ``Decimal("89.9")`` (never a binary float) and typed
values are compared as decimals, so a value on a boundary falls on the side the protocol says.

A numeric band has a lower bound (``at_least`` or ``above``) and/or an upper bound (``below`` or ``at_most``).
Bands on the same value never overlap within one protocol (checked on load), so one typed value meets at most
one criterion of a protocol. ``protocol.schema.json`` beside the shipped files is this schema as JSON Schema.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from handbook.content.exact import ExactNumber
from handbook.decimal_text import canonical
from handbook.givehold import compiled
from handbook.givehold.compiled import Level, Status
from handbook.givehold.inputs import INPUT_SPECS, Rhythm

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Strict):
    """When a rule is met: a typed value inside a band, or any of some rhythms or yes-findings."""

    input: Slug | None = None
    at_least: ExactNumber | None = None
    above: ExactNumber | None = None
    below: ExactNumber | None = None
    at_most: ExactNumber | None = None
    sinus_only: bool = False  # a heart-rate band that applies only in sinus rhythm (or when no rhythm is given)
    findings: list[Slug] = Field(default_factory=list)
    rhythms: list[Rhythm] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_kind(self) -> Condition:
        bounds = [self.at_least, self.above, self.below, self.at_most]
        if self.input is not None:
            if self.findings or self.rhythms:
                raise ValueError("a condition is either a band on one input or a list of findings/rhythms")
            if self.input not in INPUT_SPECS:
                raise ValueError(f"unknown input {self.input!r}")
            if self.at_least is not None and self.above is not None:
                raise ValueError("give at_least or above, not both")
            if self.below is not None and self.at_most is not None:
                raise ValueError("give below or at_most, not both")
            if all(b is None for b in bounds):
                raise ValueError("a band needs at least one bound")
            low, high = self.low, self.high
            if low is not None and high is not None and not low < high:
                raise ValueError(f"empty band: {canonical(low)} to {canonical(high)}")
        else:
            if any(b is not None for b in bounds) or self.sinus_only:
                raise ValueError("bounds need an input")
            if not (self.findings or self.rhythms):
                raise ValueError("a condition needs an input band, findings or rhythms")
        return self

    # The band's arithmetic lives once, in the plain data the app uses (:mod:`handbook.givehold.compiled`).

    def to_plain(self) -> compiled.Condition:
        return compiled.condition_from_document(compiled.condition_document(self))

    @property
    def low(self) -> Decimal | None:
        return self.to_plain().low

    @property
    def high(self) -> Decimal | None:
        return self.to_plain().high

    def contains(self, value: Decimal) -> bool:
        return self.to_plain().contains(value)

    def overlaps(self, other: Condition) -> bool:
        """Could one value lie in both bands (same input)?"""
        return self.to_plain().overlaps(other.to_plain())

    def describe(self) -> str:
        """E.g. "100 to 130 beats/min", "below 90 mmHg", "2.5 up to (not including) 3"."""
        return self.to_plain().describe()


class Criterion(_Strict):
    id: Slug
    level: Level
    system: Text
    text: Text
    when: Condition
    sources: list[Slug] = Field(default_factory=list)


class Counting(_Strict):
    relative_criteria_stop_at: int | None = Field(default=None, ge=2, le=20)
    held_doses_stop_at: int | None = Field(default=None, ge=1, le=14)
    text: Text


class Levels(_Strict):
    relative: Text = "Relative criterion: hold this dose."
    absolute: Text = "Absolute criterion: stop IL-2."
    notify: Text = "Call the prescriber."


class ProtocolFile(_Strict):
    """One institution protocol. See the module docstring for the file format."""

    id: Slug
    title: Text
    short_name: Text
    sources: Annotated[list[Slug], Field(min_length=1)]
    status: Status
    approved_by: str = ""
    approved_on: dt.date | None = None
    levels: Levels = Levels()
    reading_notes: list[Text] = Field(default_factory=list)
    criteria: Annotated[list[Criterion], Field(min_length=1)]
    counting: Counting | None = None
    schema_version: Literal[1] = 1

    @model_validator(mode="after")
    def _consistent(self) -> ProtocolFile:
        if self.status is Status.approved and not (self.approved_by.strip() and self.approved_on):
            raise ValueError("an approved protocol needs approved_by and approved_on")
        if self.status is Status.published_example and (self.approved_by.strip() or self.approved_on):
            raise ValueError("a published example is not approved by anyone: leave approved_by and approved_on empty")
        ids = [c.id for c in self.criteria]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"criterion ids used twice: {', '.join(duplicates)}")
        bands = [c for c in self.criteria if c.when.input is not None]
        for index, first in enumerate(bands):
            for second in bands[index + 1 :]:
                if first.when.overlaps(second.when):
                    raise ValueError(
                        f"criteria {first.id} and {second.id} overlap on {first.when.input}: "
                        "one value would meet both (make the bands half-open)"
                    )
        return self

    def to_plain(self) -> compiled.ProtocolRules:
        """What the app uses: the same protocol as plain data (what the content database stores)."""
        return compiled.protocol_from_document(compiled.protocol_document(self))
