"""The results as a Markdown table (it goes into the README as printed)."""

from __future__ import annotations

from collections.abc import Sequence

from benchmarks.budget import Row

HEADERS = ("Benchmark", "Handbook", "Baseline", "Ratio", "Target", "Result")


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if not unit:  # a plain number (e.g. the load average)
        return f"{value:.1f}"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"
    return f"{value:.0f} {unit}" if value >= 10 else f"{value:.1f} {unit}"


def cells(row: Row) -> tuple[str, ...]:
    baseline = _figure(row.baseline, row.unit)
    if row.baseline is not None and row.baseline_name:
        baseline += f" ({row.baseline_name})"
    ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
    target = row.target.describe(row.unit) if row.target is not None else "—"
    status = f"ERROR: {row.error}" if row.error else row.status
    return (row.name, _figure(row.value, row.unit), baseline, ratio, target, status)


def table(rows: Sequence[Row]) -> str:
    lines = [cells(row) for row in rows]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(HEADERS)]

    def fmt(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    rule = "| " + " | ".join("-" * w for w in widths) + " |"
    return "\n".join([fmt(HEADERS), rule, *(fmt(line) for line in lines)])
