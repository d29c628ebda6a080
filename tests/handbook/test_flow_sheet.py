"""The flow-sheet builder: planned rows for the bedside, and rows that carry what actually happened."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from handbook.dosing import Calculation, assess, regimen_choices
from handbook.flow_sheet import BLANK_LABEL, DoseRecord, DoseStatus, Product, VitalSigns, build_flow_sheet
from handbook.schedule import build_schedule
from tests.dosing_support import make_drug
from tests.test_no_miu import ABBREVIATION

PRODUCT = Product("Proleukin", "aldesleukin", "test-1")
START = dt.datetime(2026, 12, 1, 8, 0)


def sheet_parts(weight: str) -> tuple[Calculation, list]:  # type: ignore[type-arg]
    numbers = regimen_choices(make_drug())[0]
    calc = assess(weight, "kg", numbers, confirmed=True).calculation
    assert calc is not None
    return calc, build_schedule(START, numbers.interval_hours.value, numbers.cycles, numbers.max_doses_per_course)


def test_a_blank_sheet_has_every_planned_dose_with_the_pump_rate() -> None:
    calc, doses = sheet_parts("70")
    sheet = build_flow_sheet(calc, doses, product=PRODUCT)
    assert sheet.label == BLANK_LABEL
    assert sheet.frame.label == ""
    assert sheet.content_version == "test-1"
    html = sheet.html
    for heading in ("Start", "Stop", "Pump<br>mL/h", "BP", "HR", "SpO2", "Why held / notes:"):
        assert heading in html
    assert html.count("Why held / notes:") == 28
    assert html.count(">209.3<") == 28  # the pump rate of the real bag on every row
    assert ABBREVIATION not in html


def test_records_fill_their_rows_and_the_rest_stay_blank() -> None:
    calc, doses = sheet_parts("70")
    records = {
        1: DoseRecord(
            DoseStatus.given,
            started=dt.datetime(2026, 12, 1, 8, 5),
            stopped=dt.datetime(2026, 12, 1, 8, 20),
            pump_rate="209.3",
            by="AB",
            checked_by="CD",
            vitals=VitalSigns(bp="118/72", hr="92", spo2="97", urine_output="60", mental_status="alert"),
        ),
        2: DoseRecord(DoseStatus.held, started=dt.datetime(2026, 12, 1, 16, 0), by="EF", why="SBP 84 <script>"),
    }
    sheet = build_flow_sheet(calc, doses, product=PRODUCT, label="bed 7 / AB", records=records)
    rows = [row for _, cycle in sheet.context["cycles"] for row in cycle]
    assert rows[0].record == records[1]
    assert rows[1].status_text == "HELD"
    assert rows[2].record is None
    html = sheet.html
    for text in ("08:05", "08:20", "118/72", "AB / CD", "<b>Given</b>", "<b>HELD</b>", "SBP 84 &lt;script&gt;"):
        assert text in html, text
    assert html.count("☐ given") == 26


def test_a_record_for_a_dose_not_in_the_schedule_is_refused() -> None:
    calc, doses = sheet_parts("70")
    with pytest.raises(ValueError, match=r"not in the schedule: \[29\]"):
        build_flow_sheet(calc, doses, product=PRODUCT, records={29: DoseRecord(DoseStatus.given)})


def test_a_refused_dose_prints_no_bag_and_no_rate() -> None:
    calc, doses = sheet_parts("20")
    html = build_flow_sheet(calc, doses, product=PRODUCT).html
    assert "NO BAG, NO PUMP RATE: ask pharmacy" in html
    assert "below the 30–70 mcg/mL window" in html
    assert re.search(r"\d mL/h", html) is None  # no rate anywhere, only blanks for pharmacy's
    assert "Bag prepared by pharmacy" in html
