"""Qt-free commands defined in their own modules, gathered for :mod:`handbook.cli`.

Add a command by writing a module with a ``COMMAND`` object and registering it here with its name and
one-line help; the module is imported only when that command is used.
"""

from __future__ import annotations

from handbook.cli import Command, LazyCommand

EXTRA_COMMANDS: tuple[LazyCommand, ...] = (
    LazyCommand(
        "dose", "calculate a high-dose IL-2 dose, vials, volumes and pump rate from a weight", "handbook.commands.dose"
    ),
    LazyCommand(
        "checklists",
        "list the checklists (ids and titles) that 'handbook print' can print",
        "handbook.commands.checklists",
    ),
)


def extra_commands() -> list[Command]:
    return list(EXTRA_COMMANDS)
