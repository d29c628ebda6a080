"""The dose calculator: from a typed weight to dose, vials, volumes, concentration and pump rate.

High-dose IL-2 is a high-alert medicine, so this module is strict:

* every clinical number comes from the content database (:meth:`DosingNumbers.from_content`), with the
  sources it came from, and nothing clinical is written here;
* the arithmetic is exact (:class:`fractions.Fraction`) from the typed characters to the last figure,
  and only :func:`fixed` rounds, for display, by a stated rule;
* a weight that cannot be read gives a reason and never a number, and a weight that is readable but
  unusual (or looks typed in the wrong unit) gives no result until someone confirms it.

The plausibility bounds below are *software* checks chosen by the handbook team to catch typing and
unit errors. They are not clinical rules and not from the prescribing information.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from handbook.printout import CHECK_AGAINST as CHECK_AGAINST  # defined once, for the screen and paper

if TYPE_CHECKING:
    from handbook.db import content_models as m

#: The international avoirdupois pound, exactly (a definition, not a clinical number).
KG_PER_LB = Fraction("0.45359237")

# ---------------------------------------------------------------- software plausibility checks
# Chosen by the handbook team, documented on screen and on paper as a local software check.
#: Below or above these (in kg) a weight is refused outright: no adult weighs this, it is a typing error.
REFUSE_BELOW_KG = Fraction(20)
REFUSE_ABOVE_KG = Fraction(350)
#: The usual adult range. The indication is adults; outside this range the weight must be confirmed.
USUAL_MIN_KG = Fraction(35)
USUAL_MAX_KG = Fraction(200)
#: A value typed in lb that is below this would be a plausible weight in kg (70 "lb" is 31.8 kg).
LB_LOOKS_LIKE_KG_BELOW = Fraction(90)
#: A value typed in kg that is above this would be a plausible weight in lb (180 "kg" may be 180 lb).
KG_LOOKS_LIKE_LB_ABOVE = Fraction(150)

WEIGHT_CHECK_NOTE = (
    f"Weight checks are a local software plausibility check, not a clinical rule: weights under "
    f"{USUAL_MIN_KG} kg or over {USUAL_MAX_KG} kg, values in lb under {LB_LOOKS_LIKE_KG_BELOW} and values in kg "
    f"over {KG_LOOKS_LIKE_LB_ABOVE} must be confirmed; under {REFUSE_BELOW_KG} kg or over {REFUSE_ABOVE_KG} kg "
    "is refused as a typing error."
)


ROUNDING_RULE = (
    "Exact arithmetic throughout; rounded only for display, half up: units to a whole number, "
    "million units to 2 decimals, mg to 3, mL to 2, mcg/mL to 1, mL/h to 1."
)

# Display places per kind of figure, the one rounding rule of the calculator.
PLACES = {"IU": 0, "million": 2, "mg": 3, "mL": 2, "mcg/mL": 1, "mL/h": 1, "kg": 2, "lb": 2, "vials": 0, "min": 0}

_NUMBER = re.compile(r"^(?P<int>\d*)(?:(?P<sep>[.,])(?P<frac>\d*))?$")


class WeightUnit(StrEnum):
    kg = "kg"
    lb = "lb"


class WeightInputError(ValueError):
    """The typed weight cannot be used; ``str(error)`` is a reason a nurse can act on."""


class ContentMissingError(LookupError):
    """The content database lacks a number the calculator needs."""


# ---------------------------------------------------------------- reading the weight


def parse_weight(text: str) -> Fraction:
    """The exact value of a typed weight. Decimal point and decimal comma are both understood.

    Thousands separators are refused rather than guessed: "1,234.5" could be read two ways.
    """
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    if not raw:
        raise WeightInputError("Enter the patient's weight.")
    if raw.lower().lstrip("+-") in {"nan", "inf", "infinity", "∞"}:
        raise WeightInputError(f"{text.strip()!r} is not a number: enter the weight in figures, e.g. 70 or 70.5.")
    if raw.startswith("-") and _NUMBER.match(raw[1:]):
        raise WeightInputError("The weight must be more than zero (a minus sign was typed).")
    if raw.startswith("+"):
        raw = raw[1:]
    if ("," in raw and "." in raw) or raw.count(",") + raw.count(".") > 1:
        raise WeightInputError(
            f"{text.strip()!r} mixes separators: type the weight with one decimal point or comma and no "
            "thousands separators, e.g. 70.5 or 70,5."
        )
    match = _NUMBER.match(raw)
    if not match or not (match["int"] or match["frac"]):
        raise WeightInputError(f"{text.strip()!r} is not a number: enter the weight in figures, e.g. 70 or 70.5.")
    if len(match["int"].lstrip("0")) > 4:
        raise WeightInputError(f"{text.strip()!r} is far too large to be a weight. Check the weight and unit.")
    value = Fraction(f"{match['int'] or '0'}.{match['frac'] or '0'}")
    if value == 0:
        raise WeightInputError("The weight must be more than zero.")
    return value


@dataclass(frozen=True)
class WeightFlag:
    """Something about the weight that a person must look at before a dose is shown."""

    code: str  # "below-usual", "above-usual", "lb-looks-like-kg", "kg-looks-like-lb"
    message: str


@dataclass(frozen=True)
class Weight:
    value: Fraction  # as typed, in ``unit``
    unit: WeightUnit

    @property
    def kg(self) -> Fraction:
        return self.value if self.unit is WeightUnit.kg else self.value * KG_PER_LB

    def describe(self) -> str:
        if self.unit is WeightUnit.kg:
            return f"{fixed(self.value, 'kg')} kg"
        return f"{fixed(self.value, 'lb')} lb = {fixed(self.kg, 'kg')} kg"


def check_weight(text: str, unit: WeightUnit | str) -> tuple[Weight, list[WeightFlag]]:
    """Read the weight and list the flags that need confirmation; raises :class:`WeightInputError`."""
    unit = WeightUnit(unit)
    weight = Weight(parse_weight(text), unit)
    kg = weight.kg
    if kg < REFUSE_BELOW_KG or kg > REFUSE_ABOVE_KG:
        raise WeightInputError(
            f"{weight.describe()} is not a possible adult weight (the calculator refuses under "
            f"{REFUSE_BELOW_KG} kg and over {REFUSE_ABOVE_KG} kg as a typing error). Check the weight and unit."
        )
    flags: list[WeightFlag] = []
    if kg < USUAL_MIN_KG:
        flags.append(
            WeightFlag(
                "below-usual",
                f"{weight.describe()} is below the usual adult range "
                f"({USUAL_MIN_KG}–{USUAL_MAX_KG} kg, a local software check).",
            )
        )
    elif kg > USUAL_MAX_KG:
        flags.append(
            WeightFlag(
                "above-usual",
                f"{weight.describe()} is above the usual adult range "
                f"({USUAL_MIN_KG}–{USUAL_MAX_KG} kg, a local software check).",
            )
        )
    if unit is WeightUnit.lb and weight.value < LB_LOOKS_LIKE_KG_BELOW:
        flags.append(
            WeightFlag(
                "lb-looks-like-kg",
                f"{fixed(weight.value, 'lb')} was entered in lb, but it looks "
                f"like a weight in kg. If the patient weighs {fixed(weight.value, 'kg')} kg, "
                "change the unit to kg.",
            )
        )
    if unit is WeightUnit.kg and weight.value > KG_LOOKS_LIKE_LB_ABOVE:
        flags.append(
            WeightFlag(
                "kg-looks-like-lb",
                f"{fixed(weight.value, 'kg')} was entered in kg, but it looks "
                f"like a weight in lb ({fixed(weight.value * KG_PER_LB, 'kg')} kg). If so, change "
                "the unit to lb.",
            )
        )
    return weight, flags


# ---------------------------------------------------------------- the numbers from the content


@dataclass(frozen=True)
class SourcedNumber:
    name: str  # the content field name, e.g. "vial_content_iu"
    value: Fraction
    unit: str
    sources: tuple[str, ...]  # short names, e.g. ("US label 2024",)
    source_ids: tuple[str, ...] = ()
    note: str = ""  # the content's own caveat, shown with the figure

    @classmethod
    def of(cls, row: Any) -> SourcedNumber:
        """From a RegimenNumber or PreparationNumber row."""
        return cls(
            row.name,
            exact(row.value),
            row.unit,
            tuple(s.short_name for s in row.sources),
            tuple(s.id for s in row.sources),
            row.note or "",
        )


@dataclass(frozen=True)
class CycleSpec:
    number: int
    first_day: int
    last_day: int
    max_doses: int


@dataclass(frozen=True)
class DilutionBand:
    """One dose band of the dilution table: doses up to ``up_to_million`` (None: no upper end) go into ``volume``."""

    up_to_million: SourcedNumber | None  # the band's top, in million units (inclusive)
    volume_ml: SourcedNumber

    def contains(self, dose_million: Fraction, lower: Fraction | None) -> bool:
        above_lower = lower is None or dose_million > lower
        below_upper = self.up_to_million is None or dose_million <= self.up_to_million.value
        return above_lower and below_upper

    @property
    def sources(self) -> tuple[str, ...]:
        return _merge(self.up_to_million, self.volume_ml)


@dataclass(frozen=True)
class DosingNumbers:
    """Everything the calculator reads from the content for one regimen."""

    regimen_slug: str
    regimen_name: str
    regimen_basis: str
    regimen_sources: tuple[str, ...]
    dose_iu_per_kg: SourcedNumber
    dose_mg_per_kg: SourcedNumber | None
    interval_hours: SourcedNumber
    infusion_minutes: SourcedNumber
    vial_content_iu: SourcedNumber
    reconstitution_volume_ml: SourcedNumber
    reconstituted_concentration_iu_per_ml: SourcedNumber
    bands: tuple[DilutionBand, ...]
    final_concentration_min_mcg_per_ml: SourcedNumber
    final_concentration_max_mcg_per_ml: SourcedNumber
    cycles: tuple[CycleSpec, ...]
    max_doses_per_course: int | None = None
    diluent: str = ""  # the dilution_diluent statement
    diluent_sources: tuple[str, ...] = ()

    @property
    def source_ids(self) -> list[str]:
        """The ids of every source behind the calculator's figures, each once, in field order."""
        numbers: list[SourcedNumber] = [
            value for item in fields(self) if isinstance(value := getattr(self, item.name), SourcedNumber)
        ]
        for band in self.bands:
            numbers += [n for n in (band.up_to_million, band.volume_ml) if n is not None]
        return list(dict.fromkeys(source_id for n in numbers for source_id in n.source_ids))

    @property
    def provenance(self) -> str:
        """What the regimen rests on: its basis and sources."""
        return f"{self.regimen_basis}; {', '.join(self.regimen_sources)}"

    @property
    def label(self) -> str:
        """How the regimen is named in one line: its name, basis and sources."""
        return f"{self.regimen_name} ({self.provenance})"

    @property
    def drawable_iu_per_vial(self) -> Fraction:
        """What one vial really gives: the reconstitution volume at the reconstituted concentration."""
        return self.reconstitution_volume_ml.value * self.reconstituted_concentration_iu_per_ml.value

    def band_for(self, dose_million: Fraction) -> tuple[int, DilutionBand]:
        """The band (its 0-based position and the band) that holds a dose in million units."""
        lower: Fraction | None = None
        for position, band in enumerate(self.bands):
            if band.contains(dose_million, lower):
                return position, band
            lower = band.up_to_million.value if band.up_to_million else lower
        raise ContentMissingError(f"no dilution band holds {plain(dose_million)} million units")

    def band_text(self, position: int, full: bool = False) -> str:
        """ "up to 25.4 million units", "above 25.4 and up to 60 million units", "above 60 million units".

        ``full`` writes the limits in whole units (25,400,000), so a dose just over a limit reads as over it.
        """
        band = self.bands[position]
        lower = self.bands[position - 1].up_to_million if position else None

        def amount(value: Fraction, last: bool) -> str:
            if full:
                return f"{iu_text(value * 10**6)}" + (" units" if last else "")
            return plain(value) + (" million units" if last else "")

        if band.up_to_million is None:
            return f"above {amount(lower.value, True)}" if lower else "any dose"
        top = amount(band.up_to_million.value, True)
        return f"above {amount(lower.value, False)} and up to {top}" if lower else f"up to {top}"

    @classmethod
    def from_content(cls, drug: m.Drug, regimen: m.Regimen) -> DosingNumbers:
        def reg(name: str) -> SourcedNumber | None:
            try:
                return SourcedNumber.of(regimen.number(name))
            except KeyError:
                return None

        def prep(name: str) -> SourcedNumber:
            try:
                return SourcedNumber.of(drug.number(name))
            except KeyError:
                raise ContentMissingError(f"the content has no preparation number {name!r}") from None

        dose = reg("dose_iu_per_kg")
        interval = reg("interval_hours")
        if dose is None or interval is None:
            raise ContentMissingError(f"regimen {regimen.slug!r} lacks its dose per kg or interval")
        diluent = drug.section("preparation.dilution_diluent")
        return cls(
            regimen_slug=regimen.slug,
            regimen_name=regimen.name,
            regimen_basis=regimen.basis,
            regimen_sources=tuple(s.short_name for s in regimen.sources),
            dose_iu_per_kg=dose,
            dose_mg_per_kg=reg("dose_mg_per_kg"),
            interval_hours=interval,
            # The regimen's own infusion time wins; the preparation's applies when the regimen has none.
            infusion_minutes=reg("infusion_minutes") or prep("infusion_minutes"),
            vial_content_iu=prep("vial_content_iu"),
            reconstitution_volume_ml=prep("reconstitution_volume_ml"),
            reconstituted_concentration_iu_per_ml=prep("reconstituted_concentration_iu_per_ml"),
            bands=(
                DilutionBand(prep("dilution_band_small_max_million_iu"), prep("dilution_band_small_volume_ml")),
                DilutionBand(prep("dilution_band_medium_max_million_iu"), prep("dilution_band_medium_volume_ml")),
                DilutionBand(None, prep("dilution_band_large_volume_ml")),
            ),
            final_concentration_min_mcg_per_ml=prep("final_concentration_min_mcg_per_ml"),
            final_concentration_max_mcg_per_ml=prep("final_concentration_max_mcg_per_ml"),
            cycles=tuple(CycleSpec(c.number, c.first_day, c.last_day, c.max_doses) for c in regimen.cycles),
            max_doses_per_course=_whole(regimen.value("max_doses_per_course")),
            diluent=" ".join(s.text for s in diluent),
            diluent_sources=tuple(dict.fromkeys(src.short_name for s in diluent for src in s.sources)),
        )


def regimen_choices(drug: m.Drug) -> list[DosingNumbers]:
    """One entry per regimen in the content, in content order."""
    return [DosingNumbers.from_content(drug, regimen) for regimen in drug.regimens]


# ---------------------------------------------------------------- the calculation


@dataclass(frozen=True)
class Figure:
    """One result line: its exact value, its display, how it was worked out and from which sources."""

    key: str
    label: str
    value: Fraction | None
    display: str
    formula: str
    sources: tuple[str, ...]
    rounding: str = ""
    warning: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "display": self.display,
            "exact": None if self.value is None else str(self.value),
            "value": None if self.value is None else float(self.value),
            "formula": self.formula,
            "rounding": self.rounding,
            "sources": list(self.sources),
            "warning": self.warning,
        }


@dataclass(frozen=True)
class Refusal:
    """Why no bag and no pump rate are offered, and what to do instead."""

    reason: str
    action: str

    def text(self) -> str:
        return f"{self.reason} {self.action}"


REFUSAL_ACTION = (
    "No bag volume and no pump rate are given: ask pharmacy to prepare this dose and to give the bag volume and "
    "pump rate; check against the prescribing information and local protocol."
)


@dataclass(frozen=True)
class Calculation:
    weight: Weight
    numbers: DosingNumbers
    flags: tuple[WeightFlag, ...]
    dose_iu: Fraction
    dose_mg: Fraction | None
    vials: int
    draw_ml: Fraction
    left_in_last_vial_ml: Fraction
    band_position: int
    band_ml: Fraction | None  # None when refused: no bag is offered
    total_ml: Fraction | None
    final_mcg_per_ml: Fraction | None  # in the band's bag, offered or not
    concentration_in_range: bool | None
    infusion_minutes: Fraction
    rate_ml_per_h: Fraction | None
    refusal: Refusal | None = None
    figures: tuple[Figure, ...] = field(default=())

    def figure(self, key: str) -> Figure:
        for item in self.figures:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def refused(self) -> bool:
        return self.refusal is not None

    @property
    def last_drop(self) -> bool:
        """The draw empties the last vial (nothing left at display precision): dead space makes it short."""
        return fixed(self.left_in_last_vial_ml, "mL") == fixed(Fraction(0), "mL")

    @property
    def dose_display(self) -> str:
        return f"{units(self.dose_iu)} ({million_units(self.dose_iu)})"

    @property
    def volume_display(self) -> str:
        return f"{fixed(self.draw_ml, 'mL')} mL"

    def comparable(self) -> tuple[str, str, str]:
        """What the double check compares, as displayed: dose, vials, volume to draw."""
        return fixed(self.dose_iu, "IU"), str(self.vials), fixed(self.draw_ml, "mL")


