"""The per-dose flow sheet: what it prints, as a context for ``print/flow_sheet.html.j2``. Qt-free.

One builder serves the blank sheet (from a weight and a first-dose time) and the sheet of a course
that is under way: pass ``records`` keyed by scheduled dose number and each row carries what actually
happened (given or held, start and stop time, pump rate, by whom, vital signs, why held); rows without
a record stay blank to be filled in by hand. ``ui.printing`` lays the HTML out on pages.

Use from a course record (``handbook flowsheet --course ID``)::

    calc = assess(weight_text, unit, numbers, confirmed=True).calculation  # the course's weight
    doses = build_schedule(first_dose, numbers.interval_hours.value, numbers.cycles, numbers.max_doses_per_course)
    records = {1: DoseRecord(DoseStatus.given, started=..., stopped=..., pump_rate="209.3", by="AB",
                             vitals=VitalSigns(bp="118/72", hr="92", spo2="97")),
               2: DoseRecord(DoseStatus.held, started=..., by="CD", why="SBP 84 mmHg")}
    sheet = build_flow_sheet(calc, doses, product=Product.of(drug), label="bed 7 / AB", records=records)
    write_pdf(sheet.html, path, sheet.frame, paper)  # ui.printing; the frame puts the label on every page

A record is printed as given: pass the effective record of each dose (after corrections). A record for
a dose number that is not in ``doses`` is an error (ValueError), never silently dropped. The command
line adds ``--course ID`` in :mod:`ui.commands.print_flowsheet` (the ``source`` argument group) and
writes the sheet with its ``write_sheet``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import groupby
from typing import TYPE_CHECKING, Any

from handbook.dosing import CHECK_AGAINST, ROUNDING_RULE, WEIGHT_CHECK_NOTE, Calculation, CheckResult, fixed
from handbook.printout import WRITE_IN, PageFrame
from handbook.render import render
from handbook.schedule import SCHEDULE_NOTE, ScheduledDose

if TYPE_CHECKING:
    from handbook.db import content_models as m

FLOW_SHEET_TITLE = "Per-dose flow sheet"
FLOW_SHEET_TEMPLATE = "print/flow_sheet.html.j2"
BLANK_LABEL = WRITE_IN  # no label given: write-in blanks, on the sheet and on every page's frame


class DoseStatus(StrEnum):
    given = "given"
    held = "held"
    not_given = "not_given"  # recorded as not given (e.g. a correction), with a reason


STATUS_WORDS = {DoseStatus.given: "Given", DoseStatus.held: "HELD", DoseStatus.not_given: "Not given"}


@dataclass(frozen=True)
class VitalSigns:
    """Vital signs as recorded before the dose (printed as written; empty means not recorded)."""

    bp: str = ""  # e.g. "118/72"
    hr: str = ""
    spo2: str = ""
    urine_output: str = ""
    mental_status: str = ""


@dataclass(frozen=True)
class DoseRecord:
    """What actually happened to one scheduled dose, as the course record holds it."""

    status: DoseStatus
    started: dt.datetime | None = None  # infusion start (given) or when the decision was recorded (held)
    stopped: dt.datetime | None = None  # infusion end
    pump_rate: str = ""  # the rate set on the pump, as recorded ("209.3")
    by: str = ""  # the nurse who gave or held it
    checked_by: str = ""  # the second nurse, if recorded
    why: str = ""  # why held or not given (required for those by the course record)
    vitals: VitalSigns = field(default_factory=VitalSigns)


@dataclass(frozen=True)
class Product:
    """The drug names and content version printed on the sheet."""

    brand: str
    generic: str
    content_version: str

    @classmethod
    def of(cls, drug: m.Drug) -> Product:
        return cls(drug.brand_name, drug.generic_name, drug.content_version)


@dataclass(frozen=True)
class CheckSummary:
    """The on-screen double check, as printed."""

    result: CheckResult
    calculated_by: str
    checked_by: str


@dataclass(frozen=True)
class FlowSheetRow:
    dose: ScheduledDose
    record: DoseRecord | None = None

    @property
    def status_text(self) -> str:
        return STATUS_WORDS[self.record.status] if self.record else ""

    def clock(self, when: dt.datetime | None) -> str:
        """HH:MM, with the date when it is not the planned day."""
        if when is None:
            return ""
        return f"{when:%H:%M}" if when.date() == self.dose.when.date() else f"{when:%d %b %H:%M}"


@dataclass(frozen=True)
class FlowSheet:
    frame: PageFrame  # title, patient or course label and content version on every page
    html: str
    context: dict[str, Any]

    @property
    def title(self) -> str:
        return self.frame.title

    @property
    def label(self) -> str:
        """The label as printed: the one given, or the write-in blanks."""
        return self.frame.label or BLANK_LABEL

    @property
    def content_version(self) -> str:
        return self.frame.content_version


def flow_sheet_context(
    calc: Calculation,
    doses: Sequence[ScheduledDose],
    *,
    product: Product,
    label: str = "",
    check: CheckSummary | None = None,
    records: Mapping[int, DoseRecord] | None = None,
) -> dict[str, Any]:
    """Everything ``print/flow_sheet.html.j2`` shows. ``records`` maps scheduled dose numbers to what happened."""
    records = records or {}
    unknown = sorted(set(records) - {d.number for d in doses})
    if unknown:
        raise ValueError(f"records for doses that are not in the schedule: {unknown}")
    rows = [FlowSheetRow(dose, records.get(dose.number)) for dose in doses]
    cycles = [(cycle, list(group)) for cycle, group in groupby(rows, key=lambda row: row.dose.cycle)]
    rate = calc.rate_ml_per_h
    return {
        "calc": calc,
        "product": product,
        "label": label.strip(),
        "blank_label": BLANK_LABEL,
        "check": check,
        "cycles": cycles,
        "filled": bool(records),
        "rate": fixed(rate, "mL/h") if rate is not None else "",
        "figure": calc.figure,
        "rounding": ROUNDING_RULE,
        "weight_check": WEIGHT_CHECK_NOTE,
        "schedule_note": SCHEDULE_NOTE,
        "check_against": CHECK_AGAINST,
    }


def build_flow_sheet(
    calc: Calculation,
    doses: Sequence[ScheduledDose],
    *,
    product: Product,
    label: str = "",
    check: CheckSummary | None = None,
    records: Mapping[int, DoseRecord] | None = None,
) -> FlowSheet:
    """The flow sheet's HTML and what the page frame prints around it (title and label on every page)."""
    context = flow_sheet_context(calc, doses, product=product, label=label, check=check, records=records)
    return FlowSheet(
        frame=PageFrame(FLOW_SHEET_TITLE, product.content_version, label=context["label"], form=True),
        html=render(FLOW_SHEET_TEMPLATE, **context),
        context=context,
    )
