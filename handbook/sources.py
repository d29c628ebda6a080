"""Sources as views and printouts cite them, detached from the database session."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SourceRef:
    id: str
    short_name: str  # shown beside a statement, e.g. "US label 2024"
    citation: str  # the full reference
    kind_label: str = ""  # "US label", "Published practice", ...


def source_refs(sources: Iterable[Any]) -> tuple[SourceRef, ...]:
    """Plain references from content ``Source`` rows (or anything shaped like them)."""
    return tuple(
        SourceRef(id=s.id, short_name=s.short_name, citation=s.citation, kind_label=getattr(s, "kind_label", ""))
        for s in sources
    )
