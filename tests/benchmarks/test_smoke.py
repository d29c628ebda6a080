"""The benchmark pieces run end to end at a tiny scale. No timing is asserted: CI machines are too noisy."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.budget import Row, Target
from benchmarks.cli import QUICK, Plan, run_all
from benchmarks.content import scaled
from benchmarks.report import table
from benchmarks.search import keystrokes, raw_search
from benchmarks.startup import APP_SCRIPT, BARE_SCRIPT, run_child
from benchmarks.stats import median, percentile
from handbook.content.loader import load_content

TINY = Plan(
    startup_runs=1, memory_runs=1, search_scales=(1, 2), search_phrases=2, search_rounds=1, pdf_runs=1, build_runs=1
)


def test_percentiles_interpolate() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 95) == pytest.approx(4.8)
    assert percentile([7.0], 50) == 7.0
    with pytest.raises(ValueError):
        percentile([], 50)


def test_keystrokes_are_every_prefix_without_trailing_spaces() -> None:
    assert keystrokes(["ab c"]) == ["a", "ab", "ab c"]


def test_targets_fail_when_missed_or_when_there_is_no_figure() -> None:
    assert Row("x", 9.0, "ms", baseline=5.0, target=Target(2.0, relative=True)).status == "ok"
    assert Row("x", 11.0, "ms", baseline=5.0, target=Target(2.0, relative=True)).failed
    assert Row("x", 6.0, "ms", target=Target(5.0)).failed
    assert Row("x", None, "ms", error="broken").failed
    assert not Row("x", 6.0, "ms").failed  # no target: information only
    assert "| x " in table([Row("x", 6.0, "ms", baseline=3.0, baseline_name="floor")])


def test_scaled_content_has_distinct_drugs() -> None:
    content = scaled(load_content(), 3)
    ids = [mono.drug.id for mono in content.monographs]
    assert len(ids) == 3
    assert len(set(ids)) == 3


def test_raw_search_finds_what_the_handbook_finds(tmp_path: Path) -> None:
    import sqlite3

    from benchmarks.content import build_scaled

    path = build_scaled(1, tmp_path / "content.sqlite3")
    with sqlite3.connect(path) as con:
        assert raw_search(con, "capillary leak")
        assert raw_search(con, "capillary zzzz")  # falls back to any word, as the handbook does
        assert raw_search(con, "!!") == []


@pytest.mark.slow
@pytest.mark.parametrize("script", [APP_SCRIPT, BARE_SCRIPT], ids=["app", "bare"])
def test_children_report_their_first_paint_and_memory(script: Path, tmp_path: Path) -> None:
    run = run_child(script, tmp_path / "data", "all-tabs")
    assert 0 < run.seconds < 120
    assert run.maxrss_kb is None or run.maxrss_kb > 1000


@pytest.mark.slow
def test_every_piece_gives_rows_without_errors(qapp: object) -> None:
    rows = run_all(TINY)
    errors = [f"{row.name}: {row.error}" for row in rows if row.error]
    assert not errors
    names = " ".join(row.name for row in rows)
    for expected in ("Start-up", "memory", "Search, 2×", "dose-check", "flow sheet", "Content build", "Record a dose"):
        assert expected in names
    # every figure is positive; a load average (a plain number) may be 0 on an idle machine
    assert [row.name for row in rows if row.value is None] == []
    assert [row.name for row in rows if row.value is not None and row.value <= 0 and row.unit] == []
    assert any(row.name.startswith("Machine load") for row in rows)


def test_quick_plan_is_small() -> None:
    assert QUICK.startup_runs <= 3
    assert max(QUICK.search_scales) <= 2


def test_relative_targets_use_the_median_of_same_round_ratios() -> None:
    from benchmarks.startup import paired

    # Round by round the app took 1.5x the bare window; the medians of the times alone would say 3x.
    app, bare = [1.5, 30.0, 60.0], [1.0, 20.0, 10.0]
    assert paired(app, bare) == pytest.approx(1.5)
    row = Row("x", median(app), "ms", baseline=median(bare), target=Target(2.0, relative=True), paired_ratio=1.5)
    assert row.ratio == 1.5
    assert row.status == "ok"
    assert Row("x", 3.0, "ms", baseline=2.0, target=Target(2.0, relative=True), paired_ratio=2.5).failed
