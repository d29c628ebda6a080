"""The performance budget, and one row of the results table: a figure, its baseline and its target."""

from __future__ import annotations

from dataclasses import dataclass

STARTUP_RATIO = 2.0  # start-up to first paint, times the bare window's
SEARCH_P95_MS = 5.0  # p95 of one keystroke's search, at 100 times today's content
PDF_MS = 200.0  # each checklist and the flow sheet, HTML to PDF
MEMORY_RATIO = 1.5  # peak resident memory after opening every tab, times the bare window's
BUILD_MS = 300.0  # rebuilding the content database from resources/
RECORD_DOSE_P95_MS = 250.0  # p95 of recording one dose on the ward's PostgreSQL server over loopback


@dataclass(frozen=True)
class Target:
    limit: float
    relative: bool = False  # True: at most ``limit`` times the baseline; False: at most ``limit`` units

    def describe(self, unit: str) -> str:
        return f"≤ {self.limit:g}× baseline" if self.relative else f"≤ {self.limit:g} {unit}"

    def met(self, value: float, baseline: float | None) -> bool:
        if self.relative:
            return baseline is not None and baseline > 0 and value <= self.limit * baseline
        return value <= self.limit


@dataclass(frozen=True)
class Row:
    """One line of the table. ``error`` set means the benchmark could not run: that fails the budget."""

    name: str
    value: float | None
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    target: Target | None = None
    error: str = ""
    # The median of ratios taken pair by pair (each app run against the baseline run beside it), where
    # the figures come from alternating runs: on a loaded machine it is steadier than median / median.
    paired_ratio: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.paired_ratio is not None:
            return self.paired_ratio
        if self.value is None or self.baseline is None or self.baseline <= 0:
            return None
        return self.value / self.baseline

    @property
    def status(self) -> str:
        if self.error or self.value is None:
            return "ERROR"
        if self.target is None:
            return "info"
        if self.target.relative:
            return "ok" if self.ratio is not None and self.ratio <= self.target.limit else "MISSED"
        return "ok" if self.target.met(self.value, self.baseline) else "MISSED"

    @property
    def failed(self) -> bool:
        return self.status in ("ERROR", "MISSED")
