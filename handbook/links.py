"""The link scheme by which a citation in rendered content names its sources (light: the window's
content view needs it before jinja is loaded)."""

from __future__ import annotations

from collections.abc import Iterable

SOURCE_LINK_SCHEME = "source"
OPEN_LINK_SCHEME = "open"  # "open:<tab>/<anchor>": a link to another place in the handbook


def source_href(source_ids: Iterable[str]) -> str:
    return f"{SOURCE_LINK_SCHEME}:{','.join(source_ids)}"
