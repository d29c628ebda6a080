"""Every printout the app makes, built the way the window builds it, for tests that read the paper back.

:func:`every_printout` returns them by name; :data:`PRINTOUT_NAMES` lists the names (for parametrising).
A printout is the HTML and the page frame that ``ui.printing`` paints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from pytestqt.qtbot import QtBot

from handbook.checklists.progress import ChecklistProgress, PatientDetails
from handbook.checklists.spec import checklists_of
from handbook.db.user_store import UserStore
from handbook.dosing import assess, regimen_choices
from handbook.flow_sheet import Product, build_flow_sheet
from handbook.givehold.catalog import load_catalog
from handbook.givehold.record import finding_slug, value_slug
from handbook.printout import PageFrame
from handbook.records.courses import CourseRecords, NewCourse
from handbook.records.flow_sheet import course_flow_sheet
from handbook.schedule import build_schedule
from tests.handbook.givehold.conftest import QUIET_VALUES
from ui.checklists.printouts import checklist_printout, teaching_printout
from ui.givehold.panel import DoseCheckPanel
from ui.main_window import MainWindow
from ui.tabs.dosing_tab import DosingTab

PATIENT = PatientDetails("Ann Example-Longname", "MRN 0012345", "7B")
COURSE_LABEL = "Bed 7B · Ann Example-Longname · course 1"
FIRST_DOSE = dt.datetime(2026, 12, 1, 8, 0)
#: Doses held in the course printed by :func:`course_with_held_doses`, with why (one long reason, so a
#: held dose's rows are taller than a given dose's and page breaks fall in different places).
HELD_WHY = {
    number: f"Held dose {number}: SBP 84 mmHg on phenylephrine 0.6 mcg/kg/min, urine output 60 mL in 8 hours; "
    "prescriber informed and at the bedside, fluids given as ordered, recheck before the next dose."
    for number in (2, 3, 5, 6, 8, 9, 11, 12, 14, 16, 17, 19, 21, 22, 24, 25, 27, 28)
}

Printout = tuple[str, PageFrame]


@dataclass(frozen=True)
class Expected:
    """What a printout should come to on paper: its page count bounds (on A4 and on Letter)."""

    min_pages: int
    max_pages: int


#: Every printout, with its page count bounds. A name here that :func:`every_printout` does not build
#: fails the test that uses it (and the other way round).
PRINTOUTS: dict[str, Expected] = {
    "view: Indications": Expected(2, 6),
    "view: Mechanism": Expected(1, 3),
    "view: Dosing": Expected(1, 6),
    "view: Side effects": Expected(4, 9),
    "view: Warnings summary": Expected(2, 7),
    "checklist before-treatment blank": Expected(1, 4),
    "checklist monitoring blank": Expected(1, 4),
    "checklist discharge blank": Expected(1, 4),
    "checklist medicines-review blank": Expected(1, 4),
    "checklist monitoring for a patient, blank": Expected(1, 4),
    "checklist monitoring in progress": Expected(1, 4),
    "checklist monitoring completed": Expected(1, 4),
    "teaching handout": Expected(1, 2),
    "dose check blank": Expected(1, 1),
    "dose check completed": Expected(1, 1),
    "dose check completed, very sick": Expected(1, 2),
    "dose check reference card": Expected(1, 2),
    "dosing flow sheet": Expected(2, 8),
    "dosing flow sheet, pharmacy bag": Expected(2, 8),
    "course flow sheet": Expected(2, 10),
}
PRINTOUT_NAMES = sorted(PRINTOUTS)


def course_with_held_doses(store: UserStore, drug: object) -> Printout:
    """A 28-dose course, every dose recorded, most of them held with a long why: the flow sheet as the
    Course record tab prints it."""
    numbers = regimen_choices(drug)[0]  # type: ignore[arg-type]
    result = assess("70", "kg", numbers, confirmed=True)
    assert result.calculation is not None
    records = CourseRecords(store, clock=lambda: dt.datetime(2026, 12, 30, 12, 0))
    course = records.start(
        NewCourse(
            label=COURSE_LABEL,
            calculation=result.calculation,
            weight_entered="70",
            first_dose_at=FIRST_DOSE,
            protocol_id="dutcher-2014",
            content_version=drug.content_version,  # type: ignore[attr-defined]
            started_by="AB",
            check=result.calculation,
            checked_by="CD",
        )
    )
    for dose in course.doses:
        kind = "held" if dose.number in HELD_WHY else "given"
        records.record(course.id, dose.number, kind, at=dose.planned, by="AB", why=HELD_WHY.get(dose.number, ""))
    sheet = course_flow_sheet(records.get(course.id), numbers, Product.of(drug))  # type: ignore[arg-type]
    return sheet.html, sheet.frame


def _dose_check_panel(qtbot: QtBot, store: UserStore, version: str) -> DoseCheckPanel:
    panel = DoseCheckPanel(version, "Proleukin")
    qtbot.addWidget(panel)
    panel.set_progress(ChecklistProgress(store))
    return panel


def _quiet_texts() -> dict[str, str]:
    texts = {value_slug(k): f"{v:g}" for k, v in QUIET_VALUES.items()}
    texts |= {"labs-drawn-at": "2026-12-01 06:10", "rhythm": "sinus"}
    return texts | {finding_slug(f): "no" for f in load_catalog().form.finding_ids()}


def dose_checks(qtbot: QtBot, store: UserStore, version: str) -> dict[str, Printout]:
    """The per-dose check blank, completed for a quiet dose, and completed for a very sick one."""
    found: dict[str, Printout] = {}
    panel = _dose_check_panel(qtbot, store, version)
    found["dose check blank"] = panel.printout(blank=True)
    found["dose check reference card"] = panel.reference_printout()
    panel._save_texts(_quiet_texts())
    panel.label_edit.setText(COURSE_LABEL)
    panel.nurse.setText("A. Nurse")
    panel.complete()
    found["dose check completed"] = panel.printout(blank=False)
    panel.start_new()
    sick = {"sbp": "84", "hr": "125", "spo2": "88", "o2-lpm": "3", "urine-ml-8h": "120", "creatinine": "2.7",
            "platelets": "40", "bicarbonate": "19", "bilirubin": "7.5", "weight-kg": "93", "phenylephrine-max": "1.2",
            "phenylephrine-now": "0.6"}  # fmt: skip
    texts = _quiet_texts() | {value_slug(k): v for k, v in sick.items()}
    texts |= {"rhythm": "af", "note": "Prescriber at the bedside."}
    yes = ("mental-status-change", "vivid-dreams", "pressor", "infection", "bleeding", "fit-fobt-positive")
    panel._save_texts(texts | {finding_slug(f): "yes" for f in yes})
    panel.nurse.setText("A. Nurse")
    panel.complete()
    found["dose check completed, very sick"] = panel.printout(blank=False)
    return found


def checklists(window: MainWindow, store: UserStore) -> dict[str, Printout]:
    """Each checklist blank; the monitoring one also for a named patient, in progress and completed."""
    found: dict[str, Printout] = {}
    progress = ChecklistProgress(store)
    for checklist in checklists_of(window.drug):
        printout = checklist_printout(checklist)
        found[f"checklist {checklist.slug} blank"] = (printout.html, printout.frame)
        if checklist.slug != "monitoring":
            continue
        printout = checklist_printout(checklist, None, PATIENT)
        found[f"checklist {checklist.slug} for a patient, blank"] = (printout.html, printout.frame)
        run = progress.start(checklist, nurse="A. Nurse")
        progress.set_patient(run.id, PATIENT)
        for index, item in enumerate(checklist.items):
            if item.threshold is not None:
                run = progress.set_value(checklist, run.id, item.slug, "88" if index % 2 else "120")
            elif index % 3:
                run = progress.set_checked(run.id, item.slug, True)
            if index % 4 == 0:
                run = progress.set_note(run.id, item.slug, "Rechecked after the fluid bolus; prescriber told.")
        printout = checklist_printout(checklist, run, PATIENT)
        found[f"checklist {checklist.slug} in progress"] = (printout.html, printout.frame)
        run = progress.set_people(run.id, "A. Nurse", "B. Cosigner")
        run = progress.complete(run.id)
        printout = checklist_printout(checklist, run, PATIENT)
        found[f"checklist {checklist.slug} completed"] = (printout.html, printout.frame)
    return found


def flow_sheets(window: MainWindow, qtbot: QtBot) -> dict[str, Printout]:
    """The Dosing tab's flow sheet for 70 kg, and one whose bag pharmacy makes up (20 kg: no pump rate)."""
    found: dict[str, Printout] = {}
    tab = next(page for page in window.pages if isinstance(page, DosingTab))
    qtbot.keyClicks(tab.weight_edit, "70")
    found["dosing flow sheet"] = (tab.flow_sheet_html(), tab.page_frame())
    numbers = regimen_choices(window.drug)[0]
    result = assess("20", "kg", numbers, confirmed=True)
    assert result.calculation is not None
    doses = build_schedule(FIRST_DOSE, numbers.interval_hours.value, numbers.cycles, numbers.max_doses_per_course)
    sheet = build_flow_sheet(result.calculation, doses, product=Product.of(window.drug), label="Bed 12 · J. Small")
    found["dosing flow sheet, pharmacy bag"] = (sheet.html, sheet.frame)
    return found


def views(window: MainWindow) -> dict[str, Printout]:
    """Ctrl+P on each tab's own view (the Warnings tab prints its summary, the course tab has no course)."""
    found: dict[str, Printout] = {}
    for index, page in enumerate(window.pages):
        window.tabs.setCurrentIndex(index)
        if page.title == "Course record":
            continue  # with a course chosen, Ctrl+P prints the course flow sheet (built separately)
        name = "Warnings summary" if page.title.startswith("Warnings") else page.title
        found[f"view: {name}"] = window.print_document()
    return found


def every_printout(window: MainWindow, qtbot: QtBot, store: UserStore) -> dict[str, Printout]:
    """Every printout in :data:`PRINTOUTS`, built as the window builds it."""
    builders: list[Callable[[], dict[str, Printout]]] = [
        lambda: views(window),
        lambda: flow_sheets(window, qtbot),
        lambda: checklists(window, store),
        lambda: dose_checks(qtbot, store, window.drug.content_version),
        lambda: {"course flow sheet": course_with_held_doses(store, window.drug)},
    ]
    found: dict[str, Printout] = {}
    for build in builders:
        found.update(build())
    handout = teaching_printout(window.drug, PATIENT)
    found["teaching handout"] = (handout.html, handout.frame)
    return found
