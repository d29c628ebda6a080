"""Write each drug's first view into the content database while it is built (see :mod:`handbook.db.first_view`).

The HTML is rendered from rows read back from the new database, exactly as the window would load them
(same ordering, same relationships), by the same template and labels the first tab uses.
"""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from handbook.db import content_models as m
from handbook.db.exact_decimal import canonical
from handbook.db.first_view import FIRST_TAB, TABLE, CourseCycle, FirstView, SourceLine
from handbook.labels import template_labels
from handbook.render import render

FIRST_TAB_TEMPLATE = "screen/indications.html.j2"  # the template ui.tabs.indications_tab renders


def store_first_views(session: Session) -> None:
    """Create the first-view table and fill it, inside the caller's build transaction."""
    session.execute(text(f"CREATE TABLE {TABLE} (drug TEXT NOT NULL, tab TEXT NOT NULL, data TEXT NOT NULL)"))
    session.flush()
    session.expire_all()  # read back as the app reads: relationships in their stored order
    sources = tuple(
        SourceLine(id=s.id, short_name=s.short_name, kind_label=s.kind_label, citation=s.citation)
        for s in session.scalars(select(m.Source).order_by(m.Source.position))
    )
    for drug in session.scalars(select(m.Drug).order_by(m.Drug.id)):
        view = first_view_of(drug, sources)
        session.execute(
            text(f"INSERT INTO {TABLE} (drug, tab, data) VALUES (:drug, :tab, :data)"),
            {"drug": drug.slug, "tab": view.tab, "data": view.to_json()},
        )


def first_view_of(drug: m.Drug, sources: tuple[SourceLine, ...]) -> FirstView:
    short = drug.boxed_warning_short
    regimen = drug.regimens[0]
    return FirstView(
        tab=FIRST_TAB.value,
        drug_slug=drug.slug,
        brand_name=drug.brand_name,
        generic_name=drug.generic_name,
        boxed_warning_title=drug.boxed_warning_title,
        boxed_short_text=short.text,
        boxed_short_sources=", ".join(s.short_name for s in short.sources),
        regimen_name=regimen.name,
        regimen_basis=regimen.basis,
        interval_hours=canonical(regimen.number("interval_hours").value),
        cycles=tuple(
            CourseCycle(number=c.number, first_day=c.first_day, last_day=c.last_day, max_doses=c.max_doses)
            for c in regimen.cycles
        ),
        html=render(FIRST_TAB_TEMPLATE, drug=drug, **template_labels()),
        sources=sources,
    )
