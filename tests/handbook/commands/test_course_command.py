"""``handbook db upgrade`` and ``handbook course``: the shapes the issue specifies, refusals as one line + exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from handbook.cli import main
from handbook.ward_settings import DATABASE_URL_ENV


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Any:
    code, out, err = run([*argv, "--json"], capsys)
    assert code == 0, err
    return json.loads(out)


def test_db_upgrade_creates_then_is_harmless(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = run(["db", "upgrade"], capsys)
    assert code == 0
    assert "Schema version 2 (created" in out
    assert str(data_dir) in out
    code, out, _ = run(["db", "upgrade"], capsys)
    assert code == 0
    assert "Schema version 2 (up to date" in out


def test_the_database_url_names_the_records_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "ward" / "records.sqlite3"
    target.parent.mkdir()
    monkeypatch.setenv(DATABASE_URL_ENV, f"sqlite:///{target}")
    code, out, _ = run(["db", "upgrade"], capsys)
    assert code == 0
    assert str(target) in out
    course = run_json(["course", "new", "--weight", "70", "--start", "2025-11-01T08:00", "--label", "bed 3"], capsys)
    assert course["id"] == 1
    assert target.exists()


def test_a_bad_database_url_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, "not a url")
    code, _, err = run(["course", "list"], capsys)
    assert code == 1
    assert err.count("\n") == 1
    assert "not an SQLAlchemy URL" in err


def test_a_whole_course_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    course = run_json(
        [
            "course",
            "new",
            "--weight",
            "154",
            "--unit",
            "lb",
            "--start",
            "2025-11-01T08:00",
            "--label",
            "bed 7 / AB",
            "--check-weight",
            "154",
            "--checked-by",
            "CD",
        ],
        capsys,
    )
    ident = str(course["id"])
    assert course["label"] == "bed 7 / AB"
    assert course["status"] == "open"
    assert course["weight"] == {"entered": "154", "unit": "lb", "kg_exact": course["weight"]["kg_exact"]}
    assert course["double_check"]["match"] is True
    assert len(course["doses"]) == 28
    run_json(["course", "log", ident, "--dose", "1", "--given", "--at", "2025-11-01T08:10", "--by", "AB"], capsys)
    run_json(["course", "log", ident, "--dose", "2", "--held", "--why", "SBP 84", "--at", "2025-11-01T16:00"], capsys)
    shown = run_json(["course", "correct", ident, "--dose", "1", "--not-given", "--why", "bag leaked"], capsys)
    first, second = shown["doses"][0], shown["doses"][1]
    assert set(first) >= {"number", "cycle", "planned", "status", "at", "by", "why"}
    assert (first["number"], first["cycle"], first["planned"], first["status"]) == (
        1,
        1,
        "2025-11-01T08:00",
        "not_given",
    )
    assert [h["status"] for h in first["history"]] == ["given", "not_given"]
    assert (second["status"], second["why"], second["at"]) == ("held", "SBP 84", "2025-11-01T16:00")
    assert shown["counts"]["next_dose"] == 3
    assert shown["counts"]["held_this_cycle"] == 1
    listed = run_json(["course", "list"], capsys)
    assert [(c["id"], c["status"]) for c in listed] == [(1, "open")]
    code, out, _err = run(
        ["course", "close", ident, "--reason", "transferred to ICU", "--outcome", "transferred"], capsys
    )
    assert code == 0
    assert "TRANSFERRED" in out
    code, out, _ = run(["course", "show", ident], capsys)
    assert code == 0
    assert "Closed: transferred: transferred to ICU" in out


@pytest.mark.parametrize(
    ("argv", "rule"),
    [
        (["--dose", "1", "--given", "--at", "2025-11-01T08:20"], "second-record-for-dose"),
        (["--dose", "29", "--given"], "course-maximum"),
        (["--dose", "6", "--given", "--at", "2025-11-09T08:00"], "dose-in-rest-period"),
        (["--dose", "6", "--held", "--at", "2025-11-03T08:00"], "held-without-reason"),
    ],
)
def test_a_refusal_is_one_line_naming_the_rule_exit_2_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], argv: list[str], rule: str
) -> None:
    run_json(["course", "new", "--weight", "70", "--start", "2025-11-01T08:00"], capsys)
    run_json(["course", "log", "1", "--dose", "1", "--given", "--at", "2025-11-01T08:10"], capsys)
    before = run_json(["course", "show", "1"], capsys)
    code, out, err = run(["course", "log", "1", *argv], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert f"refused by rule {rule}:" in err
    assert run_json(["course", "show", "1"], capsys) == before


def test_identifiers_are_refused_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["course", "new", "--weight", "70", "--start", "2025-11-01T08:00", "--name", "Jane"], capsys)
    assert code == 2
    assert "identifiers-not-allowed" in err
    assert run_json(["course", "list"], capsys) == []


def test_db_upgrade_on_postgresql_creates_then_is_harmless(
    capsys: pytest.CaptureFixture[str], postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, postgres_url)
    code, out, err = run(["db", "upgrade"], capsys)
    assert code == 0, err
    assert "Schema version 2 (created" in out
    assert "postgresql+psycopg://" in out
    assert "***" in out
    code, out, _ = run(["db", "upgrade"], capsys)
    assert code == 0
    assert "Schema version 2 (up to date" in out
    course = run_json(["course", "new", "--weight", "70", "--start", "2025-11-01T08:00"], capsys)
    logged = run_json(
        ["course", "log", str(course["id"]), "--dose", "1", "--given", "--at", "2025-11-01T08:05"], capsys
    )
    assert logged["doses"][0]["status"] == "given"
    code, _, err = run(["course", "log", str(course["id"]), "--dose", "1", "--held", "--why", "x"], capsys)
    assert code == 2
    assert "second-record-for-dose" in err
