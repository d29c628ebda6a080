"""Unexpected errors in the window: logged with their traceback, shown as a short message, never a crash."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from handbook.logs import log_file_hint

log = logging.getLogger("handbook.errors")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class ErrorReporter:
    """Installed as ``sys.excepthook`` while the window is open (Qt calls it for errors in slots)."""

    def __init__(self, parent: Callable[[], QWidget | None]) -> None:
        self._parent = parent
        self._previous: ExceptHook | None = None
        self.shown: list[QMessageBox] = []

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook = self._previous
            self._previous = None

    def __call__(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            if self._previous is not None:
                self._previous(kind, error, tb)
            return
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        if any(box.isVisible() for box in self.shown):
            return  # one message at a time: a burst of errors must not bury the nurse in dialogs
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Something went wrong",
            "The last action could not be completed. Nothing you saved before it was lost.\n\n"
            f"Details were written to the log ({log_file_hint()}).",
            QMessageBox.StandardButton.Ok,
            self._parent(),
        )
        box.open()
        self.shown = [b for b in self.shown if b.isVisible()] + [box]
