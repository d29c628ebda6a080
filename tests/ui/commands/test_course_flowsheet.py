"""``handbook flowsheet --course ID``: a whole course's sheet, filled where doses were recorded, blank after,
the course label on every page; read back from the PDF."""

from __future__ import annotations

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
    assert "SBP 84 on phenylephrine" in text and "creatinine 2.6" in text
    assert "bag leaked" in text and "HELD" in text
    code = main(["flowsheet", "--course", "9", "--output", str(pdf)], gui_commands=gui_commands())
    assert code == 2 and "no-such-course" in capsys.readouterr().err