def units(dose_iu: Fraction) -> str:
    """ "42,000,000 units" (whole units)."""
    return f"{fixed(dose_iu, 'IU')} units"


def million_units(dose_iu: Fraction) -> str:
    """ "42 million units", "42.3 million units": 2 decimals at most, trailing zeros dropped."""
    text = fixed(dose_iu / 10**6, "million")
    return f"{text.rstrip('0').rstrip('.') if '.' in text else text} million units"


def calculate(weight: Weight, numbers: DosingNumbers, flags: Sequence[WeightFlag] = ()) -> Calculation:
    """Every figure for one dose, exactly. The caller has already checked the weight."""
    n = numbers
    kg = weight.kg
    dose_iu = n.dose_iu_per_kg.value * kg
    dose_million = dose_iu / 10**6
    dose_mg = n.dose_mg_per_kg.value * kg if n.dose_mg_per_kg else None
    concentration = n.reconstituted_concentration_iu_per_ml.value
    per_vial_ml = n.reconstitution_volume_ml.value
    draw_ml = dose_iu / concentration
    vials = math.ceil(draw_ml / per_vial_ml)
    left_ml = vials * per_vial_ml - draw_ml
    position, band = n.band_for(dose_million)
    band_volume = band.volume_ml.value
    bag_ml = band_volume + draw_ml
    final = dose_mg * 1000 / bag_ml if dose_mg is not None else None
    low, high = n.final_concentration_min_mcg_per_ml.value, n.final_concentration_max_mcg_per_ml.value
    in_range = None if final is None else low <= final <= high
    minutes = n.infusion_minutes.value
    window = f"{plain(low)}–{plain(high)} mcg/mL"
    refusal: Refusal | None = None
    if final is None:
        refusal = Refusal(
            "The final concentration cannot be checked: the content gives no dose in mg for this regimen.",
            REFUSAL_ACTION,
        )
    elif not in_range:
        side = "below" if final < low else "above"
        refusal = Refusal(
            f"In the {plain(band_volume)} mL band ({n.band_text(position)}) the final concentration would be "
            f"{fixed(final, 'mcg/mL')} mcg/mL, {side} the {window} window; outside it, drug delivery is more variable.",
            REFUSAL_ACTION,
        )
    offered = refusal is None
    rate = bag_ml / minutes * 60  # offered only when the bag is

    kg_text = f"{fixed(kg, 'kg')} kg"
    src = _sources
    drawable = n.drawable_iu_per_vial
    vial_assumption = (
        f"each vial reconstituted with {plain(per_vial_ml)} mL gives {plain(per_vial_ml)} mL at "
        f"{iu_text(concentration)} units/mL = {iu_text(drawable)} units that can be drawn (no overfill assumed; "
        f"the vial is labelled {iu_text(n.vial_content_iu.value)} units)"
    )
    figures = [
        Figure(
            "weight",
            "Weight used",
            kg,
            kg_text,
            "as entered"
            if weight.unit is WeightUnit.kg
            else f"{fixed(weight.value, 'lb')} lb × 0.45359237 kg/lb (exact definition of the pound)",
            (),
            "kg to 2 decimals",
        ),
        Figure(
            "dose_iu",
            "Dose",
            dose_iu,
            units(dose_iu),
            f"{iu_text(n.dose_iu_per_kg.value)} units/kg × {kg_text}",
            src(n.dose_iu_per_kg),
            "whole units",
        ),
        Figure(
            "dose_million",
            "Dose in million units",
            dose_million,
            million_units(dose_iu),
            f"{units(dose_iu)} ÷ 1,000,000",
            src(n.dose_iu_per_kg),
            "2 decimals at most",
        ),
    ]
    if dose_mg is not None and n.dose_mg_per_kg is not None:
        figures.append(
            Figure(
                "dose_mg",
                "Dose in mg",
                dose_mg,
                f"{fixed(dose_mg, 'mg')} mg",
                f"{plain(n.dose_mg_per_kg.value)} mg/kg × {kg_text}",
                src(n.dose_mg_per_kg),
                "3 decimals",
            )
        )
    else:
        figures.append(
            Figure("dose_mg", "Dose in mg", None, "not given for this regimen", "the content has no mg per kg", ())
        )
    last_drop_warning = (
        f"This draw empties the last vial to the last drop ({fixed(vials * per_vial_ml, 'mL')} mL from {vials} "
        f"vial{'s' if vials != 1 else ''}); the dead space of vial, syringe and needle may leave it short: have one "
        "more vial ready or ask pharmacy."
        if fixed(left_ml, "mL") == fixed(Fraction(0), "mL")
        else ""
    )
    figures += [
        Figure(
            "draw_ml",
            "Volume to draw (reconstituted)",
            draw_ml,
            f"{fixed(draw_ml, 'mL')} mL",
            f"{units(dose_iu)} ÷ {iu_text(concentration)} units/mL",
            src(n.reconstituted_concentration_iu_per_ml),
            "2 decimals",
        ),
        Figure(
            "vials",
            "Vials to open",
            Fraction(vials),
            f"{vials} single-dose vial{'s' if vials != 1 else ''} ({fixed(left_ml, 'mL')} mL left in the last; "
            "discard the unused portion)",
            f"{fixed(draw_ml, 'mL')} mL ÷ {plain(per_vial_ml)} mL per vial = {fixed(draw_ml / per_vial_ml, 'mL')}, "
            f"rounded up to whole vials; {vial_assumption}",
            _merge(n.reconstitution_volume_ml, n.reconstituted_concentration_iu_per_ml, n.vial_content_iu),
            "up to a whole vial",
            last_drop_warning,
        ),
        Figure(
            "band",
            "Dilution band",
            Fraction(position + 1),
            f"{plain(band_volume)} mL band: dose {n.band_text(position)}",
            f"{units(dose_iu)} falls in the band {n.band_text(position, full=True)} → {plain(band_volume)} mL D5W "
            "(Handbook on Injectable Drugs, citing the prescribing information)",
            band.sources,
            "",
        ),
        Figure(
            "final_mcg_per_ml",
            "Final concentration",
            final,
            f"{fixed(final, 'mcg/mL')} mcg/mL" if final is not None else "cannot be checked",
            (
                f"dose mg × 1000 ÷ (band volume + drawn volume) = {fixed(dose_mg, 'mg')} × 1000 ÷ "
                f"({plain(band_volume)} + {fixed(draw_ml, 'mL')}) mL; window {window}"
                if dose_mg is not None
                else "needs the dose in mg, which the content does not give for this regimen"
            ),
            _merge(
                n.dose_mg_per_kg,
                band.volume_ml,
                n.final_concentration_min_mcg_per_ml,
                n.final_concentration_max_mcg_per_ml,
            ),
            "1 decimal",
            "" if offered else f"Outside the {window} window." if final is not None else "",
        ),
    ]
    if offered:
        figures += [
            Figure(
                "bag",
                "Bag",
                bag_ml,
                f"{plain(band_volume)} mL D5W + {fixed(draw_ml, 'mL')} mL drawn = {fixed(bag_ml, 'mL')} mL",
                f"band volume + drawn volume; diluent: {n.diluent}" if n.diluent else "band volume + drawn volume",
                tuple(
                    dict.fromkeys([*band.sources, *n.diluent_sources, *src(n.reconstituted_concentration_iu_per_ml)])
                ),
                "2 decimals",
            ),
            Figure(
                "rate_ml_per_h",
                "Pump rate",
                rate,
                f"{fixed(rate, 'mL/h')} mL/h over {plain(minutes)} minutes",
                f"{fixed(bag_ml, 'mL')} mL ÷ {plain(minutes / 60)} h ({plain(minutes)} minutes)",
                _merge(n.infusion_minutes, band.volume_ml, n.reconstituted_concentration_iu_per_ml),
                "1 decimal",
            ),
        ]
    else:
        assert refusal is not None
        figures += [
            Figure("bag", "Bag", None, "not offered: ask pharmacy", refusal.reason, (), "", refusal.text()),
            Figure(
                "rate_ml_per_h", "Pump rate", None, "not offered: ask pharmacy", refusal.reason, (), "", refusal.text()
            ),
        ]
    figures.append(
        Figure(
            "infusion_minutes",
            "Infusion time",
            minutes,
            f"{plain(minutes)} minutes",
            "from the content",
            src(n.infusion_minutes),
        )
    )
    return Calculation(
        weight=weight,
        numbers=numbers,
        flags=tuple(flags),
        dose_iu=dose_iu,
        dose_mg=dose_mg,
        vials=vials,
        draw_ml=draw_ml,
        left_in_last_vial_ml=left_ml,
        band_position=position,
        band_ml=band_volume if offered else None,
        total_ml=bag_ml if offered else None,
        final_mcg_per_ml=final,
        concentration_in_range=in_range,
        infusion_minutes=minutes,
        rate_ml_per_h=rate if offered else None,
        refusal=refusal,
        figures=tuple(figures),
    )


