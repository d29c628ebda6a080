"""``handbook dose``: the same figures as the tab, JSON on request, one-line refusals with exit status 2."""

from __future__ import annotations

import json

import pytest

from handbook import cli
from handbook.cli import EXIT_OK, EXIT_USAGE, Env, main
from tests.dosing_support import content_store_with, make_drug


@pytest.fixture(autouse=True)
def test_content(monkeypatch: pytest.MonkeyPatch) -> None:
    store = content_store_with(make_drug(second_regimen=True))
    monkeypatch.setattr(Env, "content", lambda self: store)


def test_is_registered() -> None:
    assert "dose" in {command.name for command in cli._core_commands()}


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dose", "--weight", "70"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("DOSE: 42,000,000 units (42 million units) = 2.590 mg\n")
    assert "2 single-dose vials (0.07 mL left in the last; discard the unused portion)" in out
    assert "2.33 mL" in out
    assert "49.5 mcg/mL" in out
    assert "Pump 209.3 mL/h over 15 minutes" in out
    assert "= 600,000 units/kg × 70.00 kg  [US label 2024]" in out
    assert "dose mg × 1000 ÷ (band volume + drawn volume)" in out
    assert "REFUSED" not in out
    assert "Check against the current prescribing information and local protocol." in out
    assert "Course schedule" not in out


def test_json_with_schedule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dose", "--weight", "154,32", "--unit", "lb", "--start", "2026-12-01T08:00", "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    figures = {f["key"]: f for f in data["figures"]}
    assert data["weight"]["unit"] == "lb"
    assert data["weight"]["entered"] == "154,32"
    assert figures["weight"]["display"] == "70.00 kg"
    assert figures["vials"]["value"] == 2
    assert figures["dose_iu"]["sources"] == ["US label 2024"]
    assert figures["draw_ml"]["formula"].endswith("÷ 18,000,000 units/mL")
    assert data["final_concentration_in_range"] is True
    assert data["refused"] is False
    assert data["refusal"] is None
    assert figures["rate_ml_per_h"]["value"] == pytest.approx(209.333, abs=0.001)
    assert figures["band"]["display"] == "50 mL band: dose above 25.4 and up to 60 million units"
    assert len(data["schedule"]) == 28
    assert data["schedule"][14] == {
        "dose": 15,
        "cycle": 2,
        "dose_in_cycle": 1,
        "day": 15,
        "date": "2026-12-15",
        "time": "08:00",
        "datetime": "2026-12-15T08:00",
    }
    assert data["flags"] == []
    assert data["note"].startswith("Check against")


def test_another_regimen_can_be_chosen(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dose", "--weight", "70", "--regimen", "other-regimen", "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["regimen"]["name"] == "Second test regimen"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--weight", "abc"], "is not a number"),
        (["--weight", "0"], "more than zero"),
        (["--weight", "nan"], "is not a number"),
        (["--weight", "1,234.5"], "mixes separators"),
        (["--weight", "99999"], "far too large"),
        (["--weight", "30"], "--confirm-unusual"),
        (["--weight", "70", "--unit", "lb"], "looks like a weight in kg"),
        (["--weight", "70", "--unit", "stone"], "invalid choice"),
        (["--weight", "70", "--start", "next tuesday"], "is not a date and time"),
        (["--weight", "70", "--regimen", "nope"], "no regimen 'nope'"),
        ([], "required"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    assert main(["dose", *argv]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert message in captured.err
    assert "Traceback" not in captured.err


def test_an_unusual_weight_shows_once_confirmed_and_stays_flagged(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dose", "--weight", "30", "--confirm-unusual", "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in data["flags"]] == ["below-usual"]
    assert data["confirmed_unusual"] is True


@pytest.mark.parametrize(("weight", "side"), [("20", "below"), ("250", "above")])
def test_a_refusal_is_exit_0_with_the_reason_and_no_rate(
    capsys: pytest.CaptureFixture[str], weight: str, side: str
) -> None:
    assert main(["dose", "--weight", weight, "--confirm-unusual", "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    figures = {f["key"]: f for f in data["figures"]}
    assert data["refused"] is True
    assert f"{side} the 30–70 mcg/mL window" in data["refusal"]["reason"]
    assert "ask pharmacy" in data["refusal"]["action"]
    assert figures["rate_ml_per_h"]["value"] is None
    assert figures["bag"]["value"] is None
    assert "mL/h" not in figures["rate_ml_per_h"]["display"]
    assert "mL/h" not in data["dose_line"]
    assert main(["dose", "--weight", weight, "--confirm-unusual"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "REFUSED:" in out
    assert "NO PUMP RATE: ask pharmacy" in out
    assert " mL/h" not in out.split("Regimen:")[0]


def test_the_weight_is_checked_once(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from handbook import dosing
    from handbook.commands import dose

    calls: list[str] = []
    real = dosing.check_weight

    def counting(text: str, unit: str) -> object:
        calls.append(text)
        return real(text, unit)

    monkeypatch.setattr(dose, "check_weight", counting)
    monkeypatch.setattr(dosing, "check_weight", counting)
    assert main(["dose", "--weight", "70", "--json"]) == EXIT_OK
    assert calls == ["70"]
