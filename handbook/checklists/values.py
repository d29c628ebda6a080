"""Reading a value a nurse typed: decimal point or decimal comma, never an exception.

The text becomes a ``Decimal`` here, once: "89.9" is compared with a threshold of 90 as 89.9, not as the
binary float nearest to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from handbook.decimal_text import canonical
from handbook.limits import MAX_READING


class ValueState(StrEnum):
    empty = "empty"
    number = "number"
    not_a_number = "not_a_number"


# Whole digits only: "1,000" style grouping is refused, because "1,5" must mean one and a half.
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")


@dataclass(frozen=True)
class ParsedValue:
    text: str
    state: ValueState
    number: Decimal | None = None

    @property
    def is_number(self) -> bool:
        return self.state is ValueState.number


def parse_value(text: str | None) -> ParsedValue:
    """``"86"``, ``" 86,5 "``, ``"86.5"`` are numbers; ``""`` is empty; anything else is not a number."""
    raw = (text or "").strip().replace("\u2212", "-")  # a typographic minus pasted from a document
    if not raw:
        return ParsedValue(text or "", ValueState.empty)
    if len(raw) > MAX_READING or not _NUMBER.match(raw):
        return ParsedValue(text or "", ValueState.not_a_number)
    return ParsedValue(text or "", ValueState.number, Decimal(raw.replace(",", ".")))


def format_number(value: Decimal | int) -> str:
    """86.0 → "86", 86.5 → "86.5": what the nurse meant, with the digits typed."""
    return canonical(value)
