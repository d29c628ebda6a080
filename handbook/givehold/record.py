"""One dose's check as saved in the user database: what the nurse typed, read back into :class:`DoseInputs`.

The check reuses the checklist progress store (one run per dose check, one entry per answer, one transaction per
action). Entry slugs: ``value:<input id>`` (the text as typed), ``temp-unit`` (``C`` or ``F``), ``rhythm``,
``finding:<id>`` (``yes``/``no``), ``labs-drawn-at`` (``YYYY-MM-DD HH:MM`` local time), ``protocol`` and ``note``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from handbook.checklists.spec import ChecklistSpec
from handbook.checklists.values import parse_value
from handbook.decimal_text import canonical
from handbook.givehold.inputs import INPUT_SPECS, LAB_IDS, DoseInputs, InputError, LabDraw, Rhythm, check_value

DOSE_CHECK_SLUG = "dose-check"
DOSE_CHECK_TITLE = "Before each dose: give or hold"
DOSE_CHECK_PURPOSE = (
    "Type the values and answer every question for this dose. The label's rules always apply, with the ward's "
    "protocol; the result names every rule that was met and its source."
)
YES, NO = "yes", "no"
TIME_FORMAT = "%Y-%m-%d %H:%M"


def value_slug(input_id: str) -> str:
    return f"value:{input_id}"


def finding_slug(finding_id: str) -> str:
    return f"finding:{finding_id}"


def dose_check_spec(content_version: str = "", drug_name: str = "") -> ChecklistSpec:
    """The run header the progress store keeps for a dose check (it has no checklist sections)."""
    return ChecklistSpec(
        slug=DOSE_CHECK_SLUG,
        title=DOSE_CHECK_TITLE,
        purpose=DOSE_CHECK_PURPOSE,
        sections=(),
        content_version=content_version,
        drug_name=drug_name,
    )


def fahrenheit_to_celsius(value: Decimal) -> Decimal:
    return ((value - 32) * 5 / 9).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def celsius_to_fahrenheit(value: Decimal) -> Decimal:
    return (value * 9 / 5 + 32).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def parse_local_time(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text.strip(), TIME_FORMAT).astimezone()
    except ValueError:
        return None


@dataclass(frozen=True)
class ReadBack:
    inputs: DoseInputs
    problems: dict[str, str]  # entry slug → why its text was not used ("not a number", "outside 20 to 300 mmHg")


def inputs_from_entries(entries: Mapping[str, str], now: dt.datetime | None = None) -> ReadBack:
    """The typed text of a saved dose check → inputs; unreadable text is left out (so it counts as missing)."""
    values: dict[str, Decimal] = {}
    problems: dict[str, str] = {}
    labs: dict[str, Decimal] = {}
    for input_id, spec in INPUT_SPECS.items():
        if spec.derived:
            continue
        slug = value_slug(input_id)
        text = entries.get(slug, "").strip()
        if not text:
            continue
        parsed = parse_value(text)
        if parsed.number is None:
            problems[slug] = "not a number"
            continue
        number = parsed.number
        if input_id == "temp-c" and entries.get("temp-unit", "C") == "F":
            number = fahrenheit_to_celsius(number)
        try:
            check_value(input_id, number)
        except InputError:
            shown = f"{canonical(spec.low)} to {canonical(spec.high)} {spec.unit}"
            if input_id == "temp-c":
                low, high = celsius_to_fahrenheit(spec.low), celsius_to_fahrenheit(spec.high)
                shown += f" ({canonical(low)} to {canonical(high)} °F)"
            problems[slug] = f"outside {shown}"
            continue
        (labs if input_id in LAB_IDS else values)[input_id] = number
    draws: tuple[LabDraw, ...] = ()
    if labs:
        drawn_at = parse_local_time(entries.get("labs-drawn-at", ""))
        if drawn_at is None:
            problems["labs-drawn-at"] = "enter the time of the blood draw (YYYY-MM-DD HH:MM)"
        else:
            draws = (LabDraw(drawn_at, labs),)
    rhythm_text = entries.get("rhythm", "")
    rhythm = Rhythm(rhythm_text) if rhythm_text in {r.value for r in Rhythm} else None
    findings = {
        slug.removeprefix("finding:"): text == YES
        for slug, text in entries.items()
        if slug.startswith("finding:") and text in (YES, NO)
    }
    return ReadBack(DoseInputs(values, rhythm, findings, draws, assessed_at=now), problems)
