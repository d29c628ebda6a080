from __future__ import annotations

from pathlib import Path

import pytest

from handbook.checklists.evaluation import read_item
from handbook.checklists.progress import ChecklistProgress, PatientDetails, ProgressError, same_measurement
from handbook.checklists.spec import Basis, ChecklistSpec, ItemSpec, SectionSpec, Threshold
from handbook.db.user_models import ChecklistRun
from handbook.db.user_store import open_user_db


def _reopen(data_dir: Path) -> ChecklistProgress:
    return ChecklistProgress(open_user_db(data_dir))


def test_state_survives_closing_and_reopening(data_dir: Path, before_dose: ChecklistSpec) -> None:
    progress = _reopen(data_dir)
    run = progress.start(before_dose, nurse="A. Nurse")
    progress.set_checked(run.id, "vt", True)
    progress.set_value(before_dose, run.id, "sbp-low", "86")
    progress.set_note(run.id, "sbp-low", "repeat in 15 min & <b>call</b>")
    progress.set_people(run.id, "A. Nurse", "B. Cosigner")
    progress.store.dispose()

    again = _reopen(data_dir)
    resumed = again.unfinished("before-dose")
    assert resumed is not None
    assert resumed.id == run.id
    assert resumed.entries["vt"].checked
    assert resumed.entries["sbp-low"].value == "86"
    assert resumed.entries["sbp-low"].checked
    assert resumed.entries["sbp-low"].note == "repeat in 15 min & <b>call</b>"
    assert (resumed.nurse, resumed.cosigner) == ("A. Nurse", "B. Cosigner")
    assert read_item(before_dose.items[0], resumed.states().get(before_dose.items[0].slug)) is not None
    again.store.dispose()


def test_each_action_is_committed_at_once(data_dir: Path, before_dose: ChecklistSpec) -> None:
    progress = _reopen(data_dir)
    run = progress.start(before_dose)
    progress.set_checked(run.id, "vt", True)
    # A second connection sees the tick without any explicit save: nothing is waiting in memory.
    other = open_user_db(data_dir)
    with other.session() as session:
        stored = session.get(ChecklistRun, run.id)
        assert stored is not None
        assert stored.entry("vt") is not None
        assert stored.entry("vt").checked  # type: ignore[union-attr]
    other.dispose()
    progress.store.dispose()


def test_untick_and_value_below_threshold(data_dir: Path, before_dose: ChecklistSpec) -> None:
    progress = _reopen(data_dir)
    run = progress.start(before_dose)
    progress.set_checked(run.id, "vt", True)
    progress.set_checked(run.id, "vt", False)
    snapshot = progress.set_value(before_dose, run.id, "sbp-low", "112")
    assert not snapshot.entries["vt"].checked
    assert not snapshot.entries["sbp-low"].checked
    garbage = progress.set_value(before_dose, run.id, "sbp-low", "abc")
    assert garbage.entries["sbp-low"].value == "abc"
    item = before_dose.item("sbp-low")
    assert item is not None
    assert read_item(item, garbage.states()["sbp-low"]).unreadable
    progress.store.dispose()


def test_one_measurement_feeds_every_item_measuring_it(data_dir: Path) -> None:
    shift = Threshold("urine-shift", "Urine output this shift", "mL", ">=", 80, upper=160)
    below = Threshold("urine-shift", "Urine output this shift", "mL", "<", 80)
    checklist = ChecklistSpec(
        "c",
        "C",
        "p",
        (
            SectionSpec(
                "s",
                "S",
                "Published practice",
                (
                    ItemSpec("hold", "80 to 160", Basis.practice, "hold", "hold", shift),
                    ItemSpec("stop", "below 80", Basis.practice, "stop", "stop", below),
                    ItemSpec("other", "other"),
                ),
            ),
        ),
    )
    assert same_measurement(checklist, "hold") == ["hold", "stop"]
    assert same_measurement(checklist, "other") == ["other"]
    progress = _reopen(data_dir)
    run = progress.start(checklist)
    snapshot = progress.set_value(checklist, run.id, "hold", "70")
    assert snapshot.entries["stop"].value == "70"
    assert snapshot.entries["stop"].checked
    assert not snapshot.entries["hold"].checked
    stop = checklist.item("stop")
    assert stop is not None
    assert read_item(stop, snapshot.states()["stop"]).present
    progress.store.dispose()


def test_patient_details_kept_only_when_asked(data_dir: Path, before_dose: ChecklistSpec) -> None:
    progress = _reopen(data_dir)
    run = progress.start(before_dose)
    assert progress.get(run.id).patient is None
    kept = progress.set_patient(run.id, PatientDetails("Jane Doe", "MRN 1", "4B"))
    assert kept.patient == PatientDetails("Jane Doe", "MRN 1", "4B")
    forgotten = progress.set_patient(run.id, None)
    assert forgotten.patient is None
    with progress.store.session() as session:
        stored = session.get(ChecklistRun, run.id)
        assert stored is not None
        assert (stored.patient_name, stored.patient_record, stored.patient_bed) == (None, None, None)
    progress.store.dispose()


def test_complete_needs_a_nurse_and_freezes_the_run(data_dir: Path, before_dose: ChecklistSpec) -> None:
    progress = _reopen(data_dir)
    run = progress.start(before_dose)
    with pytest.raises(ProgressError, match="nurse"):
        progress.complete(run.id)
    progress.set_people(run.id, "A. Nurse", "")
    done = progress.complete(run.id)
    assert done.completed
    assert done.completed_at is not None
    with pytest.raises(ProgressError, match="completed"):
        progress.set_checked(run.id, "vt", True)
    assert progress.unfinished("before-dose") is None
    assert [r.id for r in progress.history("before-dose")] == [run.id]
    assert progress.history("discharge") == []
    progress.store.dispose()


def test_history_newest_first_and_runs_listing(data_dir: Path, before_dose: ChecklistSpec) -> None:
    progress = _reopen(data_dir)
    ids = []
    for name in ("first", "second"):
        run = progress.start(before_dose, nurse=name)
        progress.complete(run.id)
        ids.append(run.id)
    open_run = progress.start(before_dose)
    assert [r.id for r in progress.history()] == ids[::-1]
    assert {r.id for r in progress.runs("before-dose")} == {*ids, open_run.id}
    progress.delete(open_run.id)
    with pytest.raises(ProgressError, match="no longer exists"):
        progress.get(open_run.id)
    progress.store.dispose()


def test_resume_picks_the_most_recent_unfinished(data_dir: Path, before_dose: ChecklistSpec) -> None:
    progress = _reopen(data_dir)
    older = progress.start(before_dose)
    newer = progress.start(before_dose)
    assert progress.unfinished("before-dose").id == newer.id  # type: ignore[union-attr]
    progress.set_checked(older.id, "vt", True)
    assert progress.unfinished("before-dose").id == older.id  # type: ignore[union-attr]
    progress.store.dispose()


def test_set_texts_saves_several_entries_in_one_action(data_dir: Path, before_dose: ChecklistSpec) -> None:
    progress = _reopen(data_dir)
    run = progress.start(before_dose)
    snapshot = progress.set_texts(run.id, {"finding:gut-problem": "no", "finding:diarrhoea-1000": ""})
    assert snapshot.entries["finding:gut-problem"].value == "no"
    assert snapshot.entries["finding:diarrhoea-1000"].value == ""
    assert progress.set_texts(run.id, {}).id == run.id
    progress.complete(progress.set_people(run.id, "A. Nurse", "").id)
    with pytest.raises(ProgressError):
        progress.set_texts(run.id, {"note": "late"})
    progress.store.dispose()
