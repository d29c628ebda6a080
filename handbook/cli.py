"""The command line: for IT staff, ward printing and scripting.

Commands that need no window live here and never import Qt, so ``handbook check`` or
``handbook search`` start fast. Commands that need Qt (the window, screenshots, PDF printing) are
handed in by ``ui.launcher``. Bad arguments give one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from handbook import __version__
from handbook.commands.base import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    Command,
    Env,
    SimpleCommand,
    UsageError,
    one_line,
)
from handbook.commands.registry import EXTRA_COMMANDS
from handbook.content.files import ContentError
from handbook.paths import data_dir

# The command types live in handbook.commands.base (import them from there); they are re-exported here
# for scripts and tests.
__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "Command",
    "Env",
    "SimpleCommand",
    "UsageError",
    "build_parser",
    "main",
    "one_line",
]

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


# ---------------------------------------------------------------- check


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def _check(args: argparse.Namespace, env: Env) -> int:
    from handbook.health import health_report

    report = health_report(env.data_dir)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        for line in report.lines():
            print(line)
    return EXIT_OK if report.healthy else EXIT_FAILED


# ---------------------------------------------------------------- search


def _search_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="+", help="the words to look for")
    parser.add_argument("--json", action="store_true", help="print a JSON array of hits ([] when none)")
    parser.add_argument("--limit", type=_positive_int, default=20, help="at most this many hits (default 20)")


def _search(args: argparse.Namespace, env: Env) -> int:
    from handbook.db.search_index import search

    store = env.content()
    with store.session() as session:
        hits = search(session, " ".join(args.text), limit=args.limit)
    if args.json:
        print(json.dumps([hit.as_dict() for hit in hits], ensure_ascii=False, indent=2))
    elif not hits:
        print("No matches.")
    else:
        for hit in hits:
            note = f" ({hit.match_note})" if hit.match_note else ""
            print(f"{hit.where} › {hit.title}{note}\n    {hit.snippet}")
    return EXIT_OK


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 1 <= number <= 1000:
        raise argparse.ArgumentTypeError(f"must be between 1 and 1000: {value!r}")
    return number


CORE_COMMANDS: list[Command] = [
    SimpleCommand(
        "check", "verify the content and user databases; exit 0 when healthy, 1 when not", _check_arguments, _check
    ),
    SimpleCommand("search", "search all content and print the hits", _search_arguments, _search),
]


def _core_commands() -> list[Command]:
    """The commands defined here and the Qt-free ones registered in their own modules."""
    return [*CORE_COMMANDS, *EXTRA_COMMANDS]


def build_parser(commands: Sequence[Command], argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the commands named in it get their arguments (the others are
    listed by ``--help`` but their modules are not imported)."""
    parser = _Parser(
        prog="handbook", description="Proleukin (aldesleukin) nursing handbook. With no command, opens the window."
    )
    parser.add_argument("--version", action="version", version=f"handbook {__version__}")
    parser.add_argument(
        "--screenshot", metavar="DIR", type=Path, help="render each tab offscreen to a PNG in DIR, then exit"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    named = set(argv) if argv is not None else None
    for command in commands:
        subparser = sub.add_parser(command.name, help=command.help, description=command.help)
        if named is None or command.name in named:
            command.add_arguments(subparser)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    gui_commands: Sequence[Command] = (),
    open_window: Callable[[argparse.Namespace], int] | None = None,
) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    commands = [*_core_commands(), *gui_commands]
    by_name = {command.name: command for command in commands}
    try:
        args = build_parser(commands, argv).parse_args(argv)
    except UsageError as error:
        print(f"handbook: {one_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    if args.command is None:
        if open_window is None:
            print("handbook: the window is not available in this mode", file=sys.stderr)
            return EXIT_USAGE
        return open_window(args)
    env = Env(data_dir=data_dir())
    try:
        return by_name[args.command].run(args, env)
    except UsageError as error:
        print(f"handbook {args.command}: {one_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (e.g. `handbook search x | head`): stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except ContentError as error:
        print(f"handbook: the content files are broken: {one_line(str(error))}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:  # a command must never end in a traceback
        log.exception("command %s failed", args.command)
        print(
            f"handbook {args.command}: unexpected error: {type(error).__name__}: {one_line(str(error))}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    finally:
        env.close()
