"""What goes around every printed page, and where pages break: the Qt-free half of printing.

``ui.printing`` only paints. Everything a printout *says* outside its body (title, patient or course
label, "page x of y", content version, the check-against line) and the rules for where a page may
end live here, so they are defined once and testable without Qt.

How to print (every branch that prints does this)::

    from handbook.printout import PageFrame, patient_label
    from ui.printing import preview, write_pdf

    frame = PageFrame(
        title="Per-dose flow sheet",            # the form's title, printed on every page
        content_version=drug.content_version,
        label=patient_label(name, record, bed),  # or course_label(...), or any "Patient: …" text
        form=True,                                # a form for the chart (not a reference print)
        blank=False,                              # True: nothing filled in; the page says "blank form"
    )
    pages = write_pdf(html, path, frame, paper="letter")  # returns the page count; raises PrintError
    preview(parent, html, frame, paper).open()            # the print preview; Ctrl+P paths use this

What every page then carries (:func:`frame_text`): top line, "Proleukin (aldesleukin) · <title>"
left and "Page x of y" right; second line, the label left (a form without one gets write-in blanks
for patient, record and bed; a reference print says it is not part of the patient record) and
"Content <version>" right; the foot line, :data:`CHECK_AGAINST` (or the frame's ``note``) left and
the print time right. "Blank form" appears only when ``blank``.

What the painter guarantees for any HTML from ``resources/templates/print`` (templates need nothing
special; see :func:`plan_pages`):

- words are never broken inside (lines wrap at word boundaries only); a paragraph's first two lines
  and its last two stay together (no single line left at the foot or head of a page);
- a table row never splits across pages, unless the row alone is taller than a page; rows that one
  cell spans (``rowspan``) are one unit and stay on one page (a flow sheet's dose row and its "why
  held" row);
- a table of at most :data:`KEEP_TABLE_ROWS` rows (sign-off, patient boxes, result boxes) stays on
  one page, and a heading is never the last thing on a page (it moves with what follows);
- ``page-break-before: always`` and ``page-break-after: always`` are honoured;
- no text is smaller than :data:`MIN_BODY_PT` (smaller sizes in a template are raised);
- tables are laid out to the page width; a body wider than the page is scaled to fit as a last
  resort, and ``ui.printing.layout_report`` says so, so tests can insist it never happens.

Paper sizes are :data:`PAPER_SIZES` (keys for ``--paper`` and the paper pickers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DRUG_LINE = "Proleukin (aldesleukin)"
CHECK_AGAINST = "Check against the current prescribing information and local protocol."
REFERENCE_LABEL = "Reference copy: not part of the patient record"
BLANK_FORM = "blank form"
WRITE_IN = "Patient: ______________________  Record: ______________  Bed: ______"

MARGIN_MM = 14.0
MIN_BODY_PT = 9.0  # nothing on paper is smaller: tired eyes, photocopies, faxes
BODY_PT = 10.5
FRAME_PT = 9.0  # header and footer lines
KEEP_TABLE_ROWS = 6  # tables this short are never split (sign-off, patient boxes, result boxes)


@dataclass(frozen=True)
class PaperSize:
    key: str  # "a4": what --paper and the paper pickers use
    name: str  # "A4": what a nurse reads
    width_mm: float
    height_mm: float


PAPER_SIZES: dict[str, PaperSize] = {
    "a4": PaperSize("a4", "A4", 210.0, 297.0),
    "letter": PaperSize("letter", "Letter", 215.9, 279.4),
}
DEFAULT_PAPER = "a4"


def paper_size(key: str) -> PaperSize:
    """The paper for ``key``; an unknown key gets the default (A4) rather than failing a print."""
    return PAPER_SIZES.get(key, PAPER_SIZES[DEFAULT_PAPER])


@dataclass(frozen=True)
class PageFrame:
    """What is printed around the body on every page."""

    title: str  # the form's title, e.g. "Before each dose: give or hold"
    content_version: str
    label: str = ""  # "Patient: … · Record … · Bed …", or a course label; "" when none was given
    form: bool = False  # a form for the patient's chart (checklist, flow sheet), not a reference print
    blank: bool = False  # a form with nothing filled in
    note: str = CHECK_AGAINST
    drug: str = DRUG_LINE


@dataclass(frozen=True)
class FrameText:
    """The six pieces of text on one page's frame."""

    top_left: str
    top_right: str
    label_left: str
    label_right: str
    foot_left: str
    foot_right: str


def patient_label(name: str = "", record: str = "", bed: str = "") -> str:
    """ "Patient: Ann Lee · Record 123 · Bed 4" from whatever was typed; "" when nothing was."""
    parts = []
    if name.strip():
        parts.append(f"Patient: {name.strip()}")
    if record.strip():
        parts.append(f"Record {record.strip()}")
    if bed.strip():
        parts.append(f"Bed {bed.strip()}")
    return " · ".join(parts)


def course_label(patient: str, course: str) -> str:
    """A course label: the patient label and the course ("Course 1, cycle 2 …") on one line."""
    return " · ".join(part for part in (patient.strip(), course.strip()) if part)


