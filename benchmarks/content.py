"""Content for the benchmarks: today's monograph, or it cloned N times as different drugs, built to a file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from handbook.content.loader import Content, load_content
from handbook.content.schema import Monograph
from handbook.db.content_store import build_database


def clone(monograph: Monograph, number: int) -> Monograph:
    """The monograph as another drug (a different id and name); the statements are shared, not copied."""
    drug = monograph.drug.model_copy(
        update={"id": f"{monograph.drug.id}-{number:03d}", "brand_name": f"{monograph.drug.brand_name} {number}"}
    )
    return monograph.model_copy(update={"drug": drug})


def scaled(content: Content, times: int) -> Content:
    """``content`` with every monograph present ``times`` times (the originals first)."""
    if times < 1:
        raise ValueError(f"scale must be at least 1: {times}")
    clones = [clone(mono, number) for number in range(1, times) for mono in content.monographs]
    return replace(content, monographs=(*content.monographs, *clones))


def build_file(content: Content, path: Path) -> Path:
    """Build ``content`` into a new SQLite file at ``path``, as the app does."""
    build_database(path, content, f"benchmark:{len(content.monographs)}")
    return path


def build_scaled(times: int, path: Path) -> Path:
    return build_file(scaled(load_content(), times), path)
