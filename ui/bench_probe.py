"""A probe for ``python -m benchmarks``: report when a window's current tab is first painted, then quit.

Set ``HANDBOOK_BENCH_EXIT_AFTER_PAINT`` to ``paint`` (or ``1``) and the app prints one line,
``HANDBOOK_BENCH painted=<time.perf_counter()>``, after the first paint of the current tab and exits.
With ``all-tabs`` it then waits until the window has loaded everything it loads after the first paint
(a window with ``when_ready``), shows every tab in turn (processing events after each) and adds the peak
resident memory and, where the platform tells it, what is resident at that point after a garbage
collection: ``HANDBOOK_BENCH painted=<seconds> maxrss_kb=<kilobytes> rss_kb=<kilobytes>``. With
``content-tabs`` it does the same but leaves closed the tabs the window names in ``records_tabs`` (the
handbook's Course record, which needs the records database; the bare window names none).

``time.perf_counter`` is the system-wide monotonic clock (CLOCK_MONOTONIC on Linux, the performance
counter on Windows), so the parent process subtracts its own reading taken just before it started
this process. Only PySide6 is imported here: the bare-window baseline uses the same probe.
"""

from __future__ import annotations

import gc
import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

ENV = "HANDBOOK_BENCH_EXIT_AFTER_PAINT"
MARKER = "HANDBOOK_BENCH"
MODES = ("paint", "all-tabs", "content-tabs")
TAB_MODES = ("all-tabs", "content-tabs")  # every tab is opened (but the records tabs, in content-tabs)


def requested_mode() -> str | None:
    """The probe mode asked for in the environment, or None when the app runs normally."""
    value = os.environ.get(ENV, "").strip().lower()
    if not value or value in ("0", "no", "false"):
        return None
    return "paint" if value in ("1", "yes", "true") else value if value in MODES else "paint"


def current_rss_kb() -> int | None:
    """This process's resident memory now, in kilobytes (Linux only: None elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def peak_rss_kb() -> int | None:
    """This process's peak resident memory in kilobytes, where the platform tells it (not on Windows)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak // 1024) if sys.platform == "darwin" else int(peak)  # macOS counts bytes


class PaintProbe(QObject):
    """Watches the current tab of ``window``'s tab widget (or the window itself) for its first paint."""

    def __init__(self, app: QApplication, window: QWidget, mode: str) -> None:
        super().__init__(window)
        self.app = app
        self.window = window
        self.mode = mode
        self.tabs = window if isinstance(window, QTabWidget) else window.findChild(QTabWidget)
        self.target = self.tabs.currentWidget() if self.tabs is not None else None
        self.target = self.target or window
        self.painted_at: float | None = None
        self.target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() == QEvent.Type.Paint and self.painted_at is None:
            self.target.removeEventFilter(self)
            # The children (the content view) paint in the same pass: finish it, then read the clock.
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        self.painted_at = time.perf_counter()
        when_ready = getattr(self.window, "when_ready", None)
        if self.mode in TAB_MODES and callable(when_ready):
            when_ready(self._report)  # the handbook loads the rest after its first paint: open tabs after that
        else:
            self._report()

    def _report(self) -> None:
        fields = [f"painted={self.painted_at:.6f}"]
        if self.mode in TAB_MODES:
            self._open_every_tab()
            rss = peak_rss_kb()
            if rss is not None:
                fields.append(f"maxrss_kb={rss}")
            gc.collect()
            held = current_rss_kb()
            if held is not None:
                fields.append(f"rss_kb={held}")
        print(MARKER, *fields, flush=True)
        self.app.quit()

    def _open_every_tab(self) -> None:
        if self.tabs is None:
            return
        start = self.tabs.currentIndex()
        closed = set(getattr(self.window, "records_tabs", ())) if self.mode == "content-tabs" else set()
        for index in [*(i for i in range(self.tabs.count()) if i not in closed), start]:
            self.tabs.setCurrentIndex(index)
            self.tabs.currentWidget().repaint()
            self.app.processEvents()


def install(app: QApplication, window: QWidget, mode: str) -> PaintProbe:
    """Start watching; call before ``window.show()`` and ``app.exec()``."""
    return PaintProbe(app, window, mode)
