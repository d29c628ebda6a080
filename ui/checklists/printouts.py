"""Checklists and the teaching handout as printable documents: HTML plus the page frame around it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handbook.checklists.printing import TEACHING_TITLE, checklist_html, teaching_html
from handbook.checklists.progress import PatientDetails, RunSnapshot
from handbook.checklists.spec import ChecklistSpec
from ui.printing import PageFrame


@dataclass(frozen=True)
class Printout:
    html: str
    frame: PageFrame


def checklist_printout(
    checklist: ChecklistSpec, run: RunSnapshot | None = None, patient: PatientDetails | None = None
) -> Printout:
    kind = "blank" if run is None else ("completed" if run.completed else "in progress")
    version = run.content_version if run is not None and run.content_version else checklist.content_version
    return Printout(checklist_html(checklist, run, patient), PageFrame(f"{checklist.title} ({kind})", version))


def teaching_printout(drug: Any, patient: PatientDetails | None = None) -> Printout:
    return Printout(
        teaching_html(drug, patient),
        PageFrame(TEACHING_TITLE, drug.content_version, note="Ask your nurse or doctor about anything here."),
    )
