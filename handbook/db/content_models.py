"""The content database: typed ORM models compiled from ``resources/content``.

The database is rebuilt from the content files and never edited by the app. Every clinical row
links to its sources through an association table of its own.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from handbook.db.exact_decimal import ExactDecimal

# 5: regimen numbers only as RegimenNumber rows; numbers as exact decimal text
# 6: thresholds and label incidences as exact decimal text too (no clinical number is a float column)
CONTENT_SCHEMA_VERSION = 6


class ContentBase(DeclarativeBase):
    pass


def _batch(*args: Any, **kwargs: Any) -> Any:
    """A collection below the drug: loaded when first used, for all its siblings in one query."""
    return relationship(*args, lazy="selectin", **kwargs)


def _citations(owner: str) -> Table:
    return Table(
        f"{owner}_source",
        ContentBase.metadata,
        Column("owner_id", Integer, ForeignKey(f"{owner}.id", ondelete="CASCADE"), primary_key=True),
        Column("source_id", String, ForeignKey("source.id"), primary_key=True),
    )


class _DrugRow:
    """The columns every content row directly under a drug repeats: its id, its drug, its content id, its place."""

    id: Mapped[int] = mapped_column(primary_key=True)
    drug_id: Mapped[int] = mapped_column(ForeignKey("drug.id"))
    slug: Mapped[str]
    position: Mapped[int]


class _NumberColumns:
    """A sourced clinical number: its content field name, its exact value, its unit and the content's caveat."""

    name: Mapped[str]  # the schema field name, e.g. "vial_content_iu"
    value: Mapped[Decimal] = mapped_column(ExactDecimal)
    unit: Mapped[str]
    note: Mapped[str]


class Meta(ContentBase):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[str]


class Source(ContentBase):
    __tablename__ = "source"
    id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int]
    kind: Mapped[str]  # label / guideline / consumer / reference
    short: Mapped[str]
    title: Mapped[str]
    publisher: Mapped[str]
    version: Mapped[str]
    date: Mapped[str]
    url: Mapped[str]
    note: Mapped[str]

    @property
    def kind_label(self) -> str:
        return SOURCE_KIND_LABELS.get(self.kind, self.kind)

    @property
    def short_name(self) -> str:
        return self.short or self.id

    @property
    def citation(self) -> str:
        parts = [self.title, self.publisher, self.version, self.date]
        return ". ".join(p for p in parts if p)


SOURCE_KIND_LABELS = {
    "label": "US label",
    "guideline": "Published practice",
    "consumer": "Consumer information",
    "reference": "Reference",
}


class Drug(ContentBase):
    __tablename__ = "drug"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(unique=True)
    brand_name: Mapped[str]
    generic_name: Mapped[str]
    other_names: Mapped[str]  # "; "-joined
    content_version: Mapped[str]
    last_reviewed: Mapped[str]  # ISO date
    boxed_warning_title: Mapped[str]

    statements: Mapped[list[Statement]] = relationship(
        back_populates="drug", foreign_keys="Statement.drug_id", order_by="Statement.position"
    )
    indications: Mapped[list[Indication]] = relationship(order_by="Indication.position")
    pk_parameters: Mapped[list[PkParameter]] = relationship(order_by="PkParameter.position")
    regimens: Mapped[list[Regimen]] = relationship(order_by="Regimen.position")
    preparation_numbers: Mapped[list[PreparationNumber]] = relationship()
    side_effects: Mapped[list[SideEffect]] = relationship(order_by="SideEffect.position")
    warnings: Mapped[list[WarningTopic]] = relationship(order_by="WarningTopic.position")
    label_rules: Mapped[list[LabelDoseRule]] = relationship(order_by="LabelDoseRule.position")
    practice_criteria: Mapped[list[PracticeCriterion]] = relationship(order_by="PracticeCriterion.position")
    interactions: Mapped[list[Interaction]] = relationship(order_by="Interaction.position")
    care_tips: Mapped[list[CareTip]] = relationship(order_by="CareTip.position")
    checklists: Mapped[list[ChecklistTemplate]] = relationship(order_by="ChecklistTemplate.position")
    give_hold_documents: Mapped[list[GiveHoldDocument]] = relationship(order_by="GiveHoldDocument.key")

    @property
    def boxed_warning_short(self) -> Statement:
        return self.section("boxed_warning.short")[0]

    def section(self, name: str) -> list[Statement]:
        """Statements of one section (e.g. ``"overview.setting"``), in content order."""
        return [s for s in self.statements if s.section == name]

    def headings(self, prefix: str) -> list[tuple[str, str, list[Statement]]]:
        """(heading id, heading title, statements) for headed groups under ``prefix``."""
        groups: dict[str, tuple[str, list[Statement]]] = {}
        for statement in self.statements:
            if statement.section.startswith(prefix + "."):
                key = statement.section[len(prefix) + 1 :]
                groups.setdefault(key, (statement.heading, []))[1].append(statement)
        return [(key, title, items) for key, (title, items) in groups.items()]

    def number(self, name: str) -> PreparationNumber:
        for item in self.preparation_numbers:
            if item.name == name:
                return item
        raise KeyError(name)


