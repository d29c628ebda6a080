"""The course record: the schedule, every hard stop as a named refusal that writes nothing, corrections that keep
the original, closing, and the database constraints that hold even when Python's checks are bypassed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from handbook.db.user_models import Assessment, DoseRecord, ScheduledDose
from handbook.db.user_store import UserStore
from handbook.dosing import DosingNumbers
from handbook.records.courses import AssessmentInput, CourseRecords
from handbook.records.rules import Refusal, Rule, Slot, check_maxima
from tests.handbook.records.conftest import FIRST_DOSE, calc, new_course

DAY = dt.timedelta(days=1)


def at(day: int, hour: int = 8, minute: int = 5) -> dt.datetime:
    """A time on course day ``day`` (day 1 is the first dose's day)."""
    return FIRST_DOSE.replace(hour=hour, minute=minute) + (day - 1) * DAY


def test_a_new_course_has_its_whole_schedule_and_keeps_its_calculation_and_check(
    records: CourseRecords, numbers: DosingNumbers
) -> None:
    view = records.start(new_course(numbers))
    assert [d.number for d in view.doses] == list(range(1, 29))
    assert [d.number_in_cycle for d in view.doses[:14]] == list(range(1, 15))
    assert {d.cycle for d in view.doses[14:]} == {2}
    assert view.doses[14].planned == dt.datetime(2026, 12, 15, 8, 0)
    assert view.calculation["dose"].startswith("42,000,000 units")
    assert view.double_check is not None
    assert view.double_check["match"] is True
    assert view.double_check["checked_by"] == "CD"
    assert view.counts.headline == "Next: dose 1 of 14 in cycle 1 (dose 1 of the course)"
    assert view.recorded_by
    assert view.recorded_at is not None


def test_a_late_first_dose_gives_a_shorter_schedule_numbered_on(records: CourseRecords, numbers: DosingNumbers) -> None:
    view = records.start(new_course(numbers, first=FIRST_DOSE.replace(hour=16)))
    assert len([d for d in view.doses if d.cycle == 1]) == 13
    assert view.doses[13].cycle == 2
    assert view.doses[13].number == 14
    with pytest.raises(Refusal) as refused:
        records.record(view.id, 27, "given", at=at(19))
    assert refused.value.rule is Rule.dose_outside_schedule
    assert "cycle 1: doses 1–13; cycle 2: doses 14–26" in str(refused.value)


def test_given_and_held_doses_count_per_cycle_and_course(records: CourseRecords, numbers: DosingNumbers) -> None:
    course = records.start(new_course(numbers)).id
    records.record(course, 1, "given", at=at(1), by="AB")
    records.record(course, 2, "held", at=at(1, 16), by="AB", why="SBP 84 on phenylephrine")
    view = records.record(course, 3, "given", at=at(2, 0), by="EF")
    assert view.counts.headline == "Next: dose 4 of 14 in cycle 1 (dose 4 of the course)"
    assert (view.counts.given_this_cycle, view.counts.held_this_cycle) == (2, 1)
    dose = view.dose(2).as_dict()
    assert (dose["status"], dose["why"], dose["by"], dose["at"]) == (
        "held",
        "SBP 84 on phenylephrine",
        "AB",
        "2026-12-01T16:05",
    )
    assert dose["recorded_by"]
    assert dose["recorded_at"]


def _records(store: UserStore) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count(DoseRecord.id))) or 0)


HARD_STOPS: list[tuple[str, Rule, Callable[[CourseRecords, int], object]]] = [
    ("dose 0", Rule.dose_outside_schedule, lambda r, c: r.record(c, 0, "given", at=at(1))),
    ("dose 29", Rule.course_maximum, lambda r, c: r.record(c, 29, "given", at=at(19))),
    ("second record", Rule.second_record, lambda r, c: r.record(c, 1, "held", at=at(1), why="late")),
    ("rest period", Rule.rest_period, lambda r, c: r.record(c, 14, "given", at=at(8))),
    ("after the course", Rule.rest_period, lambda r, c: r.record(c, 28, "given", at=at(20))),
    ("other cycle's day", Rule.outside_its_cycle, lambda r, c: r.record(c, 5, "given", at=at(16))),
    ("before the course", Rule.before_course, lambda r, c: r.record(c, 2, "given", at=at(0))),
    ("held without reason", Rule.held_without_reason, lambda r, c: r.record(c, 2, "held", at=at(1), why="  ")),
    ("in the future", Rule.future_time, lambda r, c: r.record(c, 2, "given", at=dt.datetime(2027, 1, 1))),
    ("correction without reason", Rule.correction_without_reason, lambda r, c: r.correct(c, 1, "held", why="")),
    ("correct a dose never recorded", Rule.nothing_to_correct, lambda r, c: r.correct(c, 3, "given", why="x")),
    ("no such course", Rule.no_such_course, lambda r, c: r.record(c + 99, 2, "given", at=at(1))),
    ("close without reason", Rule.close_without_reason, lambda r, c: r.close(c, "stopped", " ")),
]


