"""The per-dose check on paper: one page per dose, blank or completed, as HTML from an autoescaped template.

Qt-free: ``ui.printing`` lays the HTML out on pages; the page frame (header on every page) carries the patient or
course label, the dose number and the date and time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from handbook.decimal_text import canonical
from handbook.disclaimer import DISCLAIMER
from handbook.givehold.compiled import Catalog, ProtocolRules
from handbook.givehold.evaluator import Result, file_catalog
from handbook.givehold.inputs import INPUT_SPECS, LAB_IDS, Rhythm
from handbook.givehold.questions import RHYTHM, input_is_required, questions_for
from handbook.givehold.record import NO, YES, celsius_to_fahrenheit, finding_slug, value_slug
from handbook.givehold.wording import (
    HEADLINES,
    HR_AFTER_CORRECTION,
    ICONS,
    MEANINGS,
    MOST_CAUTIOUS,
    PER_8_HOURS,
    RESULT_KEY,
    Decision,
    not_loaded_sentence,
)
from handbook.render import render

DOSE_CHECK_TEMPLATE = "print/dose_check.html.j2"
REFERENCE_TEMPLATE = "print/dose_reference.html.j2"
DOSE_CHECK_TITLE = "Give/hold check"
BOX_EMPTY, BOX_TICKED = "☐", "☒"
CARRIED = ("dose-number", "doses-held", "admission-weight-kg", "weight-kg")
# Shorter words on paper, where a line saved keeps the dose on one page (the window uses the full labels).
PRINT_LABELS = {
    "hr": "HR after correction",
    "sbp": "Systolic BP",
    "sbp-target": "SBP target",
    "phenylephrine-max": "Phenylephrine max in the interval",
    "phenylephrine-now": "at dosing",
    "spo2": "SpO2",
    "o2-lpm": "O2 flow (0 = room air)",
    "urine-ml-8h": "Urine output",
    "temp-c": "Temperature",
    "bicarbonate": "HCO3 (CO2)",
}
RHYTHM_SHORT = {
    Rhythm.sinus: "sinus",
    Rhythm.af: "AF",
    Rhythm.svt: "SVT",
    Rhythm.brady: "brady needing treatment",
    Rhythm.vt: "VT ≥ 5 beats",
}


@dataclass(frozen=True)
class PrintedValue:
    label: str
    unit: str
    text: str  # as typed ("" on a blank form)
    extra: str = ""  # "(99.5 °F)", "not a number"
    required: bool = True  # an empty optional value prints as a dash, not as "missing"


@dataclass(frozen=True)
class PrintedQuestion:
    text: str
    answer: str | None  # "yes", "no" or None (blank or not answered)
    sub: bool = False


@dataclass(frozen=True)
class PrintedItem:
    number: int
    title: str
    hint: str
    values: list[PrintedValue] = field(default_factory=list)
    rhythm: list[tuple[str, bool]] = field(default_factory=list)  # (name, chosen); empty when not asked
    questions: list[PrintedQuestion] = field(default_factory=list)
    choice_text: str = ""
    choice: list[tuple[str, bool]] = field(default_factory=list)


@dataclass(frozen=True)
class DoseSheet:
    """What the page says besides the items: who, which dose, when."""

    label: str = ""  # patient or course label (not kept on shared workstations unless the course record holds it)
    nurse: str = ""
    cosigner: str = ""
    started: str = ""
    completed: str = ""
    note: str = ""
    content_version: str = ""


def _value(
    entries: Mapping[str, str] | None, problems: Mapping[str, str], input_id: str, required: bool = True
) -> PrintedValue:
    spec = INPUT_SPECS[input_id]
    label = PRINT_LABELS.get(input_id, spec.label)
    if entries is None:
        return PrintedValue(label, spec.unit, "", required=required)
    text = entries.get(value_slug(input_id), "").strip()
    extra = problems.get(value_slug(input_id), "")
    unit = spec.unit
    if input_id == "temp-c" and text and not extra:
        from handbook.checklists.values import parse_value

        number = parse_value(text).number
        if number is not None and entries.get("temp-unit", "C") == "F":
            celsius = ((number - 32) * 5 / 9).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            unit, extra = "°F", f"({celsius} °C)"
        elif number is not None:
            extra = f"({canonical(celsius_to_fahrenheit(number))} °F)"
    return PrintedValue(label, unit, text, extra, required)


def _answer(entries: Mapping[str, str] | None, finding_id: str) -> str | None:
    if entries is None:
        return None
    text = entries.get(finding_slug(finding_id), "")
    return text if text in (YES, NO) else None


def printed_items(
    protocol: ProtocolRules,
    entries: Mapping[str, str] | None,
    problems: Mapping[str, str] | None = None,
    catalog: Catalog | None = None,
) -> list[PrintedItem]:
    """The 12 core items as the page shows them for this protocol (``entries`` None: the blank form)."""
    catalog = catalog or file_catalog()
    problems = problems or {}
    questions = questions_for(catalog.form, catalog.label, protocol)
    items = []
    for q in questions.items:
        values = [_value(entries, problems, i, input_is_required(i, questions)) for i in q.inputs if i != RHYTHM]
        rhythm: list[tuple[str, bool]] = []
        if RHYTHM in q.inputs:
            chosen = entries.get("rhythm", "") if entries else ""
            rhythm = [(RHYTHM_SHORT[r], chosen == r.value) for r in Rhythm]
        asked: list[PrintedQuestion] = []
        for also in q.also:
            asked.append(PrintedQuestion(also.text, _answer(entries, also.id)))
        if q.gate is not None:
            gate = _answer(entries, q.gate.id)
            sub_yes = entries is not None and any(_answer(entries, s.id) == YES for s in q.subs)
            if sub_yes and gate is None:
                gate = YES
            asked.append(PrintedQuestion(q.gate.text, gate))
            if entries is None or gate == YES:
                values += [_value(entries, problems, i) for i in q.gate_inputs]
                asked += [PrintedQuestion(s.text, _answer(entries, s.id), sub=True) for s in q.subs]
        choice: list[tuple[str, bool]] = []
        choice_text = ""
        if q.choice and q.item.choice is not None:
            choice_text = q.item.choice.text
            picked = [f.id for f in q.choice if _answer(entries, f.id) == YES]
            answered = entries is not None and any(_answer(entries, f.id) is not None for f in q.choice)
            choice = [(q.item.choice.none, answered and not picked)]
            choice += [(f.text, f.id in picked) for f in q.choice]
        items.append(PrintedItem(q.item.number, q.item.title, q.item.hint, values, rhythm, asked, choice_text, choice))
    return items


def dose_check_context(
    protocol: ProtocolRules,
    *,
    entries: Mapping[str, str] | None = None,
    problems: Mapping[str, str] | None = None,
    result: Result | None = None,
    sheet: DoseSheet | None = None,
    catalog: Catalog | None = None,
) -> dict[str, Any]:
    """Everything ``print/dose_check.html.j2`` shows; ``entries`` None prints the blank form."""
    catalog = catalog or file_catalog()
    sheet = sheet or DoseSheet()
    blank = entries is None
    carried = [
        PrintedValue(short, v.unit, v.text, v.extra)
        for short, v in zip(
            ("Dose no.", "Held (cycle)", "Adm. weight", "Weight today"),
            (_value(entries, problems or {}, i) for i in CARRIED),
            strict=True,
        )
    ]
    labs = [_value(entries, problems or {}, i, INPUT_SPECS[i].required) for i in LAB_IDS]
    gain = result.readings.get("weight-gain-pct") if result is not None else None
    cites = list(dict.fromkeys([*protocol.sources, *catalog.label.not_loaded_sources]))
    if result is not None:
        cites = list(dict.fromkeys([*cites, *(c for r in result.rules for c in r.cites)]))
    groups: dict[str, list[Any]] = {}
    for rule in result.rules if result is not None else ():
        groups.setdefault(rule.short_tag, []).append(rule)
    return {
        "rule_groups": list(groups.items()),
        "blank": blank,
        "protocol": protocol,
        "items": printed_items(protocol, entries, problems, catalog),
        "carried": carried,
        "labs": labs,
        "labs_drawn_at": (entries or {}).get("labs-drawn-at", ""),
        "weight_gain": f"{gain.value:g} %" if gain is not None else "",
        "result": result,
        "sheet": sheet,
        "headlines": [HEADLINES[d] for d in (Decision.stop, Decision.hold, Decision.call, Decision.no_hold_found)],
        "incomplete_word": HEADLINES[Decision.incomplete],
        "icons": ICONS,
        "meanings": MEANINGS,
        "result_key": RESULT_KEY,
        "most_cautious": MOST_CAUTIOUS,
        "per_8_hours": PER_8_HOURS,
        "hr_note": HR_AFTER_CORRECTION,
        "not_loaded": not_loaded_sentence(catalog.label.not_loaded),
        "checked_rows": ", ".join(r.lower() for r in catalog.label.checked_rows),
        "cites": cites,
        "source_names": catalog.source_names,
        "cite_numbers": {source_id: number for number, source_id in enumerate(cites, start=1)},
        "counting": protocol.counting,
        "box_empty": BOX_EMPTY,
        "box_ticked": BOX_TICKED,
        "disclaimer": DISCLAIMER,
        "problems": problems or {},
    }


def dose_check_html(protocol: ProtocolRules, **kwargs: Any) -> str:
    return render(DOSE_CHECK_TEMPLATE, **dose_check_context(protocol, **kwargs))


def page_title(sheet: DoseSheet, dose_number: str, blank: bool, when: dt.datetime | None = None) -> str:
    """The form's title on every page: the dose number and the date and time ("dose ___" blanks when blank).

    The patient or course label is not repeated here: the page frame prints it on its own line below
    (write-in blanks when there is none), so a long label can never push the dose time off the line."""
    if blank:
        return f"{DOSE_CHECK_TITLE} · dose ___ of 14 · date/time ___________"
    moment = sheet.completed or sheet.started or (when or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    return f"{DOSE_CHECK_TITLE} · dose {dose_number or '?'} of 14 · {moment}"


def reference_context(catalog: Catalog | None = None) -> dict[str, Any]:
    """The reference card: the label's permanent-stop rows and the retreatment rules (not asked per dose)."""
    catalog = catalog or file_catalog()
    stops = [r for r in catalog.label.rules if r.action == "discontinue"]
    cited = list(
        dict.fromkeys([*(s for r in stops for s in r.sources), *(s for _t, ids in catalog.retreatment for s in ids)])
    )
    return {
        "stops": stops,
        "retreatment": catalog.retreatment,
        "not_loaded": not_loaded_sentence(catalog.label.not_loaded),
        "source_names": catalog.source_names,
        "cites": cited,
        "disclaimer": DISCLAIMER,
    }


def reference_html(catalog: Catalog | None = None) -> str:
    return render(REFERENCE_TEMPLATE, **reference_context(catalog))
