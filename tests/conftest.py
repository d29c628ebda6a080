"""Test set-up: offscreen Qt, and a fresh temporary data folder for every test."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import: nobody should have to set it

from pathlib import Path

import pytest

from handbook.paths import DATA_DIR_ENV


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder through HANDBOOK_DATA_DIR."""
    folder = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder
