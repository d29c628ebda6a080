"""The give/hold evaluator fed by the course and its result kept with the dose, on both engines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from handbook.dosing import DosingNumbers
from handbook.givehold import Rhythm, load_protocol
from handbook.records.courses import CourseRecords
from handbook.records.give_hold import assessment_of, check_dose, course_values
from handbook.records.rules import Refusal, Rule
from tests.handbook.records.conftest import FIRST_DOSE, calc, new_course

TYPED = {"sbp": "84", "hr": "104", "spo2": "96", "o2-lpm": "0", "urine-ml-8h": "300", "temp-c": "37.8"}
LOW_BP = {key: Decimal(text) for key, text in TYPED.items()}


def test_the_course_feeds_the_check_and_the_result_is_kept_with_the_dose(
    records: CourseRecords, numbers: DosingNumbers
) -> None:
    course = records.start(new_course(numbers)).id
    records.record(course, 1, "given", at=FIRST_DOSE)
    records.record(course, 2, "held", at=FIRST_DOSE.replace(hour=16), why="SBP 82")
    view = records.get(course)
    assert course_values(view, 3) == {"dose-number": 3, "doses-held": 1, "admission-weight-kg": Decimal("70")}
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
    assert dose.assessment is not None
    assert dose.assessment["decision"] == result.decision.value
    # Stored as the exact text typed, never as a float: 37.8 comes back as "37.8".
    assert dose.assessment["document"]["result"]["values"]["sbp"]["value"] == "84"
    assert dose.assessment["document"]["result"]["values"]["temp-c"]["value"] == "37.8"
    assert dose.assessment["document"]["inputs"]["values"] == TYPED


def test_a_course_weight_with_a_fraction_of_a_kilo_feeds_the_check_exactly(
    records: CourseRecords, numbers: DosingNumbers
) -> None:
    # 80.5 kg is kept as the exact fraction "161/2"; the check reads it as 80.5, not as a float (or a crash).
    weighed = new_course(numbers, weight_entered="80.5", calculation=calc(numbers, "80.5"), check=calc(numbers, "80.5"))
    view = records.get(records.start(weighed).id)
    assert view.weight_kg == "161/2"
    assert course_values(view, 1)["admission-weight-kg"] == Decimal("80.5")
    typed = {**LOW_BP, "urine-ml-8h": Decimal("322")}
    result = check_dose(view, 1, load_protocol("til-2024"), typed=typed, assessed_at=FIRST_DOSE, ask_everything=False)
    assert result.readings["urine-ml-per-kg-8h"].value == Decimal("4")  # 322 ÷ 80.5, exactly
