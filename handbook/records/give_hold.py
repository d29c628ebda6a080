"""The give/hold check for a dose of a course: the course feeds the evaluator what it knows (the dose's place in
its cycle, the doses held this cycle, the admission weight, the course's lab draws), and the result is kept
with the dose as its assessment (inputs and result as one document, the decision as a column)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from handbook.decimal_text import canonical
from handbook.givehold.compiled import ProtocolRules
from handbook.givehold.evaluator import Result, evaluate
from handbook.givehold.inputs import DoseInputs, LabDraw, Rhythm
from handbook.records.courses import AssessmentInput
from handbook.records.view import CourseView

if TYPE_CHECKING:
    from handbook.givehold.stored import StoredGiveHold

EVALUATOR = "handbook.givehold"


def course_values(course: CourseView, number: int) -> dict[str, Decimal]:
    """What the course knows for dose ``number``: dose n this cycle, doses held this cycle, admission weight."""
    dose = course.dose(number)
    held = sum(1 for d in course.doses if d.cycle == dose.cycle and d.status == "held" and d.number != number)
    return {
        "dose-number": Decimal(dose.number_in_cycle),
        "doses-held": Decimal(held),
        "admission-weight-kg": _weight(course.weight_kg),
    }


def _weight(kg: str) -> Decimal:
    """The course's admission weight (stored exact: "80", "161/2", "80.5") to 0.01 kg, as the dose figures show it."""
    exact = Fraction(kg)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _texts(values: Mapping[str, Decimal]) -> dict[str, str]:
    """Values as exact decimal text for the JSON document (a JSON number would be read back as a float)."""
    return {key: canonical(value) for key, value in values.items()}


def check_dose(
    course: CourseView,
    number: int,
    protocol: ProtocolRules,
    *,
    typed: Mapping[str, Decimal],
    rhythm: Rhythm | None = None,
    findings: Mapping[str, bool] | None = None,
    lab_draws: tuple[LabDraw, ...] = (),
    assessed_at: dt.datetime,
    ask_everything: bool = True,
) -> Result:
    """Evaluate the dose's give/hold check with the nurse's typed values and what the course knows."""
    values = {**course_values(course, number), **typed}
    inputs = DoseInputs(
        values=values, rhythm=rhythm, findings=dict(findings or {}), lab_draws=lab_draws, assessed_at=assessed_at
    )
    return evaluate(inputs, protocol, ask_everything=ask_everything)


def assessment_of(
    result: Result,
    *,
    typed: Mapping[str, Decimal],
    rhythm: Rhythm | None,
    findings: Mapping[str, bool] | None,
    assessed_at: dt.datetime,
    nurse: str = "",
) -> AssessmentInput:
    """The result as the course record keeps it with the dose."""
    document: dict[str, Any] = {
        "inputs": {
            "values": _texts(typed),
            "rhythm": rhythm.value if rhythm is not None else None,
            "findings": dict(findings or {}),
        },
        "result": result.as_json(),
    }
    return AssessmentInput(
        decision=result.decision.value,
        protocol_id=result.protocol_id,
        evaluator=EVALUATOR,
        document=document,
        assessed_at=assessed_at,
        nurse=nurse,
    )


def assessment_from_saved_check(
    course: CourseView,
    number: int,
    entries: Mapping[str, str],
    *,
    assessed_at: dt.datetime,
    nurse: str = "",
    run_id: int | None = None,
    give_hold: StoredGiveHold | None = None,
) -> tuple[Result, AssessmentInput]:
    """A give/hold check saved in the window (the full form), evaluated again for dose ``number`` of the course
    under the protocol it was done with; the course's own counts win over what was typed."""
    from handbook.givehold.compiled import ProtocolError
    from handbook.givehold.record import inputs_from_entries
    from handbook.givehold.stored import files_give_hold

    check = give_hold if give_hold is not None else files_give_hold()
    saved = entries.get("protocol", "")
    try:
        protocol = check.protocol(saved) if saved else check.active()
    except ProtocolError:
        protocol = check.active()
    read = inputs_from_entries(entries, assessed_at)
    known = course_values(course, number)
    inputs = replace(read.inputs, values={**read.inputs.values, **known}, assessed_at=assessed_at)
    result = evaluate(inputs, protocol, ask_everything=True, catalog=check.catalog)
    document: dict[str, Any] = {
        "inputs": {"entries": dict(entries), "from_course": _texts(known), "unreadable": dict(read.problems)},
        "check_run": run_id,
        "result": result.as_json(),
    }
    return result, AssessmentInput(
        decision=result.decision.value,
        protocol_id=result.protocol_id,
        evaluator=EVALUATOR,
        document=document,
        assessed_at=assessed_at,
        nurse=nurse,
    )
