"""``handbook course``: the course record on the command line (new, log, correct, show, list, close).

A refusal (a hard stop of the course record) is one line on stderr naming the rule, exit status 2, and
nothing written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from handbook.commands.base import EXIT_FAILED, EXIT_OK, Env, SimpleCommand, UsageError, one_line
from handbook.db.server_connection import describe, is_server_url
from handbook.db.user_store import UserDatabaseError, open_records
from handbook.dosing import Calculation, DosingNumbers, Status, WeightUnit, assess, regimen_choices
from handbook.records.courses import CourseRecords, NewCourse
from handbook.records.rules import Refusal
from handbook.records.view import STATUS_WORDS, CourseView
from handbook.ward_settings import WardSettings, load_ward_settings

OUTCOME_CHOICES = ("completed", "stopped", "transferred")


def _when(text: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%dT%H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date and time like 2026-12-01T08:00: {text!r}") from None


def _course_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a course number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a course number: {text!r}")
    return value


def _dose_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a dose number: {text!r}") from None
    if not 1 <= value <= 10_000:
        raise argparse.ArgumentTypeError(f"not a dose number: {text!r}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="course_action", metavar="ACTION", required=True, parser_class=type(parser))

    new = sub.add_parser("new", help="start a course: admission weight, first dose time, label")
    new.add_argument("--weight", required=True, help="the admission weight: the dosing basis for the whole course")
    new.add_argument("--unit", choices=[u.value for u in WeightUnit], default="kg", help="unit of --weight")
    new.add_argument("--start", required=True, type=_when, metavar="YYYY-MM-DDTHH:MM", help="first dose, local time")
    new.add_argument("--label", default="", help='the course label on every screen and page, e.g. "bed 7 / AB"')
    new.add_argument("--regimen", metavar="ID", help="regimen id in the content (default: the first)")
    new.add_argument("--confirm-unusual", action="store_true", help="confirm a weight flagged as unusual")
    new.add_argument("--by", default="", metavar="NAME", help="the nurse starting the course")
    new.add_argument(
        "--check-weight", metavar="WEIGHT", help="the second nurse's independent entry of the weight (double check)"
    )
    new.add_argument("--check-unit", choices=[u.value for u in WeightUnit], help="unit of --check-weight")
    new.add_argument("--checked-by", default="", metavar="NAME", help="the second nurse")
    new.add_argument("--name", default="", help="patient name (only when the ward allows identifiers)")
    new.add_argument("--record", default="", help="record number (only when the ward allows identifiers)")
    new.add_argument("--json", action="store_true", help="print the course as a JSON object")

    log = sub.add_parser("log", help="record a scheduled dose as given or held")
    log.add_argument("id", type=_course_id, metavar="ID")
    log.add_argument("--dose", required=True, type=_dose_number, metavar="N", help="the scheduled dose number")
    kind = log.add_mutually_exclusive_group(required=True)
    kind.add_argument("--given", dest="kind", action="store_const", const="given")
    kind.add_argument("--held", dest="kind", action="store_const", const="held")
    log.add_argument("--why", default="", help="why it was held (required with --held)")
    log.add_argument("--at", type=_when, metavar="YYYY-MM-DDTHH:MM", help="when, local time (default: now)")
    log.add_argument("--by", default="", metavar="NAME", help="the nurse who gave or held it")
    log.add_argument("--json", action="store_true", help="print the course as a JSON object")

    correct = sub.add_parser("correct", help="correct a dose's record with a new record that gives a reason")
    correct.add_argument("id", type=_course_id, metavar="ID")
    correct.add_argument("--dose", required=True, type=_dose_number, metavar="N")
    kind = correct.add_mutually_exclusive_group(required=True)
    kind.add_argument("--given", dest="kind", action="store_const", const="given")
    kind.add_argument("--held", dest="kind", action="store_const", const="held")
    kind.add_argument("--not-given", dest="kind", action="store_const", const="not_given")
    correct.add_argument("--why", required=True, help="why the record is corrected")
    correct.add_argument("--by", default="", metavar="NAME")
    correct.add_argument(
        "--at", type=_when, metavar="YYYY-MM-DDTHH:MM", help="when it really happened (default: as recorded)"
    )
    correct.add_argument("--json", action="store_true", help="print the course as a JSON object")

    show = sub.add_parser("show", help="the course: every scheduled dose, its status, who and when, and the counts")
    show.add_argument("id", type=_course_id, metavar="ID")
    show.add_argument("--json", action="store_true", help="print the course as a JSON object")

    listing = sub.add_parser("list", help="open courses, then closed ones")
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    close = sub.add_parser("close", help="close a course (completed, stopped, transferred); it becomes read-only")
    close.add_argument("id", type=_course_id, metavar="ID")
    close.add_argument("--reason", required=True)
    close.add_argument(
        "--outcome",
        choices=OUTCOME_CHOICES,
        help="default: completed when every scheduled dose has a record, otherwise stopped",
    )
    close.add_argument("--by", default="", metavar="NAME")
    close.add_argument("--json", action="store_true", help="print the course as a JSON object")


def run(args: argparse.Namespace, env: Env) -> int:
    settings = load_ward_settings()
    try:
        store = open_records(env.data_dir, settings.database_url.value)
    except UserDatabaseError as error:
        print(f"handbook course: {one_line(str(error))}", file=sys.stderr)
        return EXIT_FAILED
    except SQLAlchemyError as error:
        url = settings.database_url.value
        reason = (
            describe(error, url) if is_server_url(url) else f"the records database cannot be reached: {_reason(error)}"
        )
        print(f"handbook course: {one_line(reason)}", file=sys.stderr)
        return EXIT_FAILED
    try:
        records = CourseRecords(store, identifiers=settings.identifiers)
        return _act(args, env, records, settings)
    except Refusal as refusal:
        raise UsageError(str(refusal)) from None
    except SQLAlchemyError as error:
        url = settings.database_url.value
        reason = (
            describe(error, url)
            if is_server_url(url)
            else f"the records database failed: {_reason(error)}; nothing was saved"
        )
        print(f"handbook course: {one_line(reason)}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        store.dispose()


def _act(args: argparse.Namespace, env: Env, records: CourseRecords, settings: WardSettings) -> int:
    action = args.course_action
    if action == "list":
        courses = records.courses()
        if args.json:
            print(json.dumps([c.as_dict() for c in courses], ensure_ascii=False, indent=2))
        elif not courses:
            print("No courses.")
        else:
            for c in courses:
                nxt = f"next dose {c.next_dose}" if c.next_dose else "every dose recorded"
                print(
                    f"{c.id:>4}  {c.status.upper():<11}  {c.label}  from {c.first_dose_at:%Y-%m-%d %H:%M}  "
                    f"{c.given} given, {c.held} held of {c.scheduled}; {nxt}"
                )
        return EXIT_OK
    if action == "new":
        view = _new(args, env, records, settings)
    elif action == "log":
        view = records.record(args.id, args.dose, args.kind, at=args.at, by=args.by, why=args.why)
    elif action == "correct":
        view = records.correct(args.id, args.dose, args.kind, why=args.why, by=args.by, at=args.at)
    elif action == "close":
        outcome = args.outcome
        if outcome is None:
            current = records.get(args.id)
            outcome = "completed" if current.counts.next_dose is None else "stopped"
        view = records.close(args.id, outcome, args.reason, by=args.by)
    elif action == "show":
        view = records.get(args.id)
    else:  # argparse allows only the actions above
        raise UsageError(f"unknown action {action!r}")
    if args.json:
        print(json.dumps(view.as_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(as_text(view)))
    return EXIT_OK


def _new(args: argparse.Namespace, env: Env, records: CourseRecords, settings: WardSettings) -> CourseView:
    store = env.content()
    with store.session() as session:
        drug = store.drug(session)
        numbers = _choose(regimen_choices(drug), args.regimen)
        content_version = store.meta().get("content_version", "")
    calculation = _calculate("--weight", args.weight, args.unit, numbers, args.confirm_unusual)
    check = None
    if args.check_weight is not None:
        check = _calculate(
            "--check-weight", args.check_weight, args.check_unit or args.unit, numbers, args.confirm_unusual
        )
    elif args.checked_by:
        raise UsageError("--checked-by needs --check-weight (the second nurse's own entry of the weight)")
    return records.start(
        NewCourse(
            label=args.label,
            calculation=calculation,
            weight_entered=args.weight,
            first_dose_at=args.start,
            protocol_id=settings.protocol_id,
            content_version=content_version,
            started_by=args.by,
            check=check,
            checked_by=args.checked_by,
            patient_name=args.name,
            patient_record=args.record,
        )
    )


def _choose(choices: list[DosingNumbers], slug: str | None) -> DosingNumbers:
    if not choices:
        raise UsageError("the content has no regimen to calculate from")
    if slug is None:
        return choices[0]
    for numbers in choices:
        if numbers.regimen_slug == slug:
            return numbers
    raise UsageError(f"no regimen {slug!r}; choose one of: {', '.join(c.regimen_slug for c in choices)}")


def _calculate(option: str, text: str, unit: str, numbers: DosingNumbers, confirmed: bool) -> Calculation:
    result = assess(text, unit, numbers, confirmed=confirmed)
    if result.status is Status.invalid:
        raise UsageError(f"{option}: {result.reason}")
    if result.status is Status.needs_confirmation:
        flags = " ".join(flag.message for flag in result.flags)
        raise UsageError(f"{option}: {flags} Check it, then repeat with --confirm-unusual.")
    assert result.calculation is not None
    return result.calculation


def as_text(view: CourseView) -> list[str]:
    calc = view.calculation
    lines = [
        f"Course {view.id}: {view.title}  [{view.status.upper()}]",
        f"Regimen: {view.regimen_name}; protocol: {view.protocol_id}",
        f"Admission weight (dosing basis): {calc.get('weight', view.weight_entered)}; dose {calc.get('dose', '')}",
        _check_line(view),
        *view.counts.lines(),
    ]
    if view.closure is not None:
        lines.append(f"Closed: {view.closure.outcome}: {view.closure.reason} (by {view.closure.by or 'not named'})")
    lines += ["", f"{'Dose':>4}  {'Cycle':>5}  {'Day':>3}  Planned           Status     At                By  Why"]
    for dose in view.doses:
        latest = dose.latest
        at = f"{latest.at:%Y-%m-%d %H:%M}" if latest else ""
        by = latest.by if latest else ""
        why = latest.why if latest else ""
        mark = " (corrected)" if dose.corrected else ""
        lines.append(
            f"{dose.number:>4}  {dose.cycle:>5}  {dose.day:>3}  {dose.planned:%Y-%m-%d %H:%M}  "
            f"{STATUS_WORDS[dose.status]:<9}  {at:<16}  {by}  {why}{mark}".rstrip()
        )
    return lines


def _check_line(view: CourseView) -> str:
    check = view.double_check
    if not check:
        return "Double check: NOT RECORDED for this course"
    by = check.get("checked_by") or "not named"
    return f"Double check: {check.get('summary', '')} (second entry {check.get('weight', '')}, by {by})"


def _reason(error: SQLAlchemyError) -> str:
    original: Any = getattr(error, "orig", None)
    return one_line(str(original if original is not None else error)).split("\\n")[0]


COMMAND = SimpleCommand(
    "course",
    "the course record: start a course, log doses given or held, correct, show, list, close",
    add_arguments,
    run,
)
