"""What a course looks like to a nurse: every scheduled dose with its status, who and when, and the counts.

Plain frozen data built from the database rows inside one session, so screens, printouts and the command line
read the same thing and never touch the database themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from handbook.db.user_models import Course, DoseRecord

STATUS_WORDS = {"planned": "planned", "given": "GIVEN", "held": "HELD", "not_given": "NOT GIVEN"}


@dataclass(frozen=True)
class RecordView:
    id: int
    kind: str
    at: dt.datetime
    by: str
    why: str
    corrects_id: int | None
    recorded_by: str
    recorded_at: dt.datetime | None
    assessment: dict[str, Any] | None  # decision, protocol, evaluator, document

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.kind,
            "at": _iso(self.at),
            "by": self.by,
            "why": self.why,
            "corrects": self.corrects_id,
            "recorded_by": self.recorded_by,
            "recorded_at": _iso_utc(self.recorded_at),
            "assessment": self.assessment,
        }


@dataclass(frozen=True)
class DoseView:
    number: int
    cycle: int
    number_in_cycle: int
    cycle_max: int
    day: int
    planned: dt.datetime
    history: tuple[RecordView, ...]  # original first, then corrections in order

    @property
    def latest(self) -> RecordView | None:
        return self.history[-1] if self.history else None

    @property
    def status(self) -> str:
        return self.latest.kind if self.latest else "planned"

    @property
    def corrected(self) -> bool:
        return len(self.history) > 1

    @property
    def assessment(self) -> dict[str, Any] | None:
        for record in reversed(self.history):
            if record.assessment is not None:
                return record.assessment
        return None

    def as_dict(self) -> dict[str, Any]:
        latest = self.latest
        return {
            "number": self.number,
            "cycle": self.cycle,
            "dose_in_cycle": self.number_in_cycle,
            "day": self.day,
            "planned": _iso(self.planned),
            "status": self.status,
            "at": _iso(latest.at) if latest else None,
            "by": latest.by if latest else None,
            "why": (latest.why or None) if latest else None,
            "recorded_by": latest.recorded_by if latest else None,
            "recorded_at": _iso_utc(latest.recorded_at) if latest else None,
            "corrected": self.corrected,
            "assessment": self.assessment,
            "history": [record.as_dict() for record in self.history],
        }


@dataclass(frozen=True)
class Counts:
    """The counters a nurse needs at the bedside. Doses held are not made up, so numbers run on."""

    cycle: int  # the cycle of the next dose (or the last cycle when every dose has a record)
    next_dose: int | None  # the next scheduled dose without a record
    next_in_cycle: int | None  # "dose n of 14": its place in its cycle
    cycle_max: int
    given_this_cycle: int
    held_this_cycle: int
    given: int
    held: int
    not_given: int
    recorded: int
    scheduled: int
    course_max: int | None

    @property
    def headline(self) -> str:
        if self.next_dose is None:
            return f"Every scheduled dose has a record: {self.given} given, {self.held} held"
        return (
            f"Next: dose {self.next_in_cycle} of {self.cycle_max} in cycle {self.cycle} "
            f"(dose {self.next_dose} of the course)"
        )

    def lines(self) -> list[str]:
        course_max = f" (course maximum {self.course_max})" if self.course_max is not None else ""
        return [
            self.headline,
            f"Cycle {self.cycle}: {self.given_this_cycle} given, {self.held_this_cycle} held "
            f"(cycle maximum {self.cycle_max})",
            f"Course: {self.given} given, {self.held} held, {self.not_given} corrected to not given, "
            f"{self.scheduled - self.recorded} of {self.scheduled} scheduled still to come{course_max}",
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "cycle": self.cycle,
            "next_dose": self.next_dose,
            "next_dose_in_cycle": self.next_in_cycle,
            "cycle_max": self.cycle_max,
            "given_this_cycle": self.given_this_cycle,
            "held_this_cycle": self.held_this_cycle,
            "given": self.given,
            "held": self.held,
            "not_given": self.not_given,
            "recorded": self.recorded,
            "scheduled": self.scheduled,
            "course_max": self.course_max,
        }


@dataclass(frozen=True)
class Closure:
    outcome: str
    reason: str
    by: str
    recorded_by: str
    recorded_at: dt.datetime | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "reason": self.reason,
            "by": self.by,
            "recorded_by": self.recorded_by,
            "recorded_at": _iso_utc(self.recorded_at),
        }


@dataclass(frozen=True)
class CourseView:
    id: int
    label: str
    patient_name: str
    patient_record: str
    regimen_slug: str
    regimen_name: str
    protocol_id: str
    content_version: str
    weight_entered: str
    weight_unit: str
    weight_kg: str
    first_dose_at: dt.datetime
    calculation: dict[str, Any]
    double_check: dict[str, Any] | None
    started_by: str
    recorded_by: str
    recorded_at: dt.datetime | None
    doses: tuple[DoseView, ...]
    counts: Counts
    closure: Closure | None

    @property
    def closed(self) -> bool:
        return self.closure is not None

    @property
    def status(self) -> str:
        return self.closure.outcome if self.closure else "open"

    @property
    def title(self) -> str:
        """The label as printed on every page and shown in every header."""
        extra = " · ".join(part for part in (self.patient_name, self.patient_record) if part)
        return f"{self.label} · {extra}" if extra else self.label

    def dose(self, number: int) -> DoseView:
        for dose in self.doses:
            if dose.number == number:
                return dose
        raise KeyError(number)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "patient_name": self.patient_name or None,
            "patient_record": self.patient_record or None,
            "status": self.status,
            "regimen": {"id": self.regimen_slug, "name": self.regimen_name},
            "protocol": self.protocol_id,
            "content_version": self.content_version,
            "weight": {"entered": self.weight_entered, "unit": self.weight_unit, "kg_exact": self.weight_kg},
            "first_dose": _iso(self.first_dose_at),
            "calculation": self.calculation,
            "double_check": self.double_check,
            "started_by": self.started_by,
            "recorded_by": self.recorded_by,
            "recorded_at": _iso_utc(self.recorded_at),
            "closure": self.closure.as_dict() if self.closure else None,
            "counts": self.counts.as_dict(),
            "doses": [dose.as_dict() for dose in self.doses],
        }


@dataclass(frozen=True)
class CourseSummary:
    id: int
    label: str
    regimen_name: str
    first_dose_at: dt.datetime
    status: str  # open | completed | stopped | transferred
    given: int
    held: int
    scheduled: int
    next_dose: int | None
    closed_at: dt.datetime | None

    @property
    def closed(self) -> bool:
        return self.status != "open"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "regimen": self.regimen_name,
            "first_dose": _iso(self.first_dose_at),
            "status": self.status,
            "given": self.given,
            "held": self.held,
            "scheduled": self.scheduled,
            "next_dose": self.next_dose,
            "closed_at": _iso_utc(self.closed_at),
        }


def course_view(course: Course) -> CourseView:
    by_dose: dict[int, list[DoseRecord]] = {}
    for record in sorted(course.records, key=lambda r: r.id):
        by_dose.setdefault(record.dose_number, []).append(record)
    doses = tuple(
        DoseView(
            number=dose.number,
            cycle=dose.cycle,
            number_in_cycle=dose.number_in_cycle,
            cycle_max=dose.cycle_max,
            day=dose.day,
            planned=dose.planned_at,
            history=tuple(_record_view(r) for r in by_dose.get(dose.number, [])),
        )
        for dose in course.doses
    )
    closure = course.closure
    return CourseView(
        id=course.id,
        label=course.label,
        patient_name=course.patient_name or "",
        patient_record=course.patient_record or "",
        regimen_slug=course.regimen_slug,
        regimen_name=course.regimen_name,
        protocol_id=course.protocol_id,
        content_version=course.content_version,
        weight_entered=course.weight_entered,
        weight_unit=course.weight_unit,
        weight_kg=course.weight_kg,
        first_dose_at=course.first_dose_at,
        calculation=course.calculation,
        double_check=course.double_check,
        started_by=course.started_by,
        recorded_by=course.recorded_by,
        recorded_at=course.recorded_at,
        doses=doses,
        counts=count(doses, course.doses[0].course_max if course.doses else None),
        closure=None
        if closure is None
        else Closure(closure.outcome, closure.reason, closure.nurse, closure.recorded_by, closure.recorded_at),
    )


def count(doses: tuple[DoseView, ...], course_max: int | None) -> Counts:
    pending = [d for d in doses if d.status == "planned"]
    nxt = pending[0] if pending else None
    if nxt is not None:
        cycle = nxt.cycle
    elif doses:
        cycle = doses[-1].cycle
    else:
        cycle = 1
    in_cycle = [d for d in doses if d.cycle == cycle]
    return Counts(
        cycle=cycle,
        next_dose=nxt.number if nxt else None,
        next_in_cycle=nxt.number_in_cycle if nxt else None,
        cycle_max=in_cycle[0].cycle_max if in_cycle else 0,
        given_this_cycle=sum(1 for d in in_cycle if d.status == "given"),
        held_this_cycle=sum(1 for d in in_cycle if d.status == "held"),
        given=sum(1 for d in doses if d.status == "given"),
        held=sum(1 for d in doses if d.status == "held"),
        not_given=sum(1 for d in doses if d.status == "not_given"),
        recorded=sum(1 for d in doses if d.status != "planned"),
        scheduled=len(doses),
        course_max=course_max,
    )


def summary_of(course: Course) -> CourseSummary:
    view = course_view(course)
    return CourseSummary(
        id=view.id,
        label=view.title,
        regimen_name=view.regimen_name,
        first_dose_at=view.first_dose_at,
        status=view.status,
        given=view.counts.given,
        held=view.counts.held,
        scheduled=view.counts.scheduled,
        next_dose=view.counts.next_dose,
        closed_at=view.closure.recorded_at if view.closure else None,
    )


def _record_view(record: DoseRecord) -> RecordView:
    assessment = record.assessment
    return RecordView(
        id=record.id,
        kind=record.kind,
        at=record.at,
        by=record.nurse,
        why=record.why or "",
        corrects_id=record.corrects_id,
        recorded_by=record.recorded_by,
        recorded_at=record.recorded_at,
        assessment=None
        if assessment is None
        else {
            "id": assessment.id,
            "decision": assessment.decision,
            "protocol": assessment.protocol_id,
            "evaluator": assessment.evaluator,
            "assessed_at": _iso(assessment.assessed_at),
            "by": assessment.nurse,
            "document": assessment.document,
        },
    )


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M")


def _iso_utc(moment: dt.datetime | None) -> str | None:
    """The database's time, in UTC (SQLite keeps it without a zone, in UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")
