"""The course record: start a course, record each dose given or held, correct, count, close.

Qt-free; the window and the command line both use it. Each public method is one user action and one
transaction. Nothing is ever updated or deleted: a correction is a new record pointing at the dose's original
record, a closure is a new row. A refusal (:class:`~handbook.records.rules.Refusal`) writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from handbook.db.server_rights import course_lock
from handbook.db.user_models import Assessment, Course, CourseClosure, DoseRecord, LabDraw, ScheduledDose
from handbook.db.user_store import UserStore
from handbook.dosing import Calculation, DosingNumbers, double_check
from handbook.records.rules import (
    Refusal,
    Rule,
    Slot,
    check_correction,
    check_maxima,
    check_new_record,
    check_number,
    check_time,
)
from handbook.records.view import CourseSummary, CourseView, course_view, summary_of
from handbook.schedule import build_schedule

OUTCOMES = ("completed", "stopped", "transferred")
KINDS = ("given", "held")
CORRECTION_KINDS = ("given", "held", "not_given")
#: Decisions of the give/hold check after which giving the dose needs a stated reason.
DECISIONS_AGAINST_GIVING = ("incomplete", "hold", "stop")
MAX_TEXT = 500

_LOAD = (
    selectinload(Course.doses),
    selectinload(Course.records).selectinload(DoseRecord.assessment),
    selectinload(Course.closure),
)


def local_now() -> dt.datetime:
    """The workstation's wall-clock time, to the minute (dose times are wall-clock, like the schedule)."""
    return dt.datetime.now().replace(second=0, microsecond=0)


@dataclass(frozen=True)
class NewCourse:
    label: str
    calculation: Calculation  # from handbook.dosing.assess on the admission weight
    weight_entered: str
    first_dose_at: dt.datetime
    protocol_id: str
    content_version: str
    started_by: str = ""
    check: Calculation | None = None  # the second nurse's independent calculation
    checked_by: str = ""
    patient_name: str = ""
    patient_record: str = ""


@dataclass(frozen=True)
class AssessmentInput:
    """A give/hold check to keep with a dose: its decision and the whole document (inputs and result)."""

    decision: str  # incomplete | no_hold_found | call | hold | stop
    protocol_id: str
    evaluator: str
    document: dict[str, Any]
    assessed_at: dt.datetime
    nurse: str = ""


