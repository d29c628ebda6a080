"""``handbook flowsheet --course ID``: a whole course's sheet, filled where doses were recorded, blank after,
the course label on every page; read back from the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.cli import main
from handbook.db.user_store import open_user_db
from handbook.records.courses import CourseRecords
from tests.ui.commands.pdf_text import flat, pdf_pages
from ui.gui_commands import gui_commands

HELD = {6: "SBP 84 on phenylephrine", 13: "creatinine 2.6"}


def test_a_course_sheet_is_filled_and_labelled_on_every_page(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["course", "new", "--weight", "70", "--start", "2025-11-01T08:00", "--label", "bed 7 / AB"]) == 0
    store = open_user_db(data_dir)
    records = CourseRecords(store)
    view = records.get(1)
    for dose in view.doses[:20]:
        kind = "held" if dose.number in HELD else "given"
        records.record(1, dose.number, kind, at=dose.planned, by="AB", why=HELD.get(dose.number, ""))
    records.correct(1, 2, "not_given", why="bag leaked")
    store.dispose()
    capsys.readouterr()
    pdf = tmp_path / "course.pdf"
    code = main(["flowsheet", "--course", "1", "--output", str(pdf)], gui_commands=gui_commands())
    _out, err = capsys.readouterr()
    assert code == 0, err
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    assert all(flat("bed 7 / AB") in flat(page) for page in pages)
    text = flat(" ".join(pages))
    assert "SBP 84 on phenylephrine" in text
    assert "creatinine 2.6" in text
    assert "bag leaked" in text
    assert "HELD" in text
    code = main(["flowsheet", "--course", "9", "--output", str(pdf)], gui_commands=gui_commands())
    assert code == 2
    assert "no-such-course" in capsys.readouterr().err


#: Two doses in three held, each why of a different length (one to three lines on the sheet), so the page
#: ends fall at many different places in the dose rows, on A4 and on Letter.
WHY = "SBP 84 mmHg on phenylephrine 0.6 mcg/kg/min, urine output 60 mL in 8 hours; prescriber informed and at the "
WHY += "bedside, fluids given as ordered, recheck before the next dose."
MANY_HELD = {n: f"Held dose {n}: " + " ".join(WHY.split()[: 6 + (2 * n) % 22]) for n in range(1, 29) if n % 3 != 1}
DOSE_ROW = re.compile(r"(?<![\d.,])(\d{1,2}) C(\d) D(\d{1,2}) ")  # the dose cell: "5 C1 D2"
WHY_HELD = re.compile(r"Held dose (\d{1,2}):")


@pytest.mark.slow  # a 28-dose course recorded and printed on two papers
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_no_dose_is_separated_from_its_why_held_by_a_page_break(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], paper: str
) -> None:
    """Each dose is one unit on paper: its row and its "why held / notes" row on the same page."""
    assert main(["course", "new", "--weight", "70", "--start", "2025-11-01T08:00", "--label", "bed 7 / AB"]) == 0
    store = open_user_db(data_dir)
    records = CourseRecords(store)
    for dose in records.get(1).doses:
        kind = "held" if dose.number in MANY_HELD else "given"
        records.record(1, dose.number, kind, at=dose.planned, by="AB", why=MANY_HELD.get(dose.number, ""))
    store.dispose()
    pdf = tmp_path / f"course-{paper}.pdf"
    code = main(["flowsheet", "--course", "1", "--output", str(pdf), "--paper", paper], gui_commands=gui_commands())
    assert code == 0, capsys.readouterr().err
    pages = [flat(text) for text in pdf_pages(pdf)]
    assert len(pages) >= 4
    seen: list[int] = []
    for number, text in enumerate(pages, start=1):
        doses = [int(match[0]) for match in DOSE_ROW.findall(text)]
        held = [int(n) for n in WHY_HELD.findall(text)]
        # Every dose row on this page has its "why held / notes" row here too, and the other way round.
        assert text.count(flat("Why held / notes:")) == len(doses), (paper, number, doses)
        assert set(held) == {dose for dose in doses if dose in MANY_HELD}, (paper, number, doses, held)
        seen.extend(doses)
    assert seen == list(range(1, 29))  # every dose once, in order, none lost between pages
