"""Arbitrary command-line arguments: a result or a one-line message, never a traceback."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.cli import main

WORDS = st.sampled_from(
    [
        "check",
        "search",
        "--json",
        "--limit",
        "0",
        "5",
        "-1",
        "abc",
        "--version",
        "--help",
        "--",
        "-",
        "fever",
        "NEAR(",
        '"',
        "'; DROP TABLE x; --",
        "--screenshot",
        "😷",
        "",
    ]
)
ARGV = st.lists(st.one_of(WORDS, st.text(max_size=30)), max_size=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ARGV)
def test_any_arguments_end_cleanly(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    if "--screenshot" in argv or not argv:
        return  # these open the window; covered by the window tests
    try:
        code = main(argv)
    except SystemExit as exited:  # --help and --version end through argparse
        code = exited.code
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code)
    assert "Traceback" not in out + err
    if code == 2:
        assert len(err.strip().splitlines()) == 1, (argv, err)
