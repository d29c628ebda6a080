"""Two workstations (processes) recording the same dose at the same moment leave exactly one record; a writer
killed with SIGKILL loses no record it had committed."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from pathlib import Path

from handbook.db.user_store import UserStore
from handbook.dosing import DosingNumbers
from handbook.paths import user_db_path
from handbook.records.courses import CourseRecords
from tests.handbook.records.conftest import new_course

ROOT = Path(__file__).resolve().parents[3]

# Each racer opens the records, waits for the agreed moment, then records the given doses one after the other.
RACER = textwrap.dedent("""
    import datetime as dt, json, sys, time
    from pathlib import Path
    from handbook.db.user_store import open_records
    from handbook.records.courses import CourseRecords
    from handbook.records.rules import Refusal
    store = open_records(Path(sys.argv[1]), sys.argv[6])
    records = CourseRecords(store, clock=lambda: dt.datetime(2026, 12, 20, 12, 0))
    course, start, nurse = int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    numbers = [int(n) for n in sys.argv[5].split(",")]
    time.sleep(max(0.0, start - time.time()))
    for number in numbers:
        planned = records.get(course).dose(number).planned
        try:
            records.record(course, number, "given", at=planned, by=nurse)
            print(json.dumps({"dose": number, "saved": True}), flush=True)
        except Refusal as refusal:
            print(json.dumps({"dose": number, "saved": False, "rule": refusal.rule.value}), flush=True)
    store.dispose()
""")


def _racer(data_dir: Path, course: int, start: float, nurse: str, doses: str, url: str) -> subprocess.Popen[str]:
    """A workstation in its own process: ``url`` is the records database ("" for the data folder's file)."""
    return subprocess.Popen(
        [sys.executable, "-c", RACER, str(data_dir), str(course), str(start), nurse, doses, url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_workstations_recording_the_same_doses_at_once_leave_one_record_each(
    records: CourseRecords,
    records_store: UserStore,
    numbers: DosingNumbers,
    data_dir: Path,
    workstation_urls: list[str],
) -> None:
    """On the server the two workstations are two nurses, each signed in as her own role."""
    course = records.start(new_course(numbers)).id
    doses = ",".join(str(n) for n in range(1, 15))
    start = time.time() + 3.0  # both processes are open and waiting by then
    racers = [
        _racer(data_dir, course, start, nurse, doses, url)
        for nurse, url in zip(("AB", "CD"), workstation_urls, strict=True)
    ]
    results = []
    for racer in racers:
        out, err = racer.communicate(timeout=180)
        assert racer.returncode == 0, err
        results += [json.loads(line) for line in out.splitlines()]
    for number in range(1, 15):
        outcomes = [r for r in results if r["dose"] == number]
        assert sorted(r["saved"] for r in outcomes) == [False, True], outcomes
        assert [r["rule"] for r in outcomes if not r["saved"]] == ["second-record-for-dose"]
    view = records.get(course)
    assert [d.number for d in view.doses if d.status == "given"] == list(range(1, 15))
    assert [len(d.history) for d in view.doses] == [1] * 14 + [0] * 14
    assert records.count_records(course) == 14


def test_a_killed_writer_loses_no_committed_dose_record(
    records: CourseRecords,
    records_store: UserStore,
    numbers: DosingNumbers,
    data_dir: Path,
    workstation_urls: list[str],
) -> None:
    course = records.start(new_course(numbers)).id
    records_store.dispose()
    writer = _racer(data_dir, course, 0.0, "AB", ",".join(str(n) for n in range(1, 29)), workstation_urls[1])
    assert writer.stdout is not None
    committed: list[int] = []
    for line in writer.stdout:  # each line is a dose already committed
        committed.append(json.loads(line)["dose"])
        if len(committed) >= 9:
            break
    writer.kill()  # SIGKILL: no clean-up at all
    writer.communicate(timeout=30)
    if not workstation_urls[1]:
        with closing(sqlite3.connect(user_db_path(data_dir))) as con:
            assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    view = records.get(course)
    given = [d.number for d in view.doses if d.status == "given"]
    assert given[: len(committed)] == committed
    assert given == list(range(1, len(given) + 1))
