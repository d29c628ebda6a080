"""A column type for clinical numbers: stored as the decimal text it was written as, read back as ``Decimal``.

SQLite has no decimal type: ``Numeric`` keeps a REAL there, so 0.037 would come back as the nearest binary
float. Text keeps every digit; the canonical form (no exponent, no trailing fractional zeros) makes one
number one string.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from handbook.decimal_text import canonical

__all__ = ["ExactDecimal", "canonical"]


class ExactDecimal(TypeDecorator[Decimal]):
    """Decimal in, the same decimal out; a float is refused because it has already lost the written digits."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
            raise TypeError(f"a clinical number must be a Decimal or int, not {type(value).__name__} {value!r}")
        return canonical(Decimal(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)