@pytest.mark.parametrize(("case", "rule", "action"), HARD_STOPS, ids=[case for case, _, _ in HARD_STOPS])
def test_every_hard_stop_is_a_named_refusal_that_writes_nothing(
    records: CourseRecords,
    records_store: UserStore,
    numbers: DosingNumbers,
    case: str,
    rule: Rule,
    action: Callable[[CourseRecords, int], object],
) -> None:
    course = records.start(new_course(numbers)).id
    records.record(course, 1, "given", at=at(1))
    before = records.get(course)
    with pytest.raises(Refusal) as refused:
        action(records, course)
    assert refused.value.rule is rule
    assert str(refused.value).startswith(f"refused by rule {rule.value}: ")
    assert "\n" not in str(refused.value)
    assert records.get(course) == before
    assert _records(records_store) == 1


def test_a_fifteenth_dose_in_a_cycle_is_refused_by_its_rule() -> None:
    # The schedule never offers a 15th slot (the database refuses one, below), so the rule is shown on
    # plain data: fourteen doses of cycle 1 given and one more slot claiming cycle 1.
    slots = [Slot(n, 1, n, 14, 28, 1, 5, "given", True) for n in range(1, 15)]
    extra = Slot(15, 1, 14, 14, 28, 1, 5, "planned", False)
    with pytest.raises(Refusal) as refused:
        check_maxima([*slots, extra], extra)
    assert refused.value.rule is Rule.cycle_maximum
    assert "dose 15 given in cycle 1; the maximum is 14" in str(refused.value)


def test_a_twenty_ninth_dose_given_is_refused_by_the_course_maximum() -> None:
    slots = [Slot(n, 1 + (n > 14), n - 14 * (n > 14), 14, 28, 1, 19, "given", True) for n in range(1, 29)]
    extra = Slot(29, 3, 1, 14, 28, 1, 19, "planned", False)
    with pytest.raises(Refusal) as refused:
        check_maxima([*slots, extra], extra)
    assert refused.value.rule is Rule.course_maximum


def test_a_correction_is_a_new_record_and_the_original_stays(
    records: CourseRecords, records_store: UserStore, numbers: DosingNumbers
) -> None:
    course = records.start(new_course(numbers)).id
    records.record(course, 4, "given", at=at(2), by="AB")
    records.correct(course, 4, "held", why="charted on the wrong patient's course; dose was held", by="AB")
    view = records.correct(course, 4, "not_given", why="pharmacy never sent the bag", by="GH")
    dose = view.dose(4)
    assert [r.kind for r in dose.history] == ["given", "held", "not_given"]
    assert dose.status == "not_given"
    assert dose.corrected
    assert dose.history[0].why == ""
    assert dose.history[0].by == "AB"
    assert {r.corrects_id for r in dose.history[1:]} == {dose.history[0].id}
    assert view.counts.given == 0
    assert view.counts.not_given == 1
    with records_store.session() as session:
        kinds = session.scalars(select(DoseRecord.kind).order_by(DoseRecord.id)).all()
    assert kinds == ["given", "held", "not_given"]


def test_a_closed_course_is_read_only_and_listed_after_the_open_ones(
    records: CourseRecords, numbers: DosingNumbers
) -> None:
    first = records.start(new_course(numbers, label="bed 1")).id
    second = records.start(new_course(numbers, label="bed 2")).id
    records.record(first, 1, "given", at=at(1))
    view = records.close(first, "transferred", "moved to ICU", by="AB")
    assert view.closed
    assert view.status == "transferred"
    assert view.closure is not None
    for action in (
        lambda: records.record(first, 2, "given", at=at(1, 16)),
        lambda: records.correct(first, 1, "held", why="x"),
        lambda: records.close(first, "stopped", "again"),
    ):
        with pytest.raises(Refusal) as refused:
            action()
        assert refused.value.rule is Rule.course_closed
    assert [(c.id, c.status) for c in records.courses()] == [(second, "open"), (first, "transferred")]
    assert [c.id for c in records.courses(include_closed=False)] == [second]


def test_identifiers_follow_the_ward_privacy_setting(records_store: UserStore, numbers: DosingNumbers) -> None:
    private = CourseRecords(records_store)
    with pytest.raises(Refusal) as refused:
        private.start(new_course(numbers, patient_name="Jane Doe"))
    assert refused.value.rule is Rule.identifiers_not_allowed
    allowed = CourseRecords(records_store, identifiers=True)
    view = allowed.start(new_course(numbers, patient_name="Jane Doe", patient_record="MRN 1"))
    assert view.title == "bed 7 / AB · Jane Doe · MRN 1"


