"""The ``handbook`` command: the window, or a command-line action."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

import ui.plain_import  # noqa: F401  (first: it keeps Python's own import before PySide6 hooks it)


def _open_window(args: argparse.Namespace) -> int:
    if args.screenshot is not None and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # screenshots need no screen
    from ui.app import run_window

    return run_window(args)


def main(argv: Sequence[str] | None = None) -> int:
    from handbook.cli import main as cli_main
    from ui.gui_commands import gui_commands

    return cli_main(sys.argv[1:] if argv is None else argv, gui_commands=gui_commands(), open_window=_open_window)
