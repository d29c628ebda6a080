"""The Qt-free commands defined in their own modules, gathered for :mod:`handbook.cli`.

Add a command by writing a module with a ``COMMAND`` object and registering it here with its name and
one-line help; the module is imported only when that command is used.
"""

from __future__ import annotations

from handbook.commands.base import LazyCommand

EXTRA_COMMANDS: tuple[LazyCommand, ...] = (
    LazyCommand(
        "dose", "calculate a high-dose IL-2 dose, vials, volumes and pump rate from a weight", "handbook.commands.dose"
    ),
    LazyCommand(
        "checklists",
        "list the checklists (ids and titles) that 'handbook print' can print",
        "handbook.commands.checklists",
    ),
    LazyCommand(
        "db", "create or migrate the records database and print its schema version", "handbook.commands.records_db"
    ),
    LazyCommand(
        "course",
        "the course record: start a course, log doses given or held, correct, show, list, close",
        "handbook.commands.course",
    ),
    LazyCommand(
        "protocols",
        "list the give/hold protocols (ids, titles, status) and the active one",
        "handbook.commands.protocols",
    ),
    LazyCommand(
        "give-hold",
        "the per-dose give/hold check on typed values (label rules plus one protocol)",
        "handbook.commands.give_hold",
    ),
)
