"""The course schedule: never outside a cycle's days, never past a maximum, always an interval apart."""

from __future__ import annotations

import datetime as dt
import itertools
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook.dosing import CycleSpec
from handbook.schedule import ScheduleError, build_schedule

LABEL_CYCLES = (CycleSpec(1, 1, 5, 14), CycleSpec(2, 15, 19, 14))


def test_from_8am_q8h_caps_each_cycle_at_14() -> None:
    doses = build_schedule(dt.datetime(2026, 12, 1, 8, 0), Fraction(8), LABEL_CYCLES, 28)
    assert len(doses) == 28
    first, fourteenth, fifteenth, last = doses[0], doses[13], doses[14], doses[-1]
    assert (first.number, first.cycle, first.day, first.when) == (1, 1, 1, dt.datetime(2026, 12, 1, 8, 0))
    # 15 slots fit in days 1–5 from 08:00; the 15th (day 5 at 24:00 would be day 6 — and 16:00 is the 14th).
    assert (fourteenth.cycle, fourteenth.day, fourteenth.when) == (1, 5, dt.datetime(2026, 12, 5, 16, 0))
    assert (fifteenth.number, fifteenth.cycle, fifteenth.number_in_cycle, fifteenth.day, fifteenth.when) == (
        15,
        2,
        1,
        15,
        dt.datetime(2026, 12, 15, 8, 0),
    )
    assert (last.number, last.cycle, last.day, last.when) == (28, 2, 19, dt.datetime(2026, 12, 19, 16, 0))


def test_a_late_first_dose_gives_fewer_doses_in_the_cycle() -> None:
    doses = build_schedule(dt.datetime(2026, 3, 1, 23, 0), Fraction(8), LABEL_CYCLES, 28)
    cycle_one = [d for d in doses if d.cycle == 1]
    assert len(cycle_one) == 13
    assert cycle_one[-1].when == dt.datetime(2026, 3, 5, 23, 0)
    assert next(d.day for d in doses if d.cycle == 2) == 15


def test_the_course_maximum_caps_the_total() -> None:
    doses = build_schedule(dt.datetime(2026, 1, 1, 0, 0), Fraction(8), LABEL_CYCLES, 20)
    assert len(doses) == 20
    assert doses[-1].cycle == 2


def test_month_ends_are_crossed_by_calendar() -> None:
    doses = build_schedule(dt.datetime(2027, 2, 27, 6, 0), Fraction(8), LABEL_CYCLES)
    assert doses[-1].when.date() == dt.date(2027, 3, 17)


@pytest.mark.parametrize("interval", [Fraction(0), Fraction(-8), Fraction(1, 3600)])
def test_a_nonsense_interval_is_refused(interval: Fraction) -> None:
    with pytest.raises(ScheduleError):
        build_schedule(dt.datetime(2026, 1, 1, 8, 0), interval, LABEL_CYCLES)


starts = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2090, 1, 1))
intervals = st.sampled_from([Fraction(n) for n in (4, 6, 7, 8, 12, 24)] + [Fraction(15, 2)])


@st.composite
def cycle_lists(draw: st.DrawFn) -> tuple[CycleSpec, ...]:
    cycles = []
    day = draw(st.integers(1, 3))
    for number in range(1, draw(st.integers(1, 4)) + 1):
        length = draw(st.integers(1, 7))
        cycles.append(CycleSpec(number, day, day + length - 1, draw(st.integers(1, 30))))
        day += length + draw(st.integers(0, 10))
    return tuple(cycles)


@given(starts, intervals, cycle_lists(), st.none() | st.integers(1, 60))
def test_schedule_properties(
    start: dt.datetime, interval: Fraction, cycles: tuple[CycleSpec, ...], course_max: int | None
) -> None:
    doses = build_schedule(start, interval, cycles, course_max)
    by_number = {c.number: c for c in cycles}
    assert [d.number for d in doses] == list(range(1, len(doses) + 1))
    if course_max is not None:
        assert len(doses) <= course_max
    for cycle in cycles:
        in_cycle = [d for d in doses if d.cycle == cycle.number]
        assert len(in_cycle) <= cycle.max_doses
        for earlier, later in itertools.pairwise(in_cycle):
            assert later.when - earlier.when == dt.timedelta(hours=float(interval))
        if in_cycle:
            assert in_cycle[0].day == cycle.first_day
            assert in_cycle[0].when.time() == start.time()
    for dose in doses:
        cycle = by_number[dose.cycle]
        assert cycle.first_day <= dose.day <= cycle.last_day
        assert dose.day == (dose.when.date() - start.date()).days + 1


@given(starts)
def test_label_cycle_two_starts_on_day_15(start: dt.datetime) -> None:
    doses = build_schedule(start, Fraction(8), LABEL_CYCLES, 28)
    second = [d for d in doses if d.cycle == 2]
    assert second[0].day == 15
    assert second[0].when.date() == start.date() + dt.timedelta(days=14)
    assert all(len([d for d in doses if d.cycle == c]) <= 14 for c in (1, 2))
