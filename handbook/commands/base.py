"""What every command-line command is: its protocol, the two ways to define one, what it is handed
(:class:`Env`) and how it reports bad input. :mod:`handbook.cli` runs them; command modules import
these names from here, never from the CLI itself, so nothing imports in a circle."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the window starts through here: SQLAlchemy loads only when a command opens the content
    from handbook.db.content_store import ContentStore

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def one_line(text: str) -> str:
    """Control characters (newlines, carriage returns...) shown escaped, so a message stays one line."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


class UsageError(Exception):
    """Bad input on the command line: one line on stderr, exit status 2."""


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
    # Read-only: a command's name and help never change once it is registered.
    @property
    def name(self) -> str: ...

    @property
    def help(self) -> str: ...

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