class Status(StrEnum):
    invalid = "invalid"  # nothing can be shown; ``reason`` says why
    needs_confirmation = "needs_confirmation"  # readable but flagged; shown only once confirmed
    ok = "ok"


@dataclass(frozen=True)
class Assessment:
    """The one gate between typed input and a shown result."""

    status: Status
    reason: str = ""
    flags: tuple[WeightFlag, ...] = ()
    calculation: Calculation | None = None

    @property
    def ok(self) -> bool:
        return self.status is Status.ok


def assess(text: str, unit: WeightUnit | str, numbers: DosingNumbers, confirmed: bool = False) -> Assessment:
    """Read, check and (only when safe to show) calculate. No result escapes without passing here."""
    try:
        weight, flags = check_weight(text, unit)
    except WeightInputError as error:
        return Assessment(Status.invalid, reason=str(error))
    if flags and not confirmed:
        return Assessment(
            Status.needs_confirmation,
            flags=tuple(flags),
            reason="Check the weight and unit, then confirm to see the dose.",
        )
    return Assessment(Status.ok, flags=tuple(flags), calculation=calculate(weight, numbers, flags))


# ---------------------------------------------------------------- exact numbers and display


def _whole(value: Decimal | None) -> int | None:
    if value is None:
        return None
    if value != value.to_integral_value():
        raise ContentMissingError(f"a count in the content is not a whole number: {value}")
    return int(value)


