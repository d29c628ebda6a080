"""What the per-dose check is given: typed values, the rhythm, yes/no findings, and lab draws with their times.

Every value is explicit and typed. ``None`` means "not entered", never "normal". Units are fixed (the one unit
each value is typed in); the window converts °F and other units before they get here.

Values are exact decimals: the nurse's text becomes a ``Decimal`` once, where it is read (an int or decimal text
is taken here too); a binary float is refused, so a typed 89.9 meets "below 90" and not "at least 89.9" by luck.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from handbook.decimal_text import canonical


class Rhythm(StrEnum):
    sinus = "sinus"
    af = "af"  # atrial fibrillation
    svt = "svt"  # supraventricular tachycardia
    brady = "brady"  # bradycardia that needs treatment, or recurs or persists
    vt = "vt"  # sustained ventricular tachycardia, 5 beats or more


RHYTHM_NAMES: dict[Rhythm, str] = {
    Rhythm.sinus: "Sinus rhythm",
    Rhythm.af: "Atrial fibrillation",
    Rhythm.svt: "Supraventricular tachycardia",
    Rhythm.brady: "Bradycardia that needs treatment, or recurs or persists",
    Rhythm.vt: "Sustained ventricular tachycardia (5 beats or more)",
}


@dataclass(frozen=True)
class InputSpec:
    """One typed value: its id (also the command-line option without ``--``), words, unit and physical range.

    The range only refuses what cannot be a measurement of a living patient (a typo); it is not a clinical limit.
    """

    id: str
    label: str
    unit: str
    low: Decimal
    high: Decimal
    required: bool = False  # needed for every dose, whatever the protocol
    whole: bool = False  # a count: whole numbers only
    derived: bool = False  # worked out by the app from other values, never typed


_D = Decimal  # the physical ranges below are exact too: a typed 0.1 is inside "0.1 to 15"
INPUTS: tuple[InputSpec, ...] = (
    InputSpec("sbp", "Systolic blood pressure", "mmHg", _D(20), _D(300), required=True),
    InputSpec("hr", "Heart rate (after correction)", "beats/min", _D(10), _D(300), required=True),
    InputSpec("spo2", "Oxygen saturation (SpO2)", "%", _D(30), _D(100), required=True),
    InputSpec("o2-lpm", "Oxygen flow (0 on room air)", "L/min", _D(0), _D(60), required=True),
    InputSpec("urine-ml-8h", "Urine output in the last 8 hours", "mL per 8 h", _D(0), _D(20000), required=True),
    InputSpec("creatinine", "Creatinine", "mg/dL", _D(0), _D(30), required=True),
    InputSpec("platelets", "Platelets", "×10³/µL", _D(0), _D(3000), required=True),
    InputSpec("bicarbonate", "Bicarbonate (CO2)", "mEq/L", _D(0), _D(60), required=True),
    InputSpec("bilirubin", "Bilirubin", "mg/dL", _D(0), _D(80), required=True),
    InputSpec("temp-c", "Temperature", "°C", _D(25), _D(45), required=True),
    InputSpec("sbp-target", "Systolic target set for this patient", "mmHg", _D(40), _D(250)),
    InputSpec("weight-gain-pct", "Weight gain since admission", "%", _D(-60), _D(200)),
    InputSpec("phenylephrine-max", "Phenylephrine, highest rate during the interval", "mcg/kg/min", _D(0), _D(20)),
    InputSpec("phenylephrine-now", "Phenylephrine, rate at the time of dosing", "mcg/kg/min", _D(0), _D(20)),
    InputSpec("doses-held", "Doses held so far this cycle", "doses", _D(0), _D(14), whole=True),
    InputSpec("dose-number", "Dose number this cycle", "of 14", _D(1), _D(14), whole=True),
    InputSpec("admission-weight-kg", "Admission weight", "kg", _D(1), _D(400)),
    InputSpec("weight-kg", "Today's weight", "kg", _D(1), _D(400)),
    InputSpec("potassium", "Potassium", "mmol/L", _D("0.5"), _D(15)),
    InputSpec("magnesium", "Magnesium", "mg/dL", _D("0.1"), _D(15)),
    InputSpec(
        "urine-ml-per-kg-8h",
        "Urine output per kg (admission weight)",
        "mL/kg per 8 h",
        _D(0),
        _D(2000),
        derived=True,
    ),
)
INPUT_SPECS: dict[str, InputSpec] = {spec.id: spec for spec in INPUTS}
REQUIRED_INPUTS: tuple[str, ...] = tuple(spec.id for spec in INPUTS if spec.required)

# Values that come from a blood draw: carried until a newer draw, shown with the draw's time and age.
LAB_IDS: tuple[str, ...] = ("creatinine", "bicarbonate", "bilirubin", "platelets", "potassium", "magnesium")


class InputError(ValueError):
    """A value that cannot be a measurement (out of physical range, not a number, a fraction of a dose...)."""


def typed_number(value: object) -> object:
    """An int or decimal text as the ``Decimal`` it is; anything else unchanged (:func:`check_value` judges it)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return value
    return value


