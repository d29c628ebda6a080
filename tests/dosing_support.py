"""Test content for the dose calculator, built directly (independent of the content files).

The numbers are those of the US label regimen (600,000 IU/kg, 22 million IU vials, 18 million IU/mL,
25/50/100 mL dilution bands, 30–70 mcg/mL, 15 minutes) so worked examples read like the real thing; tests against the
real content live beside them and read the numbers from the database.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from handbook.db import content_models as m
from handbook.db.content_store import ContentStore


def _sources() -> tuple[m.Source, m.Source, m.Source]:
    # Fresh rows for every drug: an ORM row belongs to one session at a time.
    return (
        m.Source(
            id="label-2024",
            position=0,
            kind="label",
            short="US label 2024",
            title="Proleukin PI",
            publisher="Iovance",
            version="7",
            date="2024-12-20",
            url="",
            note="",
        ),
        m.Source(
            id="mfr-faq",
            position=1,
            kind="reference",
            short="Mfr FAQ",
            title="Medical information FAQ",
            publisher="Manufacturer",
            version="",
            date="n.d.",
            url="",
            note="",
        ),
        m.Source(
            id="hid",
            position=2,
            kind="reference",
            short="Injectable Drugs handbook",
            title="Handbook on Injectable Drugs",
            publisher="ASHP",
            version="",
            date="n.d.",
            url="",
            note="",
        ),
    )


def make_drug(*, small_band_ml: str = "25", second_regimen: bool = False) -> m.Drug:
    label, faq, hid = _sources()

    def reg_number(name: str, value: str, unit: str) -> m.RegimenNumber:
        return m.RegimenNumber(name=name, value=Decimal(value), unit=unit, note="", sources=[label])

    def prep_number(name: str, value: str, unit: str, source: m.Source = label) -> m.PreparationNumber:
        return m.PreparationNumber(name=name, value=Decimal(value), unit=unit, note="", sources=[source])

    def regimen(slug: str, name: str, position: int) -> m.Regimen:
        return m.Regimen(
            slug=slug,
            position=position,
            name=name,
            basis="US label",
            route="IV infusion",
            rest_days_text="Days 6 to 14.",
            sources=[label],
            cycles=[
                m.RegimenCycle(number=1, first_day=1, last_day=5, max_doses=14),
                m.RegimenCycle(number=2, first_day=15, last_day=19, max_doses=14),
            ],
            numbers=[
                reg_number("dose_iu_per_kg", "600000", "IU/kg"),
                reg_number("dose_mg_per_kg", "0.037", "mg/kg"),
                reg_number("interval_hours", "8", "hours"),
                reg_number("infusion_minutes", "15", "minutes"),
                reg_number("max_doses_per_course", "28", "doses"),
            ],
        )

    drug = m.Drug(
        slug="proleukin",
        brand_name="Proleukin",
        generic_name="aldesleukin",
        other_names="IL-2",
        content_version="test-1",
        last_reviewed="2026-01-01",
        boxed_warning_title="Capillary leak",
    )
    m.Statement(
        id=1,
        drug=drug,
        section="boxed_warning.short",
        heading="Boxed",
        position=0,
        text="Capillary leak syndrome.",
        where="",
        sources=[label],
    )
    m.Statement(
        id=2,
        drug=drug,
        section="preparation.dilution_diluent",
        heading="Dilution diluent",
        position=1,
        text="Dilute in 5% Dextrose Injection (D5W) only.",
        where="§2.5",
        sources=[label],
    )
    drug.regimens = [regimen("label-high-dose", "High-dose regimen", 0)]
    if second_regimen:
        drug.regimens.append(regimen("other-regimen", "Second test regimen", 1))
    drug.preparation_numbers = [
        prep_number("vial_content_iu", "22_000_000", "IU"),
        prep_number("vial_content_mg", "1.3", "mg"),
        prep_number("reconstitution_volume_ml", "1.2", "mL"),
        prep_number("reconstituted_concentration_iu_per_ml", "18_000_000", "IU/mL"),
        prep_number("reconstituted_concentration_mg_per_ml", "1.1", "mg/mL"),
        prep_number("bag_volume_ml", "50", "mL", faq),
        prep_number("dilution_band_small_max_million_iu", "25.4", "million IU", hid),
        prep_number("dilution_band_small_volume_ml", small_band_ml, "mL", hid),
        prep_number("dilution_band_medium_max_million_iu", "60", "million IU", hid),
        prep_number("dilution_band_medium_volume_ml", "50", "mL", hid),
        prep_number("dilution_band_large_volume_ml", "100", "mL", hid),
        prep_number("final_concentration_min_mcg_per_ml", "30", "mcg/mL", faq),
        prep_number("final_concentration_max_mcg_per_ml", "70", "mcg/mL", faq),
        prep_number("infusion_minutes", "15", "minutes"),
    ]
    return drug


def content_store_with(drug: m.Drug) -> ContentStore:
    """An in-memory content database holding ``drug`` (for commands that open the store)."""
    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    m.ContentBase.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        session.add(drug)
        session.add(m.Meta(key="content_version", value=drug.content_version))
    return ContentStore(engine=engine, path=None)
