"""``handbook print ID --output FILE.pdf``: a blank (or patient-headed) checklist to PDF, with no window."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from handbook.checklists.printing import TEACHING_ID
from handbook.checklists.progress import PatientDetails
from handbook.checklists.spec import checklists_of
from handbook.cli import EXIT_OK, Env, SimpleCommand, UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "id", help=f"a checklist id from 'handbook checklists', or '{TEACHING_ID}' for the patient teaching handout"
    )
    parser.add_argument("--output", required=True, type=Path, metavar="FILE.pdf", help="the PDF file to write")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size (default a4)")
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
    store = env.content()
    with store.session() as session:
        drug = store.drug(session)
        if args.id == TEACHING_ID:
            printout = teaching_printout(drug, patient)
        else:
            by_id = {c.slug: c for c in checklists_of(drug)}
            if args.id not in by_id:
                known = ", ".join([*by_id, TEACHING_ID])
                raise UsageError(f"unknown checklist {args.id!r} (known: {known})")
            printout = checklist_printout(by_id[args.id], None, patient)
    try:
        pages = write_pdf(printout.html, output, printout.frame, paper=args.paper)
    except PrintError as error:
        raise UsageError(str(error)) from None
    print(f"{output} ({pages} page{'s' if pages != 1 else ''}, {args.paper})")
    return EXIT_OK


COMMAND = SimpleCommand(
    "print", "print a blank checklist (or the patient teaching handout) to a PDF file", add_arguments, run
)
