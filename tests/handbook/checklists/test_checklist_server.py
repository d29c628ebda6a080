"""Checklist progress on a ward's PostgreSQL server is a record too: who ticked what is written by the server,
and a completed checklist cannot be changed or deleted by a nurse."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from psycopg import errors
from sqlalchemy.exc import DBAPIError

from handbook.checklists.progress import ChecklistProgress
from handbook.checklists.spec import ChecklistSpec
from handbook.db.server_rights import AUDIT_TABLE
from handbook.db.user_store import open_records
from tests.ward_server import WardServer


def _progress(server: WardServer, nurse: str, data_dir: Path) -> ChecklistProgress:
    return ChecklistProgress(open_records(data_dir, server.nurse_url(nurse)))


def test_each_tick_is_in_the_audit_trail_under_the_nurse_who_made_it(
    ward_server: WardServer, before_dose: ChecklistSpec, data_dir: Path
) -> None:
    alice = _progress(ward_server, "nurse_alice", data_dir)
    run = alice.start(before_dose, nurse="A. Nurse")
    alice.set_checked(run.id, "vt", True)
    bea = _progress(ward_server, "nurse_bea", data_dir)
    bea.set_value(before_dose, run.id, "sbp-low", "86")
    resumed = bea.get(run.id)
    assert resumed.entries["vt"].checked
    assert resumed.entries["sbp-low"].value == "86"
    alice.store.dispose()
    bea.store.dispose()
    with psycopg.connect(ward_server.conninfo("nurse_alice")) as connection:
        rows = connection.execute(
            f"SELECT actor, table_name, operation, row_data->>'item_slug' FROM {AUDIT_TABLE} "
            "WHERE table_name LIKE 'checklist%%' ORDER BY id"
        ).fetchall()
        server_time = connection.execute(
            "SELECT bool_and(updated_at <= (now() AT TIME ZONE 'UTC')) FROM checklist_entry"
        ).fetchone()
    assert ("nurse_alice", "checklist_run", "INSERT", None) in rows
    assert ("nurse_alice", "checklist_entry", "INSERT", "vt") in rows
    assert ("nurse_bea", "checklist_entry", "INSERT", "sbp-low") in rows
    assert server_time == (True,)


def test_a_completed_checklist_cannot_be_changed_or_deleted(
    ward_server: WardServer, before_dose: ChecklistSpec, data_dir: Path
) -> None:
    alice = _progress(ward_server, "nurse_alice", data_dir)
    run = alice.start(before_dose, nurse="A. Nurse")
    alice.set_checked(run.id, "vt", True)
    alice.complete(run.id)
    with pytest.raises(DBAPIError, match="completed checklist is a record"):
        alice.delete(run.id)
    assert alice.get(run.id).completed
    alice.store.dispose()
    with psycopg.connect(ward_server.conninfo("nurse_bea")) as connection:
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute("UPDATE checklist_entry SET checked = false")
        connection.rollback()
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute("DELETE FROM checklist_run")


def test_an_unfinished_checklist_started_by_mistake_can_be_discarded(
    ward_server: WardServer, before_dose: ChecklistSpec, data_dir: Path
) -> None:
    alice = _progress(ward_server, "nurse_alice", data_dir)
    run = alice.start(before_dose, nurse="A. Nurse")
    alice.set_checked(run.id, "vt", True)
    alice.delete(run.id)
    assert alice.unfinished("before-dose") is None
    alice.store.dispose()
    with psycopg.connect(ward_server.conninfo("nurse_alice")) as connection:
        kept = connection.execute(
            f"SELECT count(*) FROM {AUDIT_TABLE} WHERE table_name = 'checklist_run' AND operation = 'DELETE'"
        ).fetchone()
    assert kept == (1,)  # what was discarded, and by whom, stays in the audit trail
