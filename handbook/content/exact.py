"""Clinical numbers exactly as the content files write them: YAML numbers read as ``Decimal``, never as float.

PyYAML turns ``89.9`` into the binary float nearest to it, which is not 89.9; comparing a typed 89.9 with it, or
recovering the text with ``repr``, works by luck. The loader here builds every YAML float as the ``Decimal`` of
its text, and :data:`ExactNumber` is the pydantic type for a clinical number: a ``Decimal`` or an ``int`` (or
decimal text, as JSON carries it) is taken; a float is refused, because its written digits are already gone.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import IO, Annotated, Any

import yaml
from pydantic import BeforeValidator

__all__ = ["ExactLoader", "ExactNumber", "exact_number", "load_yaml"]

_FLOAT_TAG = "tag:yaml.org,2002:float"

try:  # the C parser when PyYAML has it (the drug file is large); the constructor below is Python either way
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class ExactLoader(_Base):  # type: ignore[misc]
    """A safe YAML loader whose floats are ``Decimal`` of the written text (``.inf``/``.nan`` are refused)."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).strip()
    try:
        value = Decimal(text.replace("_", ""))  # 1_000.5: YAML 1.1 digit groups
    except InvalidOperation:
        value = Decimal("NaN")  # sexagesimal 1:30.5 and the like
    if not value.is_finite():
        raise yaml.constructor.ConstructorError(
            None, None, f"{text!r} is not a plain decimal number (write it like 89.9)", node.start_mark
        )
    return value


ExactLoader.add_constructor(_FLOAT_TAG, _construct_decimal)


def load_yaml(stream: str | bytes | IO[str] | IO[bytes]) -> Any:
    """``yaml.safe_load`` with every float read as the ``Decimal`` it was written as."""
    return yaml.load(stream, Loader=ExactLoader)  # ExactLoader is a SafeLoader


def exact_number(value: object) -> Decimal:
    """A clinical number as ``Decimal``: Decimal, int or decimal text; a float or a bool is a ``ValueError``."""
    if isinstance(value, bool):
        raise ValueError("a clinical number, not yes/no")
    if isinstance(value, float):
        raise ValueError(f"{value!r} arrived as a binary float; read it as Decimal (handbook.content.exact.load_yaml)")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    else:
        raise ValueError(f"a clinical number, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"a clinical number must be finite, not {value}")
    return result


ExactNumber = Annotated[Decimal, BeforeValidator(exact_number)]
