"""Start the application: logging, the Qt application, the data, the window."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from handbook import __version__
from handbook.content.files import ContentError
from handbook.logs import setup_logging
from handbook.paths import data_dir
from handbook.render import environment
from handbook.template_cache import use_template_cache
from ui.bench_probe import install as install_probe
from ui.bench_probe import requested_mode
from ui.context import AppContext
from ui.errors import ErrorReporter

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(argv or [sys.argv[0]])
    app.setApplicationName("Proleukin handbook")
    app.setOrganizationName("ProleukinHandbook")
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    return app


def run_window(args: argparse.Namespace) -> int:
    """Open the window (or, with --screenshot, render the tabs to PNG files and exit)."""
    folder = data_dir()
    setup_logging(folder)
    use_template_cache(environment(), folder)
    app = make_application()
    try:
        ctx = AppContext.open(folder)
    except ContentError as error:
        log.error("cannot start: %s", error)
        if args.screenshot is None:
            QMessageBox.critical(None, "The handbook cannot start", str(error))
        print(f"handbook: cannot start: {error}", file=sys.stderr)
        return 1
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    reporter = ErrorReporter(lambda: window)
    reporter.install()
    try:
        if args.screenshot is not None:
            from ui.screenshot import save_screenshots

            for path in save_screenshots(window, Path(args.screenshot)):
                print(path)
            return 0
        probe_mode = requested_mode()
        if probe_mode is not None:  # python -m benchmarks: report the first paint, then quit
            probe = install_probe(app, window, probe_mode)  # noqa: F841 (kept alive until exec returns)
        window.show()
        for notice in ctx.notices if probe_mode is None else []:
            QMessageBox.warning(window, "Please note", notice)
        return app.exec()
    finally:
        reporter.uninstall()
        window.close()
        window.deleteLater()
        ctx.close()