class Statement(ContentBase):
    """A sentence of clinical content, placed in a named section of the monograph."""

    __tablename__ = "statement"
    id: Mapped[int] = mapped_column(primary_key=True)
    drug_id: Mapped[int] = mapped_column(ForeignKey("drug.id"), index=True)
    section: Mapped[str] = mapped_column(index=True)  # e.g. "overview.setting", "preparation.storage"
    heading: Mapped[str]  # a human title for the section or group
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    where: Mapped[str]
    drug: Mapped[Drug] = relationship(back_populates="statements", foreign_keys=[drug_id])
    sources: Mapped[list[Source]] = _batch(secondary=_citations("statement"), order_by="Source.position")


class Indication(_DrugRow, ContentBase):
    __tablename__ = "indication"
    condition: Mapped[str]
    population: Mapped[str]
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"))
    statement: Mapped[Statement] = relationship()


class PkParameter(_DrugRow, ContentBase):
    __tablename__ = "pk_parameter"
    name: Mapped[str]
    value: Mapped[str]
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"))
    statement: Mapped[Statement] = relationship()


class Regimen(_DrugRow, ContentBase):
    __tablename__ = "regimen"
    name: Mapped[str]
    basis: Mapped[str]
    route: Mapped[str]
    rest_days_text: Mapped[str]
    cycles: Mapped[list[RegimenCycle]] = _batch(order_by="RegimenCycle.number")
    numbers: Mapped[list[RegimenNumber]] = _batch()
    sources: Mapped[list[Source]] = _batch(secondary=_citations("regimen"), order_by="Source.position")

    def number(self, name: str) -> RegimenNumber:
        for item in self.numbers:
            if item.name == name:
                return item
        raise KeyError(name)

    def value(self, name: str) -> Decimal | None:
        """The value of the regimen number ``name``, or None when the regimen has none."""
        for item in self.numbers:
            if item.name == name:
                return item.value
        return None


class RegimenCycle(ContentBase):
    __tablename__ = "regimen_cycle"
    id: Mapped[int] = mapped_column(primary_key=True)
    regimen_id: Mapped[int] = mapped_column(ForeignKey("regimen.id"))
    number: Mapped[int]
    first_day: Mapped[int]
    last_day: Mapped[int]
    max_doses: Mapped[int]


class RegimenNumber(_NumberColumns, ContentBase):
    """A sourced number of a regimen (dose per kg, interval...): the one place the regimen's numbers are kept."""

    __tablename__ = "regimen_number"
    id: Mapped[int] = mapped_column(primary_key=True)
    regimen_id: Mapped[int] = mapped_column(ForeignKey("regimen.id"))
    sources: Mapped[list[Source]] = _batch(secondary=_citations("regimen_number"), order_by="Source.position")


