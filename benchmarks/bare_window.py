"""The start-up floor: a bare PySide6 main window with a five-tab QTabWidget, nothing else.

Started the same way as the app (a fresh process, offscreen, ``HANDBOOK_BENCH_EXIT_AFTER_PAINT``
set), it reports its first paint through the same probe. Run as a script, not a module, so the
``benchmarks`` package is not imported into the measured process.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QTextBrowser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root, for ui.bench_probe

from ui.bench_probe import install, requested_mode  # after the path is set

TAB_TITLES = ("Indications", "Mechanism", "Dosing", "Side effects", "Warnings")


STACK_FLAG = "--with-stack"


def import_stack() -> None:
    """The libraries the design card prescribes for data and templates, imported as the app imports them:
    a second floor that shows how much of the start-up is the stack itself rather than the handbook."""
    import importlib

    for name in ("sqlalchemy.orm", "handbook.db.content_models", "jinja2"):
        importlib.import_module(name)


def main() -> int:
    if STACK_FLAG in sys.argv[1:]:
        import_stack()
    app = QApplication([sys.argv[0]])
    app.setStyle("Fusion")
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    tabs = QTabWidget(window)
    for title in TAB_TITLES:
        page = QTextBrowser(tabs)
        page.setHtml(f"<h1>{title}</h1><p>A paragraph of text.</p>")
        tabs.addTab(page, title)
    window.setCentralWidget(tabs)
    window.resize(1180, 820)
    mode = requested_mode()
    if mode is not None:
        install(app, window, mode)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
