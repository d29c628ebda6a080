"""The Qt-free half of printing: the text around every page and where pages may break."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from handbook.printout import (
    BLANK_FORM,
    CHECK_AGAINST,
    PAPER_SIZES,
    REFERENCE_LABEL,
    BodyLayout,
    PageFrame,
    Span,
    frame_text,
    paper_size,
    patient_label,
    plan_pages,
)

PRINTED = dt.datetime(2026, 12, 2, 3, 0)


def test_every_page_names_the_form_the_patient_and_its_place() -> None:
    frame = PageFrame("Before each dose", "2026.11.1", label=patient_label("Ann Lee", "123", "4"), form=True)
    text = frame_text(frame, 2, 3, PRINTED)
    assert text.top_left == "Proleukin (aldesleukin) · Before each dose"
    assert text.top_right == "Page 2 of 3"
    assert text.label_left == "Patient: Ann Lee · Record 123 · Bed 4"
    assert text.label_right == "Content 2026.11.1"
    assert text.foot_left == CHECK_AGAINST
    assert text.foot_right == "Printed 2026-12-02 03:00"


def test_blank_form_is_said_only_when_blank() -> None:
    blank = frame_text(PageFrame("Flow sheet", "1", form=True, blank=True), 1, 1, PRINTED)
    filled = frame_text(PageFrame("Flow sheet", "1", label="Patient: A", form=True), 1, 1, PRINTED)
    unnamed = frame_text(PageFrame("Flow sheet", "1", form=True), 1, 1, PRINTED)
    assert blank.label_left.lower().startswith(BLANK_FORM)
    assert "Patient: ____" in blank.label_left  # room to write the patient in on every page
    assert BLANK_FORM not in filled.label_left.lower()
    assert BLANK_FORM not in unnamed.label_left.lower()
    assert "Patient: ____" in unnamed.label_left


def test_a_reference_print_says_it_is_not_a_patient_record() -> None:
    assert frame_text(PageFrame("Side effects", "1"), 1, 1, PRINTED).label_left == REFERENCE_LABEL


def test_patient_label_keeps_only_what_was_typed() -> None:
    assert patient_label() == ""
    assert patient_label("  ", "", " ") == ""
    assert patient_label(bed="7") == "Bed 7"


def test_paper_sizes_are_defined_once_with_a_safe_default() -> None:
    assert set(PAPER_SIZES) == {"a4", "letter"}
    assert (paper_size("a4").width_mm, paper_size("a4").height_mm) == (210.0, 297.0)
    assert paper_size("tabloid") == PAPER_SIZES["a4"]


def lines_of(height: float, line: float) -> list[Span]:
    spans = []
    top = 0.0
    while top + line <= height:
        spans.append(Span(top, top + line))
        top += line
    return spans


def test_a_row_that_would_straddle_the_page_end_moves_to_the_next_page() -> None:
    body = BodyLayout(height=250, lines=lines_of(250, 10), keeps=[Span(0, 40), Span(40, 120), Span(120, 190)])
    pages = plan_pages(body, 100)
    assert [(p.span.top, p.span.bottom) for p in pages] == [(0, 40), (40, 120), (120, 220), (220, 250)]


def test_a_heading_is_never_last_on_a_page() -> None:
    heading_with_next = Span(90, 115)  # a heading at 90..100 and the first lines after it
    body = BodyLayout(height=200, lines=lines_of(200, 5), keeps=[heading_with_next])
    assert plan_pages(body, 100)[0].span.bottom == 90


def test_forced_breaks_are_honoured() -> None:
    body = BodyLayout(height=150, lines=lines_of(150, 10), keeps=[], breaks=[30])
    assert [p.span.bottom for p in plan_pages(body, 100)] == [30, 130, 150]


def test_a_continued_table_repeats_its_heading_row() -> None:
    table, head = Span(0, 300), Span(0, 20)
    rows = [Span(20 + 20 * i, 40 + 20 * i) for i in range(14)]
    body = BodyLayout(height=300, lines=[], keeps=rows, repeats=[(table, head)])
    pages = plan_pages(body, 100)
    assert pages[0].repeat is None
    assert all(p.repeat == head for p in pages[1:])
    assert all(p.span.height + (p.repeat.height if p.repeat else 0) <= 100 for p in pages)


@st.composite
def bodies(draw: st.DrawFn) -> tuple[BodyLayout, float]:
    heights = draw(st.lists(st.floats(min_value=1, max_value=60), min_size=1, max_size=60))
    tops = [sum(heights[:i]) for i in range(len(heights))]
    units = [Span(t, t + h) for t, h in zip(tops, heights, strict=True)]
    keeps = draw(st.lists(st.sampled_from(units), max_size=10)) if units else []
    page = draw(st.floats(min_value=61, max_value=400))
    return BodyLayout(height=tops[-1] + heights[-1], lines=units, keeps=keeps), page


@given(bodies())
def test_pages_cover_the_body_in_order_never_cutting_a_line(case: tuple[BodyLayout, float]) -> None:
    body, page = case
    pages = plan_pages(body, page)
    assert pages[0].span.top == 0
    # The planner ignores slivers under its tolerance (a hair of a border): the end may fall within it.
    assert abs(pages[-1].span.bottom - body.height) <= max(0.5, page / 1000) + 1e-6
    for before, after in itertools.pairwise(pages):
        assert before.span.bottom == after.span.top
    for planned in pages:
        assert 0 < planned.span.height <= page + 1e-6
    cuts = [p.span.bottom for p in pages[:-1]]
    for span in [*body.lines, *body.keeps]:
        assert not any(span.top + 0.5 < cut < span.bottom - 0.5 for cut in cuts), (span, cuts)


def test_a_sliver_under_the_tolerance_makes_no_page_of_its_own() -> None:
    """Found by hypothesis: a body 0.5 taller than the page is one page, not a second page holding a hair."""
    body = BodyLayout(height=235.0, lines=[Span(0, 4), Span(4, 116), Span(116, 175.5), Span(175.5, 235.0)], keeps=[])
    pages = plan_pages(body, 234.5)
    assert len(pages) == 1
    assert pages[0].span.height <= 234.5
