"""Fixtures shared by the domain-layer tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handbook.paths import content_dir


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of the content files, for tests that change or break them."""
    root = tmp_path / "content"
    shutil.copytree(content_dir(), root)
    return root
