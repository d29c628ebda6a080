"""Start-up and memory: the app and the bare window, each in a fresh process, offscreen.

The app starts on a warm data folder (content database already built) but always in a cold process.
Each child prints the system-wide ``time.perf_counter`` at the first paint of its current tab (see
``ui.bench_probe``); start-up is that minus the parent's reading just before the process started.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.budget import MEMORY_RATIO, STARTUP_RATIO, Row, Target
from benchmarks.stats import median
from handbook.paths import DATA_DIR_ENV
from ui.bench_probe import ENV as PROBE_ENV
from ui.bench_probe import MARKER

REPO = Path(__file__).resolve().parent.parent
APP_SCRIPT = REPO / "main.py"
BARE_SCRIPT = REPO / "benchmarks" / "bare_window.py"
STACK_FLAG = "--with-stack"  # bare_window.py imports the data and template stack first
CHILD_TIMEOUT_S = 120


class ChildError(RuntimeError):
    """A child process did not report its first paint."""


@dataclass(frozen=True)
class ChildRun:
    seconds: float  # process start to first paint of the current tab
    maxrss_kb: int | None  # peak resident memory (all-tabs mode, where the platform reports it)


def child_env(data_dir: Path, mode: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"QT_QPA_PLATFORM": "offscreen", DATA_DIR_ENV: str(data_dir), PROBE_ENV: mode})
    return env


def parse_report(stdout: str) -> dict[str, str]:
    for line in stdout.splitlines():
        if line.startswith(MARKER + " "):
            return dict(field.split("=", 1) for field in line.split()[1:] if "=" in field)
    raise ChildError("no report line")


def run_child(script: Path, data_dir: Path, mode: str = "paint", *extra: str) -> ChildRun:
    env = child_env(data_dir, mode)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(script), *extra],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
        check=False,
    )
    try:
        fields = parse_report(done.stdout)
    except ChildError:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ChildError(f"{script.name} exited {done.returncode} without a report: {tail}") from None
    if done.returncode != 0:
        raise ChildError(f"{script.name} exited {done.returncode}")
    rss = fields.get("maxrss_kb")
    return ChildRun(seconds=float(fields["painted"]) - start, maxrss_kb=int(rss) if rss else None)


@dataclass(frozen=True)
class Pairs:
    app: list[ChildRun]
    bare: list[ChildRun]
    stack: list[ChildRun]  # the bare window with SQLAlchemy, the content models and jinja imported


def run_pairs(runs: int, mode: str, data_dir: Path) -> Pairs:
    """``runs`` app, bare-window and bare-window-with-stack processes, in turn, so load falls on all alike."""
    app: list[ChildRun] = []
    bare: list[ChildRun] = []
    stack: list[ChildRun] = []
    for _ in range(runs):
        app.append(run_child(APP_SCRIPT, data_dir, mode))
        bare.append(run_child(BARE_SCRIPT, data_dir, mode))
        stack.append(run_child(BARE_SCRIPT, data_dir, mode, STACK_FLAG))
    return Pairs(app, bare, stack)


def prepare_data_dir(data_dir: Path) -> None:
    """Warm the data folder (content and user databases, settings) and the OS file cache: one run each."""
    run_child(APP_SCRIPT, data_dir, "paint")
    run_child(BARE_SCRIPT, data_dir, "paint")


def startup_rows(pairs: Pairs) -> list[Row]:
    app = median([r.seconds for r in pairs.app]) * 1000
    bare = median([r.seconds for r in pairs.bare]) * 1000
    stack = median([r.seconds for r in pairs.stack]) * 1000
    return [
        Row(
            f"Start-up to first paint (median of {len(pairs.app)})",
            app,
            "ms",
            baseline=bare,
            baseline_name="bare window",
            target=Target(STARTUP_RATIO, relative=True),
        ),
        Row(
            "  the same, against the bare window with SQLAlchemy, models and jinja imported",
            app,
            "ms",
            baseline=stack,
            baseline_name="bare + stack",
        ),
        Row(
            "  bare window with SQLAlchemy, models and jinja imported (the stack's own floor)",
            stack,
            "ms",
            baseline=bare,
            baseline_name="bare window",
        ),
    ]


def memory_rows(pairs: Pairs) -> list[Row]:
    name = "Peak memory, every tab opened"
    app = [r.maxrss_kb for r in pairs.app if r.maxrss_kb is not None]
    bare = [r.maxrss_kb for r in pairs.bare if r.maxrss_kb is not None]
    stack = [r.maxrss_kb for r in pairs.stack if r.maxrss_kb is not None]
    if not app or not bare or not stack:
        return [Row(name, None, "MB", error="this platform does not report peak memory")]
    return [
        Row(
            name,
            median(app) / 1024,
            "MB",
            baseline=median(bare) / 1024,
            baseline_name="bare window",
            target=Target(MEMORY_RATIO, relative=True),
        ),
        Row(
            "  the same, against the bare window with SQLAlchemy, models and jinja imported",
            median(app) / 1024,
            "MB",
            baseline=median(stack) / 1024,
            baseline_name="bare + stack",
        ),
    ]


def startup_and_memory(runs: int, memory_runs: int) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as folder:
        data_dir = Path(folder) / "data"
        prepare_data_dir(data_dir)
        rows = startup_rows(run_pairs(runs, "paint", data_dir))
        rows.extend(memory_rows(run_pairs(memory_runs, "all-tabs", data_dir)))
    return rows
