"""Rebuilding the content database from ``resources/``: read, validate, build to a fresh file.

This is what the app does on its first start after a content change (``open_content`` on a folder
with no database). Timed in this process, a fresh folder each run, the median of a few runs.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.budget import BUILD_MS, Row, Target
from benchmarks.stats import median
from handbook.db.content_store import open_content


def build_once(folder: Path) -> float:
    """Seconds to build the content database into the empty ``folder``."""
    start = time.perf_counter()
    store = open_content(folder)
    elapsed = time.perf_counter() - start
    store.dispose()
    if not store.rebuilt or store.path is None:
        raise RuntimeError(f"the content database was not built into {folder}")
    return elapsed


def build_rows(runs: int) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="handbook-bench-build-") as folder:
        seconds = [build_once(Path(folder) / f"run-{run}") for run in range(runs)]
    return [
        Row(f"Content build from resources/ (median of {runs})", median(seconds) * 1000, "ms", target=Target(BUILD_MS))
    ]
