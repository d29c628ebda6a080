"""The command line: check, search, version, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from handbook import __version__
from handbook.cli import main
from handbook.paths import user_db_path

ROOT = Path(__file__).resolve().parents[2]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_check_is_healthy_on_a_fresh_folder(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = run(["check"], capsys)
    assert code == 0
    assert "Content version:" in out
    assert "Healthy." in out
    assert str(data_dir) in out


def test_check_fails_on_a_damaged_user_database(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    user_db_path(data_dir).write_bytes(b"garbage" * 500)
    code, out, _ = run(["check", "--json"], capsys)
    report = json.loads(out)
    assert code == 1
    assert report["healthy"] is False
    assert report["user"]["ok"] is False


def test_search_prints_where_and_snippet(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["search", "capillary", "leak"], capsys)
    assert code == 0
    assert "Warnings & checklists ›" in out


def test_search_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["search", "hypotension", "--json"], capsys)
    hits = json.loads(out)
    assert code == 0
    assert hits
    assert {"where", "tab", "anchor", "title", "snippet", "rank"} <= set(hits[0])


def test_search_json_with_no_hits_is_an_empty_array(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["search", "qqqzzzxxy", "--json"], capsys)
    assert code == 0
    assert json.loads(out) == []


@pytest.mark.parametrize(
    "argv", [["no-such-command"], ["search"], ["search", "x", "--limit", "abc"], ["check", "--bogus"], ["--nonsense"]]
)
def test_bad_arguments_give_one_line_and_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_main_py_runs_the_same_commands(data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "main.py", "search", "melanoma", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)


def test_check_and_search_do_not_load_qt(data_dir: Path) -> None:
    code = (
        "import sys; from ui.launcher import main; rc = main(['search', 'fever']); "
        "sys.exit(3 if any(m.startswith('PySide6') for m in sys.modules) else rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_registered_commands_match_their_modules() -> None:
    from handbook.commands.registry import EXTRA_COMMANDS
    from ui.gui_commands import GUI_COMMANDS

    for lazy in (*EXTRA_COMMANDS, *GUI_COMMANDS):
        command = lazy.load()
        assert command.name == lazy.name
        assert command.help == lazy.help


def test_the_window_path_loads_no_command_modules(data_dir: Path) -> None:
    code = (
        "import sys; from handbook.cli import main; "
        "rc = main([], open_window=lambda args: 0); "
        "loaded = [m for m in ('handbook.dosing', 'handbook.checklists', 'handbook.commands.dose') "
        "if m in sys.modules]; print(loaded); sys.exit(3 if loaded else rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
