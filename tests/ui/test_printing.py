"""Every printout on A4 and Letter, read back from the PDF: framed on every page, no word broken, nothing below
9 pt, no row, sign-off or heading left behind at a page end, and as many pages as it should take."""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from handbook.db.user_store import open_user_db
from handbook.printout import BLANK_FORM, MIN_BODY_PT, PAPER_SIZES, REFERENCE_LABEL, WRITE_IN, PageFrame
from tests.ui.commands.pdf_text import FOOTER_LINES, HEADER_LINES, flat, pdf_pages
from tests.ui.printouts import PRINTOUT_NAMES, PRINTOUTS, Printout, every_printout
from ui.main_window import MainWindow
from ui.printing import build_document, layout_report, make_printer, write_pdf, write_pdf_report

_BUILT: dict[str, Printout] = {}


@pytest.fixture
def printouts(request: pytest.FixtureRequest, data_dir: Path) -> dict[str, Printout]:
    """Every printout, built once through a real window and records database and then reused: a printout
    is plain data (HTML and its page frame), and building them all takes the window most of a minute."""
    if not _BUILT:
        window: MainWindow = request.getfixturevalue("window")
        qtbot: QtBot = request.getfixturevalue("qtbot")
        store = open_user_db(data_dir)
        try:
            _BUILT.update(every_printout(window, qtbot, store))
        finally:
            store.dispose()
    return _BUILT


def test_the_list_of_printouts_is_complete(printouts: dict[str, Printout]) -> None:
    assert sorted(printouts) == PRINTOUT_NAMES


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text))


def read_pdf(path: Path) -> tuple[list[str], list[tuple[float, str]], float]:
    """One pass over the PDF: each page's text; the size on paper, in points, of every piece of text (font
    size times the text and page matrices' scale) with the text; the paper width in millimetres."""
    sizes: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            sizes.append((size * math.sqrt(abs(a * d - b * c)), text.strip()))

    reader = PdfReader(str(path))
    texts = [page.extract_text(visitor_text=visit) or "" for page in reader.pages]
    return texts, sizes, float(reader.pages[0].mediabox.width) / 72 * 25.4


def body_lines(page_text: str, source: set[str]) -> list[str]:
    """The body's lines as pypdf reads them, the frame's left out. pypdf gives the first letter of a heading
    or a list item a line of its own ("H", then "ow it works": Qt placed it apart): it is joined to the
    next line again when that makes a word of the source."""
    lines: list[str] = []
    for line in (flat(line) for line in page_text.splitlines()[HEADER_LINES:-FOOTER_LINES]):
        if not line:
            continue
        first = (words(line) or [""])[0]
        if lines and len(lines[-1]) == 1 and lines[-1] + first in source and first not in source:
            lines[-1] += line
        else:
            lines.append(line)
    return lines


def source_words(document: QTextDocument, frame: PageFrame, label: str) -> set[str]:
    """Every word of the printout's text, its frame, and its list numbers (not in the plain text)."""
    found = set(words(document.toPlainText()))
    found |= set(words(" ".join((frame.drug, frame.title, label, frame.note, BLANK_FORM.capitalize()))))
    block = document.begin()
    while block.isValid():
        listed = block.textList()
        if listed is not None:
            found.add(str(listed.itemNumber(block) + 1))
        block = block.next()
    return found


