"""``python -m benchmarks``: run everything, print the table, exit 1 when a target is missed."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported: no screen needed

from benchmarks.budget import Row  # after the platform is chosen
from benchmarks.report import table


@dataclass(frozen=True)
class Plan:
    """How much to run: the full run for the README, or a quick one for a check (well under a minute)."""

    startup_runs: int
    memory_runs: int
    search_scales: tuple[int, ...]
    search_phrases: int  # how many of the phrases, each typed key by key
    search_rounds: int
    pdf_runs: int
    build_runs: int
    record_courses: int = 1  # courses of 28 doses recorded on the ward server


FULL = Plan(
    startup_runs=7,
    memory_runs=3,
    search_scales=(1, 100),
    search_phrases=32,
    search_rounds=2,
    pdf_runs=5,
    build_runs=5,
    record_courses=5,
)
QUICK = Plan(
    startup_runs=2, memory_runs=1, search_scales=(1, 2), search_phrases=5, search_rounds=1, pdf_runs=1, build_runs=1
)
PIECES = ("startup", "search", "printing", "build", "records")


def run_piece(name: str, plan: Plan) -> list[Row]:
    if name == "startup":
        from benchmarks.startup import startup_and_memory

        return startup_and_memory(plan.startup_runs, plan.memory_runs)
    if name == "search":
        from benchmarks.search import PHRASES, search_rows

        return search_rows(plan.search_scales, PHRASES[: plan.search_phrases], plan.search_rounds)
    if name == "printing":
        from benchmarks.printing import printing_rows

        return printing_rows(plan.pdf_runs)
    if name == "build":
        from benchmarks.content_build import build_rows

        return build_rows(plan.build_runs)
    if name == "records":
        from benchmarks.records import records_rows

        return records_rows(plan.record_courses)
    raise ValueError(f"unknown benchmark {name!r}")


def run_all(
    plan: Plan, pieces: Sequence[str] = PIECES, progress: Callable[[str], None] = lambda _text: None
) -> list[Row]:
    """Every piece's rows; a piece that fails gives one ERROR row (which fails the budget) instead."""
    rows: list[Row] = []
    for name in pieces:
        start = time.perf_counter()
        try:
            rows.extend(run_piece(name, plan))
        except Exception as error:  # a broken benchmark is reported in the table, not as a traceback
            rows.append(Row(f"{name} benchmark", None, "ms", error=f"{type(error).__name__}: {error}"))
        progress(f"{name}: {time.perf_counter() - start:.1f} s")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="a quick check: few runs, 2× content, few queries (not for the README)"
    )
    parser.add_argument("--only", choices=PIECES, action="append", help="run only this piece (repeatable)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    rows = run_all(plan, args.only or PIECES, progress=lambda text: print(f"  {text}", file=sys.stderr))
    print(table(rows))
    missed = [row.name for row in rows if row.failed]
    if missed:
        print(f"\n{len(missed)} of {len(rows)} figures miss the budget or failed.", file=sys.stderr)
        return 1
    print(f"\nAll {len(rows)} figures within budget.", file=sys.stderr)
    return 0
