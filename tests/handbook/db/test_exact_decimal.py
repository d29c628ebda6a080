"""Clinical numbers go into the content database and come back as the very decimal that went in."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

import handbook
from handbook.db import content_models as m
from handbook.db.content_store import open_content
from handbook.db.exact_decimal import canonical
from handbook.db.first_view import BUILD_CODE

AWKWARD = ["0.037", "2.5", "2.95", "0.0000001", "1.2E-7", "600000", "6E+5", "22000000", "2.50", "25.4", "0"]


def _round_trip(path: Path, values: list[Decimal]) -> list[tuple[Decimal, str]]:
    engine = create_engine(f"sqlite:///{path}")
    m.ContentBase.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        drug = m.Drug(
            slug="d",
            brand_name="B",
            generic_name="g",
            other_names="",
            content_version="1",
            last_reviewed="2026-01-01",
            boxed_warning_title="t",
        )
        drug.preparation_numbers = [
            m.PreparationNumber(name=f"n{i}", value=v, unit="mL", note="") for i, v in enumerate(values)
        ]
        session.add(drug)
    with Session(engine) as session:
        read = list(session.scalars(select(m.PreparationNumber).order_by(m.PreparationNumber.id)))
        stored = [row[0] for row in session.execute(text("SELECT value FROM preparation_number ORDER BY id"))]
    engine.dispose()
    return [(row.value, raw) for row, raw in zip(read, stored, strict=True)]


def test_awkward_values_come_back_exactly(tmp_path: Path) -> None:
    values = [Decimal(v) for v in AWKWARD]
    back = _round_trip(tmp_path / "c.sqlite", values)
    for written, (value, raw) in zip(values, back, strict=True):
        assert isinstance(value, Decimal)
        assert value == written
        assert raw == canonical(written)  # stored as text, never as a REAL
    assert [raw for _, raw in back][:5] == ["0.037", "2.5", "2.95", "0.0000001", "0.00000012"]
    assert back[0][0] * 1000 == 37  # exactly: a float 0.037 * 1000 is 37.00000000000001 or so


def test_a_float_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="must be a Decimal or int"):
        _round_trip(tmp_path / "c.sqlite", [0.037])  # type: ignore[list-item]


def test_not_finite_is_refused() -> None:
    with pytest.raises(ValueError, match="finite"):
        canonical(Decimal("NaN"))


CLINICAL_RANGE = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, allow_infinity=False
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.lists(CLINICAL_RANGE, min_size=1, max_size=20))
def test_any_decimal_round_trips(tmp_path_factory: pytest.TempPathFactory, values: list[Decimal]) -> None:
    back = _round_trip(tmp_path_factory.mktemp("dec") / "c.sqlite", values)
    assert [value for value, _ in back] == values
    assert [raw for _, raw in back] == [canonical(v) for v in values]


def test_the_built_content_keeps_the_written_numbers(data_dir: Path) -> None:
    store = open_content(data_dir)
    with store.session() as session:
        drug = store.drug(session)
        regimen = drug.regimens[0]
        assert regimen.value("dose_mg_per_kg") == Decimal("0.037")
        assert regimen.value("dose_iu_per_kg") == 600000
        assert regimen.value("no_such_number") is None
        assert all(isinstance(n.value, Decimal) for n in drug.preparation_numbers + regimen.numbers)
        raw = session.execute(text("SELECT value FROM regimen_number WHERE name = 'dose_mg_per_kg'")).scalar_one()
        assert raw == "0.037"
        columns = {row[1] for row in session.execute(text("PRAGMA table_info(regimen)"))}
        assert not columns & {"dose_iu_per_kg", "dose_mg_per_kg", "interval_hours", "infusion_minutes"}
    store.dispose()


def test_the_build_key_covers_the_number_type() -> None:
    # An edit to how numbers are stored must rebuild every content database already on disk.
    assert "db/exact_decimal.py" in BUILD_CODE
    assert "db/content_models.py" in BUILD_CODE
    assert all((Path(handbook.__file__).parent / name).is_file() for name in BUILD_CODE)
