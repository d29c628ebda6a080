"""Logging to a rotating file in the data folder (never to the network)."""

from __future__ import annotations

import logging
from pathlib import Path

from handbook.paths import log_dir

LOG_FILE = "handbook.log"


def log_file_hint() -> str:
    """Where the log file is, for messages to the user."""
    # logging.handlers (with socket, pickle, queue) is imported only where a file is logged to: the
    # window sets logging up after its first paint.
    from logging.handlers import RotatingFileHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, RotatingFileHandler):
            return handler.baseFilename
    return "no log file"


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path | None:
    """Log to ``<data>/logs/handbook.log`` (1 MB, 5 kept). Returns the file, or None if it cannot be written."""
    from logging.handlers import RotatingFileHandler

    root = logging.getLogger()
    root.setLevel(level)
    folder = log_dir(data_dir)
    path = folder / LOG_FILE
    for handler in root.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path