def test_a_double_check_that_does_not_match_starts_no_course(records: CourseRecords, numbers: DosingNumbers) -> None:
    with pytest.raises(Refusal) as refused:
        records.start(new_course(numbers, check=calc(numbers, "77")))
    assert refused.value.rule is Rule.double_check_mismatch
    assert "MISMATCH" in str(refused.value)
    assert records.courses() == []


def _assessment(decision: str) -> AssessmentInput:
    return AssessmentInput(
        decision=decision,
        protocol_id="dutcher-2014",
        evaluator="test",
        document={"inputs": {"sbp": 84, "hr": 104}, "result": {"decision": decision, "rules": ["label-sbp"]}},
        assessed_at=at(1, 15, 50),
        nurse="AB",
    )


def test_the_give_hold_assessment_is_kept_with_the_dose(
    records: CourseRecords, records_store: UserStore, numbers: DosingNumbers
) -> None:
    course = records.start(new_course(numbers)).id
    with pytest.raises(Refusal) as refused:
        records.record(course, 2, "given", at=at(1, 16), assessment=_assessment("hold"))
    assert refused.value.rule is Rule.given_against_check
    view = records.record(course, 2, "held", at=at(1, 16), why="SBP 84", assessment=_assessment("hold"))
    kept = view.dose(2).assessment
    assert kept is not None
    assert kept["decision"] == "hold"
    assert kept["document"]["inputs"] == {"sbp": 84, "hr": 104}
    with records_store.session() as session:
        assert session.scalar(select(func.count(Assessment.id))) == 1
    given = records.record(
        course, 3, "given", at=at(2, 0), why="prescriber reviewed", assessment=_assessment("hold")
    ).dose(3)
    assert given.status == "given"
    assert given.latest is not None
    assert given.latest.why == "prescriber reviewed"


# ---------------------------------------------------------------- the database's own guards


def _raw_record(store: UserStore, **values: object) -> None:
    row = {"kind": "given", "at": at(1), "nurse": "", "why": None, "corrects_id": None, "recorded_by": "t"}
    row.update(values)
    with store.action() as session:
        session.execute(insert(DoseRecord).values(**row))


def test_the_database_refuses_a_second_original_record_for_a_dose(
    records: CourseRecords, records_store: UserStore, numbers: DosingNumbers
) -> None:
    course = records.start(new_course(numbers)).id
    _raw_record(records_store, course_id=course, dose_number=1)
    with pytest.raises(IntegrityError):
        _raw_record(records_store, course_id=course, dose_number=1)
    assert _records(records_store) == 1


@pytest.mark.parametrize(
    ("values", "why"),
    [
        ({"dose_number": 29}, "a dose the schedule does not have"),
        ({"kind": "held"}, "held without a reason"),
        ({"kind": "held", "why": "   "}, "held with a blank reason"),
        ({"kind": "skipped"}, "an unknown kind"),
        ({"kind": "not_given", "why": "x"}, "not given as an original record"),
        ({"corrects_id": 1, "dose_number": 2, "why": "x"}, "a correction pointing at another dose"),
        ({"corrects_id": 1}, "a correction without a reason"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_the_database_refuses_records_that_break_the_rules(
    records: CourseRecords, records_store: UserStore, numbers: DosingNumbers, values: dict[str, object], why: str
) -> None:
    course = records.start(new_course(numbers)).id
    _raw_record(records_store, course_id=course, dose_number=1)
    with pytest.raises(IntegrityError):
        _raw_record(records_store, course_id=course, **{"dose_number": 1, **values})
    assert _records(records_store) == 1, why


@pytest.mark.parametrize(
    "values",
    [
        {"number": 29, "number_in_cycle": 15, "cycle": 2},  # a 15th dose in a cycle
        {"number": 29, "number_in_cycle": 1, "cycle": 3, "day": 30, "cycle_first_day": 29, "cycle_last_day": 33},
        {"number": 29, "number_in_cycle": 1, "cycle": 3, "day": 9, "cycle_max": 14, "course_max": 40},
    ],
    ids=["15th in a cycle", "29th in a course", "day outside the cycle"],
)
def test_the_database_refuses_a_schedule_beyond_the_limits(
    records: CourseRecords, records_store: UserStore, numbers: DosingNumbers, values: dict[str, object]
) -> None:
    course = records.start(new_course(numbers)).id
    row: dict[str, object] = {
        "course_id": course,
        "cycle_max": 14,
        "course_max": 28,
        "cycle_first_day": 15,
        "cycle_last_day": 19,
        "day": 19,
        "planned_at": at(19),
    }
    row.update(values)
    with pytest.raises(IntegrityError), records_store.action() as session:
        session.execute(insert(ScheduledDose).values(**row))
