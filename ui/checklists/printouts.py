"""Checklists and the teaching handout as printable documents: HTML plus the page frame around it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handbook.checklists.printing import TEACHING_TITLE, checklist_html, teaching_html
from handbook.checklists.progress import PatientDetails, RunSnapshot
from handbook.checklists.spec import ChecklistSpec
from handbook.printout import PageFrame, patient_label


@dataclass(frozen=True)
class Printout:
    html: str
    frame: PageFrame


def checklist_printout(
    checklist: ChecklistSpec, run: RunSnapshot | None = None, patient: PatientDetails | None = None
) -> Printout:
    title = checklist.title if run is None else f"{checklist.title} ({'completed' if run.completed else 'in progress'})"
    version = run.content_version if run is not None and run.content_version else checklist.content_version
    frame = PageFrame(title, version, label=_label(patient), form=True, blank=run is None)
    return Printout(checklist_html(checklist, run, patient), frame)


def _label(patient: PatientDetails | None) -> str:
    return patient_label(patient.name, patient.record, patient.bed) if patient is not None else ""


def teaching_printout(drug: Any, patient: PatientDetails | None = None) -> Printout:
    return Printout(
        teaching_html(drug, patient),
        PageFrame(
            TEACHING_TITLE,
            drug.content_version,
            label=_label(patient).replace("Patient: ", "For: ", 1) or "For: ______________________________",
            note="Ask your nurse or doctor about anything here.",
        ),
    )
