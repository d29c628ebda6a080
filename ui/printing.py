"""Painting printouts: HTML through QTextDocument onto QPrinter pages, with the frame on every page.

What a printout says around its body and where its pages may break is decided in
:mod:`handbook.printout` (read its docstring for the API every branch uses: ``PageFrame``,
``patient_label``, ``PAPER_SIZES``). This module only measures the laid-out HTML, asks
:func:`handbook.printout.plan_pages` where to cut, and paints:

- :func:`write_pdf` ``(html, path, frame, paper)`` writes a PDF and returns the page count;
- :func:`preview` ``(parent, html, frame, paper)`` returns a print preview dialog (caller opens it);
- :func:`paint` ``(html, printer, frame)`` paints onto any printer (the preview's, a real one);
- :func:`write_pdf_report` is :func:`write_pdf` returning the :class:`LayoutReport` of what it wrote;
- :func:`layout_report` ``(html, paper)`` tells tests where the pages break, what was kept together,
  the smallest type size and whether the body had to be scaled to fit the width.

The HTML comes from the autoescaped jinja templates in ``resources/templates/print``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextOption,
    QTextTable,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from handbook.paths import resources_dir
from handbook.printout import (
    BODY_PT,
    FRAME_PT,
    KEEP_TABLE_ROWS,
    MARGIN_MM,
    MIN_BODY_PT,
    BodyLayout,
    Page,
    PageFrame,
    Span,
    frame_text,
    paper_size,
    plan_pages,
)

__all__ = ["PageFrame", "PrintError", "layout_report", "make_printer", "paint", "preview", "write_pdf"]


FOOT_LINES = 2.3  # the foot: its text line, the rule above it, and a gap between it and the body


class PrintError(Exception):
    """The document could not be written (e.g. the folder cannot be written)."""


def print_css() -> str:
    return (resources_dir() / "styles" / "print.css").read_text(encoding="utf-8")


def make_printer(paper: str = "a4", pdf_path: Path | None = None) -> QPrinter:
    size = paper_size(paper)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QSizeF(size.width_mm, size.height_mm), QPageSize.Unit.Millimeter, size.name),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    if pdf_path is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf_path))
    return printer


def _raise_small_type(document: QTextDocument) -> None:
    """Raise every run of text below the minimum size to it."""
    small: list[tuple[int, int]] = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            size = fragment.charFormat().fontPointSize() or document.defaultFont().pointSizeF()
            if size < MIN_BODY_PT:
                small.append((fragment.position(), fragment.length()))
            it += 1
        block = block.next()
    # Changed only after the walk: merging a format splits fragments under a live iterator.
    bigger = QTextCharFormat()
    bigger.setFontPointSize(MIN_BODY_PT)
    cursor = QTextCursor(document)
    for position, length in small:
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(bigger)


def build_document(html: str) -> QTextDocument:
    document = QTextDocument()
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(BODY_PT)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(print_css())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)  # never "commo/n": a line may end only between words
    document.setDefaultTextOption(option)
    document.setHtml(html)
    _raise_small_type(document)
    document.setDocumentMargin(0)
    return document


# ---------------------------------------------------------------------------------- measuring


def _top_table(block: QTextBlock, root: QTextFrame) -> QTextTable | None:
    """The outermost table that holds ``block``, or None for a block in the body."""
    frame = QTextCursor(block).currentFrame()
    table: QTextTable | None = None
    while frame is not None and frame != root:
        if isinstance(frame, QTextTable):
            table = frame
        frame = frame.parentFrame()
    return table


@dataclass
class _Unit:
    """A line of body text or a row of a top-level table, in reading order."""

    span: Span
    heading: bool = False
    table_head: bool = False  # the first row of a table of several rows (its column headings)


def _table_rim(table: QTextTable, px: float) -> float:
    """How far a table's border, spacing, padding and cell border reach beyond its text, above its first
    row and below its last, in the layout's units (``px``: layout units per CSS pixel)."""
    table_format = table.format()
    cell = table.cellAt(0, 0).format().toTableCellFormat()
    cell_padding = max(table_format.cellPadding(), cell.topPadding())
    return (
        table_format.border() + table_format.padding() + table_format.cellSpacing() + cell_padding + cell.topBorder()
    ) * px


