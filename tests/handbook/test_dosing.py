"""The dose calculator: worked examples by hand, refusals, flags and properties."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook.dose_workflow import dose_line
from handbook.dosing import (
    KG_PER_LB,
    DosingNumbers,
    Status,
    Weight,
    WeightInputError,
    WeightUnit,
    assess,
    calculate,
    check_weight,
    double_check,
    fixed,
    parse_weight,
)
from tests.dosing_support import make_drug


@pytest.fixture(scope="module")
def numbers() -> DosingNumbers:
    drug = make_drug()
    return DosingNumbers.from_content(drug, drug.regimens[0])


def _numbers() -> DosingNumbers:
    drug = make_drug()
    return DosingNumbers.from_content(drug, drug.regimens[0])


def test_70_kg_worked_example(numbers: DosingNumbers) -> None:
    # By hand: 600,000 × 70 = 42,000,000 units = 42 million → 50 mL band; 0.037 × 70 = 2.59 mg;
    # 42/18 = 2.333 mL to draw; 2.333/1.2 = 1.94 → 2 vials; 50 + 2.333 = 52.333 mL; 2590/52.333 = 49.49 mcg/mL;
    # 52.333 mL ÷ 0.25 h = 209.33 mL/h.
    result = assess("70", "kg", numbers)
    assert result.status is Status.ok
    calc = result.calculation
    assert calc is not None
    assert calc.dose_iu == 42_000_000
    assert calc.dose_mg == Fraction("2.59")
    assert calc.vials == 2
    assert calc.draw_ml == Fraction(7, 3)
    assert calc.band_ml == 50
    assert calc.total_ml == Fraction(157, 3)
    assert calc.final_mcg_per_ml == Fraction(2590 * 3, 157)
    assert calc.rate_ml_per_h == Fraction(157, 3) * 4
    assert calc.refusal is None
    assert not calc.last_drop
    shown = {f.key: f.display for f in calc.figures}
    assert shown["dose_iu"] == "42,000,000 units"
    assert shown["dose_million"] == "42 million units"
    assert shown["dose_mg"] == "2.590 mg"
    assert shown["vials"].startswith("2 single-dose vials")
    assert "discard the unused portion" in shown["vials"]
    assert shown["draw_ml"] == "2.33 mL"
    assert shown["band"] == "50 mL band: dose above 25.4 and up to 60 million units"
    assert shown["bag"] == "50 mL D5W + 2.33 mL drawn = 52.33 mL"
    assert shown["final_mcg_per_ml"] == "49.5 mcg/mL"
    assert shown["infusion_minutes"] == "15 minutes"
    assert shown["rate_ml_per_h"] == "209.3 mL/h over 15 minutes"
    assert calc.concentration_in_range is True
    assert "D5W" in calc.figure("bag").formula
    assert dose_line(calc).text == (
        "42,000,000 units (42 million units) = 2.590 mg · Draw 2.33 mL from 2 vials · "
        "Bag 50 mL D5W + 2.33 mL = 52.33 mL · Pump 209.3 mL/h over 15 minutes"
    )


def test_every_figure_says_how_and_from_where(numbers: DosingNumbers) -> None:
    calc = calculate(check_weight("70", "kg")[0], numbers)
    for figure in calc.figures:
        assert figure.formula
        if figure.key != "weight":
            assert figure.sources, figure.key
    assert calc.figure("dose_iu").formula == "600,000 units/kg × 70.00 kg"
    assert calc.figure("dose_iu").sources == ("US label 2024",)
    assert "dose mg × 1000 ÷ (band volume + drawn volume)" in calc.figure("final_mcg_per_ml").formula
    assert "Mfr FAQ" in calc.figure("final_mcg_per_ml").sources
    band = calc.figure("band")
    assert band.sources == ("Injectable Drugs handbook",)
    assert "Handbook on Injectable Drugs, citing the prescribing information" in band.formula
    assert calc.figure("rate_ml_per_h").formula == "52.33 mL ÷ 0.25 h (15 minutes)"
    vials = calc.figure("vials").formula
    assert "1.2 mL per vial" in vials
    assert "no overfill assumed" in vials
    assert "21,600,000 units" in vials


def test_lb_is_converted_exactly(numbers: DosingNumbers) -> None:
    weight, _ = check_weight("154.32", "lb")
    assert weight.kg == Fraction("154.32") * Fraction("0.45359237")
    assert fixed(weight.kg, "kg") == "70.00"


@pytest.mark.parametrize(("kg", "side"), [("20", "below"), ("20.8", "below"), ("202", "above"), ("350", "above")])
def test_outside_the_window_there_is_no_bag_and_no_rate(numbers: DosingNumbers, kg: str, side: str) -> None:
    calc = assess(kg, "kg", numbers, confirmed=True).calculation
    assert calc is not None
    assert calc.refusal is not None
    assert calc.band_ml is None
    assert calc.total_ml is None
    assert calc.rate_ml_per_h is None
    assert f"{side} the 30–70 mcg/mL window" in calc.refusal.reason
    assert "ask pharmacy" in calc.refusal.action
    assert calc.figure("bag").value is None
    assert calc.figure("rate_ml_per_h").value is None
    assert "mL/h" not in calc.figure("rate_ml_per_h").display
    line = dose_line(calc)
    assert line.refused
    assert "NO BAG" in line.bag
    assert "NO PUMP RATE" in line.rate
    assert "mL/h" not in line.text


def test_the_bands_come_from_the_content() -> None:
    drug = make_drug(small_band_ml="20")
    calc = calculate(check_weight("36", "kg")[0], DosingNumbers.from_content(drug, drug.regimens[0]))
    assert calc.total_ml == 20 + Fraction(6, 5)


@pytest.mark.parametrize(
    ("kg", "vials", "last_drop"),
    [
        ("36", 1, True),
        ("35.9", 1, True),
        ("35.5", 1, False),
        ("36.1", 2, False),
        ("72", 2, True),
        ("70", 2, False),
        ("108", 3, True),
    ],
)
def test_vials_count_what_can_be_drawn_and_flag_the_last_drop(
    numbers: DosingNumbers, kg: str, vials: int, last_drop: bool
) -> None:
    # 1.2 mL per vial at 18 million units/mL: 21.6 million units can be drawn, not the 22 million on the label.
    calc = assess(kg, "kg", numbers, confirmed=True).calculation
    assert calc is not None
    assert calc.vials == vials
    assert calc.last_drop is last_drop
    assert ("last drop" in calc.figure("vials").warning) is last_drop


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("70", Fraction(70)),
        ("70.5", Fraction("70.5")),
        ("70,5", Fraction("70.5")),
        (" 70.25 ", Fraction("70.25")),
        ("+80", Fraction(80)),
        (".5", Fraction(1, 2)),
        ("70.", Fraction(70)),
    ],
)
def test_decimal_point_and_comma(typed: str, expected: Fraction) -> None:
    assert parse_weight(typed) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "Enter the patient's weight"),
        ("   ", "Enter the patient's weight"),
        ("abc", "is not a number"),
        ("70kg", "is not a number"),
        ("1e3", "is not a number"),
        ("nan", "is not a number"),
        ("NaN", "is not a number"),
        ("inf", "is not a number"),
        ("-inf", "is not a number"),
        ("Infinity", "is not a number"),
        ("0", "more than zero"),
        ("0,0", "more than zero"),
        ("-70", "more than zero"),
        ("1,234.5", "mixes separators"),
        ("1.234,5", "mixes separators"),
        ("1,234,567", "mixes separators"),
        ("70.5.1", "mixes separators"),
        (".", "is not a number"),
    ],
)
def test_nonsense_is_refused_with_a_reason(numbers: DosingNumbers, typed: str, reason: str) -> None:
    with pytest.raises(WeightInputError, match=reason):
        parse_weight(typed)
    result = assess(typed, "kg", numbers)
    assert result.status is Status.invalid
    assert result.calculation is None
    assert reason in result.reason


@pytest.mark.parametrize(
    ("typed", "unit"), [("10", "kg"), ("19.99", "kg"), ("351", "kg"), ("9999", "kg"), ("800", "lb"), ("0.001", "kg")]
)
def test_impossible_weights_are_refused(numbers: DosingNumbers, typed: str, unit: str) -> None:
    result = assess(typed, unit, numbers, confirmed=True)
    assert result.status is Status.invalid
    assert "not a possible adult weight" in result.reason


@pytest.mark.parametrize("typed", ["99999", "1" + "0" * 400, "00070000"])
def test_absurdly_large_numbers_are_refused(numbers: DosingNumbers, typed: str) -> None:
    result = assess(typed, "kg", numbers, confirmed=True)
    assert result.status is Status.invalid
    assert "far too large" in result.reason
    assert len(result.reason) < 500


@pytest.mark.parametrize(
    ("typed", "unit", "codes"),
    [
        ("30", "kg", {"below-usual"}),
        ("210", "kg", {"above-usual", "kg-looks-like-lb"}),
        ("160", "kg", {"kg-looks-like-lb"}),
        ("70", "lb", {"below-usual", "lb-looks-like-kg"}),
        ("85", "lb", {"lb-looks-like-kg"}),
        ("450", "lb", {"above-usual"}),
    ],
)
def test_unusual_weights_need_confirmation(numbers: DosingNumbers, typed: str, unit: str, codes: set[str]) -> None:
    unconfirmed = assess(typed, unit, numbers)
    assert unconfirmed.status is Status.needs_confirmation
    assert unconfirmed.calculation is None
    assert {f.code for f in unconfirmed.flags} == codes
    confirmed = assess(typed, unit, numbers, confirmed=True)
    assert confirmed.status is Status.ok
    assert confirmed.calculation is not None
    assert {f.code for f in confirmed.calculation.flags} == codes  # still flagged once confirmed


@pytest.mark.parametrize(("typed", "unit"), [("35", "kg"), ("150", "kg"), ("90", "lb"), ("154", "lb")])
def test_usual_weights_at_the_bounds_are_not_flagged(numbers: DosingNumbers, typed: str, unit: str) -> None:
    assert assess(typed, unit, numbers).status is Status.ok


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        (Fraction(5, 1000), "mg", "0.005"),
        (Fraction(2345, 1000), "mL", "2.35"),
        (Fraction(-2345, 1000), "mL", "-2.35"),
        (Fraction(1, 3), "mL", "0.33"),
        (Fraction(2, 3), "mL", "0.67"),
        (Fraction(1234567), "IU", "1,234,567"),
        (Fraction(1, 2), "IU", "1"),
        (Fraction(4995, 100), "mcg/mL", "50.0"),
    ],
)
def test_display_rounds_half_up(value: Fraction, kind: str, shown: str) -> None:
    assert fixed(value, kind) == shown


# ---------------------------------------------------------------- properties

kilograms = st.fractions(min_value=Fraction(20), max_value=Fraction(350), max_denominator=1000)


@given(kilograms, st.fractions(min_value=Fraction(1, 10), max_value=Fraction(10), max_denominator=100))
def test_dose_is_proportional_to_weight(kg: Fraction, factor: Fraction) -> None:
    numbers = _numbers()
    one = calculate(_kg(kg), numbers)
    scaled = calculate(_kg(kg * factor), numbers)
    assert scaled.dose_iu == one.dose_iu * factor
    assert scaled.draw_ml == one.draw_ml * factor
    assert one.dose_iu == numbers.dose_iu_per_kg.value * kg


@given(kilograms)
def test_kg_and_lb_agree(kg: Fraction) -> None:
    numbers = _numbers()
    from_lb = calculate(_weight(kg / KG_PER_LB, WeightUnit.lb), numbers)
    from_kg = calculate(_kg(kg), numbers)
    assert from_lb.dose_iu == from_kg.dose_iu
    assert from_lb.comparable() == from_kg.comparable()


@given(kilograms)
def test_vials_hold_the_dose_and_one_fewer_would_not(kg: Fraction) -> None:
    numbers = _numbers()
    calc = calculate(_kg(kg), numbers)
    per_vial = numbers.drawable_iu_per_vial
    assert per_vial == 21_600_000
    assert calc.vials * per_vial >= calc.dose_iu
    assert (calc.vials - 1) * per_vial < calc.dose_iu
    assert calc.vials == math.ceil(calc.dose_iu / per_vial)


@given(st.decimals(min_value=35, max_value=150, places=2))
def test_typed_decimals_read_exactly_with_point_or_comma(value: object) -> None:
    text = str(value)
    assert parse_weight(text) == parse_weight(text.replace(".", ",")) == Fraction(text)


def _kg(kg: Fraction) -> Weight:
    return Weight(kg, WeightUnit.kg)


def _weight(value: Fraction, unit: WeightUnit) -> Weight:
    return Weight(value, unit)


def test_double_check_match_and_mismatch(numbers: DosingNumbers) -> None:
    first = calculate(check_weight("70", "kg")[0], numbers)
    same = calculate(check_weight("70,0", "kg")[0], numbers)
    other = calculate(check_weight("75", "kg")[0], numbers)
    assert double_check(first, same).match
    assert double_check(first, same).summary().startswith("MATCH")
    result = double_check(first, other)
    assert not result.match
    # 75 kg: 2.5 mL to draw needs 3 vials of 1.2 mL, where 70 kg (2.33 mL) needs 2.
    assert [row[0] for row in result.differences] == ["dose", "vials", "volume"]
    assert "42,000,000 units vs 45,000,000 units" in result.summary()


def test_70_kg_from_the_real_content(data_dir: object) -> None:
    """The shipped content: label regimen 600,000 IU/kg, 0.037 mg/kg; 22 million IU vials; 18 million IU/mL."""
    from handbook.db.content_store import open_content
    from handbook.dosing import regimen_choices

    store = open_content(data_dir)  # type: ignore[arg-type]
    try:
        with store.session() as session:
            choices = regimen_choices(store.drug(session))
    finally:
        store.dispose()
    label = next(c for c in choices if c.regimen_slug == "label-high-dose")
    calc = assess("70", "kg", label).calculation
    assert calc is not None
    assert (fixed(calc.dose_iu, "IU"), fixed(calc.dose_iu / 10**6, "million"), fixed(calc.dose_mg, "mg")) == (
        "42,000,000",
        "42.00",
        "2.590",
    )  # type: ignore[arg-type]
    assert calc.vials == 2
    assert fixed(calc.draw_ml, "mL") == "2.33"
    assert [(c.first_day, c.last_day, c.max_doses) for c in label.cycles] == [(1, 5, 14), (15, 19, 14)]
