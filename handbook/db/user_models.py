"""The records database: checklist progress and the course record (courses, scheduled doses, dose records,
assessments, lab draws, closures).

The schema itself is made by the migrations in ``handbook/db/migrations`` (never by ``create_all``); these
models must match them, which a test checks. Everything here runs on SQLite and on PostgreSQL: no
engine-only SQL, and every constraint that keeps the record safe (one original record per dose, corrections
pointing at the dose they correct, a reason for every hold and correction, the cycle limits of the schedule)
is in the database, not only in Python.

Records are only ever added: a wrong dose record is corrected by a new record that points to it, and a
course is closed by adding its closure. Every record carries who recorded it and the database's time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class UserBase(DeclarativeBase):
    pass


class ChecklistRun(UserBase):
    """One working-through of a checklist template, from start to completion."""

    __tablename__ = "checklist_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    template_slug: Mapped[str] = mapped_column(index=True)
    title: Mapped[str]  # the template title when the run started, kept for the history list
    content_version: Mapped[str]
    started_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    completed_at: Mapped[dt.datetime | None]
    nurse: Mapped[str] = mapped_column(default="")
    cosigner: Mapped[str] = mapped_column(default="")
    # Patient details are kept only when the nurse explicitly asks: these are shared workstations.
    patient_name: Mapped[str | None]
    patient_record: Mapped[str | None]
    patient_bed: Mapped[str | None]
    entries: Mapped[list[ChecklistEntry]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="ChecklistEntry.id"
    )

    def entry(self, item_slug: str) -> ChecklistEntry | None:
        for entry in self.entries:
            if entry.item_slug == item_slug:
                return entry
        return None


class ChecklistEntry(UserBase):
    __tablename__ = "checklist_entry"
    __table_args__ = (UniqueConstraint("run_id", "item_slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("checklist_run.id", ondelete="CASCADE"), index=True)
    item_slug: Mapped[str]
    checked: Mapped[bool] = mapped_column(default=False)
    value: Mapped[str] = mapped_column(default="")  # a measured value typed by the nurse, e.g. "86"
    note: Mapped[str] = mapped_column(default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    run: Mapped[ChecklistRun] = relationship(back_populates="entries")


# ---------------------------------------------------------------- the course record


def _recorded_at() -> Mapped[dt.datetime]:
    """When the row reached the database, by the database's clock (UTC on SQLite; timestamptz on PostgreSQL)."""
    return mapped_column(DateTime(timezone=True), server_default=func.current_timestamp())


class Course(UserBase):
    """One patient's high-dose IL-2 course: the dosing basis, its calculation and double check, the schedule."""

    __tablename__ = "course"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str]  # "bed 7 / AB": on every screen and page
    # Identifiers only when the ward's privacy setting allows them (shared workstations).
    patient_name: Mapped[str | None]
    patient_record: Mapped[str | None]
    regimen_slug: Mapped[str]
    regimen_name: Mapped[str]
    protocol_id: Mapped[str]  # the ward's protocol when the course started
    content_version: Mapped[str]
    weight_entered: Mapped[str]  # the admission weight as typed: the dosing basis
    weight_unit: Mapped[str]
    weight_kg: Mapped[str]  # exact, as a fraction or decimal string
    first_dose_at: Mapped[dt.datetime]  # local wall-clock time
    calculation: Mapped[dict[str, Any]] = mapped_column(JSON)
    double_check: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    started_by: Mapped[str]  # the nurse who started the course, as typed
    recorded_by: Mapped[str]
    recorded_at: Mapped[dt.datetime] = _recorded_at()
    doses: Mapped[list[ScheduledDose]] = relationship(order_by="ScheduledDose.number", viewonly=True)
    records: Mapped[list[DoseRecord]] = relationship(order_by="DoseRecord.id", viewonly=True)
    closure: Mapped[CourseClosure | None] = relationship(viewonly=True)


class ScheduledDose(UserBase):
    """A dose of the course's schedule, written once when the course starts. Its checks are the regimen's limits:
    no dose number outside a cycle's maximum or the course's maximum, no dose outside its cycle's days."""

    __tablename__ = "scheduled_dose"
    __table_args__ = (
        UniqueConstraint("course_id", "cycle", "number_in_cycle", name="uq_scheduled_dose_cycle_place"),
        CheckConstraint("number >= 1", name="ck_scheduled_dose_number"),
        CheckConstraint("number_in_cycle >= 1 AND number_in_cycle <= cycle_max", name="ck_scheduled_dose_cycle_max"),
        CheckConstraint("course_max IS NULL OR number <= course_max", name="ck_scheduled_dose_course_max"),
        CheckConstraint("day >= cycle_first_day AND day <= cycle_last_day", name="ck_scheduled_dose_cycle_days"),
    )
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", name="fk_scheduled_dose_course"), primary_key=True)
    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    cycle: Mapped[int]
    number_in_cycle: Mapped[int]
    cycle_max: Mapped[int]
    course_max: Mapped[int | None]
    cycle_first_day: Mapped[int]
    cycle_last_day: Mapped[int]
    day: Mapped[int]
    planned_at: Mapped[dt.datetime]  # local wall-clock time