def measure(document: QTextDocument) -> BodyLayout:
    """Where ``document`` (laid out to its text width, unpaginated) may be cut."""
    layout = document.documentLayout()
    device = layout.paintDevice()
    px = device.logicalDpiY() / 96 if device is not None else 1.0  # CSS pixels are 1/96 inch
    root = document.rootFrame()
    lines: list[Span] = []
    keeps: list[Span] = []
    units: list[_Unit] = []
    breaks: list[float] = []
    rows: dict[int, dict[int, list[float]]] = {}  # table id -> row -> [top, bottom] of its one-row cells' text
    spanning: dict[int, dict[int, list[float]]] = {}  # the same for cells that span several rows
    groups: dict[int, set[tuple[int, int]]] = {}  # table id -> (first, last) rows that one cell spans
    tables: dict[int, QTextTable] = {}
    first_unit_of_table: dict[int, int] = {}
    block = document.begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        text_layout = block.layout()
        # An empty block (Qt puts one after every table) has nothing to cut through, and its box
        # overlaps the next table's top margin.
        block_lines = (
            [
                Span(rect.top() + line.y(), rect.top() + line.y() + line.height())
                for line in (text_layout.lineAt(i) for i in range(text_layout.lineCount()))
            ]
            if block.text().strip()
            else []
        )
        lines.extend(block_lines)
        policy = block.blockFormat().pageBreakPolicy()
        table = _top_table(block, root)
        if table is None:
            if policy & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
                breaks.append(rect.top())
            if policy & QTextFormat.PageBreakFlag.PageBreak_AlwaysAfter:
                breaks.append(rect.bottom())
            heading = block.blockFormat().headingLevel() > 0
            units.extend(_Unit(span, heading=heading) for span in block_lines)
            # No line of a paragraph alone at the foot or the head of a page ("orders]" atop a page):
            # its first two lines stay together, and its last two.
            if len(block_lines) >= 2:
                keeps.append(Span(block_lines[0].top, block_lines[1].bottom))
                keeps.append(Span(block_lines[-2].top, block_lines[-1].bottom))
        else:
            key = id(table)
            if key not in tables:
                tables[key] = table
                rows[key], spanning[key], groups[key] = {}, {}, set()
                first_unit_of_table[key] = len(units)
                units.append(_Unit(Span(0, 0)))  # placeholder: the table's rows go here
                table_policy = table.format().pageBreakPolicy()
                table_rect = layout.frameBoundingRect(table)
                if table_policy & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
                    breaks.append(table_rect.top())
                if table_policy & QTextFormat.PageBreakFlag.PageBreak_AlwaysAfter:
                    breaks.append(table_rect.bottom())
            cell = table.cellAt(block.position())
            row = cell.row()
            # A cell that spans rows (a flow sheet's dose number over the dose's row and its "why held"
            # row) ties them into one unit; its text does not say where its first row ends.
            if cell.rowSpan() > 1:
                groups[key].add((row, row + cell.rowSpan() - 1))
            # The lines, not the block's box: a line's leading can reach below the box.
            top = min([rect.top(), *(line.top for line in block_lines)])
            bottom = max([rect.bottom(), *(line.bottom for line in block_lines)])
            extent = (spanning if cell.rowSpan() > 1 else rows)[key].setdefault(row, [top, bottom])
            extent[0] = min(extent[0], top)
            extent[1] = max(extent[1], bottom)
        block = block.next()

    repeats: list[tuple[Span, Span]] = []
    # Replace each table's placeholder with its rows (in reverse so the indexes stay right).
    for key in sorted(tables, key=lambda k: first_unit_of_table[k], reverse=True):
        table = tables[key]
        # Qt's frame rectangle of a table starts at its first line of text, not at its border, and ends
        # past it: the table reaches from its first text less the border and padding above it to its
        # last text plus those below (a cut at the rectangle's top left the border at the foot of the
        # page before).
        rim = _table_rim(table, px)
        for row, extent in spanning[key].items():  # a row started only by spanning cells
            rows[key].setdefault(row, extent)
        ordered = sorted(rows[key].items())
        edges = [ordered[0][1][0] - rim]
        for (_, (_, bottom)), (_, (next_top, _)) in itertools.pairwise(ordered):
            edges.append(max(edges[-1], (bottom + next_top) / 2))
        edges.append(max(ordered[-1][1][1] + rim, edges[-1]))
        row_spans = [Span(edges[i], edges[i + 1]) for i in range(len(ordered))]
        keeps.extend(row_spans)
        numbers = [row for row, _ in ordered]
        for first, last in groups[key]:
            inside = [i for i, row in enumerate(numbers) if first <= row <= last]
            if len(inside) > 1:
                keeps.append(Span(row_spans[inside[0]].top, row_spans[inside[-1]].bottom))
        if len(row_spans) <= KEEP_TABLE_ROWS:
            keeps.append(Span(edges[0], edges[-1]))
        heading_rows = min(table.format().headerRowCount(), len(row_spans) - 1)
        if heading_rows > 0:
            # The table ends for this purpose where its last row's text ends: a page that starts in the
            # table's bottom border and margin (at the next heading) continues nothing.
            repeats.append(
                (
                    Span(edges[0], ordered[-1][1][1]),
                    Span(row_spans[0].top, row_spans[heading_rows - 1].bottom),
                )
            )
        at = first_unit_of_table[key]
        units[at : at + 1] = [
            _Unit(span, table_head=(i == 0 and len(row_spans) > 1)) for i, span in enumerate(row_spans)
        ]

    # A heading keeps company with the next two units of content (a table's heading row not counted).
    for index, unit in enumerate(units):
        if not unit.heading:
            continue
        bottom = unit.span.bottom
        counted = 0
        for later in units[index + 1 :]:
            bottom = max(bottom, later.span.bottom)
            if not later.heading and not later.table_head:
                counted += 1
            if counted == 2:
                break
        keeps.append(Span(unit.span.top, bottom))
    return BodyLayout(height=document.size().height(), lines=lines, keeps=keeps, breaks=breaks, repeats=repeats)


