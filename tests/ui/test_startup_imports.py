"""Nothing from SQLAlchemy, jinja, pydantic or YAML is imported before the window is first shown, and
pydantic and YAML (the content files' validation: build time only) not even once every tab has been opened.

The real start-up runs in a fresh process (offscreen, a warm data folder); the window class is wrapped
so that its first show event prints what ``sys.modules`` holds at that moment and ends the process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.db.content_store import open_content
from handbook.paths import DATA_DIR_ENV, content_db_path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "jinja2", "markupsafe", "pydantic", "pydantic_core", "yaml")

# Runs in the child: the app's own entry point, with MainWindow's first show reporting sys.modules.
CHILD = """
import json, os, sys
import ui.main_window as main_window

class ReportingWindow(main_window.MainWindow):
    def showEvent(self, event):
        loaded = sorted(sys.modules)
        print("MODULES " + json.dumps({"modules": loaded, "ready": self.ready}), flush=True)
        os._exit(0)

main_window.MainWindow = ReportingWindow
from ui.launcher import main
sys.exit(main([]))
"""


# Runs in the child: the app as the benchmark runs it, every tab opened once it has loaded, then sys.modules.
EVERY_TAB_CHILD = """
import json, os, sys
import ui.bench_probe as probe

def report(self):
    self._open_every_tab()
    built = sorted(type(page).__name__ for page in self.window._built.values())
    print("MODULES " + json.dumps({"modules": sorted(sys.modules), "built": built}), flush=True)
    os._exit(0)

probe.PaintProbe._report = report
from ui.launcher import main
sys.exit(main([]))
"""
# Only what the content files' validation needs: the window works from the content database.
BUILD_ONLY = ("pydantic", "pydantic_core", "yaml")


def modules_at_first_show(data_dir: Path, child: str = CHILD, probe: str = "") -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", DATA_DIR_ENV: str(data_dir)}
    env.pop("HANDBOOK_BENCH_EXIT_AFTER_PAINT", None)
    if probe:
        env["HANDBOOK_BENCH_EXIT_AFTER_PAINT"] = probe
    done = subprocess.run(
        [sys.executable, "-c", child], cwd=REPO, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    for line in done.stdout.splitlines():
        if line.startswith("MODULES "):
            report: dict[str, object] = json.loads(line[len("MODULES ") :])
            return report
    raise AssertionError(f"the window was never shown (exit {done.returncode}): {done.stderr[-2000:]}")


def heavy(modules: object) -> list[str]:
    assert isinstance(modules, list)
    return [name for name in modules if name.split(".")[0] in HEAVY]


def test_the_window_is_shown_before_the_orm_templates_and_content_files_load(data_dir: Path) -> None:
    open_content(data_dir).dispose()  # a warm data folder: the content database is current
    report = modules_at_first_show(data_dir)
    assert report["ready"] is False  # painted from the stored first view, the rest still to load
    assert heavy(report["modules"]) == []
    assert "ui.main_window" in report["modules"]  # the report really came from the app's window


@pytest.mark.slow  # a child process opens the whole window
def test_a_missing_content_database_is_built_first_and_then_needs_the_orm(data_dir: Path) -> None:
    content_db_path(data_dir).unlink(missing_ok=True)  # the fixture's folder comes with one built
    report = modules_at_first_show(data_dir)  # nothing built: the slow path, everything loaded first
    assert report["ready"] is True
    assert "sqlalchemy" in heavy(report["modules"])


@pytest.mark.slow  # a child process opens the whole window
def test_opening_every_tab_imports_neither_pydantic_nor_yaml(data_dir: Path) -> None:
    open_content(data_dir).dispose()
    report = modules_at_first_show(data_dir, EVERY_TAB_CHILD, probe="all-tabs")
    modules = report["modules"]
    assert isinstance(modules, list)
    assert report["built"] == sorted(
        ["IndicationsTab", "MechanismTab", "DosingTab", "SideEffectsTab", "WarningsTab", "CourseTab"]
    )
    # The per-dose check was loaded (the Warnings tab's checklists open on it), from the content database.
    assert {"handbook.givehold.evaluator", "handbook.givehold.stored", "ui.givehold.panel"} <= set(modules)
    assert "sqlalchemy" in modules  # the records and the content through the ORM: really loaded
    assert [name for name in modules if name.split(".")[0] in BUILD_ONLY] == []