@pytest.mark.slow  # 40 PDFs written and read back: runs with --slow (CI)
@pytest.mark.parametrize("paper", sorted(PAPER_SIZES))
@pytest.mark.parametrize("name", PRINTOUT_NAMES)
def test_every_printout_reads_right_on_paper(
    printouts: dict[str, Printout], tmp_path: Path, name: str, paper: str
) -> None:
    html, frame = printouts[name]
    slug = re.sub(r"\W+", "-", name)
    pdf = tmp_path / f"{slug}-{paper}.pdf"
    report = write_pdf_report(html, pdf, frame, paper)  # the layout as painted: no second layout pass
    pages = len(report.pages)
    texts, sizes, width = read_pdf(pdf)
    expected = PRINTOUTS[name]
    assert len(texts) == pages, (name, paper, pages)
    assert expected.min_pages <= pages <= expected.max_pages, (name, paper, pages)
    assert round(width) == round(PAPER_SIZES[paper].width_mm)
    problems: list[str] = []

    # The frame: drug and title, "Page x of y", the label (or write-in blanks, or "not part of the record"),
    # the content version, on every page, nothing cut short with "…"; "blank form" only on a blank form.
    label = frame.label or (WRITE_IN if frame.form else REFERENCE_LABEL)
    for number, text in enumerate(texts, start=1):
        top = flat(" ".join(text.splitlines()[:HEADER_LINES]))
        for wanted in (flat(frame.title), f"Page {number} of {pages}", flat(label), f"Content {frame.content_version}"):
            if wanted not in top:
                problems.append(f"page {number}: {wanted!r} not in the header {top!r}")
        if "…" in top:
            problems.append(f"page {number}: the header is cut short: {top!r}")
        if (BLANK_FORM in top.lower()) != frame.blank:
            problems.append(f"page {number}: 'blank form' {'missing' if frame.blank else 'on a filled form'}")

    # No word broken: every word on paper is a word of the source (a broken "commo/n" leaves "commo" and "n").
    document = build_document(html)
    source = source_words(document, frame, label)
    printed = {word for text in texts for line in body_lines(text, source) for word in words(line)}
    if printed - source:
        problems.append(f"words on paper that are not in the source (broken?): {sorted(printed - source)[:8]}")

    # Nothing smaller than 9 pt, measured in the PDF.
    small = sorted({(round(size, 1), text[:20]) for size, text in sizes if size < MIN_BODY_PT - 0.05})
    if small:
        problems.append(f"text below {MIN_BODY_PT} pt: {small[:5]}")

    # The layout: no row, short table (sign-off) or heading with its text split; nothing shrunk to fit.
    if report.split_keeps() or report.broken_words or report.scale != 1.0:
        problems.append(f"layout: split {report.split_keeps()[:3]}, broken {report.broken_words[:3]}, {report.scale}")

    # A heading is never the last thing on a page, and a page never starts with a table's repeated column
    # headings and then a heading (the rows of that table ended on the page before).
    headings: list[str] = []
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0 and block.text().strip():
            headings.append(flat(block.text()))
        block = block.next()
    column_words = set(words(" ".join(re.findall(r"<th[^>]*>(.*?)</th>", html, flags=re.S))))
    column_words |= {"br", "b"}  # tags inside headings
    for number, text in enumerate(texts, start=1):
        body = " ".join(body_lines(text, source))
        if number < pages and any(body.endswith(heading) for heading in headings):
            problems.append(f"page {number} ends with a heading: {body[-60:]!r}")
        starts = [body.find(heading) for heading in headings if heading in body]
        before = body[: min(starts)] if starts else ""
        if before.strip() and set(words(before)) <= column_words:
            problems.append(f"page {number} repeats column headings above no rows: {before!r}")

    # Sign-off rows: the nurse and co-signer rows on one page, with what they sign for.
    for number, text in enumerate(texts, start=1):
        page = flat(text)
        if "Co-signer" in page:
            if page.count("Signature") < 1 or "Nurse" not in page:
                problems.append(f"page {number}: the sign-off is split")
            if "Result (circle one)" in html or "Result:" in html:
                if "Result" not in page:
                    problems.append(f"page {number}: signed apart from the result it signs")
    if "picture above" in flat(" ".join(texts)):
        problems.append("screen wording on paper: 'the picture above'")
    internal = re.findall(r"\[[a-z0-9]+(?:-[a-z0-9]+)+\]", flat(" ".join(texts)))
    if internal:
        problems.append(f"content ids instead of source names: {internal[:3]}")
    assert not problems, f"{name} on {paper}:\n" + "\n".join(problems)


