"""Every printout on A4 and Letter: framed on every page, no row or word split, nothing below 9 pt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from handbook.checklists.progress import PatientDetails
from handbook.checklists.spec import checklists_of
from handbook.printout import BLANK_FORM, MIN_BODY_PT, PAPER_SIZES, PageFrame
from tests.ui.commands.pdf_text import flat, page_frames, pdf_pages
from ui.checklists.printouts import checklist_printout, teaching_printout
from ui.main_window import MainWindow
from ui.printing import layout_report, make_printer, write_pdf
from ui.tabs.dosing_tab import DosingTab

Printouts = dict[str, tuple[str, PageFrame]]


def every_printout(window: MainWindow, qtbot: QtBot) -> Printouts:
    """Each tab's Ctrl+P print, each checklist blank and for a patient, the handout and the flow sheet."""
    found: Printouts = {}
    for index, page in enumerate(window.pages):
        window.tabs.setCurrentIndex(index)
        found[f"view: {page.title}"] = window.print_document()
        dose_check = getattr(getattr(page, "checklists", None), "dose", None)
        if dose_check is not None and getattr(dose_check, "protocol", None) is not None:
            found["dose check blank"] = dose_check.printout(blank=True)
        if isinstance(page, DosingTab):
            qtbot.keyClicks(page.weight_edit, "70")
            found["flow sheet"] = (page.flow_sheet_html(), page.page_frame())
    patient = PatientDetails("Ann Example-Longname", "MRN 0012345", "7B")
    for checklist in checklists_of(window.drug):
        for who in (None, patient):
            printout = checklist_printout(checklist, None, who)
            found[f"checklist {checklist.slug} {'patient' if who else 'blank'}"] = (printout.html, printout.frame)
    handout = teaching_printout(window.drug, patient)
    found["teaching handout"] = (handout.html, handout.frame)
    return found


@pytest.mark.parametrize("paper", sorted(PAPER_SIZES))
def test_every_printout_keeps_rows_headings_and_words_whole(window: MainWindow, qtbot: QtBot, paper: str) -> None:
    problems = []
    for name, (html, _frame) in every_printout(window, qtbot).items():
        report = layout_report(html, paper)
        if report.split_keeps():
            problems.append(f"{name}: a row, short table or heading split at {report.split_keeps()[:3]}")
        if report.broken_words:
            problems.append(f"{name}: words broken: {report.broken_words[:5]}")
        if report.smallest_point_size < MIN_BODY_PT:
            problems.append(f"{name}: text at {report.smallest_point_size} pt")
        if report.scale != 1.0:
            problems.append(f"{name}: wider than the page, shrunk to {report.scale:.0%}")
    assert not problems, "\n".join(problems)


def test_rules_are_real_checks(window: MainWindow, qtbot: QtBot) -> None:
    """The report sees what it is meant to catch: a broken word, small type, a too-wide table."""
    squeezed = "<table width='100%'><tr>" + "<td>Permanently</td>" * 14 + "</tr></table>"
    report = layout_report("<p style='font-size: 6pt'>small</p>" + squeezed, "a4")
    assert report.smallest_point_size == MIN_BODY_PT  # raised, not left at 6 pt
    assert report.scale < 1.0
    assert report.broken_words == []
    long_rows = "".join(f"<tr><td>row {i}<br>second line<br>third line</td></tr>" for i in range(80))
    report = layout_report(f"<h2>Heading</h2><table border='1'>{long_rows}</table>", "a4")
    assert len(report.pages) > 1
    assert report.split_keeps() == []


@pytest.mark.parametrize("paper", sorted(PAPER_SIZES))
def test_every_page_carries_title_label_and_page_x_of_y(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, paper: str
) -> None:
    printouts = every_printout(window, qtbot)
    chosen = [
        "checklist monitoring blank",
        "checklist monitoring patient",
        "flow sheet",
        "teaching handout",
        "view: Side effects",
    ]
    for name in chosen:
        html, frame = printouts[name]
        slug = re.sub(r"\W+", "-", name)
        pdf = tmp_path / f"{slug}-{paper}.pdf"
        pages = write_pdf(html, pdf, frame, paper)
        frames = page_frames(pdf)
        assert len(frames) == pages > 1, name
        for number, text in enumerate(frames, start=1):
            # the title's first part at least (a long title is shortened with … to fit the line)
            assert flat(re.split(r"\s*·\s*", frame.title)[0]) in text, (name, number, text)
            assert f"Page {number} of {pages}" in text, (name, number, text)
            assert f"Content {frame.content_version}" in text
            assert (BLANK_FORM in text.lower()) == frame.blank, (name, number, text)
            if frame.label:
                assert frame.label in text, (name, number, text)
            elif frame.form:
                assert "Patient: ____" in text, (name, number, text)
        if "patient" in name:
            assert all("Ann Example-Longname" in text for text in frames)
        width = float(PdfReader(str(pdf)).pages[0].mediabox.width) / 72 * 25.4
        assert round(width) == round(PAPER_SIZES[paper].width_mm)


@pytest.mark.parametrize("paper", sorted(PAPER_SIZES))
def test_printing_the_warnings_view_gives_a_summary_of_a_few_pages(window: MainWindow, paper: str) -> None:
    index = next(i for i, page in enumerate(window.pages) if page.title.startswith("Warnings"))
    window.tabs.setCurrentIndex(index)
    html, _frame = window.print_document()
    report = layout_report(html, paper)
    assert len(report.pages) <= 7  # the screen layout ran to 22 pages
    for warning in window.drug.warnings:
        assert str(warning.title).replace("&", "&amp;") in html
    assert "withhold" in html.lower()
    assert "Interactions to check" in html


@pytest.mark.parametrize("paper", sorted(PAPER_SIZES))
def test_rows_that_one_cell_spans_stay_on_one_page(tmp_path: Path, qapp: object, paper: str) -> None:
    """A cell with rowspan makes its rows one unit: a page break falls before or after them, never between."""
    units = "".join(
        f"<tr><td rowspan='2'>Unit {n}</td><td>first row of unit {n}<br>a second line<br>{'more ' * (n % 7)}</td></tr>"
        f"<tr><td>second row of unit {n}: {'why ' * (3 * n % 40)}</td></tr>"
        for n in range(1, 41)
    )
    pdf = tmp_path / "units.pdf"
    pages = write_pdf(f"<table border='1' width='100%'>{units}</table>", pdf, PageFrame("Units", "1"), paper)
    assert pages > 2
    seen = []
    for text in map(flat, pdf_pages(pdf)):
        firsts = re.findall(r"first row of unit (\d+)", text)
        assert firsts == re.findall(r"second row of unit (\d+)", text), text
        seen.extend(int(n) for n in firsts)
    assert seen == list(range(1, 41))


def test_a_table_moved_to_the_next_page_takes_its_top_border_along(qapp: object) -> None:
    """Qt's frame of a table starts at its first text; the border and padding above it belong to the table,
    so a page that ends before the table does not end with the table's top border."""
    html = "<p>Before the table.</p><table border='2' cellpadding='4' cellspacing='0'><tr><td>Inside</td></tr></table>"
    report = layout_report(html, "a4")
    first_text_in_table = report.body.lines[1].top
    rim = (2 + 4) * make_printer("a4").resolution() / 96  # border and padding: CSS pixels at the printer's dpi
    assert min(k.top for k in report.body.keeps) <= first_text_in_table - rim + 1
