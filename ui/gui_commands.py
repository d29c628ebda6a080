"""Command-line commands that need Qt (printing to PDF), handed to :func:`handbook.cli.main`."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handbook.cli import Command

GUI_COMMAND_MODULES: tuple[str, ...] = ("ui.commands.print_checklist",)


def gui_commands() -> list[Command]:
    return [importlib.import_module(name).COMMAND for name in GUI_COMMAND_MODULES]
