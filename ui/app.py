"""Start the application: logging, the Qt application, the data, the window.

A normal start paints the window from the first view stored in the content database, read with the
standard library's ``sqlite3``; SQLAlchemy, jinja and the other tabs load after the first paint
(:mod:`ui.startup`). When the content database must be rebuilt first (or for screenshots) everything is
loaded before the window is made.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from handbook import __version__
from handbook.content.files import ContentError
from handbook.db.first_view import read_first_view
from handbook.logs import setup_logging
from handbook.paths import data_dir
from ui.bench_probe import install as install_probe
from ui.bench_probe import requested_mode
from ui.context import AppContext, EarlyStart, open_settings
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
    from ui.theme import use_handbook_style

    use_handbook_style(app)
    return app


def _cannot_start(error: BaseException, show: bool) -> int:
    log.error("cannot start: %s", error)
    if show:
        QMessageBox.critical(None, "The handbook cannot start", str(error))
    print(f"handbook: cannot start: {error}", file=sys.stderr)
    return 1


def _open_everything(folder: Path) -> AppContext:
    from handbook.render import environment
    from handbook.template_cache import use_template_cache

    use_template_cache(environment(), folder)
    return AppContext.open(folder)


def run_window(args: argparse.Namespace) -> int:
    """Open the window (or, with --screenshot, render the tabs to PNG files and exit)."""
    from ui.main_window import MainWindow
    from ui.startup import DeferredLoad

    folder = data_dir()
    app = make_application()
    probe_mode = requested_mode()
    first_view = read_first_view(folder) if args.screenshot is None else None
    ctx: AppContext | None = None
    deferred: DeferredLoad | None = None
    if first_view is None:  # the database must be (re)built first, or the screenshots need every tab
        setup_logging(folder)  # a normal start sets it up after the first paint (ui.startup.warm_up)
        try:
            ctx = _open_everything(folder)
        except ContentError as error:
            return _cannot_start(error, show=args.screenshot is None)
        window = MainWindow(ctx)
    else:
        window = MainWindow(EarlyStart(folder, open_settings(folder), first_view))
    reporter = ErrorReporter(lambda: window)
    reporter.install()

    def show_notices(loaded: AppContext) -> None:
        for notice in loaded.notices if probe_mode is None else []:
            QMessageBox.warning(window, "Please note", notice)

    def loading_failed(error: BaseException) -> None:
        QMessageBox.critical(window, "The handbook cannot load its content", str(error))
        window.close()

    try:
        if args.screenshot is not None:
            from ui.screenshot import save_screenshots

            for path in save_screenshots(window, Path(args.screenshot)):
                print(path)
            return 0
        if ctx is None:
            deferred = DeferredLoad(window, folder, on_error=loading_failed)
            deferred.finished.connect(lambda loaded: show_notices(loaded) if isinstance(loaded, AppContext) else None)
        if probe_mode is not None:  # python -m benchmarks: report the first paint, then quit
            probe = install_probe(app, window, probe_mode)  # noqa: F841 (kept alive until exec returns)
        window.show()
        if deferred is not None:
            deferred.start_after_first_paint()
        else:
            assert ctx is not None
            show_notices(ctx)
        return app.exec()
    finally:
        reporter.uninstall()
        window.close()
        window.deleteLater()
        loaded = ctx or (deferred.ctx if deferred is not None else None)
        if loaded is not None:
            loaded.close()
