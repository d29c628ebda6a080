"""The link scheme by which a citation in rendered content names its sources (light: the window's
content view needs it before jinja is loaded)."""

from __future__ import annotations

from collections.abc import Iterable

SOURCE_LINK_SCHEME = "source"
OPEN_LINK_SCHEME = "open"  # "open:<tab>/<anchor>": a link to another place in the handbook


def source_href(source_ids: Iterable[str]) -> str:
    return f"{SOURCE_LINK_SCHEME}:{','.join(source_ids)}"


def source_ids_in_href(href: str) -> list[str]:
    """The source ids a citation link names ("source:a,b" gives a and b); none for any other link."""
    prefix = f"{SOURCE_LINK_SCHEME}:"
    if not href.startswith(prefix):
        return []
    return [part for part in href[len(prefix) :].split(",") if part]


def cited_source_ids(hrefs: Iterable[str]) -> list[str]:
    """Every source cited by ``hrefs``, once each, in the order they are first cited."""
    seen: dict[str, None] = {}
    for href in hrefs:
        for source_id in source_ids_in_href(href):
            seen.setdefault(source_id)
    return list(seen)
