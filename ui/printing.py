"""Printing through QTextDocument and QPrinter: a header and "page x of y" on every page, to paper or PDF.

The HTML comes from the jinja templates in ``resources/templates/print`` (autoescaped); this module
only lays it out on pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from handbook.paths import resources_dir

PAPER_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
BODY_POINT_SIZE = 10.5
MARGIN_MM = 14.0


class PrintError(Exception):
    """The document could not be written (e.g. the folder cannot be written)."""


@dataclass(frozen=True)
class PageFrame:
    """What is printed around the body on every page."""

    title: str  # e.g. "Before each dose: give or hold"
    content_version: str
    note: str = "Check against the current prescribing information and local protocol."


def print_css() -> str:
    return (resources_dir() / "styles" / "print.css").read_text(encoding="utf-8")


def make_printer(paper: str = "a4", pdf_path: Path | None = None) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(PAPER_SIZES.get(paper, QPageSize.PageSizeId.A4)),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    if pdf_path is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf_path))
    return printer


def build_document(html: str) -> QTextDocument:
    document = QTextDocument()
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(BODY_POINT_SIZE)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(print_css())
    document.setHtml(html)
    return document


def paint(html: str, printer: QPrinter, frame: PageFrame) -> int:
    """Lay ``html`` out on the printer's pages with the frame; returns the number of pages."""
    document = build_document(html)
    document.documentLayout().setPaintDevice(printer)
    document.setDocumentMargin(0)
    page = printer.pageLayout().paintRectPixels(printer.resolution())
    small = QFont(document.defaultFont())
    small.setPointSizeF(8.5)
    metrics = QFontMetricsF(small, printer)
    band = metrics.height() * 2.2
    body = QRectF(0, 0, page.width(), page.height() - 2 * band)
    document.setPageSize(QSizeF(body.width(), body.height()))
    pages = max(1, document.pageCount())
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("the printer or PDF file could not be opened for writing")
    try:
        printed = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        for index in range(pages):
            if index:
                printer.newPage()
            painter.setFont(small)
            header = QRectF(0, 0, page.width(), band * 0.8)
            painter.drawText(
                header,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"Proleukin (aldesleukin) · {frame.title}",
            )
            painter.drawText(
                header,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"Content {frame.content_version} · Page {index + 1} of {pages}",
            )
            painter.drawLine(0, int(band * 0.85), int(page.width()), int(band * 0.85))
            painter.save()
            painter.translate(0, band - index * body.height())
            # Stop a hair short of the page end: a line starting exactly there belongs to the next
            # page, and drawing it clipped here would put its text into this page of the PDF too.
            document.drawContents(painter, QRectF(0, index * body.height(), body.width(), body.height() - 1))
            painter.restore()
            painter.setFont(small)
            footer = QRectF(0, page.height() - band * 0.8, page.width(), band * 0.8)
            painter.drawLine(0, int(page.height() - band * 0.85), int(page.width()), int(page.height() - band * 0.85))
            painter.drawText(footer, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, frame.note)
            painter.drawText(footer, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"Printed {printed}")
    finally:
        painter.end()
    return pages


def write_pdf(html: str, path: Path, frame: PageFrame, paper: str = "a4") -> int:
    """Write ``html`` to a PDF file; raises :class:`PrintError` when it cannot be written."""
    path = Path(path)
    if path.is_dir():
        raise PrintError(f"{path} is a folder, not a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "ab"):
            pass
    except OSError as error:
        raise PrintError(f"cannot write {path}: {error.strerror or error}") from None
    pages = paint(html, make_printer(paper, path), frame)
    if not path.exists() or path.stat().st_size == 0:
        raise PrintError(f"nothing was written to {path}")
    return pages


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
