"""``handbook flowsheet --weight W --start T --output F.pdf``: the per-dose flow sheet to PDF, with no window.

The sheet comes from :func:`handbook.flow_sheet.build_flow_sheet`, the same builder the Dosing tab uses.
The weight and the first dose form one group of arguments (``source``); the course record adds its
``--course ID`` to that group and passes the recorded doses to the builder as ``records``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from handbook.commands.base import EXIT_OK, Env, SimpleCommand, UsageError
from handbook.commands.dose import choose_regimen, parse_start, require_weight
from handbook.dosing import WeightUnit, calculate, regimen_choices
from handbook.flow_sheet import FlowSheet, Product, build_flow_sheet
from handbook.schedule import ScheduleError, build_schedule


def add_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--weight", metavar="WEIGHT", help="the patient's weight, e.g. 70 or 70,5 (a blank sheet)")
    source.add_argument(
        "--course", type=int, metavar="ID", help="a course on record: rows filled with what happened, the rest blank"
    )
    parser.add_argument(
        "--unit", choices=[u.value for u in WeightUnit], default=WeightUnit.kg.value, help="unit of --weight"
    )
    parser.add_argument("--start", metavar="YYYY-MM-DDTHH:MM", help="first dose date and time (with --weight)")
    parser.add_argument("--regimen", metavar="ID", help="the regimen id in the content (default: the first)")
    parser.add_argument("--confirm-unusual", action="store_true", help="confirm a weight flagged as unusual")
    parser.add_argument("--output", required=True, type=Path, metavar="FILE.pdf", help="the PDF file to write")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size (default a4)")
    parser.add_argument("--label", default="", metavar="TEXT", help="patient or course label, on every page")


def sheet_from_weight(args: argparse.Namespace, env: Env) -> FlowSheet:
    """The sheet for a weight and a first dose: planned rows, blank for the bedside."""
    if args.start is None:
        raise UsageError("--start is needed with --weight (the first dose, e.g. 2026-12-01T08:00)")
    start = parse_start(args.start)
    assert start is not None
    weight, flags = require_weight(args.weight, args.unit, args.confirm_unusual)
    store = env.content()
    with store.session() as session:
        drug = store.drug(session)
        numbers = choose_regimen(regimen_choices(drug), args.regimen)
        product = Product.of(drug)
    try:
        doses = build_schedule(start, numbers.interval_hours.value, numbers.cycles, numbers.max_doses_per_course)
    except ScheduleError as error:
        raise UsageError(f"cannot build the schedule: {error}") from None
    return build_flow_sheet(calculate(weight, numbers, flags), doses, product=product, label=args.label)


def sheet_from_course(args: argparse.Namespace, env: Env) -> FlowSheet:
    """The sheet of a course on record, with its label on every page."""
    from sqlalchemy.exc import SQLAlchemyError

    from handbook.db.user_store import UserDatabaseError, open_records
    from handbook.records.courses import CourseRecords
    from handbook.records.flow_sheet import course_flow_sheet
    from handbook.records.rules import Refusal
    from handbook.ward_settings import load_ward_settings

    try:
        records = open_records(env.data_dir, load_ward_settings().database_url.value)
    except (UserDatabaseError, SQLAlchemyError) as error:
        raise UsageError(f"the records database cannot be opened: {error}") from None
    try:
        course = CourseRecords(records).get(args.course)
    except Refusal as refusal:
        raise UsageError(str(refusal)) from None
    finally:
        records.dispose()
    store = env.content()
    with store.session() as session:
        drug = store.drug(session)
        numbers = choose_regimen(regimen_choices(drug), course.regimen_slug)
        product = Product.of(drug)
    try:
        return course_flow_sheet(course, numbers, product)
    except Refusal as refusal:
        raise UsageError(str(refusal)) from None


def write_sheet(sheet: FlowSheet, output: Path, paper: str) -> int:
    """Lay the sheet out on pages (Qt, offscreen) and write the PDF; returns the page count."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.app import make_application
    from ui.printing import PrintError, write_pdf

    make_application()
    try:
        return write_pdf(sheet.html, output, sheet.frame, paper=paper)
    except PrintError as error:
        raise UsageError(str(error)) from None


def run(args: argparse.Namespace, env: Env) -> int:
    output: Path = args.output
    if output.suffix.lower() != ".pdf":
        raise UsageError(f"the output must be a .pdf file: {output}")
    sheet = sheet_from_course(args, env) if args.course is not None else sheet_from_weight(args, env)
    pages = write_sheet(sheet, output, args.paper)
    refused = " · no bag and no pump rate: ask pharmacy" if sheet.context["calc"].refused else ""
    print(f"{output} ({pages} page{'s' if pages != 1 else ''}, {args.paper}){refused}")
    return EXIT_OK


COMMAND = SimpleCommand("flowsheet", "print the per-dose flow sheet to a PDF file", add_arguments, run)