class PreparationNumber(_NumberColumns, ContentBase):
    __tablename__ = "preparation_number"
    id: Mapped[int] = mapped_column(primary_key=True)
    drug_id: Mapped[int] = mapped_column(ForeignKey("drug.id"))
    sources: Mapped[list[Source]] = _batch(secondary=_citations("preparation_number"), order_by="Source.position")


class SideEffect(_DrugRow, ContentBase):
    __tablename__ = "side_effect"
    term: Mapped[str]
    frequency: Mapped[str]
    urgency: Mapped[str]
    body_system: Mapped[str]
    note_id: Mapped[int | None] = mapped_column(ForeignKey("statement.id"))
    note: Mapped[Statement | None] = relationship(foreign_keys=[note_id])
    incidences: Mapped[list[LabelIncidence]] = _batch(order_by="LabelIncidence.position")
    sources: Mapped[list[Source]] = _batch(secondary=_citations("side_effect"), order_by="Source.position")
    # The ward's action (give-hold design §5): a level, the action as a sourced statement, and what it links to.
    ward_level: Mapped[str] = mapped_column(default="")
    ward_action_id: Mapped[int | None] = mapped_column(ForeignKey("statement.id"))
    ward_action: Mapped[Statement | None] = relationship(foreign_keys=[ward_action_id])
    ward_rules: Mapped[list[LabelDoseRule]] = _batch(secondary="side_effect_rule", order_by="LabelDoseRule.position")
    ward_criteria: Mapped[list[PracticeCriterion]] = _batch(
        secondary="side_effect_criterion", order_by="PracticeCriterion.position"
    )
    ward_care: Mapped[str] = mapped_column(default="")  # " "-joined supportive_care group ids
    ward_protocol_links: Mapped[str] = mapped_column(default="")  # " "-joined "protocol-id:criterion-id"


side_effect_rule = Table(
    "side_effect_rule",
    ContentBase.metadata,
    Column("side_effect_id", Integer, ForeignKey("side_effect.id"), primary_key=True),
    Column("rule_id", Integer, ForeignKey("label_dose_rule.id"), primary_key=True),
)

side_effect_criterion = Table(
    "side_effect_criterion",
    ContentBase.metadata,
    Column("side_effect_id", Integer, ForeignKey("side_effect.id"), primary_key=True),
    Column("criterion_id", Integer, ForeignKey("practice_criterion.id"), primary_key=True),
)


class LabelIncidence(ContentBase):
    __tablename__ = "label_incidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    side_effect_id: Mapped[int] = mapped_column(ForeignKey("side_effect.id"))
    position: Mapped[int]
    term: Mapped[str]
    percent: Mapped[Decimal] = mapped_column(ExactDecimal)
    where: Mapped[str]
    sources: Mapped[list[Source]] = _batch(secondary=_citations("label_incidence"), order_by="Source.position")


class WarningTopic(_DrugRow, ContentBase):
    """One warning and precaution of the label (not `Warning`: that name is the builtin exception)."""

    __tablename__ = "warning"
    title: Mapped[str]
    items: Mapped[list[WarningItem]] = _batch(order_by="WarningItem.position")
    rules: Mapped[list[LabelDoseRule]] = _batch(secondary="warning_rule", order_by="LabelDoseRule.position")

    def of_kind(self, kind: str) -> list[Statement]:
        return [item.statement for item in self.items if item.kind == kind]


class WarningItem(ContentBase):
    __tablename__ = "warning_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    warning_id: Mapped[int] = mapped_column(ForeignKey("warning.id"))
    kind: Mapped[str]  # summary / risk_factor / sign / nursing_action
    position: Mapped[int]
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"))
    statement: Mapped[Statement] = relationship()


warning_rule = Table(
    "warning_rule",
    ContentBase.metadata,
    Column("warning_id", Integer, ForeignKey("warning.id"), primary_key=True),
    Column("rule_id", Integer, ForeignKey("label_dose_rule.id"), primary_key=True),
)