def exact(value: int | str | Decimal | Fraction) -> Fraction:
    """A content number as the decimal it was written as (0.037 is 37/1000, not the nearest binary float).

    A float is refused: its written digits are gone, and guessing them back with ``repr`` is not exact.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        raise TypeError(f"a content number arrives as Decimal, not as the float {value!r}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ContentMissingError(f"a content number is not finite: {value!r}")
    return Fraction(value)


def fixed(value: Fraction, kind: str) -> str:
    """``value`` rounded half up to the places for ``kind`` (see :data:`PLACES`), with thousands separators."""
    places = PLACES[kind]
    rounded = _round_half_up(value, places)
    return f"{rounded:,.{places}f}"


def _round_half_up(value: Fraction, places: int) -> Decimal:
    scale = 10**places
    scaled = value * scale
    whole = math.floor(scaled + Fraction(1, 2)) if scaled >= 0 else -math.floor(-scaled + Fraction(1, 2))
    # scaleb shifts the decimal point exactly; no division, so no precision limit applies.
    return Decimal(whole).scaleb(-places)


def iu_text(value: Fraction) -> str:
    return fixed(value, "IU")


def plain(value: Fraction) -> str:
    """A content number as written: 0.037, 50, 8 (no trailing zeros)."""
    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _sources(number: SourcedNumber) -> tuple[str, ...]:
    return number.sources


def _merge(*numbers: SourcedNumber | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for number in numbers if number for s in number.sources))


# ---------------------------------------------------------------- the independent double check


@dataclass(frozen=True)
class CheckResult:
    """Two independent calculations compared on what is given: dose, vials and volume, as displayed."""

    match: bool
    rows: tuple[tuple[str, str, str], ...]  # (what, first entry, second entry)

    @property
    def differences(self) -> tuple[tuple[str, str, str], ...]:
        return tuple(row for row in self.rows if row[1] != row[2])

    def summary(self) -> str:
        if self.match:
            return "MATCH: dose, vials and volume agree."
        wrong = "; ".join(f"{what}: {first} vs {second}" for what, first, second in self.differences)
        return f"MISMATCH: {wrong}. Do not prepare: find the cause and recalculate."


def double_check(first: Calculation, second: Calculation) -> CheckResult:
    a, b = first.comparable(), second.comparable()
    rows: tuple[tuple[str, str, str], ...] = (
        ("dose", f"{a[0]} units", f"{b[0]} units"),
        ("vials", a[1], b[1]),
        ("volume", f"{a[2]} mL", f"{b[2]} mL"),
    )
    if first.numbers.regimen_slug != second.numbers.regimen_slug:
        rows += (("regimen", first.numbers.regimen_name, second.numbers.regimen_name),)
    return CheckResult(all(x == y for _, x, y in rows), rows)
