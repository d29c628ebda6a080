from __future__ import annotations

import pytest

from handbook.checklists.evaluation import ItemState, Verdict, evaluate, read_item
from handbook.checklists.spec import Basis, ChecklistSpec, Threshold

SBP = Threshold("systolic-bp", "Systolic BP", "mmHg", "<", 90)
HR_BAND = Threshold("heart-rate", "Heart rate", "/min", ">", 100, upper=130)


@pytest.mark.parametrize(
    ("threshold", "x", "expected"),
    [
        (SBP, 89.9, True),
        (SBP, 90, False),
        (SBP, 86, True),
        (SBP, 120, False),
        (HR_BAND, 100, False),
        (HR_BAND, 100.5, True),
        (HR_BAND, 130, True),
        (HR_BAND, 131, False),
        (Threshold("p", "P", "", "<=", 18), 18, True),
        (Threshold("p", "P", "", ">=", 3), 2.9, False),
    ],
)
def test_threshold_triggers(threshold: Threshold, x: float, expected: bool) -> None:
    assert threshold.triggers(x) is expected


def test_threshold_describes_band_and_unit() -> None:
    assert SBP.describe() == "Systolic BP < 90 mmHg"
    assert HR_BAND.describe() == "Heart rate > 100 to 130 /min"


def test_unknown_comparator_refused() -> None:
    with pytest.raises(ValueError, match="comparator"):
        Threshold("p", "P", "", "=", 1)


def test_all_clear_may_give(before_dose: ChecklistSpec) -> None:
    result = evaluate(before_dose, {"sbp-low": ItemState(value="118"), "hr-relative": ItemState(value="92")})
    assert result.verdict is Verdict.give
    assert result.headline == "May give"
    assert result.findings == ()
    assert "aid" in result.aid_note


def test_nothing_entered_may_give(before_dose: ChecklistSpec) -> None:
    assert evaluate(before_dose, {}).verdict is Verdict.give


def test_label_withhold_from_typed_value(before_dose: ChecklistSpec) -> None:
    result = evaluate(before_dose, {"sbp-low": ItemState(value="86")})
    assert result.verdict is Verdict.hold
    assert result.headline == "Hold the dose and call the provider"
    assert [f.text for f in result.findings] == ["US label: withhold — Fall in SBP to <90 mmHg (entered 86 mmHg)"]
    assert result.basis_note == "Because of the US label"


def test_decimal_comma_value_triggers(before_dose: ChecklistSpec) -> None:
    assert evaluate(before_dose, {"sbp-low": ItemState(value="89,5")}).verdict is Verdict.hold


def test_value_overrides_a_stale_tick(before_dose: ChecklistSpec) -> None:
    # The typed number decides a threshold item, so a tick left from an earlier reading does not stick.
    assert evaluate(before_dose, {"sbp-low": ItemState(checked=True, value="120")}).verdict is Verdict.give


def test_label_discontinue_do_not_give(before_dose: ChecklistSpec) -> None:
    result = evaluate(before_dose, {"vt": ItemState(checked=True)})
    assert result.verdict is Verdict.stop
    assert result.headline == "Do not give: stop and call the provider"
    assert result.findings[0].text == "US label: permanently discontinue — Sustained VT (≥5 beats)"


def test_practice_hold_is_marked_as_practice(before_dose: ChecklistSpec) -> None:
    result = evaluate(before_dose, {"hr-relative": ItemState(value="112")})
    assert result.verdict is Verdict.hold
    assert result.findings[0].basis is Basis.practice
    assert result.findings[0].text == "Published practice (Dutcher 2014): hold — Sinus HR 100–130 (entered 112 /min)"
    assert result.basis_note == "Because of published practice (not the label)"


def test_practice_stop_do_not_give(before_dose: ChecklistSpec) -> None:
    result = evaluate(before_dose, {"crackles-half": ItemState(checked=True)})
    assert result.verdict is Verdict.stop
    assert result.basis_note == "Because of published practice (not the label)"


def test_practice_notify_call_provider(before_dose: ChecklistSpec) -> None:
    result = evaluate(before_dose, {"rr-high": ItemState(value="34")})
    assert result.verdict is Verdict.call
    assert result.headline == "Call the provider before giving"


def test_label_and_practice_kept_distinct_most_serious_first(before_dose: ChecklistSpec) -> None:
    result = evaluate(
        before_dose,
        {
            "sbp-low": ItemState(value="86"),
            "hr-relative": ItemState(value="120"),
            "crackles-half": ItemState(checked=True),
        },
    )
    assert result.verdict is Verdict.stop
    assert [f.basis for f in result.findings] == [Basis.practice, Basis.label, Basis.practice]
    assert result.findings[1].text.startswith("US label: withhold")
    assert result.findings[2].text.startswith("Published practice (Dutcher 2014): hold")


def test_label_and_practice_at_same_level(before_dose: ChecklistSpec) -> None:
    result = evaluate(before_dose, {"sbp-low": ItemState(value="80"), "hr-relative": ItemState(value="120")})
    assert result.verdict is Verdict.hold
    assert result.basis_note == "Because of the US label and published practice"


def test_unreadable_value_never_says_may_give(before_dose: ChecklistSpec) -> None:
    result = evaluate(before_dose, {"sbp-low": ItemState(value="eighty")})
    assert result.verdict is Verdict.check_values
    assert result.unreadable == ("Systolic BP below 90 mmHg",)
    assert not read_item(before_dose.items[0], ItemState(value="eighty")).present


def test_unreadable_value_with_a_ticked_stop_still_stops(before_dose: ChecklistSpec) -> None:
    result = evaluate(before_dose, {"sbp-low": ItemState(value="x"), "vt": ItemState(checked=True)})
    assert result.verdict is Verdict.stop
    assert result.unreadable


def test_task_checklist_gives_no_result(before_dose: ChecklistSpec, discharge: ChecklistSpec) -> None:
    assert not discharge.gives_a_result
    assert before_dose.gives_a_result
    assert evaluate(discharge, {"weight": ItemState(checked=True)}).verdict is Verdict.give