class _ThresholdColumns:
    threshold_parameter: Mapped[str | None]
    threshold_label: Mapped[str | None]
    threshold_unit: Mapped[str | None]
    threshold_comparator: Mapped[str | None]
    threshold_value: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    threshold_upper: Mapped[Decimal | None] = mapped_column(ExactDecimal)


class LabelDoseRule(_DrugRow, _ThresholdColumns, ContentBase):
    __tablename__ = "label_dose_rule"
    system: Mapped[str]
    finding: Mapped[str] = mapped_column(Text)
    action: Mapped[str]  # withhold / discontinue
    resume: Mapped[str]
    where: Mapped[str]
    sources: Mapped[list[Source]] = _batch(secondary=_citations("label_dose_rule"), order_by="Source.position")


class PracticeCriterion(_DrugRow, _ThresholdColumns, ContentBase):
    __tablename__ = "practice_criterion"
    parameter: Mapped[str]
    level: Mapped[str]  # hold / stop / notify
    criterion: Mapped[str] = mapped_column(Text)
    note: Mapped[str]
    sources: Mapped[list[Source]] = _batch(secondary=_citations("practice_criterion"), order_by="Source.position")


class Interaction(_DrugRow, ContentBase):
    __tablename__ = "interaction"
    agents: Mapped[str]
    effect_id: Mapped[int] = mapped_column(ForeignKey("statement.id"))
    what_to_do_id: Mapped[int] = mapped_column(ForeignKey("statement.id"))
    effect: Mapped[Statement] = relationship(foreign_keys=[effect_id])
    what_to_do: Mapped[Statement] = relationship(foreign_keys=[what_to_do_id])


class CareTip(_DrugRow, ContentBase):
    __tablename__ = "care_tip"
    topic: Mapped[str]
    advice: Mapped[list[Statement]] = _batch(secondary="care_tip_statement", order_by="Statement.position")


care_tip_statement = Table(
    "care_tip_statement",
    ContentBase.metadata,
    Column("care_tip_id", Integer, ForeignKey("care_tip.id"), primary_key=True),
    Column("statement_id", Integer, ForeignKey("statement.id"), primary_key=True),
)


class ChecklistTemplate(_DrugRow, ContentBase):
    __tablename__ = "checklist_template"
    slug: Mapped[str] = mapped_column(index=True)
    title: Mapped[str]
    purpose: Mapped[str] = mapped_column(Text)
    sections: Mapped[list[ChecklistSection]] = _batch(order_by="ChecklistSection.position")

    @property
    def items(self) -> list[ChecklistItem]:
        return [item for section in self.sections for item in section.items]


class ChecklistSection(ContentBase):
    __tablename__ = "checklist_section"
    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_template.id"))
    slug: Mapped[str]
    position: Mapped[int]
    title: Mapped[str]
    basis: Mapped[str]
    items: Mapped[list[ChecklistItem]] = _batch(order_by="ChecklistItem.position")


class ChecklistItem(ContentBase):
    __tablename__ = "checklist_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("checklist_section.id"))
    slug: Mapped[str]
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("label_dose_rule.id"))
    criterion_id: Mapped[int | None] = mapped_column(ForeignKey("practice_criterion.id"))
    rule: Mapped[LabelDoseRule | None] = relationship()
    criterion: Mapped[PracticeCriterion | None] = relationship()
    sources: Mapped[list[Source]] = _batch(secondary=_citations("checklist_item"), order_by="Source.position")


class GiveHoldDocument(ContentBase):
    """The per-dose check's form, label rules or one shipped protocol, validated at build time, as JSON (numbers
    as exact decimal text): the window reads it without YAML or pydantic (see :mod:`handbook.givehold.stored`)."""

    __tablename__ = "give_hold_document"
    drug_id: Mapped[int] = mapped_column(ForeignKey("drug.id"), primary_key=True)
    key: Mapped[str] = mapped_column(primary_key=True)  # "catalog" or "protocol:<id>"
    body: Mapped[str] = mapped_column(Text)
