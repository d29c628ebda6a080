"""Command-line commands that need Qt (printing to PDF), handed to :func:`handbook.cli.main`.

Each is registered with its name and one-line help; its module is imported only when it is used.
"""

from __future__ import annotations

from handbook.commands.base import Command, LazyCommand

GUI_COMMANDS: tuple[LazyCommand, ...] = (
    LazyCommand(
        "print",
        "print a blank checklist (or the patient teaching handout) to a PDF file",
        "ui.commands.print_checklist",
    ),
    LazyCommand("flowsheet", "print the per-dose flow sheet to a PDF file", "ui.commands.print_flowsheet"),
)


def gui_commands() -> list[Command]:
    return list(GUI_COMMANDS)