@pytest.mark.slow  # builds every printout through the window, or writes a dozen PDFs
@pytest.mark.parametrize("paper", sorted(PAPER_SIZES))
def test_the_side_effect_table_repeats_its_column_headings_on_every_page(
    printouts: dict[str, Printout], tmp_path: Path, paper: str
) -> None:
    html, frame = printouts["view: Side effects"]
    pdf = tmp_path / f"side-effects-{paper}.pdf"
    write_pdf(html, pdf, frame, paper)
    texts = [flat(text) for text in pdf_pages(pdf)]
    with_rows = [text for text in texts if re.search(r"Stop/hold rule|Call prescriber now|Treat and record", text)]
    assert len(with_rows) >= 3
    assert all(flat("Ward action Side effect (body system) and what to do") in text for text in with_rows)


@pytest.mark.slow  # builds every printout through the window, or writes a dozen PDFs
def test_a_checklist_repeats_its_column_headings_on_every_page_with_items(
    printouts: dict[str, Printout], tmp_path: Path
) -> None:
    html, frame = printouts["checklist before-treatment blank"]
    pdf = tmp_path / "before-treatment.pdf"
    assert write_pdf(html, pdf, frame, "letter") > 2
    # A page never starts with an item row: a table continued from the page before has its headings on top.
    starts = [flat(" ".join(text.splitlines()[HEADER_LINES:])) for text in pdf_pages(pdf)]
    assert not [start[:60] for start in starts if start.startswith("☐")]
    assert sum(start.startswith("Item Value Note Time ☐") for start in starts) >= 1  # a table continued


def test_rules_are_real_checks(qapp: object) -> None:
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


@pytest.mark.slow  # builds every printout through the window, or writes a dozen PDFs
def test_a_page_that_starts_at_a_heading_repeats_no_column_headings_from_above(tmp_path: Path, qapp: object) -> None:
    """A table's heading row is repeated only on pages that still hold rows of it: not on the page where the
    next section begins (the Warnings summary on Letter repeated "Risk | Signs to watch" above a heading)."""
    starts_at_heading = 0
    for rows in range(22, 34):
        body = "".join(f"<tr><td>Row {n}</td><td>{'text ' * (n % 9 + 1)}</td></tr>" for n in range(rows))
        html = (
            "<table class='grid' width='100%' cellspacing='0' cellpadding='4'>"
            f"<thead><tr><th>Column A</th><th>Column B</th></tr></thead>{body}</table>"
            "<h2>Next part</h2>" + "<p>Paragraph of the next part, long enough to need lines.</p>" * 40
        )
        pdf = tmp_path / f"rows-{rows}.pdf"
        write_pdf(html, pdf, PageFrame("Repeats", "1"), "letter")
        for text in map(flat, pdf_pages(pdf)[1:]):
            body_start = text[text.index("Content 1") + len("Content 1") :].strip()
            if body_start.replace("Column A Column B", "").strip().startswith("Next part"):
                starts_at_heading += 1
                assert not body_start.startswith("Column A"), body_start[:80]
    assert starts_at_heading > 0  # the case was met at least once


@pytest.mark.parametrize("paper", sorted(PAPER_SIZES))
def test_no_line_of_a_paragraph_is_left_alone_at_a_page_end(tmp_path: Path, qapp: object, paper: str) -> None:
    """A paragraph's first two lines stay together, and its last two: a three-line paragraph is never split."""
    paragraphs = "".join(f"<p>P{n}start {'word ' * 46}P{n}end</p>" for n in range(60))
    report = layout_report(paragraphs, paper)
    assert len(report.body.lines) == 3 * 60  # three lines each: any split would leave one line alone
    pdf = tmp_path / "paragraphs.pdf"
    write_pdf(paragraphs, pdf, PageFrame("Paragraphs", "1"), paper)
    for text in map(flat, pdf_pages(pdf)):
        assert re.findall(r"P(\d+)start", text) == re.findall(r"P(\d+)end", text), text[:200]
