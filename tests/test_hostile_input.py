"""Arbitrary text thrown at every entry point: a result or a clear message, never an exception that
escapes, never a traceback, never stored data changed into something else."""

from __future__ import annotations

import sqlite3
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from handbook.checklists.printing import checklist_html
from handbook.checklists.progress import ChecklistProgress, PatientDetails
from handbook.checklists.spec import ChecklistSpec
from handbook.cli import main
from handbook.db.user_store import open_user_db
from handbook.dosing import WeightInputError, parse_weight
from handbook.givehold.catalog import load_catalog, load_protocol
from handbook.givehold.evaluator import evaluate
from handbook.givehold.printing import DoseSheet, dose_check_html
from handbook.givehold.record import inputs_from_entries, value_slug
from handbook.limits import MAX_NOTE
from handbook.paths import user_db_path
from tests.handbook.checklists.conftest import make_before_dose

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Text a nurse could type or paste: anything printable, plus markup and separators on purpose.
TYPED = st.one_of(
    st.text(),
    st.sampled_from(
        [
            "<b>x</b>",
            "&amp;",
            "a & b",
            "70,5",
            "1,234.5",
            "NaN",
            "-0",
            "9" * 400,
            "'; DROP TABLE checklist_run; --",
            "😷",
            "\u202e70",
        ]
    ),
)


@pytest.fixture(scope="module")
def before_dose() -> ChecklistSpec:
    """A checklist with threshold items (built in code: the content's checklists are task lists now)."""
    return make_before_dose()


@SETTINGS
@given(TYPED)
def test_the_weight_parser_reads_or_explains(text: str) -> None:
    try:
        value = parse_weight(text)
    except WeightInputError as error:
        assert str(error).strip()
    else:
        assert isinstance(value, Fraction)
        assert value > 0


@SETTINGS
@given(TYPED)
def test_the_dose_command_answers_or_says_why_in_one_line(capsys: pytest.CaptureFixture[str], text: str) -> None:
    code = main(["dose", "--weight", text, "--confirm-unusual"])
    out, err = capsys.readouterr()
    assert code in (0, 2)
    assert "Traceback" not in out + err
    if code == 2:
        assert len(err.strip().splitlines()) == 1


@SETTINGS
@given(name=TYPED, record=TYPED, bed=TYPED)
def test_patient_fields_print_as_typed(before_dose: ChecklistSpec, name: str, record: str, bed: str) -> None:
    page = checklist_html(before_dose, patient=PatientDetails(name=name, record=record, bed=bed))
    for text in (name, record, bed):
        if text.split():
            assert str(escape(text.split()[0])) in page  # escaped exactly as the template escapes


@pytest.mark.slow
@SETTINGS
@given(value=TYPED, note=TYPED)
def test_values_and_notes_are_stored_exactly_and_never_break_the_file(
    before_dose: ChecklistSpec, data_dir: Path, value: str, note: str
) -> None:
    store = open_user_db(data_dir)
    try:
        progress = ChecklistProgress(store)
        run = progress.start(before_dose, nurse=note)
        item = next(i for i in before_dose.items if i.threshold is not None)
        progress.set_value(before_dose, run.id, item.slug, value)
        progress.set_note(run.id, item.slug, note)
        entry = progress.get(run.id).entry(item.slug)
        assert entry is not None
        assert entry.value == value.strip()[:MAX_NOTE]
        assert entry.note in (note[:MAX_NOTE], note.strip()[:MAX_NOTE])
    finally:
        store.dispose()
    with sqlite3.connect(user_db_path(data_dir)) as con:
        assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"


@SETTINGS
@given(value=TYPED, label=TYPED)
def test_any_text_in_the_dose_check_is_read_or_refused_and_prints_escaped(value: str, label: str) -> None:
    protocol = load_protocol("dutcher-2014")
    slugs = [value_slug(i) for i in ("sbp", "hr", "creatinine", "temp-c", "doses-held")]
    entries = {slug: value for slug in slugs} | {"labs-drawn-at": value, "rhythm": value, "note": label}
    read = inputs_from_entries(entries)
    result = evaluate(read.inputs, protocol, ask_everything=True, catalog=load_catalog())
    assert result.headline  # a result in words, whatever was typed
    page = dose_check_html(
        protocol, entries=entries, problems=read.problems, result=result, sheet=DoseSheet(label=label)
    )
    if label.split():
        assert str(escape(label.split()[0])) in page
