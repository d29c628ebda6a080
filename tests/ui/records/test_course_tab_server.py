"""The Course record tab on the ward's PostgreSQL server, as a signed-in nurse: a dose recorded under her
role; the server stopped mid-session: the dialog says so plainly and stays open, nothing half-written; back:
the same dialog records the dose."""

from __future__ import annotations

from pathlib import Path

import psycopg
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from handbook.db.content_models import Drug
from handbook.db.server_connection import UNREACHABLE
from handbook.db.user_store import open_records
from tests.ui.records.test_course_tab import make_tab, start_course
from tests.ward_server import WardServer
from ui.records.dialogs import RecordDoseDialog


def test_recording_through_a_server_outage(qtbot: QtBot, drug: Drug, ward_server: WardServer, data_dir: Path) -> None:
    store = open_records(data_dir, ward_server.nurse_url("nurse_bea"))
    try:
        tab = make_tab(qtbot, drug, store)
        start_course(tab)
        dialog = tab.record_dialog("given")
        assert isinstance(dialog, RecordDoseDialog)
        dialog.by.setText("BB")
        dialog.buttons.accepted.emit()
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()

        cluster = ward_server.database.cluster
        cluster.stop()
        try:
            dialog = tab.record_dialog("given")
            assert isinstance(dialog, RecordDoseDialog)
            dialog.by.setText("BB")
            dialog.buttons.accepted.emit()
            assert dialog.isVisible()
            assert dialog.result() != QDialog.DialogCode.Accepted
            assert dialog.error.text().startswith(UNREACHABLE)
            assert "Traceback" not in dialog.error.text()
        finally:
            cluster.start()
        dialog.buttons.accepted.emit()  # the nurse tries again once the server is back
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
        assert tab.course is not None
        assert [d.status for d in tab.course.doses[:3]] == ["given", "given", "planned"]
    finally:
        store.dispose()
    with psycopg.connect(ward_server.conninfo("nurse_alice")) as connection:
        rows = connection.execute("SELECT dose_number, recorded_by FROM dose_record ORDER BY id").fetchall()
    assert rows == [(1, "nurse_bea"), (2, "nurse_bea")]
