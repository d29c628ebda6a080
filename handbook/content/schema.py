"""The shape of the human-reviewable content files in ``resources/content``.

Every clinical statement and every clinical number carries ``sources``: a list of ids from the
sources register (``resources/content/sources.yaml``). The loader checks that every id exists.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from handbook.content.exact import ExactNumber

SourceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Sources = Annotated[list[SourceId], Field(min_length=1)]


class Strict(BaseModel):
    """Unknown keys are typos in a content file: refuse them."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- sources register


class SourceKind(StrEnum):
    label = "label"  # US prescribing information (current or older)
    guideline = "guideline"  # consensus papers, published protocols and order sets
    consumer = "consumer"  # patient-facing drug information (the seed page)
    reference = "reference"  # compendia, handbooks, manufacturer medical information


class Source(Strict):
    id: SourceId
    kind: SourceKind
    short: str = ""  # a few words shown beside each statement, e.g. "US label 2024"
    title: Text
    publisher: Text
    version: str = ""  # edition, set id/version, or table number
    date: str = ""  # as precise as known: "2024-12-20", "2014", "n.d."
    url: str = ""
    note: str = ""


class SourcesFile(Strict):
    sources: Annotated[list[Source], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_ids(self) -> SourcesFile:
        _require_unique([s.id for s in self.sources], "source id")
        return self


# ---------------------------------------------------------------- building blocks


class Statement(Strict):
    """One sentence or short paragraph of clinical content, with where it comes from."""

    text: Text
    sources: Sources
    where: str = ""  # section or table in the source, e.g. "§2.1", "Table 3"


class Number(Strict):
    """A clinical number used in calculations. Never hard-code these in code."""

    value: ExactNumber  # as written in the content file: 0.037 stays 37/1000
    unit: Text
    sources: Sources
    note: str = ""


class HeadedStatements(Strict):
    id: Slug
    title: Text
    statements: Annotated[list[Statement], Field(min_length=1)]


# ---------------------------------------------------------------- drug and overview


class Drug(Strict):
    id: Slug
    brand_name: Text
    generic_name: Text
    other_names: list[Text] = []
    drug_class: Statement
    high_alert: Statement  # why it is a high-alert medicine
    summary: list[Statement]
    route: Statement


class BoxedWarning(Strict):
    title: Text
    short: Statement  # one line for the header
    points: Annotated[list[HeadedStatements], Field(min_length=1)]


class Indication(Strict):
    id: Slug
    condition: Text
    population: Text
    statement: Statement


class Overview(Strict):
    """The Indications tab: uses, place in therapy, who is a candidate, where it is given."""

    indications: Annotated[list[Indication], Field(min_length=1)]
    place_in_therapy: list[Statement]
    candidates: list[Statement]  # who is suitable
    not_candidates: list[Statement]  # who should not get it (contraindications and exclusions)
    setting: list[Statement]
    course_at_a_glance: list[Statement]
    retreatment: list[Statement]
    response: list[Statement] = []  # context only


class PkParameter(Strict):
    id: Slug
    name: Text  # e.g. "Distribution half-life"
    value: Text  # e.g. "about 13 minutes"
    statement: Statement


class Mechanism(Strict):
    plain: Annotated[list[Statement], Field(min_length=1)]  # in plain words
    details: list[Statement]
    diagram: list[Statement] = []  # short labels for the mechanism picture, in order, each sourced
    diagram_side_note: Statement | None = None  # a branch drawn beside the main chain
    pharmacokinetics: Annotated[list[PkParameter], Field(min_length=1)]


# ---------------------------------------------------------------- dosing and preparation


class Cycle(Strict):
    number: int = Field(ge=1)
    first_day: int = Field(ge=1)
    last_day: int = Field(ge=1)
    max_doses: int = Field(ge=1)

    @model_validator(mode="after")
    def _days_in_order(self) -> Cycle:
        if self.last_day < self.first_day:
            raise ValueError("last_day is before first_day")
        return self


class Regimen(Strict):
    id: Slug
    name: Text
    basis: Text  # e.g. "US label"
    dose_iu_per_kg: Number
    dose_mg_per_kg: Number | None = None
    interval_hours: Number
    infusion_minutes: Number | None = None
    route: Text
    cycles: Annotated[list[Cycle], Field(min_length=1)]
    rest_days: Statement | None = None
    max_doses_per_course: Number | None = None
    notes: list[Statement] = []
    sources: Sources

    @model_validator(mode="after")
    def _cycles_do_not_overlap(self) -> Regimen:
        previous_last = 0
        for number, cycle in enumerate(self.cycles, start=1):
            if cycle.number != number:
                raise ValueError(f"cycles must be numbered 1, 2, ... in order (found {cycle.number})")
            if cycle.first_day <= previous_last:
                raise ValueError(f"cycle {cycle.number} starts on or before the previous cycle's last day")
            previous_last = cycle.last_day
        return self


class Preparation(Strict):
    """Numbers the dose calculator reads, plus the preparation and storage facts a nurse reads."""

    vial_content_iu: Number
    vial_content_mg: Number
    reconstitution_volume_ml: Number
    reconstitution_diluent: Statement
    reconstituted_concentration_iu_per_ml: Number
    reconstituted_concentration_mg_per_ml: Number
    dilution_diluent: Statement
    bag_volume_ml: Number  # the older label's fixed bag; the calculator uses the dose bands below
    # Dilution volume by dose band (dose in million IU): up to the small band's top, up to the medium
    # band's top, above it.
    dilution_band_small_max_million_iu: Number
    dilution_band_small_volume_ml: Number
    dilution_band_medium_max_million_iu: Number
    dilution_band_medium_volume_ml: Number
    dilution_band_large_volume_ml: Number
    final_concentration_min_mcg_per_ml: Number
    final_concentration_max_mcg_per_ml: Number
    infusion_minutes: Number
    steps: list[HeadedStatements]  # reconstitution, dilution, administration, storage...


# ---------------------------------------------------------------- side effects, warnings, rules


class Frequency(StrEnum):
    more_common = "more_common"
    less_common = "less_common"
    rare = "rare"
    label_table = "label_table"  # only in the label's table of events in 10% or more of patients
    not_stated = "not_stated"  # named by a label rule or warning; no frequency given


class Urgency(StrEnum):
    call_now = "call_now"  # check with the doctor or nurse immediately
    tell_if_persists = "tell_if_persists"  # tell the care team if it lasts or is bothersome
    found_on_monitoring = "found_on_monitoring"  # a finding from vital signs, labs or examination
    not_listed = "not_listed"  # not on the consumer page's side-effect lists


class LabelIncidence(Strict):
    term: Text  # the label's own term, e.g. "Chills"
    percent: Annotated[ExactNumber, Field(ge=0, le=100)]
    sources: Sources
    where: str = ""


class WardLevel(StrEnum):
    """What the nurse on the ward does now, most urgent first (design: give-hold.md §5).

    ``frequency`` and ``urgency`` keep the consumer page's words for the patient; this is the ward's."""

    hold_rule = "hold_rule"  # the effect is a label rule or a protocol criterion: open the give/hold check
    call_prescriber = "call_prescriber"  # an order-set notify threshold or an effect needing a prescriber now
    treat_and_record = "treat_and_record"  # expected: treat per orders (supportive care) and record
    teach_and_reassure = "teach_and_reassure"  # expected and self-limiting


class WardAction(Strict):
    """The ward action level of one side effect: fixed content with its source, so reviewers can argue with it."""

    level: WardLevel
    action: Text  # what the nurse does now, in the handbook's words
    sources: Sources
    where: str = ""
    label_rules: list[Slug] = []  # LabelDoseRule ids this effect is (or leads to)
    practice_criteria: list[Slug] = []  # PracticeCriterion ids (the side-by-side comparison of published practice)
    # Protocol id -> its criterion ids (resources/content/protocols/ID.yaml); the tests check every link.
    protocol_criteria: dict[Slug, list[Slug]] = {}
    supportive_care: list[Slug] = []  # supportive_care group ids for the care it needs

    @model_validator(mode="after")
    def _hold_rule_names_its_rule(self) -> WardAction:
        if self.level is WardLevel.hold_rule and not (
            self.label_rules or self.practice_criteria or any(self.protocol_criteria.values())
        ):
            raise ValueError("a hold_rule effect must name the label rule or protocol criterion it meets")
        return self


class SideEffect(Strict):
    id: Slug
    term: Text
    frequency: Frequency
    urgency: Urgency
    body_system: Text
    label_incidence: list[LabelIncidence] = []
    ward: WardAction
    nursing_note: Statement | None = None
    sources: Sources


class DoseRuleAction(StrEnum):
    withhold = "withhold"
    discontinue = "discontinue"  # permanently


class Comparator(StrEnum):
    lt = "<"
    le = "<="
    gt = ">"
    ge = ">="


class Threshold(Strict):
    """A measurable trigger, so a checklist can tick the item itself from a typed value."""

    parameter: Slug  # e.g. "systolic-bp", "spo2"
    label: Text  # what the nurse types, e.g. "Systolic BP"
    unit: Text  # e.g. "mmHg"
    comparator: Comparator
    value: ExactNumber
    upper: ExactNumber | None = None  # for a band: triggers when value <cmp> x and x <= upper


class LabelDoseRule(Strict):
    """A withhold or permanently-discontinue rule from the prescribing information."""

    id: Slug
    system: Text
    finding: Text
    action: DoseRuleAction
    resume: str = ""  # when the dose may be given again (withhold rules)
    threshold: Threshold | None = None
    sources: Sources
    where: str = ""


class PracticeLevel(StrEnum):
    hold = "hold"  # "relative": hold this dose, correct, reassess at the next scheduled time
    stop = "stop"  # "absolute": stop IL-2 and call the provider
    notify = "notify"  # call the prescriber


class PracticeCriterion(Strict):
    """A published institutional criterion: practice, not label. Institutions differ."""

    id: Slug
    parameter: Text
    level: PracticeLevel
    criterion: Text
    threshold: Threshold | None = None
    sources: Sources
    note: str = ""


class WarningTopic(Strict):
    id: Slug
    title: Text
    summary: Statement
    risk_factors: list[Statement]
    signs: Annotated[list[Statement], Field(min_length=1)]
    nursing_actions: Annotated[list[Statement], Field(min_length=1)]
    label_rule_ids: list[Slug] = []  # LabelDoseRule ids that apply to this risk


class Interaction(Strict):
    id: Slug
    agents: Text
    effect: Statement
    what_to_do: Statement


class CareTip(Strict):
    id: Slug
    topic: Text  # e.g. "Diet", "Mouth care"
    advice: Annotated[list[Statement], Field(min_length=1)]


class TeachingHandout(Strict):
    """The printed sheet for the patient and family: plain words, day by day, what to tell the nurse at once.

    Every line keeps its sources here; the patient's page shows none (nor the app's tabs or staff notices)."""

    title: Text
    intro: Annotated[list[Statement], Field(min_length=1)]
    days: Annotated[list[HeadedStatements], Field(min_length=1)]  # what to expect, in order of the course
    tell_now_title: Text
    tell_now: Annotated[list[Statement], Field(min_length=1)]
    helps_title: Text
    helps: list[Statement]
    at_home_title: Text
    at_home: list[Statement]


# ---------------------------------------------------------------- checklists


class ChecklistItem(Strict):
    id: Slug
    text: Text
    sources: Sources
    rule_id: Slug | None = None  # a LabelDoseRule id
    criterion_id: Slug | None = None  # a PracticeCriterion id

    @model_validator(mode="after")
    def _one_link(self) -> ChecklistItem:
        if self.rule_id and self.criterion_id:
            raise ValueError("an item links to a label rule or to a practice criterion, not both")
        return self


class ChecklistSection(Strict):
    id: Slug
    title: Text
    basis: Text  # "Label", "Published practice", ...
    items: Annotated[list[ChecklistItem], Field(min_length=1)]


class Checklist(Strict):
    id: Slug
    title: Text
    purpose: Text
    sections: Annotated[list[ChecklistSection], Field(min_length=1)]


# ---------------------------------------------------------------- the monograph file


class Monograph(Strict):
    content_version: Text
    last_reviewed: dt.date
    drug: Drug
    boxed_warning: BoxedWarning
    overview: Overview
    mechanism: Mechanism
    regimens: Annotated[list[Regimen], Field(min_length=1)]
    preparation: Preparation
    side_effects: Annotated[list[SideEffect], Field(min_length=1)]
    warnings: Annotated[list[WarningTopic], Field(min_length=1)]
    label_dose_rules: list[LabelDoseRule]
    practice_criteria: list[PracticeCriterion]
    dose_rule_principles: list[Statement]  # e.g. "no dose reduction: withhold or stop"
    interactions: list[Interaction]
    populations: list[HeadedStatements]  # pregnancy, lactation, children, older adults
    overdosage: list[Statement]
    monitoring: list[HeadedStatements]
    supportive_care: list[HeadedStatements]
    patient_care: list[CareTip]
    checklists: list[Checklist]
    teaching_handout: TeachingHandout | None = None

    @model_validator(mode="after")
    def _ids_unique_and_links_resolve(self) -> Monograph:
        for name in (
            "regimens",
            "side_effects",
            "warnings",
            "label_dose_rules",
            "practice_criteria",
            "interactions",
            "patient_care",
            "checklists",
        ):
            _require_unique([item.id for item in getattr(self, name)], f"{name} id")
        rules = {r.id for r in self.label_dose_rules}
        criteria = {c.id for c in self.practice_criteria}
        for warning in self.warnings:
            for rule_id in warning.label_rule_ids:
                if rule_id not in rules:
                    raise ValueError(f"warning {warning.id!r} names unknown label rule {rule_id!r}")
        for checklist in self.checklists:
            _require_unique([s.id for s in checklist.sections], f"section id in checklist {checklist.id!r}")
            _require_unique(
                [i.id for s in checklist.sections for i in s.items], f"item id in checklist {checklist.id!r}"
            )
            for section in checklist.sections:
                for item in section.items:
                    if item.rule_id and item.rule_id not in rules:
                        raise ValueError(f"checklist item {item.id!r} names unknown label rule {item.rule_id!r}")
                    if item.criterion_id and item.criterion_id not in criteria:
                        raise ValueError(
                            f"checklist item {item.id!r} names unknown practice criterion {item.criterion_id!r}"
                        )
        return self

    @model_validator(mode="after")
    def _ward_actions_link_and_mean_something(self) -> Monograph:
        rules = {r.id for r in self.label_dose_rules}
        criteria = {c.id for c in self.practice_criteria}
        care = {c.id for c in self.supportive_care}
        for effect in self.side_effects:
            for kind, ids, known in (
                ("label rule", effect.ward.label_rules, rules),
                ("practice criterion", effect.ward.practice_criteria, criteria),
                ("supportive care group", effect.ward.supportive_care, care),
            ):
                for unknown in sorted(set(ids) - known):
                    raise ValueError(f"side effect {effect.id!r} names unknown {kind} {unknown!r}")
        # A red that marks most rows marks nothing: the most urgent level stays on at most a quarter.
        urgent = sum(1 for e in self.side_effects if e.ward.level is WardLevel.hold_rule)
        if urgent * 4 > len(self.side_effects):
            raise ValueError(
                f"{urgent} of {len(self.side_effects)} side effects are at the stop/hold level; "
                "at most a quarter may be"
            )
        return self


def _require_unique(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"duplicate {what}: {value!r}")
        seen.add(value)
