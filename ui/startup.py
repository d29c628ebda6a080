"""After the first paint: load the ORM, the templates and the other tabs without freezing the window.

The window is painted from the first view stored in the content database (read with ``sqlite3``). Then
the heavy, pure-Python imports (SQLAlchemy and the mapped models, jinja and the compiled templates) run
in a background thread, so the window keeps taking clicks and keys; the window itself is only touched on
the main thread: once the imports are done it opens the databases, hands the context to the window and
builds the tabs not yet shown, one at a time and only while nobody is clicking or typing.
"""

from __future__ import annotations

import importlib
import linecache
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from handbook.logs import setup_logging
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.plain_import import plain_imports

log = logging.getLogger(__name__)

# Imported in the background: pure Python (no Qt objects are made), the costly part of loading.
# The window cannot work without these:
BACKGROUND_MODULES = (
    "sqlalchemy.orm",
    "handbook.db.content_models",
    "handbook.db.content_store",
    "handbook.db.user_store",
    "handbook.db.user_models",
    "handbook.db.ward_records",
    "handbook.render",
    "handbook.template_cache",
    "markupsafe",
    "logging.handlers",
)
# Only a head start for the other tabs: a name missing here costs time later, never the window.
HEAD_START_MODULES = (
    "handbook.dosing",
    "handbook.schedule",
    "handbook.checklists.spec",
    "handbook.checklists.evaluation",
    "handbook.checklists.progress",
    "handbook.dose_workflow",
    "handbook.flow_sheet",
    "handbook.givehold.stored",  # the give/hold check from the content database (no YAML, no pydantic)
    "handbook.givehold.evaluator",
)
SCREEN_TEMPLATES = (
    "screen/mechanism.html.j2",
    "screen/dosing_reference.html.j2",
    "screen/side_effect_detail.html.j2",
    "screen/warnings.html.j2",
)
PAINT_FALLBACK_MS = 1500  # a window that never paints (minimised at start) still loads
QUIET_MS = 1000  # the other tabs are built only after this long without a click or a key
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.Wheel,
    }
)


def warm_up(data_dir: Path) -> None:
    """Import and prepare what the rest of the window needs; safe off the main thread (no Qt here)."""
    with plain_imports():
        for name in BACKGROUND_MODULES:
            importlib.import_module(name)
        for name in HEAD_START_MODULES:
            try:
                importlib.import_module(name)
            except ImportError as error:
                log.warning("not loaded ahead: %s", error)
    setup_logging(data_dir)
    from sqlalchemy.orm import configure_mappers

    from handbook.render import environment
    from handbook.template_cache import use_template_cache

    configure_mappers()  # map the content models now rather than at the first query
    env = environment()
    use_template_cache(env, data_dir)
    for name in SCREEN_TEMPLATES:
        try:
            env.get_template(name)
        except Exception as error:  # a broken template shows when its tab renders, with the real error
            log.warning("template %s not prepared: %s", name, error)


class DeferredLoad(QObject):
    """Loads what the window made from an :class:`~ui.context.EarlyStart` still lacks."""

    imported = Signal()
    finished = Signal(object)  # the AppContext, or the exception that stopped loading

    def __init__(
        self, window: MainWindow, data_dir: Path, on_error: Callable[[BaseException], None] | None = None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.data_dir = data_dir
        self.on_error = on_error
        self.ctx: AppContext | None = None
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._import_error: BaseException | None = None
        self._done = False
        self._watched: QWidget | None = None
        self._last_input = 0.0  # time.monotonic() of the nurse's last click or key, while tabs are built
        self.imported.connect(self._finish)  # queued: emitted from the background thread
        window.load_now = self.finish_now

    # -- starting: after the first paint

    def start_after_first_paint(self) -> None:
        """Start loading once the window's current tab has been painted (or after a fallback delay)."""
        tabs = self.window.tabs
        self._watched = tabs.currentWidget() or self.window
        self._watched.installEventFilter(self)
        QTimer.singleShot(PAINT_FALLBACK_MS, self.start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self._last_input = time.monotonic()
        if watched is self._watched and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._watched = None
            QTimer.singleShot(0, self.start)  # after the rest of this paint
        return False

    def start(self) -> None:
        if self._thread is not None or self._done:
            return
        if self._watched is not None:
            self._watched.removeEventFilter(self)
            self._watched = None
        self._thread = threading.Thread(target=self._import, name="handbook-load", daemon=True)
        self._thread.start()

    def _import(self) -> None:
        try:
            warm_up(self.data_dir)
        except BaseException as error:  # reported on the main thread
            self._import_error = error
        self.imported.emit()

    # -- finishing: on the main thread

    def finish_now(self) -> None:
        """Finish loading at once (something needs the content before the background work is done)."""
        if self._done:
            return
        if self._thread is None:
            self.start()
        assert self._thread is not None
        self._thread.join()
        self._finish()

    def _finish(self) -> None:
        if self._done:
            return
        self._done = True
        self.window.load_now = None
        try:
            if self._import_error is not None:
                raise self._import_error
            self.ctx = AppContext.open(self.data_dir, self.window.settings)
            self.window.attach(self.ctx)
        except Exception as error:
            log.exception("loading the handbook content failed")
            self.error = error
            self.finished.emit(error)
            if self.on_error is not None:
                self.on_error(error)
            return
        self.finished.emit(self.ctx)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # to build the other tabs only while nobody is clicking or typing
        self._last_input = time.monotonic()
        QTimer.singleShot(QUIET_MS, self._build_next_tab)

    def _build_next_tab(self) -> None:
        # A tab takes a moment to build (the checklists most): one at a time, and only after a quiet
        # spell, so a nurse who is clicking or typing is never kept waiting for a tab she did not ask for.
        quiet_for = (time.monotonic() - self._last_input) * 1000
        if quiet_for < QUIET_MS:
            QTimer.singleShot(int(QUIET_MS - quiet_for) + 1, self._build_next_tab)
            return
        if self.window.isVisible() and self.window.build_next_tab():
            QTimer.singleShot(0, self._build_next_tab)
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        linecache.clearcache()  # source text PySide6's import hook read for the tab modules
