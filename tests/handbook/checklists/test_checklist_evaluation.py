from __future__ import annotations

from decimal import Decimal

import pytest

from handbook.checklists.evaluation import ItemState, read_item
from handbook.checklists.spec import ChecklistSpec, Threshold

SBP = Threshold("systolic-bp", "Systolic BP", "mmHg", "<", 90)
HR_BAND = Threshold("heart-rate", "Heart rate", "/min", ">", 100, upper=130)


@pytest.mark.parametrize(
    ("threshold", "x", "expected"),
    [
        (SBP, Decimal("89.9"), True),
        (SBP, 90, False),
        (SBP, 86, True),
        (SBP, 120, False),
        (HR_BAND, 100, False),
        (HR_BAND, Decimal("100.5"), True),
        (HR_BAND, 130, True),
        (HR_BAND, 131, False),
        (Threshold("p", "P", "", "<=", 18), 18, True),
        (Threshold("p", "P", "", ">=", 3), Decimal("2.9"), False),
    ],
)
def test_threshold_triggers(threshold: Threshold, x: Decimal | int, expected: bool) -> None:
    assert threshold.triggers(x) is expected  # type: ignore[arg-type]


def test_a_float_never_reaches_a_threshold() -> None:
    # Typed text is read as a Decimal once (parse_value); a float here would compare its binary noise.
    with pytest.raises(TypeError, match="Decimal or int"):
        SBP.triggers(89.9)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Decimal or int"):
        Threshold("p", "P", "", "<", 89.9)  # type: ignore[arg-type]


def test_threshold_describes_band_and_unit() -> None:
    assert SBP.describe() == "Systolic BP < 90 mmHg"
    assert HR_BAND.describe() == "Heart rate > 100 to 130 /min"


def test_unknown_comparator_refused() -> None:
    with pytest.raises(ValueError, match="comparator"):
        Threshold("p", "P", "", "=", 1)


def test_a_typed_value_decides_a_threshold_item(before_dose: ChecklistSpec) -> None:
    item = before_dose.item("sbp-low")
    assert item is not None
    assert read_item(item, ItemState(value="86")).present
    assert read_item(item, ItemState(value="89,5")).present  # decimal comma
    # The typed number decides, so a tick left from an earlier reading does not stick.
    assert not read_item(item, ItemState(checked=True, value="120")).present


def test_an_unreadable_value_is_flagged_and_leaves_the_tick_to_the_nurse(before_dose: ChecklistSpec) -> None:
    item = before_dose.item("sbp-low")
    assert item is not None
    reading = read_item(item, ItemState(value="eighty"))
    assert reading.unreadable
    assert not reading.present
    assert not reading.from_value
    assert read_item(item, ItemState(checked=True, value="x")).present


def test_a_task_item_is_its_tick(discharge: ChecklistSpec) -> None:
    assert not discharge.gives_a_result
    item = discharge.items[0]
    assert read_item(item, ItemState(checked=True)).present
    assert not read_item(item, None).present
