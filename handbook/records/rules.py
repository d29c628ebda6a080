"""The hard stops of the course record: each a refusal that names its rule, decided on plain data.

These are checked in Python before anything is written, so the nurse is told which rule and why. The ones
that must also hold when two workstations write at once (one original record per dose, a reason for every
hold and correction, a dose only where the schedule has one, the cycle and course maxima) are constraints in
the database as well (see :mod:`handbook.db.user_models`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

#: How far ahead of the workstation's clock a dose time may be (clocks differ a little; charting ahead does not).
FUTURE_TOLERANCE = dt.timedelta(minutes=10)


class Rule(StrEnum):
    """The rules a record can break. The value is what the refusal prints."""

    dose_outside_schedule = "dose-outside-schedule"
    second_record = "second-record-for-dose"
    rest_period = "dose-in-rest-period"
    outside_its_cycle = "dose-outside-its-cycle"
    before_course = "dose-before-course-start"
    cycle_maximum = "cycle-maximum"
    course_maximum = "course-maximum"
    held_without_reason = "held-without-reason"
    correction_without_reason = "correction-without-reason"
    nothing_to_correct = "nothing-to-correct"
    given_against_check = "given-against-check-without-reason"
    future_time = "time-in-the-future"
    course_closed = "course-closed"
    close_without_reason = "close-without-reason"
    no_such_course = "no-such-course"
    identifiers_not_allowed = "identifiers-not-allowed"
    double_check_mismatch = "double-check-mismatch"
    no_schedule = "no-schedule"
    content_changed = "content-changed-since-course-start"


class Refusal(Exception):  # noqa: N818 (a refusal is the expected outcome of a rule, not an error)
    """A hard stop: nothing was written. ``str()`` is one line naming the rule."""

    def __init__(self, rule: Rule, message: str) -> None:
        super().__init__(f"refused by rule {rule.value}: {message}")
        self.rule = rule
        self.message = message


@dataclass(frozen=True)
class Slot:
    """One scheduled dose, as the rules need it."""

    number: int
    cycle: int
    number_in_cycle: int
    cycle_max: int
    course_max: int | None
    cycle_first_day: int
    cycle_last_day: int
    status: str  # planned | given | held | not_given (the latest record)
    has_record: bool


@dataclass(frozen=True)
class Cycle:
    number: int
    first_day: int
    last_day: int


def cycles_of(slots: Sequence[Slot]) -> list[Cycle]:
    seen: dict[int, Cycle] = {}
    for slot in slots:
        seen.setdefault(slot.cycle, Cycle(slot.cycle, slot.cycle_first_day, slot.cycle_last_day))
    return sorted(seen.values(), key=lambda c: c.number)


def check_number(slots: Sequence[Slot], number: int) -> Slot:
    """The scheduled dose ``number``, or the refusal that says why there is none."""
    if not slots:
        raise Refusal(Rule.no_schedule, "this course has no scheduled doses")
    course_max = slots[0].course_max
    if course_max is not None and number > course_max:
        raise Refusal(
            Rule.course_maximum,
            f"dose {number} would be dose {number} of the course; the course maximum is {course_max} doses",
        )
    for slot in slots:
        if slot.number == number:
            return slot
    raise Refusal(
        Rule.dose_outside_schedule,
        f"dose {number} is not in this course's schedule ({_describe_schedule(slots)})",
    )


def check_new_record(
    slots: Sequence[Slot], slot: Slot, kind: str, at: dt.datetime, why: str, first_day: dt.date, now: dt.datetime
) -> None:
    """Everything a first record of a dose must satisfy (the number is already known to be in the schedule)."""
    if kind == "held" and not why.strip():
        raise Refusal(Rule.held_without_reason, f"dose {slot.number} held: say why it was held")
    if slot.has_record:
        raise Refusal(
            Rule.second_record,
            f"dose {slot.number} already has a record ({slot.status}); to change it, record a correction with a reason",
        )
    if kind == "given":
        check_maxima(slots, slot)
    check_time(slots, slot, at, first_day, now)


def check_maxima(slots: Sequence[Slot], slot: Slot) -> None:
    """A dose to be counted as given must not pass its cycle's or its course's maximum."""
    given_in_cycle = sum(1 for s in slots if s.cycle == slot.cycle and s.status == "given" and s is not slot)
    if given_in_cycle >= slot.cycle_max:
        raise Refusal(
            Rule.cycle_maximum,
            f"this would be dose {given_in_cycle + 1} given in cycle {slot.cycle}; "
            f"the maximum is {slot.cycle_max} doses per cycle",
        )
    given = sum(1 for s in slots if s.status == "given" and s is not slot)
    if slot.course_max is not None and given >= slot.course_max:
        raise Refusal(
            Rule.course_maximum,
            f"this would be dose {given + 1} given in the course; the course maximum is {slot.course_max} doses",
        )


def check_time(slots: Sequence[Slot], slot: Slot, at: dt.datetime, first_day: dt.date, now: dt.datetime) -> None:
    """A dose is given or held on a day of its own cycle, never in the rest period, never ahead of now."""
    if at > now + FUTURE_TOLERANCE:
        raise Refusal(
            Rule.future_time,
            f"{at:%Y-%m-%d %H:%M} is in the future (now {now:%Y-%m-%d %H:%M}); record a dose when it is given or held",
        )
    day = (at.date() - first_day).days + 1
    when = f"{at:%Y-%m-%d %H:%M} (day {day})"
    if day < 1:
        raise Refusal(Rule.before_course, f"{when} is before the course's first dose day")
    if slot.cycle_first_day <= day <= slot.cycle_last_day:
        return
    cycles = cycles_of(slots)
    for cycle in cycles:
        if cycle.first_day <= day <= cycle.last_day:
            raise Refusal(
                Rule.outside_its_cycle,
                f"dose {slot.number} belongs to cycle {slot.cycle} "
                f"(days {slot.cycle_first_day}–{slot.cycle_last_day}); {when} is in cycle {cycle.number}",
            )
    days = ", ".join(f"cycle {c.number} days {c.first_day}–{c.last_day}" for c in cycles)
    raise Refusal(Rule.rest_period, f"{when} is in the rest period, outside the dosing days ({days})")


def check_correction(slot: Slot, kind: str, why: str) -> None:
    if not why.strip():
        raise Refusal(Rule.correction_without_reason, f"a correction of dose {slot.number} needs a reason")
    if not slot.has_record:
        raise Refusal(
            Rule.nothing_to_correct,
            f"dose {slot.number} has no record to correct; record it as given or held instead",
        )


def _describe_schedule(slots: Sequence[Slot]) -> str:
    parts = []
    for cycle in cycles_of(slots):
        numbers = [s.number for s in slots if s.cycle == cycle.number]
        parts.append(f"cycle {cycle.number}: doses {min(numbers)}–{max(numbers)}")
    return "; ".join(parts)
