"""The shipped content, swept: every weight the calculator accepts, band, concentration, refusal, pump rate.

The expected values are worked out here, independently of ``handbook.dosing``, from the fact sheet
(``../shared/facts/proleukin-label.md`` §3–§4): 600,000 units/kg and 0.037 mg/kg; 18 million units/mL
after reconstitution with 1.2 mL; D5W by dose band (Handbook on Injectable Drugs, citing the
prescribing information): up to 25.4 million units 25 mL, up to 60 million 50 mL, above that 100 mL;
final concentration within 30–70 mcg/mL; 15 minutes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest

from handbook.db.content_store import open_content
from handbook.dose_workflow import dose_line
from handbook.dosing import DosingNumbers, Weight, WeightUnit, calculate, fixed, regimen_choices

UNITS_PER_KG = 600_000
MG_PER_KG = Fraction("0.037")
UNITS_PER_ML = 18_000_000
ML_PER_VIAL = Fraction("1.2")
HOURS = Fraction(15, 60)


def expected(kg: Fraction) -> dict[str, object]:
    dose = UNITS_PER_KG * kg
    million = dose / 1_000_000
    band = 25 if million <= Fraction("25.4") else 50 if million <= 60 else 100
    draw = dose / UNITS_PER_ML
    bag = band + draw
    mcg_per_ml = MG_PER_KG * kg * 1000 / bag
    inside = 30 <= mcg_per_ml <= 70
    return {
        "dose": dose,
        "band": band,
        "draw": draw,
        "vials": math.ceil(draw / ML_PER_VIAL),
        "mcg_per_ml": mcg_per_ml,
        "refused": not inside,
        "bag": bag if inside else None,
        "rate": bag / HOURS if inside else None,
    }


@pytest.fixture
def label(data_dir: Path) -> Iterator[DosingNumbers]:
    store = open_content(data_dir)
    try:
        with store.session() as session:
            choices = regimen_choices(store.drug(session))
    finally:
        store.dispose()
    yield next(c for c in choices if c.regimen_slug == "label-high-dose")


def test_every_weight_from_20_to_350_kg_in_tenths(label: DosingNumbers) -> None:
    refused = []
    for tenths in range(200, 3501):
        kg = Fraction(tenths, 10)
        calc = calculate(Weight(kg, WeightUnit.kg), label)
        want = expected(kg)
        assert calc.dose_iu == want["dose"], kg
        assert calc.draw_ml == want["draw"], kg
        assert calc.vials == want["vials"], kg
        assert calc.numbers.bands[calc.band_position].volume_ml.value == want["band"], kg
        assert calc.final_mcg_per_ml == want["mcg_per_ml"], kg
        assert calc.refused is want["refused"], kg
        assert calc.total_ml == want["bag"], kg
        assert calc.rate_ml_per_h == want["rate"], kg
        if calc.refused:
            refused.append(kg)
            assert calc.band_ml is None
            assert "ask pharmacy" in dose_line(calc).text
        else:
            assert 30 <= calc.final_mcg_per_ml <= 70, kg  # type: ignore[operator]
            assert calc.rate_ml_per_h == calc.total_ml / HOURS  # type: ignore[operator]
    # Refusals only at the ends: light patients in the 25 mL band, heavy ones in the 100 mL band.
    assert refused
    assert min(refused) == 20
    assert max(refused) == 350
    # 0.037w × 1000 ÷ (25 + w/30) = 30 at w ≈ 20.83 kg; 0.037w × 1000 ÷ (100 + w/30) = 70 at w ≈ 201.92 kg.
    assert all(kg < Fraction("20.9") or kg > Fraction("201.9") for kg in refused)
    assert Fraction("20.8") in refused
    assert Fraction("20.9") not in refused
    assert Fraction("201.9") not in refused
    assert Fraction("202") in refused


@pytest.mark.parametrize(
    ("kg", "band", "mcg_per_ml"),
    [("36", 25, "50.8"), ("70", 50, "49.5"), ("110", 100, "39.3"), ("200", 100, "69.4")],
)
def test_the_fact_sheets_worked_examples(label: DosingNumbers, kg: str, band: int, mcg_per_ml: str) -> None:
    calc = calculate(Weight(Fraction(kg), WeightUnit.kg), label)
    assert calc.band_ml == band
    assert fixed(calc.final_mcg_per_ml, "mcg/mL") == mcg_per_ml  # type: ignore[arg-type]
    assert calc.rate_ml_per_h == (band + calc.draw_ml) * 4


@pytest.mark.parametrize(("kg", "bag"), [("41", 50), ("102", 50)])
def test_the_old_fixed_50_ml_bag_would_be_outside_the_window(kg: str, bag: int) -> None:
    # Why the bands: 41 kg in 50 mL is under 30 mcg/mL, 102 kg in 50 mL over 70 (the report).
    w = Fraction(kg)
    mcg = MG_PER_KG * w * 1000 / (bag + UNITS_PER_KG * w / UNITS_PER_ML)
    assert not 30 <= mcg <= 70
    assert not expected(w)["refused"]


def test_the_bands_carry_their_attribution(label: DosingNumbers) -> None:
    for band in label.bands:
        assert band.volume_ml.source_ids == ("handbook-injectable-drugs",)
        assert "Handbook on Injectable Drugs, citing the prescribing information" in band.volume_ml.note