@dataclass(frozen=True)
class LayoutReport:
    """How a body was laid out on a paper size (for tests and the page count)."""

    pages: list[Page]
    body: BodyLayout
    page_height: float
    smallest_point_size: float
    scale: float  # 1.0 unless the body was wider than the page and had to be shrunk
    broken_words: list[str]  # "commo/n": a line that ends inside a word (none, with word wrapping)

    def split_keeps(self) -> list[Span]:
        """Keeps (rows, short tables, headings with what follows) that fit on a page but that a page
        break cuts through."""
        cuts = [page.span.bottom for page in self.pages[:-1]]
        eps = 4 * self.page_height / 1000  # as plan_pages: grazing a box's border is not a split
        return [
            k
            for k in self.body.keeps
            if k.height <= self.page_height and any(k.top + eps < cut < k.bottom - eps for cut in cuts)
        ]


@dataclass
class _Laid:
    document: QTextDocument
    report: LayoutReport
    band: float
    page_rect: QRectF


def _lay_out(html: str, printer: QPrinter) -> _Laid:
    document = build_document(html)
    document.documentLayout().setPaintDevice(printer)
    # _raise_small_type measured before layout; measure again for the report.
    smallest = _smallest_point_size(document)
    page = printer.pageLayout().paintRectPixels(printer.resolution())
    small = QFont(document.defaultFont())
    small.setPointSizeF(FRAME_PT)
    metrics = QFontMetricsF(small, printer)
    band = metrics.height() * 2.6
    # The foot line sits 1.3 lines above the page's end; the body stops a line above it, so the last
    # row's border never runs into the foot rule.
    body_height = page.height() - band - metrics.height() * FOOT_LINES
    document.setTextWidth(page.width())
    scale = 1.0
    width = document.size().width()
    if width > page.width() * 1.005:  # a table's outer border a hair past the margin is not worth shrinking for
        scale = page.width() / width
    body = measure(document)
    pages = plan_pages(body, body_height / scale)
    report = LayoutReport(pages, body, body_height / scale, smallest, scale, _broken_words(document))
    return _Laid(document, report, band, QRectF(0, 0, page.width(), page.height()))


def _broken_words(document: QTextDocument) -> list[str]:
    """Every place where a line ends and the next begins inside one word, as "before/after"."""
    broken = []
    block = document.begin()
    while block.isValid():
        text, layout = block.text(), block.layout()
        for index in range(layout.lineCount() - 1):
            end = layout.lineAt(index).textStart() + layout.lineAt(index).textLength()
            if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
                broken.append(f"{text[max(0, end - 12) : end]}/{text[end : end + 12]}")
        block = block.next()
    return broken


def _smallest_point_size(document: QTextDocument) -> float:
    smallest = float("inf")
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.text().strip():
                smallest = min(smallest, fragment.charFormat().fontPointSize() or document.defaultFont().pointSizeF())
            it += 1
        block = block.next()
    return smallest


