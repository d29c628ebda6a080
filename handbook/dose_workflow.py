"""The dosing workflow without a window: weight, confirmation, regimen, double check, schedule, flow sheet.

The Dosing tab shows and asks; every rule lives here, so the window and the command line agree:

* a figure is shown only for the weight, unit, regimen and confirmation now entered (any change
  clears the result and the double check);
* a result with no bag and no pump rate (a refusal) is still a dose: it can be double-checked and
  printed, and the paper says pharmacy sets the bag and rate;
* the double check needs two different names and a second weight that passes the same gate; the
  second nurse never sees the first entry (not even its length);
* a mismatch blocks printing until the entry changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from handbook.dosing import (
    Assessment,
    Calculation,
    CheckResult,
    DosingNumbers,
    Status,
    WeightFlag,
    WeightUnit,
    assess,
    double_check,
    fixed,
    million_units,
    plain,
    units,
)
from handbook.flow_sheet import CheckSummary, DoseRecord, FlowSheet, Product, build_flow_sheet
from handbook.schedule import ScheduledDose, ScheduleError, build_schedule

NOTHING_TYPED = "Type the patient's weight to see the dose."


class Level(StrEnum):
    """How a message is shown: words and a symbol always; colour only reinforces them."""

    info = "info"  # nothing to act on yet (e.g. nothing typed)
    ok = "ok"
    warn = "warn"
    alert = "alert"


@dataclass(frozen=True)
class Message:
    level: Level
    symbol: str  # "✔", "⚠", "✖" or ""
    title: str
    details: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(part for part in (self.symbol, self.title, *self.details) if part)


@dataclass(frozen=True)
class DoseLine:
    """The line a nurse reads first: dose in units and mg, volume to draw, bag and pump rate (or why not)."""

    dose: str  # "42,000,000 units (42 million units) = 2.590 mg"
    draw: str  # "draw 2.33 mL from 2 vials"
    bag: str  # "bag 50 mL D5W + 2.33 mL = 52.33 mL", or "NO BAG: ask pharmacy"
    rate: str  # "pump 209.3 mL/h over 15 minutes", or "NO PUMP RATE: ask pharmacy"
    refused: bool

    @property
    def text(self) -> str:
        return " · ".join((self.dose, self.draw, self.bag, self.rate))


def dose_line(calc: Calculation) -> DoseLine:
    mg = f" = {fixed(calc.dose_mg, 'mg')} mg" if calc.dose_mg is not None else ""
    vials = f"{calc.vials} vial{'s' if calc.vials != 1 else ''}"
    draw = f"Draw {fixed(calc.draw_ml, 'mL')} mL from {vials}"
    dose = f"{units(calc.dose_iu)} ({million_units(calc.dose_iu)}){mg}"
    if calc.band_ml is None or calc.total_ml is None or calc.rate_ml_per_h is None:
        return DoseLine(dose, draw, "NO BAG: ask pharmacy", "NO PUMP RATE: ask pharmacy", True)
    bag = f"Bag {plain(calc.band_ml)} mL D5W + {fixed(calc.draw_ml, 'mL')} mL = {fixed(calc.total_ml, 'mL')} mL"
    rate = f"Pump {fixed(calc.rate_ml_per_h, 'mL/h')} mL/h over {plain(calc.infusion_minutes)} minutes"
    return DoseLine(dose, draw, bag, rate, False)


def result_message(assessment: Assessment, typed: str) -> Message:
    """What the status line says about the first entry."""
    if assessment.status is Status.invalid:
        if not typed.strip():
            return Message(Level.info, "", NOTHING_TYPED)
        return Message(Level.alert, "✖", "No dose:", (assessment.reason,))
    flags = tuple(f"⚠ {flag.message}" for flag in assessment.flags)
    if assessment.status is Status.needs_confirmation:
        return Message(Level.warn, "⚠", "Check the weight before a dose is shown.", flags)
    calc = assessment.calculation
    assert calc is not None
    vials = calc.figure("vials").warning
    notes = (*flags, f"⚠ {vials}") if vials else flags  # the last-drop flag travels with the dose
    if calc.refusal is not None:
        return Message(Level.alert, "✖", "No bag and no pump rate for this dose:", (calc.refusal.text(), *notes))
    if flags:
        return Message(Level.warn, "⚠", f"Dose for {calc.weight.describe()}; weight confirmed, still flagged:", notes)
    if vials:
        return Message(Level.warn, "⚠", "Dose calculated; check the vials:", notes)
    return Message(Level.ok, "✔", f"Dose calculated for {calc.weight.describe()}.")


@dataclass(frozen=True)
class DoubleCheck:
    """A finished double check, kept with the names of both nurses."""

    result: CheckResult
    calculated_by: str
    checked_by: str
    second_flags: tuple[WeightFlag, ...] = ()

    def summary(self) -> CheckSummary:
        return CheckSummary(self.result, self.calculated_by, self.checked_by)

    def message(self) -> Message:
        rows = tuple(f"{what}: {first} / {second}" for what, first, second in self.result.rows)
        flagged = tuple(f"⚠ Second entry: {flag.message}" for flag in self.second_flags)
        if self.result.match:
            return Message(
                Level.ok,
                "✔",
                "MATCH: dose, vials and volume agree.",
                (*rows, f"Calculated by {self.calculated_by}; checked by {self.checked_by}", *flagged),
            )
        return Message(Level.alert, "✖", "MISMATCH: do not prepare. Find the cause and recalculate.", (*rows, *flagged))


class DosingWorkflow:
    """The state of one dose calculation and its double check. The window drives it; nothing here is Qt."""

    def __init__(self, choices: Sequence[DosingNumbers], content_problem: str = "") -> None:
        self.choices = list(choices)
        self.content_problem = content_problem
        self.regimen_index = 0
        self.weight_text = ""
        self.unit = WeightUnit.kg.value
        self.confirmed = False
        self.first_dose = dt.datetime.combine(dt.date.today(), dt.time(8, 0))
        self.checking = False
        self.check: DoubleCheck | None = None
        self.check_message = Message(Level.info, "", "Not checked yet.")
        self.assessment = self._assess()

    # ---------------------------------------------------------------- the first entry

    def numbers(self) -> DosingNumbers | None:
        return self.choices[self.regimen_index] if 0 <= self.regimen_index < len(self.choices) else None

    @property
    def calculation(self) -> Calculation | None:
        return self.assessment.calculation if self.assessment.ok else None

    def enter_weight(self, text: str, unit: str) -> None:
        """A new weight or unit is a new question: a confirmation given for the old one does not carry over."""
        if (text, unit) == (self.weight_text, self.unit):
            return
        self.weight_text, self.unit = text, unit
        self.confirmed = False
        self._changed()

    def confirm(self, confirmed: bool) -> None:
        if confirmed != self.confirmed:
            self.confirmed = confirmed
            self._changed()

    def choose_regimen(self, index: int) -> None:
        if index != self.regimen_index:
            self.regimen_index = index
            self._changed()

    def set_first_dose(self, when: dt.datetime) -> None:
        self.first_dose = when

    def status(self) -> Message:
        if self.numbers() is None:
            return Message(Level.alert, "✖", "The calculator is off:", (self.content_problem or "no regimen.",))
        return result_message(self.assessment, self.weight_text)

    def _assess(self) -> Assessment:
        numbers = self.numbers()
        if numbers is None:
            return Assessment(Status.invalid, reason=self.content_problem or "No regimen in the content.")
        return assess(self.weight_text, self.unit, numbers, confirmed=self.confirmed)

    def _changed(self) -> None:
        if self.check is not None or self.checking:
            self.check_message = Message(Level.info, "", "The entry changed: not checked.")
        self.check = None
        self.checking = False
        self.assessment = self._assess()

    # ---------------------------------------------------------------- the double check

    def start_check(self) -> bool:
        if self.calculation is None:
            return False
        self.checking = True
        self.check = None
        self.check_message = Message(
            Level.info, "", "Second nurse: type the weight from the patient record, your name, then Compare."
        )
        return True

    def cancel_check(self) -> None:
        self.checking = False
        self.check_message = Message(Level.info, "", "Check cancelled: not checked.")

    def compare(self, second_text: str, second_unit: str, calculated_by: str, checked_by: str) -> Message:
        first, numbers = self.calculation, self.numbers()
        if not self.checking or first is None or numbers is None:
            return self.check_message
        names = (calculated_by.strip(), checked_by.strip())
        if not all(names):
            return self._say(Message(Level.alert, "✖", "Enter the names or initials of both nurses."))
        if names[0].casefold() == names[1].casefold():
            return self._say(Message(Level.alert, "✖", "The check must be done by a second person."))
        # The second entry passes the same gate; its own flags are shown but do not block the comparison.
        second = assess(second_text, second_unit, numbers, confirmed=True)
        if second.calculation is None:
            return self._say(Message(Level.alert, "✖", "Second entry:", (second.reason,)))
        self.checking = False
        self.check = DoubleCheck(double_check(first, second.calculation), names[0], names[1], second.flags)
        return self._say(self.check.message())

    def _say(self, message: Message) -> Message:
        self.check_message = message
        return message

    # ---------------------------------------------------------------- schedule and printing

    def schedule(self) -> list[ScheduledDose]:
        """The planned doses from the first dose time; raises :class:`ScheduleError` when the regimen cannot."""
        numbers = self.numbers()
        if numbers is None:
            return []
        return build_schedule(
            self.first_dose, numbers.interval_hours.value, numbers.cycles, numbers.max_doses_per_course
        )

    def print_blocker(self) -> str:
        """Why the flow sheet cannot be printed now, or "" when it can."""
        if self.calculation is None:
            return "Calculate a dose first."
        if self.checking:
            return "Finish or cancel the double check first."
        if self.check is not None and not self.check.result.match:
            return "A mismatch must be resolved before printing."
        return ""

    def flow_sheet(
        self, product: Product, label: str = "", records: Mapping[int, DoseRecord] | None = None
    ) -> FlowSheet:
        calc = self.calculation
        if calc is None:
            raise ValueError("no dose to print")
        try:
            doses = self.schedule()
        except ScheduleError:
            doses = []
        check = self.check.summary() if self.check is not None else None
        return build_flow_sheet(calc, doses, product=product, label=label, check=check, records=records)
