"""Clinical numbers go into the content database and come back as the very decimal that went in."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from handbook.db import content_models as m
from handbook.db.exact_decimal import canonical

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


CLINICAL_RANGE = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(CLINICAL_RANGE, min_size=1, max_size=20))
def test_any_decimal_round_trips(tmp_path_factory: pytest.TempPathFactory, values: list[Decimal]) -> None:
    back = _round_trip(tmp_path_factory.mktemp("dec") / "c.sqlite", values)
    assert [value for value, _ in back] == values
    assert [raw for _, raw in back] == [canonical(v) for v in values]
