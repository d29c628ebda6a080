from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook.checklists.values import ValueState, format_number, parse_value


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("86", 86.0),
        (" 86 ", 86.0),
        ("86,5", 86.5),
        ("86.5", 86.5),
        ("0,9", 0.9),
        (",5", 0.5),
        ("-2", -2.0),
        ("\u22122", -2.0),
        ("+7", 7.0),
        ("90.", 90.0),
    ],
)
def test_numbers_with_point_or_comma(text: str, number: float) -> None:
    parsed = parse_value(text)
    assert parsed.state is ValueState.number
    assert parsed.number == pytest.approx(number)


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


def test_format_number_drops_float_noise() -> None:
    assert format_number(86.0) == "86"
    assert format_number(86.5) == "86.5"