def frame_text(frame: PageFrame, page: int, pages: int, printed: dt.datetime) -> FrameText:
    """The frame of page ``page`` (1-based) of ``pages``."""
    if frame.label:
        label = frame.label
    elif frame.form:
        label = WRITE_IN
    else:
        label = REFERENCE_LABEL
    if frame.blank:
        label = f"{BLANK_FORM.capitalize()} · {label}"
    return FrameText(
        top_left=f"{frame.drug} · {frame.title}",
        top_right=f"Page {page} of {pages}",
        label_left=label,
        label_right=f"Content {frame.content_version}",
        foot_left=frame.note,
        foot_right=f"Printed {printed:%Y-%m-%d %H:%M}",
    )


# ------------------------------------------------------------------------------------------ pages


@dataclass(frozen=True)
class Span:
    """A vertical stretch of the laid-out body, in the painter's units."""

    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class BodyLayout:
    """Where the body may and may not be cut, measured by the painter."""

    height: float
    lines: Sequence[Span]  # text lines: never cut through, whatever happens
    keeps: Sequence[Span]  # table rows, short tables, headings with what follows: cut only if nothing else fits
    breaks: Sequence[float] = ()  # forced page breaks (page-break-before/after: always)
    repeats: Sequence[tuple[Span, Span]] = ()  # (a table, its heading rows): repeated on pages it continues onto


@dataclass(frozen=True)
class Page:
    """One page: the stretch of body it shows, and the table heading repeated above it, if any."""

    span: Span
    repeat: Span | None = None


_EPS = 0.5


def _inside(cut: float, span: Span, eps: float = _EPS) -> bool:
    return span.top + eps < cut < span.bottom - eps


def _best_cut(start: float, limit: float, spans: Iterable[tuple[Span, float]]) -> float | None:
    """The lowest point at or above ``limit`` that no span crosses (each with its own tolerance),
    or None if only ``start`` is."""
    ordered = sorted(spans, key=lambda pair: pair[0].bottom)
    cut = limit
    moved = True
    while moved:
        moved = False
        for span, eps in ordered:
            if _inside(cut, span, eps):
                cut = span.top
                moved = True
    return cut if cut > start + _EPS else None


def _cut_keeping_most(start: float, limit: float, lines: Sequence[Span], keeps: Sequence[Span], eps: float) -> float:
    """The lowest cut that keeps every keep whole; if none exists, give up the largest keeps around
    this page one at a time; never cut through a line unless a line is all there is.

    Keeps are boxes (rows, tables) whose edges are borders and padding, and neighbouring boxes
    overlap by a hair (a table's bottom border and the next heading): a cut may graze them by
    ``4 * eps``; a line of text gets only ``eps``."""
    line_spans = [(line, eps) for line in lines]
    around = sorted((k for k in keeps if k.bottom > start and k.top < limit), key=lambda k: k.height, reverse=True)
    others = [(k, 4 * eps) for k in keeps if not (k.bottom > start and k.top < limit)]
    for dropped in range(len(around) + 1):
        cut = _best_cut(start, limit, [*line_spans, *others, *((k, 4 * eps) for k in around[dropped:])])
        if cut is not None:
            return cut
    return _best_cut(start, limit, line_spans) or limit


def _continued(start: float, repeats: Sequence[tuple[Span, Span]]) -> Span | None:
    """The heading rows to repeat on a page that starts at ``start`` inside a table's body."""
    for table, head in repeats:
        if head.bottom - 1 <= start < table.bottom - 1 and head.height < table.height / 2:
            return head
    return None


def plan_pages(body: BodyLayout, page_height: float) -> list[Page]:
    """Cut the body into pages of at most ``page_height``: never through a line; through a keep
    (row, short table, heading and what follows) only when the keep cannot fit on any page; at
    every forced break. A page that continues a table with heading rows repeats them on top."""
    if page_height <= 0:
        raise ValueError("page height must be positive")
    # Neighbouring boxes may overlap by a hair (a table's bottom border and the next heading's top):
    # a quarter of a millimetre on paper does not count as crossing.
    eps = max(_EPS, page_height / 1000)
    keeps = [k for k in body.keeps if k.height <= page_height]
    lines = [line for line in body.lines if line.height <= page_height]
    forced = sorted(b for b in body.breaks if eps < b < body.height - eps)
    content_bottom = max((line.bottom for line in body.lines), default=body.height)
    pages: list[Page] = []
    start = 0.0
    while body.height - start > eps:
        repeat = _continued(start, body.repeats)
        room = page_height - (repeat.height if repeat is not None else 0.0)
        limit = start + room
        pending = [b for b in forced if b > start + eps]
        if pending and pending[0] <= limit:
            end = pending[0]
        elif limit >= body.height or limit >= content_bottom + eps:  # what is left is blank margin
            end = body.height
        else:
            end = _cut_keeping_most(start, limit, lines, keeps, eps)
        pages.append(Page(Span(start, end), repeat))
        start = end
    return pages or [Page(Span(0.0, max(body.height, 0.0)))]
