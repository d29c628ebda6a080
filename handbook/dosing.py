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
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

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

CHECK_AGAINST = "Check against the current prescribing information and local protocol."

ROUNDING_RULE = (
    "Exact arithmetic throughout; rounded only for display, half up: IU to a whole number, "
    "million IU to 2 decimals, mg to 3, mL to 2, mcg/mL to 1, mL/h to 1."
)

# Display places per kind of figure, the one rounding rule of the calculator.
PLACES = {"IU": 0, "MIU": 2, "mg": 3, "mL": 2, "mcg/mL": 1, "mL/h": 1, "kg": 2, "lb": 2, "vials": 0, "min": 0}

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
    reconstituted_concentration_iu_per_ml: SourcedNumber
    bag_volume_ml: SourcedNumber
    final_concentration_min_mcg_per_ml: SourcedNumber
    final_concentration_max_mcg_per_ml: SourcedNumber
    cycles: tuple[CycleSpec, ...]
    max_doses_per_course: int | None = None
    diluent: str = ""  # the dilution_diluent statement
    diluent_sources: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How the regimen is named in a selector: its name, basis and sources."""
        return f"{self.regimen_name} ({self.regimen_basis}; {', '.join(self.regimen_sources)})"

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
            reconstituted_concentration_iu_per_ml=prep("reconstituted_concentration_iu_per_ml"),
            bag_volume_ml=prep("bag_volume_ml"),
            final_concentration_min_mcg_per_ml=prep("final_concentration_min_mcg_per_ml"),
            final_concentration_max_mcg_per_ml=prep("final_concentration_max_mcg_per_ml"),
            cycles=tuple(CycleSpec(c.number, c.first_day, c.last_day, c.max_doses) for c in regimen.cycles),
            max_doses_per_course=regimen.max_doses_per_course,
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
class Calculation:
    weight: Weight
    numbers: DosingNumbers
    flags: tuple[WeightFlag, ...]
    dose_iu: Fraction
    dose_mg: Fraction | None
    vials: int
    draw_ml: Fraction
    total_ml: Fraction
    final_mcg_per_ml: Fraction | None
    concentration_in_range: bool | None
    infusion_minutes: Fraction
    rate_ml_per_h: Fraction
    figures: tuple[Figure, ...] = field(default=())

    def figure(self, key: str) -> Figure:
        for item in self.figures:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def dose_display(self) -> str:
        return f"{fixed(self.dose_iu, 'IU')} IU ({fixed(self.dose_iu / 10**6, 'MIU')} million IU)"

    @property
    def volume_display(self) -> str:
        return f"{fixed(self.draw_ml, 'mL')} mL"

    def comparable(self) -> tuple[str, str, str]:
        """What the double check compares, as displayed: dose, vials, volume to draw."""
        return fixed(self.dose_iu, "IU"), str(self.vials), fixed(self.draw_ml, "mL")


def calculate(weight: Weight, numbers: DosingNumbers, flags: Sequence[WeightFlag] = ()) -> Calculation:
    """Every figure for one dose, exactly. The caller has already checked the weight."""
    n = numbers
    kg = weight.kg
    dose_iu = n.dose_iu_per_kg.value * kg
    dose_mg = n.dose_mg_per_kg.value * kg if n.dose_mg_per_kg else None
    vials = math.ceil(dose_iu / n.vial_content_iu.value)
    draw_ml = dose_iu / n.reconstituted_concentration_iu_per_ml.value
    total_ml = n.bag_volume_ml.value + draw_ml
    final = dose_mg * 1000 / total_ml if dose_mg is not None else None
    low, high = n.final_concentration_min_mcg_per_ml.value, n.final_concentration_max_mcg_per_ml.value
    in_range = None if final is None else low <= final <= high
    minutes = n.infusion_minutes.value
    rate = total_ml / minutes * 60

    kg_text = f"{fixed(kg, 'kg')} kg"
    src = _sources
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
            f"{fixed(dose_iu, 'IU')} IU",
            f"{iu_text(n.dose_iu_per_kg.value)} IU/kg × {kg_text}",
            src(n.dose_iu_per_kg),
            "whole IU",
        ),
        Figure(
            "dose_miu",
            "Dose in million IU",
            dose_iu / 10**6,
            f"{fixed(dose_iu / 10**6, 'MIU')} million IU",
            f"{fixed(dose_iu, 'IU')} IU ÷ 1,000,000",
            src(n.dose_iu_per_kg),
            "2 decimals",
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
            Figure(
                "dose_mg",
                "Dose in mg",
                None,
                "not given for this regimen",
                "the content has no mg per kg for this regimen",
                (),
            )
        )
    figures += [
        Figure(
            "vials",
            "Vials to open",
            Fraction(vials),
            f"{vials} single-dose vial{'s' if vials != 1 else ''}; discard the unused portion",
            f"{fixed(dose_iu, 'IU')} IU ÷ {iu_text(n.vial_content_iu.value)} IU per vial = "
            f"{fixed(dose_iu / n.vial_content_iu.value, 'MIU')}, rounded up to whole vials",
            src(n.vial_content_iu),
            "up to a whole vial",
        ),
        Figure(
            "draw_ml",
            "Volume to draw (reconstituted)",
            draw_ml,
            f"{fixed(draw_ml, 'mL')} mL",
            f"{fixed(dose_iu, 'IU')} IU ÷ {iu_text(n.reconstituted_concentration_iu_per_ml.value)} IU/mL",
            src(n.reconstituted_concentration_iu_per_ml),
            "2 decimals",
        ),
        Figure(
            "bag",
            "Diluent and bag",
            n.bag_volume_ml.value,
            f"{plain(n.bag_volume_ml.value)} mL" + (f": {n.diluent}" if n.diluent else ""),
            "bag volume from the content; add the drawn dose to it"
            + (f". Note: {n.bag_volume_ml.note}" if n.bag_volume_ml.note else ""),
            tuple(dict.fromkeys([*n.bag_volume_ml.sources, *n.diluent_sources])),
        ),
        Figure(
            "total_ml",
            "Total volume in the bag",
            total_ml,
            f"{fixed(total_ml, 'mL')} mL",
            f"{plain(n.bag_volume_ml.value)} mL bag + {fixed(draw_ml, 'mL')} mL drawn",
            _merge(n.bag_volume_ml, n.reconstituted_concentration_iu_per_ml),
            "2 decimals",
        ),
    ]
    if final is not None and dose_mg is not None:
        warning = (
            ""
            if in_range
            else (
                f"Outside {plain(low)}–{plain(high)} mcg/mL: the final concentration is outside the range in the "
                "content. Check the dilution with pharmacy and the local protocol."
            )
        )
        figures.append(
            Figure(
                "final_mcg_per_ml",
                "Final concentration",
                final,
                f"{fixed(final, 'mcg/mL')} mcg/mL",
                f"dose mg × 1000 ÷ (bag volume + drawn volume) = {fixed(dose_mg, 'mg')} × 1000 ÷ "
                f"({plain(n.bag_volume_ml.value)} + {fixed(draw_ml, 'mL')}) mL; "
                f"range {plain(low)}–{plain(high)} mcg/mL",
                _merge(
                    n.dose_mg_per_kg,
                    n.bag_volume_ml,
                    n.final_concentration_min_mcg_per_ml,
                    n.final_concentration_max_mcg_per_ml,
                )
                if n.dose_mg_per_kg
                else (),
                "1 decimal",
                warning,
            )
        )
    else:
        figures.append(
            Figure(
                "final_mcg_per_ml",
                "Final concentration",
                None,
                "not calculated",
                "needs the dose in mg, which the content does not give for this regimen",
                (),
            )
        )
    figures += [
        Figure(
            "infusion_minutes",
            "Infusion time",
            minutes,
            f"{plain(minutes)} minutes",
            "from the content",
            src(n.infusion_minutes),
        ),
        Figure(
            "rate_ml_per_h",
            "Pump rate",
            rate,
            f"{fixed(rate, 'mL/h')} mL/h",
            f"{fixed(total_ml, 'mL')} mL ÷ {plain(minutes)} min × 60",
            _merge(n.infusion_minutes, n.bag_volume_ml, n.reconstituted_concentration_iu_per_ml),
            "1 decimal",
        ),
    ]
    return Calculation(
        weight=weight,
        numbers=numbers,
        flags=tuple(flags),
        dose_iu=dose_iu,
        dose_mg=dose_mg,
        vials=vials,
        draw_ml=draw_ml,
        total_ml=total_ml,
        final_mcg_per_ml=final,
        concentration_in_range=in_range,
        infusion_minutes=minutes,
        rate_ml_per_h=rate,
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


def exact(value: float | int | str | Fraction) -> Fraction:
    """A content number as the decimal it was written as (0.037 is 37/1000, not the nearest binary float)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ContentMissingError(f"a content number is not finite: {value!r}")
        return Fraction(repr(value))
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
    rows = (("dose", f"{a[0]} IU", f"{b[0]} IU"), ("vials", a[1], b[1]), ("volume", f"{a[2]} mL", f"{b[2]} mL"))
    if first.numbers.regimen_slug != second.numbers.regimen_slug:
        rows += (("regimen", first.numbers.regimen_name, second.numbers.regimen_name),)
    return CheckResult(all(x == y for _, x, y in rows), rows)