class Assessment(UserBase):
    """The give/hold check done before a dose: its inputs and result as one document, its decision as a column."""

    __tablename__ = "assessment"
    __table_args__ = (
        ForeignKeyConstraint(
            ["course_id", "dose_number"],
            ["scheduled_dose.course_id", "scheduled_dose.number"],
            name="fk_assessment_scheduled_dose",
        ),
        CheckConstraint(
            "decision IN ('incomplete', 'no_hold_found', 'call', 'hold', 'stop')", name="ck_assessment_decision"
        ),
        Index("ix_assessment_course_dose", "course_id", "dose_number"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", name="fk_assessment_course"))
    dose_number: Mapped[int]
    decision: Mapped[str]
    protocol_id: Mapped[str]
    evaluator: Mapped[str]  # which rules produced the decision, e.g. "handbook.givehold 2026-12"
    document: Mapped[dict[str, Any]] = mapped_column(JSON)  # inputs, fired rules, what was checked
    assessed_at: Mapped[dt.datetime]  # local wall-clock time of the check
    nurse: Mapped[str]
    recorded_by: Mapped[str]
    recorded_at: Mapped[dt.datetime] = _recorded_at()


class DoseRecord(UserBase):
    """What happened to a scheduled dose: given, held (with why), or (as a correction only) not given.

    The first record of a dose is its original; at most one per dose per course (a unique index). A correction
    is a new record pointing at the original of the same dose, with a reason; the latest record is the status.
    """

    __tablename__ = "dose_record"
    __table_args__ = (
        ForeignKeyConstraint(
            ["course_id", "dose_number"],
            ["scheduled_dose.course_id", "scheduled_dose.number"],
            name="fk_dose_record_scheduled_dose",
        ),
        UniqueConstraint("id", "course_id", "dose_number", name="uq_dose_record_id_dose"),
        ForeignKeyConstraint(
            ["corrects_id", "course_id", "dose_number"],
            ["dose_record.id", "dose_record.course_id", "dose_record.dose_number"],
            name="fk_dose_record_corrects_same_dose",
        ),
        CheckConstraint("kind IN ('given', 'held', 'not_given')", name="ck_dose_record_kind"),
        CheckConstraint(
            "kind <> 'held' OR length(trim(coalesce(why, ''))) > 0", name="ck_dose_record_held_needs_reason"
        ),
        CheckConstraint(
            "corrects_id IS NULL OR length(trim(coalesce(why, ''))) > 0",
            name="ck_dose_record_correction_needs_reason",
        ),
        CheckConstraint("kind <> 'not_given' OR corrects_id IS NOT NULL", name="ck_dose_record_not_given_corrects"),
        CheckConstraint("corrects_id IS NULL OR corrects_id <> id", name="ck_dose_record_not_self"),
        Index(
            "uq_dose_record_one_original",
            "course_id",
            "dose_number",
            unique=True,
            sqlite_where=text("corrects_id IS NULL"),
            postgresql_where=text("corrects_id IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", name="fk_dose_record_course"))
    dose_number: Mapped[int]
    kind: Mapped[str]
    at: Mapped[dt.datetime]  # local wall-clock time the dose was given or held
    nurse: Mapped[str]  # who gave or held it, as typed
    why: Mapped[str | None]
    corrects_id: Mapped[int | None]
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id", name="fk_dose_record_assessment"))
    recorded_by: Mapped[str]
    recorded_at: Mapped[dt.datetime] = _recorded_at()
    assessment: Mapped[Assessment | None] = relationship(viewonly=True)


class LabDraw(UserBase):
    """One blood draw's results for a course; the give/hold check carries the latest draw until a newer one."""

    __tablename__ = "lab_draw"
    __table_args__ = (Index("ix_lab_draw_course_drawn", "course_id", "drawn_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", name="fk_lab_draw_course"))
    drawn_at: Mapped[dt.datetime]  # local wall-clock time
    values: Mapped[dict[str, Any]] = mapped_column(JSON)  # {"creatinine_mg_dl": "1.2", ...} as typed
    nurse: Mapped[str]
    recorded_by: Mapped[str]
    recorded_at: Mapped[dt.datetime] = _recorded_at()


class CourseClosure(UserBase):
    """A course is closed by adding its closure (one per course); a closed course takes no more records."""

    __tablename__ = "course_closure"
    __table_args__ = (
        CheckConstraint("outcome IN ('completed', 'stopped', 'transferred')", name="ck_course_closure_outcome"),
        CheckConstraint("length(trim(reason)) > 0", name="ck_course_closure_reason"),
    )
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", name="fk_course_closure_course"), primary_key=True)
    outcome: Mapped[str]
    reason: Mapped[str]
    nurse: Mapped[str]
    recorded_by: Mapped[str]
    recorded_at: Mapped[dt.datetime] = _recorded_at()
