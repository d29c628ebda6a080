"""``handbook give-hold`` and ``handbook protocols``: output checked against the JSON Schema in the repository."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from handbook.cli import main
from handbook.paths import resources_dir
from handbook.ward_settings import PROTOCOL_ENV, WARD_CONFIG_ENV

SCHEMA = json.loads((resources_dir() / "schemas" / "give-hold-result.schema.json").read_text(encoding="utf-8"))
QUIET = [
    "--sbp", "112", "--hr", "88", "--spo2", "97", "--o2-lpm", "0", "--urine-ml-8h", "640", "--creatinine", "1.1",
    "--platelets", "140", "--bicarbonate", "24", "--bilirubin", "0.9", "--temp-c", "37.4",
]  # fmt: skip


@pytest.fixture(autouse=True)
def no_ward_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WARD_CONFIG_ENV, str(tmp_path / "site" / "ward.ini"))
    monkeypatch.delenv(PROTOCOL_ENV, raising=False)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def give_hold_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    code, out, err = run(["give-hold", *argv, "--json"], capsys)
    assert code == 0
    assert err == ""
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert isinstance(data, dict)
    return data


def test_quiet_values_find_no_hold_criterion(capsys: pytest.CaptureFixture[str]) -> None:
    data = give_hold_json(QUIET, capsys)
    assert data["decision"] == "no_hold_found"
    assert data["protocol"] == "dutcher-2014"
    assert data["missing"] == []
    assert data["rules"] == []
    assert data["not_loaded"] == ["Renal", "Hepatic", "Infection and sepsis", "Dermatologic", "Other"]


def test_nothing_given_is_incomplete_with_the_option_names(capsys: pytest.CaptureFixture[str]) -> None:
    data = give_hold_json([], capsys)
    assert data["decision"] == "incomplete"
    assert data["missing"] == [
        "--sbp", "--hr", "--spo2", "--o2-lpm", "--urine-ml-8h", "--creatinine", "--platelets", "--bicarbonate",
        "--bilirubin", "--temp-c",
    ]  # fmt: skip


def test_label_and_protocol_rules_each_with_value_and_source(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [*QUIET, "--rhythm", "af", "--spo2", "88", "--finding", "extreme-paresthesias"]
    data = give_hold_json(argv, capsys)
    assert data["decision"] == "stop"
    rules = {r["id"]: r for r in data["rules"]}  # type: ignore[union-attr]
    assert rules["label:resp-withhold-spo2-below-90"]["action"] == "withhold"
    assert rules["label:resp-withhold-spo2-below-90"]["value"] == "88 %"
    assert rules["label:cv-withhold-atrial-fibrillation"]["source"] == "label"
    assert rules["dutcher-2014:atrial-fibrillation"]["action"] == "stop"
    assert rules["dutcher-2014:extreme-paresthesias"]["cites"] == ["dutcher-2014-consensus"]


@pytest.mark.parametrize(
    ("protocol", "decision"),
    [("dutcher-2014", "hold"), ("springerplus-2015", "no_hold_found"), ("til-2024", "no_hold_found")],
)
def test_protocol_option_and_environment_choose_the_protocol(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, protocol: str, decision: str
) -> None:
    argv = [*QUIET, "--hr", "110"]
    assert give_hold_json([*argv, "--protocol", protocol], capsys)["decision"] == decision
    monkeypatch.setenv(PROTOCOL_ENV, protocol)
    assert give_hold_json(argv, capsys)["protocol"] == protocol


def test_springerplus_counting_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [*QUIET, "--protocol", "springerplus-2015", "--doses-held", "2", "--creatinine", "2.7"]
    data = give_hold_json(argv, capsys)
    assert data["decision"] == "stop"
    assert any(r["id"] == "springerplus-2015:count-held" for r in data["rules"])  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--sbp", "abc"], "not a number"),
        (["--sbp", "900"], "outside"),
        (["--temp-c", "98.6"], "outside"),
        (["--doses-held", "1.5"], "whole number"),
        (["--rhythm", "wobbly"], "invalid choice"),
        (["--finding", "no-such-finding"], "unknown finding"),
        (["--protocol", "no-such-protocol"], "unknown protocol"),
        (["--sbp", "nan"], "not a number"),
    ],
)
def test_a_bad_value_is_one_line_on_stderr_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(["give-hold", *argv], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert message in err


def test_list_findings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["give-hold", "--list-findings", "--json"], capsys)
    rows = json.loads(out)
    ids = [row["id"] for row in rows]
    assert code == 0
    assert "extreme-paresthesias" in ids
    assert "resting-dyspnoea" in ids
    assert len(ids) == len(set(ids))
    code, out, _ = run(["give-hold", "--list-findings"], capsys)
    assert code == 0
    assert out.count("\n") == len(ids)


def test_text_output_names_the_protocol_and_what_is_not_loaded(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["give-hold", *QUIET], capsys)
    assert code == 0
    assert "NO HOLD CRITERION FOUND" in out
    assert "May give" not in out
    assert "Dutcher 2014 (published example" in out
    assert "not in this handbook" in out.lower()


def test_protocols_lists_and_marks_the_active_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["protocols", "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["active"] == "dutcher-2014"
    assert data["active_origin"] == "built-in default"
    assert [p["id"] for p in data["protocols"]] == ["dutcher-2014", "springerplus-2015", "til-2024"]
    assert [p["active"] for p in data["protocols"]] == [True, False, False]
    monkeypatch.setenv(PROTOCOL_ENV, "til-2024")
    code, out, _ = run(["protocols"], capsys)
    assert code == 0
    assert "* til-2024" in out
    assert "environment HANDBOOK_PROTOCOL" in out
    monkeypatch.setenv(PROTOCOL_ENV, "nope")
    code, out, err = run(["protocols"], capsys)
    assert code == 1
    assert err.count("\n") == 1
    assert "'nope' is not known" in err
