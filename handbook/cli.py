"""The command line: for IT staff, ward printing and scripting.

Commands that need no window live here and never import Qt, so ``handbook check`` or
``handbook search`` start fast. Commands that need Qt (the window, screenshots, PDF printing) are
handed in by ``ui.launcher``. Bad arguments give one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Protocol

from handbook import __version__
from handbook.content.files import ContentError
from handbook.paths import data_dir

if TYPE_CHECKING:  # the window starts through here: SQLAlchemy loads only when a command opens the content
    from handbook.db.content_store import ContentStore

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

log = logging.getLogger(__name__)


def one_line(text: str) -> str:
    """Control characters (newlines, carriage returns...) shown escaped, so a message stays one line."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


class UsageError(Exception):
    """Bad input on the command line: one line on stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


@dataclass
class Env:
    """What a command needs, opened only when asked for."""

    data_dir: Path
    _content: ContentStore | None = field(default=None, repr=False)

    def content(self) -> ContentStore:
        if self._content is None:
            from handbook.db.content_store import open_content

            self._content = open_content(self.data_dir)
        return self._content

    def close(self) -> None:
        if self._content is not None:
            self._content.dispose()


class Command(Protocol):
    name: str
    help: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace, env: Env) -> int: ...


@dataclass(frozen=True)
class SimpleCommand:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Env], int]


@dataclass(frozen=True)
class LazyCommand:
    """A command whose module (``COMMAND`` inside it) is imported only when the command is used, so the
    window and the light commands start without loading the dosing or checklist code."""

    name: str
    help: str
    module: str

    def load(self) -> Command:
        command: Command = importlib.import_module(self.module).COMMAND
        if command.name != self.name:
            raise RuntimeError(f"{self.module} defines command {command.name!r}, registered as {self.name!r}")
        return command

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        self.load().add_arguments(parser)

    def run(self, args: argparse.Namespace, env: Env) -> int:
        return self.load().run(args, env)


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
    """Qt-free commands from other modules join here, imported only when the CLI runs."""
    from handbook.cli_commands import extra_commands

    return [*CORE_COMMANDS, *extra_commands()]


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
