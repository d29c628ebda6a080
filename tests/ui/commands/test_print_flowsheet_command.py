"""``handbook flowsheet --weight W --start T --output F.pdf``: the flow sheet with no window, read back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from handbook.cli import main
from tests.test_no_miu import ABBREVIATION
from tests.ui.commands.pdf_text import flat, page_frames, pdf_frames, pdf_pages, pdf_text
from ui.gui_commands import gui_commands


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["flowsheet", *argv], gui_commands=gui_commands())
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
@pytest.mark.parametrize(("paper", "width_mm"), [("a4", 210), ("letter", 216)])
def test_a_70_kg_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str], paper: str, width_mm: int) -> None:
    pdf = tmp_path / f"flow-{paper}.pdf"
    argv = ["--weight", "70", "--start", "2026-12-01T08:00", "--output", str(pdf), "--paper", paper]
    code, out, err = run([*argv, "--label", "bed 7 / AB"], capsys)
    assert (code, err) == (0, ""), err
    assert str(pdf) in out
    reader = PdfReader(str(pdf))
    assert round(float(reader.pages[0].mediabox.width) / 72 * 25.4) == width_mm
    text = pdf_text(pdf)
    for expected in (
        "per-dose flow sheet",
        "Dose 42,000,000 units (42 million units; 2.590 mg)",
        "Bag 50 mL D5W + 2.33 mL drawn = 52.33 mL",
        "pump 209.3 mL/h over 15 minutes",
        "Start",
        "Stop",
        "Pump mL/h",
        "Why held / notes:",
        "BP",
        "SpO2",
        "C2 D19",
        "Handbook on Injectable Drugs, citing the prescribing information",
        "Check against the current prescribing information and local protocol.",
    ):
        assert flat(expected) in text, expected
    assert text.count("209.3") >= 28
    assert ABBREVIATION not in text
    frames = page_frames(pdf)
    assert len(frames) >= 2
    for number, frame in enumerate(frames, start=1):
        assert flat("bed 7 / AB") in frame, number  # on every page
        assert "Per-dose flow sheet" in frame, number
        assert f"Page {number} of {len(frames)}" in frame
        assert "blank form" not in frame
    assert "Page 1 of" in pdf_frames(pdf)
    # Each dose row and its "why held / notes" row on one page: as many of one as of the other on every page.
    for number, text in enumerate(pdf_pages(pdf), start=1):
        doses = re.findall(r"(?<![\d.,])\d{1,2} C\d D\d{1,2} ", flat(text))
        assert flat(text).count(flat("Why held / notes:")) == len(doses), (paper, number, doses)


@pytest.mark.slow
def test_a_refused_dose_prints_no_rate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "flow-20.pdf"
    argv = ["--weight", "20", "--confirm-unusual", "--start", "2026-12-01T08:00", "--output", str(pdf)]
    code, out, err = run(argv, capsys)
    assert (code, err) == (0, "")
    assert "no bag and no pump rate" in out
    text = pdf_text(pdf)
    assert "NO BAG, NO PUMP RATE: ask pharmacy" in text
    assert "below the 30–70 mcg/mL window" in text
    assert all("Patient: ____" in frame for frame in page_frames(pdf))  # no label: write-in blanks


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--weight", "70", "--output", "x.pdf"], "--start is needed"),
        (["--weight", "70", "--start", "2026-12-01T08:00", "--output", "x.txt"], "must be a .pdf"),
        (["--weight", "30", "--start", "2026-12-01T08:00", "--output", "x.pdf"], "--confirm-unusual"),
        (["--weight", "abc", "--start", "2026-12-01T08:00", "--output", "x.pdf"], "is not a number"),
        (["--start", "2026-12-01T08:00", "--output", "x.pdf"], "required"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1
    assert not (tmp_path / "x.pdf").exists()