class CourseRecords:
    """The course record in one records database. ``identifiers``: may a course carry name and record number."""

    def __init__(
        self, store: UserStore, *, identifiers: bool = False, clock: Callable[[], dt.datetime] = local_now
    ) -> None:
        self.store = store
        self.identifiers = identifiers
        self.clock = clock

    # ---------------------------------------------------------------- reading

    def courses(self, include_closed: bool = True) -> list[CourseSummary]:
        """Open courses first (newest first), then closed ones."""
        with self.store.session() as session:
            courses = session.scalars(select(Course).options(*_LOAD)).all()
            rows = [summary_of(course) for course in courses]
        rows.sort(key=lambda s: (s.closed, -s.id))
        return [row for row in rows if include_closed or not row.closed]

    def get(self, course_id: int) -> CourseView:
        with self.store.session() as session:
            return course_view(self._course(session, course_id))

    # ---------------------------------------------------------------- actions

    def start(self, new: NewCourse) -> CourseView:
        label = _clip(new.label.strip())
        name, record = _clip(new.patient_name.strip()), _clip(new.patient_record.strip())
        if (name or record) and not self.identifiers:
            raise Refusal(
                Rule.identifiers_not_allowed,
                "the ward's privacy setting keeps names and record numbers off this record; use a label such as "
                "'bed 7 / AB'",
            )
        calc = new.calculation
        numbers = calc.numbers
        check: dict[str, Any] | None = None
        if new.check is not None:
            result = double_check(calc, new.check)
            if not result.match:
                raise Refusal(Rule.double_check_mismatch, result.summary())
            check = {
                "match": True,
                "rows": [list(row) for row in result.rows],
                "summary": result.summary(),
                "weight": new.check.weight.describe(),
                "checked_by": _clip(new.checked_by.strip()),
            }
        schedule = build_schedule(
            new.first_dose_at, numbers.interval_hours.value, numbers.cycles, numbers.max_doses_per_course
        )
        if not schedule:
            raise Refusal(Rule.no_schedule, "the regimen gives no dose from this first dose time")
        cycles = {cycle.number: cycle for cycle in numbers.cycles}
        with self.store.action() as session:
            course = Course(
                label=label or f"course from {new.first_dose_at:%Y-%m-%d %H:%M}",
                patient_name=name or None,
                patient_record=record or None,
                regimen_slug=numbers.regimen_slug,
                regimen_name=numbers.regimen_name,
                protocol_id=new.protocol_id,
                content_version=new.content_version,
                weight_entered=_clip(new.weight_entered.strip()),
                weight_unit=calc.weight.unit.value,
                weight_kg=str(calc.weight.kg),
                first_dose_at=new.first_dose_at,
                calculation=calculation_document(calc),
                double_check=check,
                started_by=_clip(new.started_by.strip()),
                recorded_by=self.store.recorder,
            )
            session.add(course)
            session.flush()
            for dose in schedule:
                cycle = cycles[dose.cycle]
                session.add(
                    ScheduledDose(
                        course_id=course.id,
                        number=dose.number,
                        cycle=dose.cycle,
                        number_in_cycle=dose.number_in_cycle,
                        cycle_max=cycle.max_doses,
                        course_max=numbers.max_doses_per_course,
                        cycle_first_day=cycle.first_day,
                        cycle_last_day=cycle.last_day,
                        day=dose.day,
                        planned_at=dose.when.replace(tzinfo=None),
                    )
                )
            session.flush()
            course_id = course.id
        return self.get(course_id)

    def record(
        self,
        course_id: int,
        number: int,
        kind: str,
        *,
        at: dt.datetime | None = None,
        by: str = "",
        why: str = "",
        assessment: AssessmentInput | None = None,
    ) -> CourseView:
        """The first record of dose ``number``: given or held (held needs ``why``)."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        why = _clip(why.strip())
        when = _minute(at or self.clock())
        if assessment is not None and kind == "given" and assessment.decision in DECISIONS_AGAINST_GIVING and not why:
            raise Refusal(
                Rule.given_against_check,
                f"the give/hold check says {assessment.decision.upper().replace('_', ' ')}; giving dose {number} "
                "anyway needs a reason (for example the prescriber's order)",
            )
        with _writing(self.store, number) as session:
            course = self._course(session, course_id, lock=True)
            slots = self._open_slots(course)
            slot = check_number(slots, number)
            check_new_record(slots, slot, kind, when, why, course.first_dose_at.date(), self.clock())
            assessment_id = self._add_assessment(session, course_id, number, assessment)
            session.add(
                DoseRecord(
                    course_id=course_id,
                    dose_number=number,
                    kind=kind,
                    at=when,
                    nurse=_clip(by.strip()),
                    why=why or None,
                    assessment_id=assessment_id,
                    recorded_by=self.store.recorder,
                )
            )
            session.flush()
        return self.get(course_id)

    def correct(
        self, course_id: int, number: int, kind: str, *, why: str, by: str = "", at: dt.datetime | None = None
    ) -> CourseView:
        """A new record for dose ``number`` that replaces what its record says, keeping the original."""
        if kind not in CORRECTION_KINDS:
            raise ValueError(f"kind must be one of {CORRECTION_KINDS}, not {kind!r}")
        why = _clip(why.strip())
        with _writing(self.store, number) as session:
            course = self._course(session, course_id, lock=True)
            slots = self._open_slots(course)
            slot = check_number(slots, number)
            check_correction(slot, kind, why)
            records = [r for r in course.records if r.dose_number == number]
            original = next(r for r in records if r.corrects_id is None)
            latest = records[-1]
            when = _minute(at) if at is not None else latest.at
            if kind == "given":
                check_maxima(slots, slot)
            if kind != "not_given":
                check_time(slots, slot, when, course.first_dose_at.date(), self.clock())
            session.add(
                DoseRecord(
                    course_id=course_id,
                    dose_number=number,
                    kind=kind,
                    at=when,
                    nurse=_clip(by.strip()),
                    why=why,
                    corrects_id=original.id,
                    recorded_by=self.store.recorder,
                )
            )
            session.flush()
        return self.get(course_id)

    def close(self, course_id: int, outcome: str, reason: str, by: str = "") -> CourseView:
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}, not {outcome!r}")
        reason = _clip(reason.strip())
        if not reason:
            raise Refusal(Rule.close_without_reason, "closing a course needs a reason")
        with _writing(self.store, None) as session:
            course = self._course(session, course_id, lock=True)
            self._require_open(course)
            session.add(
                CourseClosure(
                    course_id=course_id,
                    outcome=outcome,
                    reason=reason,
                    nurse=_clip(by.strip()),
                    recorded_by=self.store.recorder,
                )
            )
            session.flush()
        return self.get(course_id)

    def add_lab_draw(self, course_id: int, drawn_at: dt.datetime, values: dict[str, str], by: str = "") -> int:
        with _writing(self.store, None) as session:
            course = self._course(session, course_id, lock=True)
            self._require_open(course)
            draw = LabDraw(
                course_id=course_id,
                drawn_at=_minute(drawn_at),
                values={k: _clip(str(v)) for k, v in values.items()},
                nurse=_clip(by.strip()),
                recorded_by=self.store.recorder,
            )
            session.add(draw)
            session.flush()
            return draw.id

    def latest_lab_draw(self, course_id: int) -> LabDraw | None:
        with self.store.session() as session:
            return session.scalars(
                select(LabDraw)
                .where(LabDraw.course_id == course_id)
                .order_by(LabDraw.drawn_at.desc(), LabDraw.id.desc())
                .limit(1)
            ).first()

    def count_records(self, course_id: int) -> int:
        with self.store.session() as session:
            return int(session.scalar(select(func.count(DoseRecord.id)).where(DoseRecord.course_id == course_id)) or 0)

    # ---------------------------------------------------------------- helpers

    def _course(self, session: Session, course_id: int, lock: bool = False) -> Course:
        query = select(Course).where(Course.id == course_id)
        if lock and session.get_bind().dialect.name == "postgresql":
            # Two workstations acting on one course take turns. Not a row lock: that needs UPDATE rights,
            # which a nurse's role does not have on the server. (SQLite: the action holds the write lock.)
            course_lock(session.connection(), course_id)
        course = session.scalars(query.options(*_LOAD)).first()
        if course is None:
            raise Refusal(Rule.no_such_course, f"there is no course {course_id}")
        return course

    def _open_slots(self, course: Course) -> list[Slot]:
        self._require_open(course)
        return slots_of(course)

    @staticmethod
    def _require_open(course: Course) -> None:
        if course.closure is not None:
            raise Refusal(
                Rule.course_closed,
                f"course {course.id} ({course.label}) was closed ({course.closure.outcome}); it is read-only",
            )

    def _add_assessment(
        self, session: Session, course_id: int, number: int, assessment: AssessmentInput | None
    ) -> int | None:
        if assessment is None:
            return None
        row = Assessment(
            course_id=course_id,
            dose_number=number,
            decision=assessment.decision,
            protocol_id=assessment.protocol_id,
            evaluator=assessment.evaluator,
            document=assessment.document,
            assessed_at=_minute(assessment.assessed_at),
            nurse=_clip(assessment.nurse.strip()),
            recorded_by=self.store.recorder,
        )
        session.add(row)
        session.flush()
        return row.id


@contextmanager
def _writing(store: UserStore, number: int | None) -> Iterator[Session]:
    """One write action; a unique-index conflict (another workstation recorded the dose first) becomes the
    same refusal the Python check gives."""
    try:
        with store.action() as session:
            yield session
    except IntegrityError as conflict:
        raise _refusal_for(conflict, number) from None


def _refusal_for(error: IntegrityError, number: int | None) -> Refusal:
    text = str(error.orig)
    if "uq_dose_record_one_original" in text or "dose_record.course_id, dose_record.dose_number" in text:
        return Refusal(
            Rule.second_record,
            f"dose {number} was recorded at the same moment by someone else; this record was not saved",
        )
    if "course_closure" in text or "takes no more records" in text:  # the server's closed-course trigger
        return Refusal(Rule.course_closed, "the course was closed at the same moment by someone else")
    raise error


def slots_of(course: Course) -> list[Slot]:
    latest: dict[int, DoseRecord] = {}
    for record in course.records:
        latest[record.dose_number] = record
    return [
        Slot(
            number=dose.number,
            cycle=dose.cycle,
            number_in_cycle=dose.number_in_cycle,
            cycle_max=dose.cycle_max,
            course_max=dose.course_max,
            cycle_first_day=dose.cycle_first_day,
            cycle_last_day=dose.cycle_last_day,
            status=latest[dose.number].kind if dose.number in latest else "planned",
            has_record=dose.number in latest,
        )
        for dose in course.doses
    ]


def calculation_document(calc: Calculation) -> dict[str, Any]:
    """What the course keeps of its dose calculation: every figure as shown, with formula and sources."""
    numbers: DosingNumbers = calc.numbers
    return {
        "regimen": {"id": numbers.regimen_slug, "name": numbers.regimen_name, "basis": numbers.regimen_basis},
        "weight": calc.weight.describe(),
        "weight_kg": str(calc.weight.kg),
        "flags": [{"code": f.code, "message": f.message} for f in calc.flags],
        "dose": calc.dose_display,
        "volume": calc.volume_display,
        "figures": [figure.as_dict() for figure in calc.figures],
    }


def _minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=None, second=0, microsecond=0)


def _clip(text: str) -> str:
    return text[:MAX_TEXT]


__all__: Sequence[str] = ("AssessmentInput", "CourseRecords", "NewCourse", "Refusal", "Rule")
