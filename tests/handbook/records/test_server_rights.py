"""Who did what, enforced by PostgreSQL: a real server, IT's owner role, two nurse login roles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import psycopg
import pytest
from psycopg import errors

from handbook.db.server_rights import AUDIT_TABLE, NURSE_ROLE, has_server_rights
from handbook.db.user_store import open_records, upgrade_records
from handbook.dosing import DosingNumbers
from handbook.records.courses import CourseRecords
from handbook.records.rules import Refusal, Rule
from tests.handbook.records.conftest import NOW, new_course
from tests.ward_server import OWNER, WardServer


def _records(url: str, data_dir: Path) -> CourseRecords:
    return CourseRecords(open_records(data_dir, url), clock=lambda: NOW)


def _started_course(server: WardServer, numbers: DosingNumbers, data_dir: Path) -> tuple[CourseRecords, int]:
    records = _records(server.nurse_url("nurse_alice"), data_dir)
    course = records.start(new_course(numbers)).id
    return records, course


def _log(records: CourseRecords, course: int, number: int, kind: str = "given", **extra: str) -> None:
    records.record(course, number, kind, at=records.get(course).dose(number).planned, **extra)  # type: ignore[arg-type]


def test_the_upgrade_makes_the_nurse_role_and_the_audit_trail(ward_server: WardServer, data_dir: Path) -> None:
    store = open_records(data_dir, ward_server.owner_url)
    try:
        with store.engine.connect() as connection:
            assert has_server_rights(connection)
    finally:
        store.dispose()
    with psycopg.connect(ward_server.conninfo("nurse_alice")) as connection:
        member = connection.execute("SELECT pg_has_role(current_user, %s, 'MEMBER')", [NURSE_ROLE]).fetchone()
        assert member == (True,)


def test_upgrading_twice_is_harmless_and_keeps_the_records(
    ward_server: WardServer, numbers: DosingNumbers, data_dir: Path
) -> None:
    records, course = _started_course(ward_server, numbers, data_dir)
    _log(records, course, 1, "given", by="AB")
    for _ in range(2):
        store, before, after = upgrade_records(data_dir, ward_server.owner_url)
        store.dispose()
        assert before == after
    view = records.get(course)
    assert view.dose(1).status == "given"
    # The rights are still exactly in force: a nurse still cannot delete.
    with psycopg.connect(ward_server.conninfo("nurse_bea")) as connection, pytest.raises(errors.InsufficientPrivilege):
        connection.execute("DELETE FROM dose_record")
    records.store.dispose()


def test_the_server_sets_who_and_when_whatever_the_workstation_sends(
    ward_server: WardServer, numbers: DosingNumbers, data_dir: Path
) -> None:
    records, course = _started_course(ward_server, numbers, data_dir)
    records.store.dispose()
    with psycopg.connect(ward_server.conninfo("nurse_bea")) as connection:
        before = connection.execute("SELECT now()").fetchone()
        assert before is not None
        # A workstation with a forged name and a wrong clock.
        connection.execute(
            "INSERT INTO dose_record (course_id, dose_number, kind, at, nurse, recorded_by, recorded_at) "
            "VALUES (%s, 1, 'given', %s, 'typed name', 'nurse_alice', '2001-01-01T00:00:00Z')",
            [course, dt.datetime(2026, 12, 1, 8, 0)],
        )
        row = connection.execute(
            "SELECT recorded_by, recorded_at, nurse FROM dose_record WHERE course_id = %s", [course]
        ).fetchone()
    assert row is not None
    assert row[0] == "nurse_bea"  # the server's current_user, not what was sent
    assert row[1] >= before[0]  # the server's clock
    assert row[2] == "typed name"  # who gave the dose, as typed, kept beside it


@pytest.mark.parametrize("table", ["dose_record", AUDIT_TABLE])
@pytest.mark.parametrize(
    "statement",
    ["UPDATE {table} SET {column} = {column}", "DELETE FROM {table}", "TRUNCATE {table}"],
    ids=["update", "delete", "truncate"],
)
def test_a_nurse_cannot_change_or_delete_the_dose_log_or_the_audit_trail(
    ward_server: WardServer, numbers: DosingNumbers, data_dir: Path, table: str, statement: str
) -> None:
    records, course = _started_course(ward_server, numbers, data_dir)
    _log(records, course, 1, "given", by="AB")
    records.store.dispose()
    with psycopg.connect(ward_server.conninfo("nurse_alice")) as connection:
        with pytest.raises(errors.InsufficientPrivilege):
            column = "actor" if table == AUDIT_TABLE else "nurse"
            connection.execute(statement.format(table=table, column=column))
        connection.rollback()
        assert connection.execute(f"SELECT count(*) FROM {table}").fetchone() != (0,)


def test_a_nurse_cannot_write_the_audit_trail_herself(ward_server: WardServer) -> None:
    with (
        psycopg.connect(ward_server.conninfo("nurse_alice")) as connection,
        pytest.raises(errors.InsufficientPrivilege),
    ):
        connection.execute(
            f"INSERT INTO {AUDIT_TABLE} (table_name, operation, row_data) VALUES ('dose_record', 'DELETE', '{{}}')"
        )


def test_even_the_owner_cannot_change_a_dose_record(
    ward_server: WardServer, numbers: DosingNumbers, data_dir: Path
) -> None:
    records, course = _started_course(ward_server, numbers, data_dir)
    _log(records, course, 1, "given", by="AB")
    records.store.dispose()
    with psycopg.connect(ward_server.conninfo(OWNER)) as connection, pytest.raises(errors.InsufficientPrivilege):
        connection.execute("UPDATE dose_record SET kind = 'held', why = 'x'")


def test_every_change_is_in_the_audit_trail_with_the_login_role(
    ward_server: WardServer, numbers: DosingNumbers, data_dir: Path
) -> None:
    records, course = _started_course(ward_server, numbers, data_dir)
    records.store.dispose()
    bea = _records(ward_server.nurse_url("nurse_bea"), data_dir)
    _log(bea, course, 1, "held", why="SBP 82", by="BB")
    bea.correct(course, 1, "given", why="held in error: given at 08:10", by="BB")
    bea.store.dispose()
    with psycopg.connect(ward_server.conninfo("nurse_alice")) as connection:
        rows = connection.execute(
            f"SELECT actor, operation, row_data->>'kind', row_data->>'recorded_by' FROM {AUDIT_TABLE} "
            "WHERE table_name = 'dose_record' ORDER BY id"
        ).fetchall()
        started = connection.execute(f"SELECT actor FROM {AUDIT_TABLE} WHERE table_name = 'course'").fetchall()
    assert rows == [("nurse_bea", "INSERT", "held", "nurse_bea"), ("nurse_bea", "INSERT", "given", "nurse_bea")]
    assert started == [("nurse_alice",)]


def test_a_closed_course_refuses_a_record_written_straight_to_the_server(
    ward_server: WardServer, numbers: DosingNumbers, data_dir: Path
) -> None:
    records, course = _started_course(ward_server, numbers, data_dir)
    records.close(course, "stopped", "transferred to ICU", by="AB")
    records.store.dispose()
    with psycopg.connect(ward_server.conninfo("nurse_bea")) as connection, pytest.raises(errors.CheckViolation):
        connection.execute(
            "INSERT INTO dose_record (course_id, dose_number, kind, at, nurse, recorded_by) "
            "VALUES (%s, 2, 'given', '2026-12-01T16:00', 'x', 'x')",
            [course],
        )


def test_a_second_original_record_of_a_dose_is_refused_by_the_server(
    ward_server: WardServer, numbers: DosingNumbers, data_dir: Path
) -> None:
    records, course = _started_course(ward_server, numbers, data_dir)
    _log(records, course, 3, "given", by="AB")
    with pytest.raises(Refusal) as refusal:
        _log(records, course, 3, "given", by="AB")
    assert refusal.value.rule == Rule.second_record
    records.store.dispose()
    with psycopg.connect(ward_server.conninfo("nurse_bea")) as connection, pytest.raises(errors.UniqueViolation):
        connection.execute(
            "INSERT INTO dose_record (course_id, dose_number, kind, at, nurse, recorded_by) "
            "VALUES (%s, 3, 'given', '2026-12-01T16:00', 'x', 'x')",
            [course],
        )


def test_no_dose_can_be_added_to_a_course_schedule_after_it_started(
    ward_server: WardServer, numbers: DosingNumbers, data_dir: Path
) -> None:
    records, course = _started_course(ward_server, numbers, data_dir)
    records.store.dispose()
    with psycopg.connect(ward_server.conninfo("nurse_alice")) as connection, pytest.raises(errors.CheckViolation):
        # A 29th dose, with limits that would let it through: the server refuses it all the same.
        connection.execute(
            "INSERT INTO scheduled_dose (course_id, number, cycle, number_in_cycle, cycle_max, course_max, "
            "cycle_first_day, cycle_last_day, day, planned_at) VALUES (%s, 29, 3, 1, 99, NULL, 1, 99, 30, now())",
            [course],
        )
