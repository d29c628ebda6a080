"""``handbook print ID --output FILE.pdf``: a blank (or patient-headed) checklist to PDF, with no window."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from handbook.checklists.printing import TEACHING_ID
from handbook.checklists.progress import PatientDetails
from handbook.checklists.spec import checklists_of
from handbook.commands.base import EXIT_OK, Env, SimpleCommand, UsageError
from handbook.givehold.record import DOSE_CHECK_SLUG
from handbook.printout import DEFAULT_PAPER, PAPER_SIZES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "id", help=f"a checklist id from 'handbook checklists', or '{TEACHING_ID}' for the patient teaching handout"
    )
    parser.add_argument("--output", required=True, type=Path, metavar="FILE.pdf", help="the PDF file to write")
    parser.add_argument(
        "--paper", choices=tuple(PAPER_SIZES), default=DEFAULT_PAPER, help=f"paper size (default {DEFAULT_PAPER})"
    )
    parser.add_argument("--patient", default="", metavar="TEXT", help="patient name for the header")
    parser.add_argument("--record", default="", metavar="TEXT", help="patient record number for the header")
    parser.add_argument("--bed", default="", metavar="TEXT", help="bed for the header")


def run(args: argparse.Namespace, env: Env) -> int:
    output: Path = args.output
    if output.suffix.lower() != ".pdf":
        raise UsageError(f"the output must be a .pdf file: {output}")
    # Printing needs a Qt application but no screen: offscreen unless the caller chose a platform.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.app import make_application
    from ui.checklists.printouts import checklist_printout, teaching_printout
    from ui.printing import PrintError, write_pdf

    make_application()
    patient = PatientDetails(args.patient, args.record, args.bed)
    if args.id == DOSE_CHECK_SLUG:
        return _print_dose_check(args, output, patient)
    store = env.content()
    with store.session() as session:
        drug = store.drug(session)
        if args.id == TEACHING_ID:
            printout = teaching_printout(drug, patient)
        else:
            by_id = {c.slug: c for c in checklists_of(drug)}
            if args.id not in by_id:
                known = ", ".join([DOSE_CHECK_SLUG, *by_id, TEACHING_ID])
                raise UsageError(f"unknown checklist {args.id!r} (known: {known})")
            printout = checklist_printout(by_id[args.id], None, patient)
    try:
        pages = write_pdf(printout.html, output, printout.frame, paper=args.paper)
    except PrintError as error:
        raise UsageError(str(error)) from None
    print(f"{output} ({pages} page{'s' if pages != 1 else ''}, {args.paper})")
    return EXIT_OK


def _print_dose_check(args: argparse.Namespace, output: Path, patient: PatientDetails) -> int:
    """The blank per-dose form for the ward's protocol (the label, when given, goes on every page)."""
    from handbook.givehold.catalog import ProtocolError, active_protocol, load_catalog
    from handbook.givehold.printing import DoseSheet, dose_check_html, page_title
    from ui.printing import PageFrame, PrintError, write_pdf

    try:
        protocol = active_protocol()
    except ProtocolError as error:
        raise UsageError(str(error)) from None
    label = " · ".join(part for part in (patient.name, patient.record, patient.bed) if part.strip())
    sheet = DoseSheet(label=label)
    title = page_title(sheet, "", True)
    try:
        frame = PageFrame(title, load_catalog().content_version, label=label, form=True, blank=True)
        pages = write_pdf(dose_check_html(protocol, sheet=sheet), output, frame, paper=args.paper)
    except PrintError as error:
        raise UsageError(str(error)) from None
    print(f"{output} ({pages} page{'s' if pages != 1 else ''}, {args.paper})")
    return EXIT_OK


COMMAND = SimpleCommand(
    "print", "print a blank checklist (or the patient teaching handout) to a PDF file", add_arguments, run
)
