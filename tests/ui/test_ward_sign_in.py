"""A shared workstation on a ward whose records are on the hospital's PostgreSQL server: each nurse signs in
to record, is signed out when idle, and the handbook keeps working when the server goes away."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pytestqt.qtbot import QtBot

from handbook.db.server_connection import UNREACHABLE
from handbook.db.server_rights import AUDIT_TABLE
from handbook.tabs import Tab
from handbook.ward_settings import DATABASE_URL_ENV
from tests.ward_server import NURSES, WardServer
from ui.checklists.panel import ChecklistPanel
from ui.context import AppContext
from ui.main_window import TABS, MainWindow
from ui.tabs.warnings_tab import WarningsTab
from ui.ward_sign_in import NOT_SIGNED_IN


@pytest.fixture
def ward_window(
    ward_server: WardServer, data_dir: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, qapp: object
) -> Iterator[MainWindow]:
    # The ward's URL names the server and database only: each nurse brings her own role and password.
    url = ward_server.nurse_url("nurse_alice").replace(f"nurse_alice:{NURSES['nurse_alice']}@", "")
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    ctx = AppContext.open(data_dir)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert ctx.ward is not None
    assert ctx.ward.store is None  # nothing waits for the server at start-up
    yield window
    window.close()
    ctx.close()


def _checklists(window: MainWindow) -> ChecklistPanel:
    index = next(i for i, (tab, _m, _n) in enumerate(TABS) if tab is Tab.warnings)
    window.tabs.setCurrentIndex(index)
    page = window.page(index)
    assert isinstance(page, WarningsTab)
    page.views.setCurrentWidget(page.checklists)
    return page.checklists


def _sign_in(window: MainWindow, user: str, password: str) -> str:
    session = window.ward_session
    assert session is not None
    dialog = session.ask_sign_in()
    dialog.user.setText(user)
    dialog.password.setText(password)
    dialog.accept()
    return dialog.message.text() if dialog.isVisible() else ""


def _audited(server: WardServer) -> list[tuple[str, str]]:
    with psycopg.connect(server.conninfo("nurse_bea")) as connection:
        rows = connection.execute(
            f"SELECT actor, row_data->>'item_slug' FROM {AUDIT_TABLE} WHERE table_name = 'checklist_entry' ORDER BY id"
        ).fetchall()
    return [(str(a), str(b)) for a, b in rows]


def test_the_window_names_the_records_database_and_asks_nurses_to_sign_in(
    ward_window: MainWindow, ward_server: WardServer
) -> None:
    session = ward_window.ward_session
    assert session is not None
    status = session.label.text()
    assert ward_server.database.name in status
    assert "127.0.0.1" in status
    assert "not signed in" in status
    assert "pw" not in status
    assert session.sign_in_action.isEnabled()
    assert not session.sign_out_action.isEnabled()
    panel = _checklists(ward_window)
    assert panel.select_checklist("monitoring")
    panel.rows["mon-strict-io"].check.click()  # works on screen, but is not recorded
    assert NOT_SIGNED_IN in panel.message.text()
    assert _audited(ward_server) == []


def test_a_wrong_password_is_refused_plainly_and_the_dialog_stays(
    ward_window: MainWindow, ward_server: WardServer
) -> None:
    message = _sign_in(ward_window, "nurse_alice", "not-her-password")
    assert "user name or password is wrong" in message
    assert ward_window.ward_session is not None
    assert not ward_window.ward_session.ward.signed_in


def test_a_signed_in_nurse_records_under_her_own_role_then_is_signed_out_when_idle(
    ward_window: MainWindow, ward_server: WardServer
) -> None:
    session = ward_window.ward_session
    assert session is not None
    assert _sign_in(ward_window, "nurse_alice", NURSES["nurse_alice"]) == ""
    assert "signed in as nurse_alice" in session.label.text()
    panel = _checklists(ward_window)
    assert panel.select_checklist("monitoring")
    panel.rows["mon-strict-io"].check.click()
    assert panel.message.text() == ""
    assert _audited(ward_server) == [("nurse_alice", "mon-strict-io")]

    # Five minutes later, nobody touched the workstation.
    session.ward.clock = lambda: dt.datetime.now() + dt.timedelta(minutes=6)
    session.check_idle()
    assert not session.ward.signed_in
    assert session.ward.store is None
    assert "signed out after 5 minutes" in session.label.text()
    assert panel.rows["mon-strict-io"].check.isChecked() is False  # the next nurse does not see her run
    panel.rows["mon-strict-io"].check.click()
    assert NOT_SIGNED_IN in panel.message.text()
    assert _audited(ward_server) == [("nurse_alice", "mon-strict-io")]


@pytest.mark.slow
def test_server_stopped_mid_session_the_window_says_so_and_keeps_working(
    ward_window: MainWindow, ward_server: WardServer, qtbot: QtBot
) -> None:
    assert _sign_in(ward_window, "nurse_bea", NURSES["nurse_bea"]) == ""
    panel = _checklists(ward_window)
    assert panel.select_checklist("monitoring")
    panel.rows["mon-strict-io"].check.click()
    cluster = ward_server.database.cluster
    cluster.stop()
    try:
        started = time.monotonic()
        panel.rows["mon-bp-target"].check.click()
        assert time.monotonic() - started < 10
        assert UNREACHABLE in panel.message.text()
        assert "Traceback" not in panel.message.text()
        assert ward_window.ward_session is not None
        assert "UNREACHABLE" in ward_window.ward_session.label.text()
        # Content: search, every tab, the dose calculation.
        assert ward_window.run_search("capillary")
        assert len(ward_window.pages) == len(TABS)  # every reference tab builds
    finally:
        cluster.start()
    # Back: the next tick is recorded again, and the first one is still there.
    panel.rows["mon-strict-io"].check.click()
    panel.rows["mon-strict-io"].check.click()
    assert panel.message.text() == ""
    assert "UNREACHABLE" not in ward_window.ward_session.label.text()
    slugs = [slug for _actor, slug in _audited(ward_server)]
    assert slugs[0] == "mon-strict-io"
    assert len(slugs) >= 2
