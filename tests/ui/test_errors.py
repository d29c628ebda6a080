"""Unexpected errors are logged and shown as a short message, and the window carries on."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from handbook.logs import setup_logging
from ui.errors import ErrorReporter


def test_an_unexpected_error_is_logged_and_shown_once(qtbot: QtBot, data_dir: Path) -> None:
    log_path = setup_logging(data_dir)
    parent = QWidget()
    qtbot.addWidget(parent)
    reporter = ErrorReporter(lambda: parent)
    reporter.install()
    try:
        assert sys.excepthook is reporter
        for _ in range(3):
            try:
                raise ValueError("boom in a slot")
            except ValueError as error:
                reporter(type(error), error, error.__traceback__)
    finally:
        reporter.uninstall()
        for handler in logging.getLogger().handlers:
            handler.flush()
    assert sys.excepthook is not reporter
    assert len(reporter.shown) == 1
    assert reporter.shown[0].isVisible()
    assert "could not be completed" in reporter.shown[0].text()
    assert log_path is not None
    assert "ValueError: boom in a slot" in log_path.read_text(encoding="utf-8")
    reporter.shown[0].close()
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "baseFilename", "") == str(log_path):
            logging.getLogger().removeHandler(handler)
            handler.close()
