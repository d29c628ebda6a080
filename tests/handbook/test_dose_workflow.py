"""The dosing workflow without a window: what the status says, the double check rules, printing gates."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.dose_workflow import NOTHING_TYPED, DosingWorkflow, Level
from handbook.dosing import regimen_choices
from handbook.flow_sheet import Product
from tests.dosing_support import make_drug

PRODUCT = Product("Proleukin", "aldesleukin", "test-1")


@pytest.fixture
def flow() -> DosingWorkflow:
    workflow = DosingWorkflow(regimen_choices(make_drug(second_regimen=True)))
    workflow.set_first_dose(dt.datetime(2026, 12, 1, 8, 0))
    return workflow


def test_nothing_typed_is_not_an_error(flow: DosingWorkflow) -> None:
    status = flow.status()
    assert status.level is Level.info
    assert status.title == NOTHING_TYPED
    assert status.symbol == ""
    assert flow.calculation is None
    assert flow.print_blocker() == "Calculate a dose first."


def test_a_dose_is_a_success_and_a_typing_error_an_alert(flow: DosingWorkflow) -> None:
    flow.enter_weight("70", "kg")
    assert flow.status().level is Level.ok
    assert flow.status().symbol == "✔"
    flow.enter_weight("7o", "kg")
    assert flow.status().level is Level.alert
    assert "not a number" in flow.status().text
    assert flow.calculation is None


def test_a_refusal_is_an_alert_that_says_what_to_do(flow: DosingWorkflow) -> None:
    flow.enter_weight("250", "kg")
    assert flow.status().level is Level.warn  # unusual weight: confirm first
    flow.confirm(True)
    status = flow.status()
    assert status.level is Level.alert
    assert "No bag and no pump rate" in status.title
    assert "ask pharmacy" in status.text
    assert flow.print_blocker() == ""  # the sheet prints, saying pharmacy sets the bag and rate


def test_a_new_weight_needs_a_new_confirmation(flow: DosingWorkflow) -> None:
    flow.enter_weight("30", "kg")
    flow.confirm(True)
    assert flow.calculation is not None
    flow.enter_weight("31", "kg")
    assert not flow.confirmed
    assert flow.calculation is None


def test_double_check_rules(flow: DosingWorkflow) -> None:
    flow.enter_weight("70", "kg")
    assert flow.start_check()
    assert flow.checking
    assert flow.print_blocker() == "Finish or cancel the double check first."
    assert "both nurses" in flow.compare("70", "kg", "A.B.", "").text
    assert "second person" in flow.compare("70", "kg", "A.B.", " a.b. ").text
    assert "not a number" in flow.compare("7o", "kg", "A.B.", "C.D.").text
    assert flow.checking
    match = flow.compare("70.0", "kg", "A.B.", "C.D.")
    assert match.level is Level.ok
    assert match.symbol == "✔"
    assert match.title.startswith("MATCH")
    assert not flow.checking
    assert flow.check is not None
    assert flow.print_blocker() == ""
    flow.enter_weight("71", "kg")  # any change undoes the check
    assert flow.check is None
    assert "not checked" in flow.check_message.title


def test_a_mismatch_blocks_printing(flow: DosingWorkflow) -> None:
    flow.enter_weight("70", "kg")
    flow.start_check()
    result = flow.compare("77", "kg", "A.B.", "C.D.")
    assert result.level is Level.alert
    assert "MISMATCH" in result.title
    assert "42,000,000 units / 46,200,000 units" in result.text
    assert flow.print_blocker() == "A mismatch must be resolved before printing."
    with pytest.raises(ValueError, match="no dose"):
        DosingWorkflow(flow.choices).flow_sheet(PRODUCT)


def test_the_schedule_and_the_flow_sheet_follow_the_first_dose(flow: DosingWorkflow) -> None:
    flow.enter_weight("70", "kg")
    assert len(flow.schedule()) == 28
    flow.set_first_dose(dt.datetime(2026, 12, 1, 23, 0))
    assert len(flow.schedule()) == 26
    sheet = flow.flow_sheet(PRODUCT, "bed 7 / AB")
    assert sheet.label == sheet.frame.label == "bed 7 / AB"
    assert sheet.frame.form
    assert not sheet.frame.blank
    assert sum(len(rows) for _, rows in sheet.context["cycles"]) == 26


def test_no_content_no_calculator() -> None:
    flow = DosingWorkflow([], "the content has no preparation number 'x'.")
    assert flow.status().level is Level.alert
    assert "calculator is off" in flow.status().text
    flow.enter_weight("70", "kg")
    assert flow.calculation is None
    assert flow.schedule() == []


def test_the_last_drop_flag_travels_with_the_dose(flow: DosingWorkflow) -> None:
    flow.enter_weight("72", "kg")  # 2.40 mL: two vials of 1.2 mL to the last drop
    status = flow.status()
    assert status.level is Level.warn
    assert "check the vials" in status.title
    assert "last drop" in status.text
    assert "one more vial" in status.text
