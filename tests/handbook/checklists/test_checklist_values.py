from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook.checklists.values import ValueState, format_number, parse_value


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("86", Decimal("86.0")),
        (" 86 ", Decimal("86.0")),
        ("86,5", Decimal("86.5")),
        ("86.5", Decimal("86.5")),
        ("0,9", Decimal("0.9")),
        (",5", Decimal("0.5")),
        ("-2", Decimal("-2.0")),
        ("\u22122", Decimal("-2.0")),
        ("+7", Decimal("7.0")),
        ("90.", Decimal("90.0")),
    ],
)
def test_numbers_with_point_or_comma(text: str, number: Decimal) -> None:
    parsed = parse_value(text)
    assert parsed.state is ValueState.number
    assert parsed.number == number  # exact: the digits typed, not the nearest binary float
    assert isinstance(parsed.number, Decimal)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty(text: str | None) -> None:
    assert parse_value(text).state is ValueState.empty


@pytest.mark.parametrize("text", ["abc", "86 mmHg", "1,000.5", "1.2.3", "nan", "inf", "1e3", "9" * 40, "<b>", ","])
def test_garbage_is_not_a_number(text: str) -> None:
    parsed = parse_value(text)
    assert parsed.state is ValueState.not_a_number
    assert parsed.number is None


@given(st.text())
def test_never_raises(text: str) -> None:
    parsed = parse_value(text)
    assert (parsed.number is not None) == parsed.is_number


def test_format_number_shows_the_digits_typed() -> None:
    assert format_number(Decimal("86.0")) == "86"
    assert format_number(Decimal("86.5")) == "86.5"
    tenth, fifth = parse_value("0,1").number, parse_value("0.2").number
    assert tenth is not None
    assert fifth is not None
    assert format_number(tenth + fifth) == "0.3"  # with floats: 0.30000000000000004
    with pytest.raises(TypeError):
        format_number(86.5)  # type: ignore[arg-type]


@given(st.decimals(min_value=-1000, max_value=1000, places=3))
def test_typed_text_reads_back_as_the_same_decimal(value: Decimal) -> None:
    assert parse_value(format_number(value)).number == value
