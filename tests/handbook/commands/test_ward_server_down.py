"""The ward's records server goes away in the middle of a shift: a plain message within seconds, the content
still works, nothing half-written, and everything is there again when the server is back."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from handbook.cli import main
from handbook.db.server_connection import UNREACHABLE, describe, is_unreachable
from handbook.db.user_store import open_records
from handbook.records.courses import CourseRecords
from handbook.ward_settings import DATABASE_URL_ENV
from tests.handbook.records.conftest import NOW
from tests.ward_server import WardServer


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_server_stopped_mid_session(
    ward_server: WardServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, ward_server.nurse_url("nurse_alice"))
    code, out, err = run(["course", "new", "--weight", "70", "--start", "2025-11-01T08:00", "--json"], capsys)
    assert code == 0, err
    course = json.loads(out)["id"]
    for dose, at in ((1, "2025-11-01T08:05"), (2, "2025-11-01T16:05")):
        code, _, err = run(["course", "log", str(course), "--dose", str(dose), "--given", "--at", at], capsys)
        assert code == 0, err
    code, out, err = run(["check"], capsys)
    assert code == 0, out + err
    assert "nurse rights in place (checked as nurse_alice)" in out
    # A workstation that stays open through the outage (the window keeps one).
    store = open_records(data_dir, ward_server.nurse_url("nurse_bea"))
    records = CourseRecords(store, clock=lambda: NOW)
    assert records.get(course).dose(2).status == "given"

    ward_server.database.cluster.stop()
    try:
        started = time.monotonic()
        code, _, err = run(["course", "log", str(course), "--dose", "3", "--given", "--at", "2025-11-02T00:05"], capsys)
        assert code == 1
        assert err.count("\n") == 1
        assert UNREACHABLE in err
        assert "Traceback" not in err
        assert "password" not in err
        code, _, err = run(["course", "show", str(course)], capsys)
        assert code == 1
        assert UNREACHABLE in err
        code, out, _ = run(["check"], capsys)
        assert code == 1
        assert UNREACHABLE in out
        assert "PROBLEM" in out
        with pytest.raises(OperationalError) as failure:
            records.record(course, 3, "given", at=records.get(course).dose(3).planned)
        assert is_unreachable(failure.value)
        assert describe(failure.value).startswith(UNREACHABLE)
        assert time.monotonic() - started < 20  # three attempts, none hanging
        # The content needs no server.
        code, out, err = run(["search", "capillary", "leak"], capsys)
        assert code == 0, err
        assert out.strip(), err
        code, out, err = run(["dose", "--weight", "70"], capsys)
        assert code == 0, err
        assert "mg" in out, err
    finally:
        ward_server.database.cluster.start()

    # Back: the open workstation reconnects by itself; nothing was lost or half-written.
    view = records.get(course)
    assert [d.status for d in view.doses[:3]] == ["given", "given", "planned"]
    assert records.count_records(course) == 2
    records.record(course, 3, "given", at=view.dose(3).planned, by="BB")
    assert records.get(course).dose(3).status == "given"
    store.dispose()
    code, out, err = run(["course", "show", str(course), "--json"], capsys)
    assert code == 0, err
    assert [d["status"] for d in json.loads(out)["doses"][:4]] == ["given", "given", "given", "planned"]
