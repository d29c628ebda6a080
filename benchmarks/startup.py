"""Start-up and memory: the app and the bare window, each in a fresh process, offscreen.

The app starts on a warm data folder (content database already built) but always in a cold process.
Each child prints the system-wide ``time.perf_counter`` at the first paint of its current tab (see
``ui.bench_probe``); start-up is that minus the parent's reading just before the process started.

The machine may be shared and loaded, so the app and the baselines run in turn (the order swapped every
round, so neither always follows the other), each ratio is taken within one round, and the table shows
the median of those ratios beside the median times. The load average is reported with them.
"""

from __future__ import annotations

import compileall
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
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
    rss_kb: int | None = None  # resident after every tab was opened and a garbage collection (Linux)


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
    peak = fields.get("maxrss_kb")
    held = fields.get("rss_kb")
    return ChildRun(
        seconds=float(fields["painted"]) - start,
        maxrss_kb=int(peak) if peak else None,
        rss_kb=int(held) if held else None,
    )


@dataclass(frozen=True)
class Pairs:
    app: list[ChildRun]
    bare: list[ChildRun]
    stack: list[ChildRun]  # the bare window with SQLAlchemy, the content models and jinja imported
    load: tuple[float, float]  # the 1-minute load average before and after the runs
    content: list[ChildRun] = field(default_factory=list)  # memory runs: the app, the Course record left closed


def run_pairs(runs: int, mode: str, data_dir: Path) -> Pairs:
    """``runs`` rounds of an app, a bare-window and a bare-window-with-stack process, so load falls on all
    alike; the order is reversed every other round."""
    app: list[ChildRun] = []
    bare: list[ChildRun] = []
    stack: list[ChildRun] = []
    content: list[ChildRun] = []
    before = load_average()
    for round_ in range(runs):
        steps = [
            lambda: app.append(run_child(APP_SCRIPT, data_dir, mode)),
            lambda: bare.append(run_child(BARE_SCRIPT, data_dir, mode)),
            lambda: stack.append(run_child(BARE_SCRIPT, data_dir, mode, STACK_FLAG)),
        ]
        if mode == "all-tabs":  # in the same rounds: the app with every tab but the Course record opened
            steps.insert(1, lambda: content.append(run_child(APP_SCRIPT, data_dir, "content-tabs")))
        for step in steps if round_ % 2 == 0 else reversed(steps):
            step()
    return Pairs(app, bare, stack, (before, load_average()), content)


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except (OSError, AttributeError):  # pragma: no cover - Windows
        return float("nan")


def paired(numerators: list[float], denominators: list[float]) -> float:
    """The median of the ratios of runs made in the same round."""
    return median([n / d for n, d in zip(numerators, denominators, strict=True) if d > 0])


def compile_bytecode() -> None:
    """Byte-compile the app's own modules, as installing it does. Where PYTHONDONTWRITEBYTECODE is set
    (some shells and CI), every measured start would otherwise compile them from source again."""
    for package in ("handbook", "ui"):
        compileall.compile_dir(str(REPO / package), quiet=1)


def prepare_data_dir(data_dir: Path) -> None:
    """Warm the data folder (content and user databases, settings), the app's bytecode and the OS file
    cache: one run each."""
    compile_bytecode()
    run_child(APP_SCRIPT, data_dir, "paint")
    run_child(BARE_SCRIPT, data_dir, "paint")


def load_row(pairs: Pairs, what: str) -> Row:
    """How busy the machine was: the mean of the 1-minute load average before and after the runs."""
    before, after = pairs.load
    cores = os.cpu_count() or 0
    name = f"Machine load, {what} runs (1-min load average: {before:.1f} before, {after:.1f} after; {cores} cores)"
    if math.isnan(before) or math.isnan(after):
        return Row(name, None, "", error="this platform does not report the load average")
    return Row(name, statistics.fmean(pairs.load), "")


def startup_rows(pairs: Pairs) -> list[Row]:
    app = [r.seconds for r in pairs.app]
    bare = [r.seconds for r in pairs.bare]
    stack = [r.seconds for r in pairs.stack]
    runs = len(app)
    return [
        Row(
            f"Start-up to first paint (median of {runs}; ratio: median of {runs} same-round ratios)",
            median(app) * 1000,
            "ms",
            baseline=median(bare) * 1000,
            baseline_name="bare window",
            target=Target(STARTUP_RATIO, relative=True),
            paired_ratio=paired(app, bare),
        ),
        Row(
            "  the same, against the bare window with SQLAlchemy, models and jinja imported",
            median(app) * 1000,
            "ms",
            baseline=median(stack) * 1000,
            baseline_name="bare + stack",
            paired_ratio=paired(app, stack),
        ),
        Row(
            "  bare window with SQLAlchemy, models and jinja imported (the stack's own floor)",
            median(stack) * 1000,
            "ms",
            baseline=median(bare) * 1000,
            baseline_name="bare window",
            paired_ratio=paired(stack, bare),
        ),
        load_row(pairs, "start-up"),
    ]


def memory_rows(pairs: Pairs) -> list[Row]:
    name = "Peak memory, every tab opened"
    app = [float(r.maxrss_kb) for r in pairs.app if r.maxrss_kb is not None]
    bare = [float(r.maxrss_kb) for r in pairs.bare if r.maxrss_kb is not None]
    stack = [float(r.maxrss_kb) for r in pairs.stack if r.maxrss_kb is not None]
    content = [float(r.maxrss_kb) for r in pairs.content if r.maxrss_kb is not None]
    if not app or len(app) != len(bare) or len(app) != len(stack):
        return [Row(name, None, "MB", error="this platform does not report peak memory")]
    rows = []
    if content and len(content) == len(bare):
        rows.append(
            Row(
                "Peak memory, every content tab opened (Course record not opened)",
                median(content) / 1024,
                "MB",
                baseline=median(bare) / 1024,
                baseline_name="bare window",
                target=Target(MEMORY_RATIO, relative=True),
                paired_ratio=paired(content, bare),
            )
        )
    rows += [
        Row(
            name,
            median(app) / 1024,
            "MB",
            baseline=median(bare) / 1024,
            baseline_name="bare window",
            target=Target(MEMORY_RATIO, relative=True),
            paired_ratio=paired(app, bare),
        ),
        Row(
            "  the same, against the bare window with SQLAlchemy, models and jinja imported",
            median(app) / 1024,
            "MB",
            baseline=median(stack) / 1024,
            baseline_name="bare + stack",
            paired_ratio=paired(app, stack),
        ),
    ]
    held_app = [float(r.rss_kb) for r in pairs.app if r.rss_kb is not None]
    held_bare = [float(r.rss_kb) for r in pairs.bare if r.rss_kb is not None]
    if held_app and len(held_app) == len(held_bare):
        rows.append(
            Row(
                "  memory held after every tab opened (resident, after a garbage collection)",
                median(held_app) / 1024,
                "MB",
                baseline=median(held_bare) / 1024,
                baseline_name="bare window",
                paired_ratio=paired(held_app, held_bare),
            )
        )
    rows.append(load_row(pairs, "memory"))
    return rows


def startup_and_memory(runs: int, memory_runs: int) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as folder:
        data_dir = Path(folder) / "data"
        prepare_data_dir(data_dir)
        rows = startup_rows(run_pairs(runs, "paint", data_dir))
        rows.extend(memory_rows(run_pairs(memory_runs, "all-tabs", data_dir)))
    return rows