def layout_report(html: str, paper: str = "a4") -> LayoutReport:
    """Where ``html`` breaks into pages on ``paper``, without painting."""
    return _lay_out(html, make_printer(paper)).report


def paint(html: str, printer: QPrinter, frame: PageFrame) -> int:
    """Lay ``html`` out on the printer's pages with the frame; returns the number of pages."""
    return len(_paint(_lay_out(html, printer), printer, frame).pages)


def _paint(laid: _Laid, printer: QPrinter, frame: PageFrame) -> LayoutReport:
    document, page, band = laid.document, laid.page_rect, laid.band
    pages = laid.report.pages
    scale = laid.report.scale
    small = QFont(document.defaultFont())
    small.setPointSizeF(FRAME_PT)
    metrics = QFontMetricsF(small, printer)
    line = metrics.height()
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("the printer or PDF file could not be opened for writing")
    try:
        printed = dt.datetime.now()
        for index, planned in enumerate(pages):
            if index:
                printer.newPage()
            text = frame_text(frame, index + 1, len(pages), printed)
            bold = QFont(small)
            bold.setBold(True)
            _draw_pair(painter, bold, QRectF(0, 0, page.width(), line), text.top_left, text.top_right)
            _draw_pair(painter, small, QRectF(0, line * 1.1, page.width(), line), text.label_left, text.label_right)
            painter.drawLine(0, int(band * 0.92), int(page.width()), int(band * 0.92))
            top = band
            for span in (planned.repeat, planned.span):
                if span is None:
                    continue
                painter.save()
                painter.translate(0, top)
                painter.scale(scale, scale)
                painter.translate(0, -span.top)
                # Clip a hair inside the stretch: a line that starts exactly at the cut belongs to the
                # next page, and drawing it clipped here would put its text into this page of the PDF.
                document.drawContents(painter, QRectF(0, span.top + 0.5, page.width() / scale, span.height - 1))
                painter.restore()
                top += span.height * scale
            foot_top = page.height() - line
            painter.drawLine(0, int(foot_top - line * 0.3), int(page.width()), int(foot_top - line * 0.3))
            _draw_pair(painter, small, QRectF(0, foot_top, page.width(), line), text.foot_left, text.foot_right)
    finally:
        painter.end()
    return laid.report


def _draw_pair(painter: QPainter, font: QFont, rect: QRectF, left: str, right: str) -> None:
    """``left`` and ``right`` on one line; the left one is shortened with … if both cannot fit."""
    painter.setFont(font)
    metrics = QFontMetricsF(font, painter.device())
    right_width = metrics.horizontalAdvance(right)
    room = rect.width() - right_width - metrics.horizontalAdvance("    ")
    left = metrics.elidedText(left, Qt.TextElideMode.ElideRight, room)
    painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, left)
    painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)


def write_pdf(html: str, path: Path, frame: PageFrame, paper: str = "a4") -> int:
    """Write ``html`` to a PDF file; raises :class:`PrintError` when it cannot be written."""
    return len(write_pdf_report(html, path, frame, paper).pages)


def write_pdf_report(html: str, path: Path, frame: PageFrame, paper: str = "a4") -> LayoutReport:
    """:func:`write_pdf`, returning how the body was laid out on the pages written (tests read both)."""
    path = Path(path)
    if path.is_dir():
        raise PrintError(f"{path} is a folder, not a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "ab"):
            pass
    except OSError as error:
        raise PrintError(f"cannot write {path}: {error.strerror or error}") from None
    printer = make_printer(paper, path)
    report = _paint(_lay_out(html, printer), printer, frame)
    if not path.exists() or path.stat().st_size == 0:
        raise PrintError(f"nothing was written to {path}")
    return report


class _PreviewDialog(QPrintPreviewDialog):
    """A preview that keeps its printer: Qt does not own it, and a freed printer crashes the preview."""

    def __init__(self, printer: QPrinter, parent: QWidget | None) -> None:
        super().__init__(printer, parent)
        self.printer_ = printer


def preview(parent: QWidget | None, html: str, frame: PageFrame, paper: str = "a4") -> QPrintPreviewDialog:
    """A print preview dialog for ``html``; the caller shows it (``exec`` or ``open``)."""
    printer = make_printer(paper)
    dialog = _PreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print preview: {frame.title}")
    dialog.paintRequested.connect(lambda target: paint(html, target, frame))
    return dialog
