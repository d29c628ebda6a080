"""What a printed checklist or teaching handout says, as HTML from autoescaped jinja templates.

Qt-free: ``ui.printing`` lays the HTML out on pages. Blank and completed checklists share one
template; a blank one has empty boxes and lines to write on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handbook.checklists.evaluation import read_item
from handbook.checklists.progress import PatientDetails, RunSnapshot
from handbook.checklists.spec import Basis, ChecklistSpec, ItemSpec
from handbook.checklists.timefmt import local_time
from handbook.checklists.values import ValueState
from handbook.disclaimer import DISCLAIMER
from handbook.render import render
from handbook.sources import SourceRef

CHECKLIST_TEMPLATE = "print/checklist.html.j2"
TEACHING_TEMPLATE = "print/teaching.html.j2"
TEACHING_ID = "teaching"
TEACHING_TITLE = "Patient teaching handout"

BOX_EMPTY = "☐"
BOX_TICKED = "☑"

_BASIS_TAG = {Basis.label: "US label", Basis.practice: "Published practice", Basis.task: ""}
_ACTION_WORDS = {
    "withhold": "withhold",
    "discontinue": "permanently discontinue",
    "hold": "hold",
    "stop": "stop",
    "notify": "call the provider",
}


@dataclass(frozen=True)
class PrintedItem:
    text: str
    tag: str  # "US label: withhold", "Published practice: hold", or ""
    ticked: bool
    threshold: str  # "Systolic BP < 90 mmHg", or ""
    unit: str
    value: str
    value_problem: str
    note: str
    time: str
    cites: str  # "[1, 3]": numbers into the printed source list


def item_tag(item: ItemSpec) -> str:
    """ "US label: withhold", "Published practice: hold"... or "" for a plain task."""
    prefix = _BASIS_TAG[item.basis]
    return f"{prefix}: {_ACTION_WORDS.get(item.action, item.action)}" if prefix and item.action else ""


def checklist_context(
    checklist: ChecklistSpec, run: RunSnapshot | None = None, patient: PatientDetails | None = None
) -> dict[str, Any]:
    """Everything ``print/checklist.html.j2`` shows. ``run`` None prints the blank form."""
    sources = checklist.sources()
    numbers = {ref.id: index for index, ref in enumerate(sources, start=1)}
    states = run.states() if run is not None else {}
    sections = []
    for section in checklist.sections:
        items = []
        for item in section.items:
            entry = run.entry(item.slug) if run is not None else None
            reading = read_item(item, states.get(item.slug)) if run is not None else None
            refs = dict.fromkeys(numbers[r.id] for r in (*item.sources, *item.rule_sources))
            items.append(
                PrintedItem(
                    text=item.text,
                    tag=item_tag(item),
                    ticked=bool(reading and reading.present),
                    threshold=item.threshold.describe() if item.threshold else "",
                    unit=item.threshold.unit if item.threshold else "",
                    value=entry.value if entry else "",
                    value_problem="not a number" if reading and reading.value.state is ValueState.not_a_number else "",
                    note=entry.note if entry else "",
                    time=local_time(entry.updated_at) if entry else "",
                    cites="[" + ", ".join(str(n) for n in refs) + "]" if refs else "",
                )
            )
        sections.append({"title": section.title, "basis": section.basis, "items": items})
    return {
        "checklist": checklist,
        "sections": sections,
        "sources": _numbered(sources),
        "blank": run is None,
        "run": run,
        "patient": patient if patient is not None and not patient.is_empty else None,
        "started": local_time(run.started_at) if run else "",
        "completed": local_time(run.completed_at) if run else "",
        "box_empty": BOX_EMPTY,
        "box_ticked": BOX_TICKED,
        "disclaimer": DISCLAIMER,
    }


def _numbered(sources: list[SourceRef]) -> list[tuple[int, SourceRef]]:
    return list(enumerate(sources, start=1))


def checklist_html(
    checklist: ChecklistSpec, run: RunSnapshot | None = None, patient: PatientDetails | None = None
) -> str:
    return render(CHECKLIST_TEMPLATE, **checklist_context(checklist, run, patient))


def teaching_context(drug: Any, patient: PatientDetails | None = None) -> dict[str, Any]:
    """The patient's sheet from the content's teaching handout (``drug`` is a content ``Drug`` row).

    The sources stay in the content; the page for the patient carries none, and no staff notice."""
    intro = drug.section("handout.intro")
    return {
        "title": intro[0].heading if intro else f"Your treatment with {drug.brand_name}",
        "intro": [s.text for s in intro],
        "days": [(title, [s.text for s in items]) for _key, title, items in drug.headings("handout.days")],
        "blocks": [
            (items[0].heading, [s.text for s in items])
            for items in (drug.section(f"handout.{name}") for name in ("tell_now", "helps", "at_home"))
            if items
        ],
        "patient": patient if patient is not None and not patient.is_empty else None,
    }


def teaching_sources(drug: Any) -> list[SourceRef]:
    """Every source behind the handout's lines (for reviewers: the printed sheet does not show them)."""
    seen: dict[str, SourceRef] = {}
    for statement in drug.statements:
        if statement.section.startswith("handout."):
            for source in statement.sources:
                seen.setdefault(source.id, SourceRef(source.id, source.short_name, source.citation))
    return list(seen.values())


def teaching_html(drug: Any, patient: PatientDetails | None = None) -> str:
    return render(TEACHING_TEMPLATE, **teaching_context(drug, patient))
