"""Printing: each checklist and the dosing flow sheet to PDF through ``ui.printing.write_pdf``.

The handbook's figure is what a nurse waits for: the print HTML rendered from its template, laid out
with the page frame and written to a PDF file. The floor is a bare ``QTextDocument.print_`` of the same
HTML to a PDF ``QPrinter``. Both are timed alternately in this process, the median of a few runs each.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget

from benchmarks.budget import PDF_MS, Row, Target
from benchmarks.stats import median
from handbook.checklists.spec import checklists_of
from handbook.db.content_store import open_content
from ui.app import make_application
from ui.checklists.printouts import checklist_printout
from ui.printing import PageFrame, write_pdf
from ui.tabs.dosing_tab import DosingTab

FLOW_SHEET_WEIGHT_KG = "70"


@dataclass(frozen=True)
class Printable:
    name: str
    render: Callable[[], tuple[str, PageFrame]]  # the HTML (from its template) and the page frame


def bare_pdf(html: str, path: Path) -> None:
    """The floor: Qt's own HTML-to-PDF, no frame, no style sheet."""
    document = QTextDocument()
    document.setHtml(html)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    document.print_(printer)


def time_printable(item: Printable, runs: int, folder: Path) -> Row:
    app_ms: list[float] = []
    bare_ms: list[float] = []
    for run in range(runs + 1):  # the first run of each warms fonts and templates and is not counted
        start = time.perf_counter()
        html, frame = item.render()
        write_pdf(html, folder / f"app-{run}.pdf", frame)
        middle = time.perf_counter()
        bare_pdf(html, folder / f"bare-{run}.pdf")
        end = time.perf_counter()
        if run:
            app_ms.append((middle - start) * 1000)
            bare_ms.append((end - middle) * 1000)
    return Row(
        f"PDF: {item.name} (median of {runs})",
        median(app_ms),
        "ms",
        baseline=median(bare_ms),
        baseline_name="QTextDocument.print_",
        target=Target(PDF_MS),
    )


@contextmanager
def printables(data_dir: Path) -> Iterator[list[Printable]]:
    """Every checklist in the content (blank, as printed for the chart) and a 70 kg flow sheet."""
    make_application()
    store = open_content(data_dir)
    session = store.session()
    host = QWidget()
    try:
        drug = store.drug(session)
        items = [Printable("checklist dose-check (blank, one page)", _dose_check)]
        items += [
            Printable(f"checklist {spec.slug}", lambda spec=spec: _checklist(spec)) for spec in checklists_of(drug)
        ]
        tab = DosingTab(drug, lambda _ids: "", host)
        tab.weight_edit.setText(FLOW_SHEET_WEIGHT_KG)
        if tab.calculation is None:
            raise RuntimeError(f"the dosing tab gives no dose for {FLOW_SHEET_WEIGHT_KG} kg")
        items.append(Printable("dosing flow sheet", lambda: (tab.flow_sheet_html(), tab.page_frame())))
        yield items
    finally:
        host.deleteLater()
        session.close()
        store.dispose()
        QApplication.processEvents()


def _dose_check() -> tuple[str, PageFrame]:
    from handbook.givehold.catalog import active_protocol, load_catalog
    from handbook.givehold.printing import DoseSheet, dose_check_html, page_title

    return dose_check_html(active_protocol()), PageFrame(
        page_title(DoseSheet(), "", True), load_catalog().content_version
    )


def _checklist(spec: object) -> tuple[str, PageFrame]:
    printout = checklist_printout(spec)  # type: ignore[arg-type]
    return printout.html, printout.frame


def printing_rows(runs: int) -> list[Row]:
    with (
        tempfile.TemporaryDirectory(prefix="handbook-bench-print-") as folder,
        printables(Path(folder) / "data") as items,
    ):
        return [time_printable(item, runs, Path(folder)) for item in items]
