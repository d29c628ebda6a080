"""``handbook give-hold``: the per-dose give/hold check from the command line, to validate the rules.

The same evaluator as the window, with the command line's reading of what is required: the values from
``--sbp`` to ``--temp-c`` are needed; a finding not given with ``--finding`` is absent; the other values are used
where the protocol has a rule for them (a rule whose value is not given is listed as skipped). Exit 0 whatever
the decision; a bad value gets one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from decimal import Decimal

from handbook.checklists.values import parse_value
from handbook.commands.base import EXIT_OK, Env, SimpleCommand, UsageError
from handbook.givehold.catalog import ProtocolError, active_protocol_id, load_catalog, load_protocol
from handbook.givehold.evaluator import Result, evaluate
from handbook.givehold.inputs import INPUT_SPECS, DoseInputs, InputError, Rhythm, check_value

# Option name (without --) → input id, in the order of ``handbook give-hold --help``.
VALUE_OPTIONS: tuple[str, ...] = (
    "sbp",
    "hr",
    "spo2",
    "o2-lpm",
    "urine-ml-8h",
    "creatinine",
    "platelets",
    "bicarbonate",
    "bilirubin",
    "temp-c",
    "sbp-target",
    "weight-gain-pct",
    "phenylephrine-max",
    "phenylephrine-now",
    "doses-held",
    "dose-number",
    "admission-weight-kg",
)
_METAVARS = {
    "sbp": "MMHG",
    "hr": "BPM",
    "spo2": "PCT",
    "o2-lpm": "L",
    "urine-ml-8h": "ML",
    "creatinine": "MG_DL",
    "platelets": "K_PER_UL",
    "bicarbonate": "MEQ_L",
    "bilirubin": "MG_DL",
    "temp-c": "C",
    "sbp-target": "MMHG",
    "weight-gain-pct": "PCT",
    "phenylephrine-max": "MCG_KG_MIN",
    "phenylephrine-now": "MCG_KG_MIN",
    "doses-held": "N",
    "dose-number": "N",
    "admission-weight-kg": "KG",
}


def _number(input_id: str) -> Callable[[str], Decimal]:
    spec = INPUT_SPECS[input_id]

    def parse(text: str) -> Decimal:
        parsed = parse_value(text)
        if parsed.number is None:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}")
        try:
            return check_value(input_id, parsed.number)
        except InputError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    parse.__name__ = spec.label
    return parse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--protocol", metavar="ID", help="a protocol id from 'handbook protocols' (default: the ward's)"
    )
    for option in VALUE_OPTIONS:
        spec = INPUT_SPECS[option]
        needed = "required" if spec.required else "used where the protocol has a rule for it"
        parser.add_argument(
            f"--{option}",
            dest=option.replace("-", "_"),
            type=_number(option),
            metavar=_METAVARS[option],
            help=f"{spec.label} in {spec.unit} ({needed})",
        )
        if option == "hr":
            parser.add_argument(
                "--rhythm",
                choices=[r.value for r in Rhythm],
                help="the rhythm (not given: no rhythm finding, read as sinus)",
            )
    parser.add_argument(
        "--finding",
        action="append",
        default=[],
        metavar="ID",
        help="a finding that is present (repeat; ids from --list-findings); one not given is absent",
    )
    parser.add_argument("--list-findings", action="store_true", help="list the finding ids and exit")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def _findings_json() -> list[dict[str, str]]:
    texts = load_catalog().form.finding_texts()
    return [{"id": key, "text": text} for key, text in texts.items()]


def run(args: argparse.Namespace, env: Env) -> int:
    try:
        if args.list_findings:
            rows = _findings_json()
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
            else:
                width = max(len(r["id"]) for r in rows)
                for row in rows:
                    print(f"{row['id']:<{width}}  {row['text']}")
            return EXIT_OK
        protocol = load_protocol(args.protocol or active_protocol_id())
        known = set(load_catalog().form.finding_ids())
    except ProtocolError as error:
        raise UsageError(str(error)) from None
    unknown = [f for f in args.finding if f not in known]
    if unknown:
        raise UsageError(f"unknown finding {unknown[0]!r} (see 'handbook give-hold --list-findings')")
    values = {
        option: getattr(args, option.replace("-", "_"))
        for option in VALUE_OPTIONS
        if getattr(args, option.replace("-", "_")) is not None
    }
    inputs = DoseInputs(
        values=values,
        rhythm=Rhythm(args.rhythm) if args.rhythm else None,
        findings=dict.fromkeys(args.finding, True),
    )
    try:
        result = evaluate(inputs, protocol)
    except InputError as error:
        raise UsageError(str(error)) from None
    if args.json:
        print(json.dumps(result_json(result), ensure_ascii=False, indent=2))
    else:
        print("\n".join(result_lines(result)))
    return EXIT_OK


def result_json(result: Result) -> dict[str, object]:
    """The result as the command line prints it: ``missing`` holds option names (``--sbp``)."""
    data = result.as_json()
    data["missing"] = [f"--{m.id}" for m in result.missing]
    return data


def result_lines(result: Result) -> list[str]:
    lines = [f"{result.icon} {result.headline}", result.meaning, f"Protocol: {result.protocol_name}"]
    if result.rules:
        lines.append("Rules met (most cautious first):")
        lines += [f"  • {rule.line()} [{', '.join(rule.cites)}]" for rule in result.rules]
    if result.missing:
        lines.append("Missing: " + ", ".join(f"--{m.id}" for m in result.missing))
    if result.skipped:
        lines.append("Not evaluated (value not given): " + ", ".join(result.skipped))
    lines.append(result.checked_sentence)
    lines.append(result.not_loaded_sentence)
    return lines


COMMAND = SimpleCommand(
    "give-hold", "the per-dose give/hold check on typed values (label rules plus one protocol)", add_arguments, run
)