def check_value(input_id: str, value: object) -> Decimal:
    """``value`` as a ``Decimal`` if it can be a measurement of ``input_id``; otherwise :class:`InputError`."""
    spec = INPUT_SPECS.get(input_id)
    if spec is None:
        raise InputError(f"unknown value {input_id!r}")
    number = typed_number(value)
    if not isinstance(number, Decimal) or not number.is_finite():
        kind = "a binary float (read the typed text as a Decimal)" if isinstance(value, float) else "not a number"
        raise InputError(f"{spec.label}: {kind}: {value!r}")
    if spec.whole and number != number.to_integral_value():
        raise InputError(f"{spec.label}: must be a whole number, not {canonical(number)}")
    if not spec.low <= number <= spec.high:
        raise InputError(
            f"{spec.label}: {canonical(number)} {spec.unit} is outside "
            f"{canonical(spec.low)} to {canonical(spec.high)} {spec.unit}"
        )
    return number


def _typed_values(values: Mapping[str, object]) -> dict[str, Decimal]:
    # Not yet range-checked (``checked()`` does that); the type says what a checked value is.
    return {key: typed_number(value) for key, value in values.items()}  # type: ignore[misc]


def _round(value: Decimal, places: str) -> Decimal:
    """Rounded as a nurse rounds by hand: half up."""
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LabDraw:
    """One blood draw: when it was taken and what it measured (lab id → value in the handbook's unit)."""

    drawn_at: dt.datetime
    values: Mapping[str, Decimal]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _typed_values(self.values))


@dataclass(frozen=True)
class Reading:
    """A value the check used: the number, its unit, and where it came from."""

    input_id: str
    value: Decimal
    origin: str = ""  # "typed", "drawn 2026-12-01 06:10 (3 h ago)", "from 81.2 kg today and 75.0 kg on admission"
    drawn_at: dt.datetime | None = None

    @property
    def spec(self) -> InputSpec:
        return INPUT_SPECS[self.input_id]

    @property
    def with_unit(self) -> str:
        return f"{canonical(self.value)} {self.spec.unit}"


@dataclass(frozen=True)
class DoseInputs:
    """Everything one dose's check is given.

    ``values`` holds typed numbers by input id (see :data:`INPUTS`); labs may come in ``values`` (typed for this
    dose) or from ``lab_draws`` (the newest draw that measured each lab is used). ``findings`` holds the yes/no
    answers by finding id; a finding not in it was not answered. ``assessed_at`` is when the check is done
    (for the age of a lab draw).
    """

    values: Mapping[str, Decimal] = field(default_factory=dict)
    rhythm: Rhythm | None = None
    findings: Mapping[str, bool] = field(default_factory=dict)
    lab_draws: tuple[LabDraw, ...] = ()
    assessed_at: dt.datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _typed_values(self.values))

    @property
    def dose_number(self) -> int | None:
        value = self.values.get("dose-number")
        return None if value is None else int(value)

    @property
    def doses_held(self) -> int | None:
        value = self.values.get("doses-held")
        return None if value is None else int(value)

    def checked(self) -> DoseInputs:
        """These inputs, every value range-checked (raises :class:`InputError`)."""
        for input_id, value in self.values.items():
            check_value(input_id, value)
        for draw in self.lab_draws:
            for lab_id, value in draw.values.items():
                if lab_id not in LAB_IDS:
                    raise InputError(f"unknown lab {lab_id!r}")
                check_value(lab_id, value)
        return self

    def readings(self) -> dict[str, Reading]:
        """Every value the check can use, by input id, with derived ones (weight gain, urine per kg) added."""
        readings = {key: Reading(key, value, "typed") for key, value in self.values.items()}
        for lab_id in LAB_IDS:
            if lab_id in readings:
                continue
            draws = [d for d in self.lab_draws if lab_id in d.values]
            if draws:
                newest = max(draws, key=lambda d: _utc(d.drawn_at))
                readings[lab_id] = Reading(
                    lab_id,
                    newest.values[lab_id],
                    _draw_origin(newest.drawn_at, self.assessed_at),
                    newest.drawn_at,
                )
        admission = readings.get("admission-weight-kg")
        today = readings.get("weight-kg")
        if "weight-gain-pct" not in readings and admission is not None and today is not None:
            gain = _round((today.value - admission.value) / admission.value * 100, "0.1")
            readings["weight-gain-pct"] = Reading(
                "weight-gain-pct",
                gain,
                f"from {canonical(today.value)} kg today and {canonical(admission.value)} kg on admission",
            )
        urine = readings.get("urine-ml-8h")
        if admission is not None and urine is not None:
            per_kg = _round(urine.value / admission.value, "0.01")
            readings["urine-ml-per-kg-8h"] = Reading(
                "urine-ml-per-kg-8h",
                per_kg,
                f"{canonical(urine.value)} mL over 8 h ÷ {canonical(admission.value)} kg admission weight",
            )
        return readings


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def draw_age(drawn_at: dt.datetime, now: dt.datetime | None) -> str:
    """``"3 h ago"``, ``"40 min ago"``, ``"2 days ago"``; "" without a time to measure from."""
    if now is None:
        return ""
    minutes = int((_utc(now) - _utc(drawn_at)).total_seconds() // 60)
    if minutes < 0:
        return "time is after the check"
    if minutes < 120:
        return f"{minutes} min ago"
    if minutes < 48 * 60:
        return f"{minutes // 60} h ago"
    return f"{minutes // (24 * 60)} days ago"


def _draw_origin(drawn_at: dt.datetime, now: dt.datetime | None) -> str:
    local = _utc(drawn_at).astimezone().strftime("%Y-%m-%d %H:%M")
    age = draw_age(drawn_at, now)
    return f"drawn {local}" + (f" ({age})" if age else "")
