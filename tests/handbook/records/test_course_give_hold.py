"""The give/hold evaluator fed by the course and its result kept with the dose, on both engines."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.dosing import DosingNumbers
from handbook.givehold import Rhythm, load_protocol
from handbook.records.courses import CourseRecords
from handbook.records.give_hold import assessment_of, check_dose, course_values
from handbook.records.rules import Refusal, Rule
from tests.handbook.records.conftest import FIRST_DOSE, new_course

LOW_BP = {"sbp": 84.0, "hr": 104.0, "spo2": 96.0, "o2-lpm": 0.0, "urine-ml-8h": 300.0, "temp-c": 37.8}


def test_the_course_feeds_the_check_and_the_result_is_kept_with_the_dose(
    records: CourseRecords, numbers: DosingNumbers
) -> None:
    course = records.start(new_course(numbers)).id
    records.record(course, 1, "given", at=FIRST_DOSE)
    records.record(course, 2, "held", at=FIRST_DOSE.replace(hour=16), why="SBP 82")
    view = records.get(course)
    assert course_values(view, 3) == {"dose-number": 3.0, "doses-held": 1.0, "admission-weight-kg": 70.0}
    when = dt.datetime(2026, 12, 2, 0, 0)
    result = check_dose(
        view,
        3,
        load_protocol("dutcher-2014"),
        typed=LOW_BP,
        rhythm=Rhythm.sinus,
        assessed_at=when,
        ask_everything=False,
    )
    assert result.decision.value in {"hold", "stop"}  # SBP < 90 is the label's withhold row
    kept = assessment_of(result, typed=LOW_BP, rhythm=Rhythm.sinus, findings={}, assessed_at=when, nurse="AB")
    with pytest.raises(Refusal) as refused:
        records.record(course, 3, "given", at=when, assessment=kept)
    assert refused.value.rule is Rule.given_against_check
    dose = records.record(course, 3, "held", at=when, why=result.headline, assessment=kept).dose(3)
    assert dose.assessment is not None and dose.assessment["decision"] == result.decision.value
    assert dose.assessment["document"]["result"]["values"]["sbp"]["value"] == 84.0
    assert dose.assessment["document"]["inputs"]["values"] == LOW_BP
