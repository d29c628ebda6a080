"""``handbook dose``: the dose calculator on the command line, with the same figures as the Dosing tab."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from handbook.commands.base import EXIT_OK, Env, SimpleCommand, UsageError
from handbook.dose_workflow import dose_line
from handbook.dosing import (
    CHECK_AGAINST,
    ROUNDING_RULE,
    WEIGHT_CHECK_NOTE,
    Calculation,
    DosingNumbers,
    Weight,
    WeightFlag,
    WeightInputError,
    WeightUnit,
    calculate,
    check_weight,
    regimen_choices,
)
from handbook.schedule import SCHEDULE_NOTE, ScheduledDose, ScheduleError, build_schedule


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--weight",
        required=True,
        metavar="WEIGHT",
        help="the patient's weight, e.g. 70 or 70.5 or 70,5 (no thousands separators)",
    )
    parser.add_argument(
        "--unit",
        choices=[u.value for u in WeightUnit],
        default=WeightUnit.kg.value,
        help="the unit of --weight (default kg)",
    )
    parser.add_argument("--regimen", metavar="ID", help="the regimen id in the content (default: the first)")
    parser.add_argument(
        "--start",
        metavar="DATETIME",
        help="first dose date and time, e.g. 2026-12-01T08:00: prints the course schedule",
    )
    parser.add_argument(
        "--confirm-unusual",
        action="store_true",
        help="confirm a weight flagged as unusual or as possibly in the wrong unit",
    )
    parser.add_argument(
        "--json", action="store_true", help="print every figure, formula, flag and the schedule as JSON"
    )


def run(args: argparse.Namespace, env: Env) -> int:
    start = parse_start(args.start)
    # The weight is checked once, before the content is opened: a typing error is reported at once.
    weight, flags = require_weight(args.weight, args.unit, args.confirm_unusual)
    store = env.content()
    with store.session() as session:
        drug = store.drug(session)
        numbers = choose_regimen(regimen_choices(drug), args.regimen)
    calculation = calculate(weight, numbers, flags)
    schedule: list[ScheduledDose] | None = None
    if start is not None:
        try:
            schedule = build_schedule(start, numbers.interval_hours.value, numbers.cycles, numbers.max_doses_per_course)
        except ScheduleError as error:
            raise UsageError(f"cannot build the schedule: {error}") from None
    if args.json:
        print(json.dumps(as_json(args.weight, calculation, schedule), ensure_ascii=False, indent=2))
    else:
        print("\n".join(as_text(calculation, schedule)))
    return EXIT_OK


def parse_start(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--start {text!r} is not a date and time like 2026-12-01T08:00") from None


def choose_regimen(choices: list[DosingNumbers], slug: str | None) -> DosingNumbers:
    if not choices:
        raise UsageError("the content has no regimen to calculate from")
    if slug is None:
        return choices[0]
    for numbers in choices:
        if numbers.regimen_slug == slug:
            return numbers
    raise UsageError(f"no regimen {slug!r}; choose one of: {', '.join(c.regimen_slug for c in choices)}")


def require_weight(text: str, unit: str, confirmed: bool) -> tuple[Weight, list[WeightFlag]]:
    try:
        weight, flags = check_weight(text, unit)
    except WeightInputError as error:
        raise UsageError(f"--weight: {error}") from None
    if flags and not confirmed:
        raise UsageError(
            f"--weight: {' '.join(f.message for f in flags)} Check it, then repeat with --confirm-unusual."
        )
    return weight, flags


def as_json(entered: str, calc: Calculation, schedule: list[ScheduledDose] | None) -> dict[str, Any]:
    n = calc.numbers
    return {
        "regimen": {
            "id": n.regimen_slug,
            "name": n.regimen_name,
            "basis": n.regimen_basis,
            "sources": list(n.regimen_sources),
        },
        "weight": {
            "entered": entered.strip(),
            "unit": calc.weight.unit.value,
            "kg_exact": str(calc.weight.kg),
            "kg": float(calc.weight.kg),
        },
        "flags": [{"code": f.code, "message": f.message} for f in calc.flags],
        "confirmed_unusual": bool(calc.flags),
        "figures": [figure.as_dict() for figure in calc.figures],
        "dose_line": dose_line(calc).text,
        "refused": calc.refused,
        "refusal": None if calc.refusal is None else {"reason": calc.refusal.reason, "action": calc.refusal.action},
        "last_drop": calc.last_drop,
        "final_concentration_in_range": calc.concentration_in_range,
        "rounding": ROUNDING_RULE,
        "weight_check": WEIGHT_CHECK_NOTE,
        "schedule": None if schedule is None else [dose.as_dict() for dose in schedule],
        "schedule_note": SCHEDULE_NOTE if schedule is not None else "",
        "note": CHECK_AGAINST,
    }


def as_text(calc: Calculation, schedule: list[ScheduledDose] | None) -> list[str]:
    line = dose_line(calc)
    lines = [f"DOSE: {line.dose}", f"      {line.draw}", f"      {line.bag}", f"      {line.rate}"]
    if calc.refusal is not None:
        lines += [f"REFUSED: {calc.refusal.reason}", f"         {calc.refusal.action}"]
    lines += ["", f"Regimen: {calc.numbers.label}", f"Weight: {calc.weight.describe()}"]
    lines += [f"FLAG (confirmed): {flag.message}" for flag in calc.flags]
    width = max(len(f.label) for f in calc.figures)
    for figure in calc.figures:
        lines.append(f"{figure.label:<{width}}  {figure.display}")
        sources = f"  [{', '.join(figure.sources)}]" if figure.sources else ""
        lines.append(f"{'':<{width}}    = {figure.formula}{sources}")
        if figure.warning:
            lines.append(f"{'':<{width}}    WARNING: {figure.warning}")
    lines += ["", f"Rounding: {ROUNDING_RULE}", WEIGHT_CHECK_NOTE]
    if schedule is not None:
        lines += ["", "Course schedule", f"{'Dose':>4}  {'Cycle':>5}  {'Day':>3}  Date        Time"]
        lines += [f"{d.number:>4}  {d.cycle:>5}  {d.day:>3}  {d.when:%Y-%m-%d  %H:%M}" for d in schedule]
        lines.append(SCHEDULE_NOTE)
    lines += ["", CHECK_AGAINST]
    return lines


COMMAND = SimpleCommand(
    "dose", "calculate a high-dose IL-2 dose, vials, volumes and pump rate from a weight", add_arguments, run
)
