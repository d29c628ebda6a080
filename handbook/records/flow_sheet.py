"""A course's flow sheet: the recorded doses fed into the flow-sheet builder (:mod:`handbook.flow_sheet`).

Rows that have a record are printed with what happened (given or held, when, by whom, why, the vital signs
from the give/hold assessment kept with the dose); rows still to come stay blank for the bedside. The course
label is on every page. The dose figures are worked out again from the course's admission weight, and the
sheet is refused if they no longer match what was stored when the course started (the content changed).
"""

from __future__ import annotations

from typing import Any

from handbook.dosing import CheckResult, DosingNumbers, Status, assess
from handbook.flow_sheet import CheckSummary, DoseRecord, DoseStatus, FlowSheet, Product, VitalSigns, build_flow_sheet
from handbook.records.courses import calculation_document
from handbook.records.rules import Refusal, Rule
from handbook.records.view import CourseView, DoseView
from handbook.schedule import ScheduledDose


def course_flow_sheet(course: CourseView, numbers: DosingNumbers, product: Product) -> FlowSheet:
    result = assess(course.weight_entered, course.weight_unit, numbers, confirmed=True)
    if result.status is not Status.ok or result.calculation is None:
        raise Refusal(Rule.no_schedule, f"the course's weight no longer gives a dose: {result.reason}")
    calc = result.calculation
    if calculation_document(calc)["dose"] != course.calculation.get("dose"):
        raise Refusal(
            Rule.content_changed,
            f"the dose worked out now ({calculation_document(calc)['dose']}) differs from the one stored with the "
            f"course ({course.calculation.get('dose')}): the content changed since the course started; ask pharmacy",
        )
    doses = [ScheduledDose(d.number, d.cycle, d.number_in_cycle, d.day, d.planned) for d in course.doses]
    records = {d.number: _record(d) for d in course.doses if d.latest is not None}
    check = None
    if course.double_check:
        rows = tuple(tuple(row) for row in course.double_check.get("rows", ()))
        check = CheckSummary(
            result=CheckResult(bool(course.double_check.get("match")), rows),
            calculated_by=course.started_by,
            checked_by=str(course.double_check.get("checked_by", "")),
        )
    return build_flow_sheet(calc, doses, product=product, label=course.title, check=check, records=records)


def _record(dose: DoseView) -> DoseRecord:
    latest = dose.latest
    assert latest is not None
    why = latest.why
    if dose.corrected:
        first = dose.history[0]
        why = f"{why} (correction; first recorded {first.kind.replace('_', ' ')} at {first.at:%d %b %H:%M})".strip()
    return DoseRecord(
        status=DoseStatus(latest.kind),
        started=latest.at,
        by=latest.by,
        why=why,
        vitals=_vitals(dose.assessment),
    )


def _vitals(assessment: dict[str, Any] | None) -> VitalSigns:
    """The vital signs the give/hold check used, as its result recorded them."""
    if not assessment:
        return VitalSigns()
    document = assessment.get("document") or {}
    values = (document.get("result") or {}).get("values") or {}

    def value(key: str) -> str:
        entry = values.get(key)
        if isinstance(entry, dict) and entry.get("value") is not None:
            return f"{entry['value']:g}" if isinstance(entry["value"], float) else str(entry["value"])
        return ""

    return VitalSigns(
        bp=f"SBP {value('sbp')}" if value("sbp") else "",
        hr=value("hr"),
        spo2=value("spo2"),
        urine_output=f"{value('urine-ml-8h')} mL/8 h" if value("urine-ml-8h") else "",
    )
