"""Recording a dose on the ward's PostgreSQL server, over loopback, as a signed-in nurse.

A throw-away server (the pgserver wheel the tests use, with fsync on, as a real server would run) gets a
records database set up as IT would (``handbook db upgrade`` by an owner role, a nurse login role). Each
figure is one whole user action: :meth:`CourseRecords.record` (lock the course, check the hard stops, insert
with the server's triggers and audit, commit, read the course back for the screen). The baseline is the floor
under it: the bare INSERT of one dose row, in its own transaction, through psycopg on the same connection
kind. The same action on the embedded SQLite file is shown for comparison.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

from benchmarks.budget import RECORD_DOSE_P95_MS, Row, Target
from benchmarks.stats import percentile
from handbook.db.content_store import open_content
from handbook.db.server_rights import NURSE_ROLE
from handbook.db.user_store import UserStore, open_records, open_user_db, upgrade_records
from handbook.dosing import DosingNumbers, assess
from handbook.records.courses import CourseRecords, NewCourse

FIRST_DOSE = dt.datetime(2026, 12, 1, 8, 0)
NOW = dt.datetime(2026, 12, 20, 12, 0)  # after every dose of the course: each dose time is in the past


def _new_course(numbers: DosingNumbers, label: str) -> NewCourse:
    result = assess("70", "kg", numbers)
    assert result.calculation is not None
    return NewCourse(
        label=label,
        calculation=result.calculation,
        weight_entered="70",
        first_dose_at=FIRST_DOSE,
        protocol_id="dutcher-2014",
        content_version="benchmark",
        started_by="AB",
    )


def _numbers(folder: Path) -> DosingNumbers:
    """The real content's first regimen, as the course command uses it."""
    content = open_content(folder)
    try:
        with content.session() as session:
            drug = content.drug(session)
            return DosingNumbers.from_content(drug, drug.regimens[0])
    finally:
        content.dispose()


def time_recording(store: UserStore, numbers: DosingNumbers, courses: int) -> list[float]:
    """Seconds for each dose recorded, every scheduled dose of ``courses`` courses, one action each."""
    records = CourseRecords(store, clock=lambda: NOW)
    seconds: list[float] = []
    for index in range(courses):
        course = records.start(_new_course(numbers, f"bench {index}"))
        for dose in course.doses:
            start = time.perf_counter()
            records.record(course.id, dose.number, "given", at=dose.planned, by="AB")
            seconds.append(time.perf_counter() - start)
    return seconds


def time_raw_inserts(conninfo: str, course_id: int, doses: int) -> list[float]:
    """The floor: one bare INSERT of a dose row per transaction (the course's doses were cleared first)."""
    seconds: list[float] = []
    with psycopg.connect(conninfo) as connection:
        for number in range(1, doses + 1):
            start = time.perf_counter()
            with connection.transaction():
                connection.execute(
                    "INSERT INTO dose_record (course_id, dose_number, kind, at, nurse, recorded_by) "
                    "VALUES (%s, %s, 'given', %s, 'AB', '')",
                    [course_id, number, FIRST_DOSE],
                )
            seconds.append(time.perf_counter() - start)
    return seconds


def records_rows(courses: int) -> list[Row]:
    from tests.postgres import start_cluster  # the same throw-away server the tests use

    cluster = start_cluster(durable=True)
    try:
        cluster.create_database("ward")
        cluster.execute(sql.SQL("CREATE ROLE bench_owner LOGIN CREATEROLE PASSWORD 'owner'"))
        cluster.execute(sql.SQL("ALTER DATABASE ward OWNER TO bench_owner"))
        cluster.execute(sql.SQL("ALTER SCHEMA public OWNER TO bench_owner"), "ward")
        with tempfile.TemporaryDirectory(prefix="handbook-bench-records-") as folder:
            data = Path(folder)
            numbers = _numbers(data / "content")
            store, _before, _after = upgrade_records(data, cluster.url("ward", "bench_owner", "owner"))
            store.dispose()
            cluster.execute(
                sql.SQL("CREATE ROLE bench_nurse LOGIN PASSWORD 'nurse' IN ROLE {}").format(sql.Identifier(NURSE_ROLE))
            )
            server = open_records(data, cluster.url("ward", "bench_nurse", "nurse"))
            try:
                on_server = time_recording(server, numbers, courses)
                spare = CourseRecords(server, clock=lambda: NOW).start(_new_course(numbers, "floor")).id
            finally:
                server.dispose()
            floor = time_raw_inserts(
                f"host=127.0.0.1 port={cluster.port} dbname=ward user=bench_nurse password=nurse",
                spare,
                len(on_server) // courses,
            )
            local = open_user_db(data / "sqlite")
            try:
                on_file = time_recording(local, numbers, courses)
            finally:
                local.dispose()
    finally:
        cluster.remove()
    count = len(on_server)
    name = f"Record a dose, PostgreSQL on loopback ({count} doses, signed-in nurse role)"
    return [
        Row(
            f"{name}: p50",
            percentile(on_server, 50) * 1000,
            "ms",
            baseline=percentile(floor, 50) * 1000,
            baseline_name="bare INSERT + commit, same triggers",
        ),
        Row(
            f"{name}: p95",
            percentile(on_server, 95) * 1000,
            "ms",
            baseline=percentile(floor, 95) * 1000,
            baseline_name="bare INSERT + commit, same triggers",
            target=Target(RECORD_DOSE_P95_MS),
        ),
        Row(f"Record a dose, SQLite file ({len(on_file)} doses): p95", percentile(on_file, 95) * 1000, "ms"),
    ]
