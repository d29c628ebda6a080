"""Qt-free commands defined in their own modules, gathered for :mod:`handbook.cli`.

Add a command by writing a module with a ``COMMAND`` object and naming it here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handbook.cli import Command

EXTRA_COMMAND_MODULES: tuple[str, ...] = ("handbook.commands.dose", "handbook.commands.checklists")


def extra_commands() -> list[Command]:
    return [importlib.import_module(name).COMMAND for name in EXTRA_COMMAND_MODULES]
