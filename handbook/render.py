"""HTML for the screen and for printing, from jinja templates in ``resources/templates``.

Autoescaping is on and undefined names are errors: whatever a nurse types prints as typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from handbook.decimal_text import canonical
from handbook.links import OPEN_LINK_SCHEME, SOURCE_LINK_SCHEME, source_href
from handbook.paths import templates_dir

__all__ = [
    "OPEN_LINK_SCHEME",
    "SOURCE_LINK_SCHEME",
    "cite",
    "cite_statement",
    "environment",
    "iu",
    "render",
    "source_href",
]


def cite(sources: Iterable[Any], where: str = "") -> Markup:
    """A small link after a statement naming its sources; hover or click shows the full citation."""
    sources = list(sources)
    if not sources:
        return Markup("")
    names = ", ".join(str(s.short_name) for s in sources)
    if where:
        names += f" {where}"
    href = source_href(s.id for s in sources)
    title = " | ".join(s.citation for s in sources)
    return Markup('<a class="cite" href="{href}" title="{title}">[{names}]</a>').format(
        href=href, title=title, names=names
    )


def cite_statement(statement: Any) -> Markup:
    return cite(statement.sources, statement.where)


def iu(value: Decimal | int) -> str:
    """International units with thousands separators: 42,000,000."""
    return f"{value:,.0f}"


def number(value: Decimal | int) -> str:
    """A content number with the digits it was written with (8, 0.037, 89.9), never via a binary float."""
    return canonical(value)


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates_dir()),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(cite=cite, cite_statement=cite_statement)
    env.filters.update(iu=iu, number=number, escape=escape)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
