"""A clinical number as the text a nurse reads: the decimal's own digits, no exponent, no float noise.

Standard library only, so the first view (read before SQLAlchemy, pydantic and YAML load) can use it too.
"""

from __future__ import annotations

from decimal import Decimal


def canonical(value: Decimal | int) -> str:
    """``value`` as plain decimal text: 2.50 -> "2.5", 1E-7 -> "0.0000001", 6E+5 -> "600000", 3 -> "3".

    A trailing zero after the point is dropped on purpose: "3.0 mg" is misread as "30 mg" (ISMP), and one
    number is then one string (the content database stores this text).
    """
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"a clinical number is a Decimal or int, not {type(value).__name__} {value!r}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"a clinical number must be finite, not {value}")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
