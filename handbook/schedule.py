"""The course schedule: when each dose falls, from the first dose's date and time.

Days are counted from the first dose's calendar day (day 1). Each cycle starts at the first dose's
clock time on its first day and repeats every interval while the dose still falls within the cycle's
last day and the cycle's (and the course's) maximum is not reached. A dose is never placed outside its
cycle's days or past a maximum: from 08:00 on day 1, every 8 hours fits 15 times in days 1 to 5, but
the label's maximum of 14 stops it at 14.

Times are wall-clock times (no time zones): around a daylight-saving change the real gap differs by
an hour, which the screen and the flow sheet say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from handbook.dosing import CycleSpec

SCHEDULE_NOTE = (
    "Planned times, every interval from the first dose, within each cycle's days and maximum. "
    "Doses held for toxicity are not made up; times are wall-clock (check around daylight-saving "
    "changes)."
)


class ScheduleError(ValueError):
    """The regimen's interval or cycles cannot give a schedule."""


@dataclass(frozen=True)
class ScheduledDose:
    number: int  # 1, 2, ... across the course
    cycle: int
    number_in_cycle: int
    day: int  # day 1 is the first dose's calendar day
    when: dt.datetime

    def as_dict(self) -> dict[str, object]:
        return {
            "dose": self.number,
            "cycle": self.cycle,
            "dose_in_cycle": self.number_in_cycle,
            "day": self.day,
            "date": self.when.date().isoformat(),
            "time": self.when.strftime("%H:%M"),
            "datetime": self.when.isoformat(timespec="minutes"),
        }


def build_schedule(
    first_dose: dt.datetime,
    interval_hours: Fraction,
    cycles: Sequence[CycleSpec],
    max_doses_per_course: int | None = None,
) -> list[ScheduledDose]:
    if interval_hours <= 0:
        raise ScheduleError("the interval between doses must be more than zero hours")
    step = dt.timedelta(seconds=round(interval_hours * 3600))
    if step < dt.timedelta(minutes=1):
        raise ScheduleError("the interval between doses is under a minute")
    day_one = first_dose.date()
    clock = first_dose.timetz()
    doses: list[ScheduledDose] = []
    for cycle in cycles:
        start_date = day_one + dt.timedelta(days=cycle.first_day - 1)
        when = dt.datetime.combine(start_date, clock)
        in_cycle = 0
        while in_cycle < cycle.max_doses:
            if max_doses_per_course is not None and len(doses) >= max_doses_per_course:
                return doses
            day = (when.date() - day_one).days + 1
            if day > cycle.last_day:
                break
            in_cycle += 1
            doses.append(ScheduledDose(len(doses) + 1, cycle.number, in_cycle, day, when))
            when += step
    return doses
