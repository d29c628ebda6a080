"""No clinical number is a binary float: not in the content files' models, not in a table, not on the screen.

The content files are read with every YAML number as the Decimal it was written as; the database keeps that
decimal as text; what a nurse reads shows the same digits as the file.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ValidationError
from sqlalchemy import Column, Float, MetaData, Numeric, Table, select
from sqlalchemy.types import TypeEngine

from handbook.checklists import spec
from handbook.checklists.spec import Threshold
from handbook.content import schema
from handbook.content.exact import load_yaml
from handbook.content.synonyms import SynonymsFile
from handbook.db import content_models as m
from handbook.db import first_view
from handbook.db.content_store import open_content
from handbook.db.exact_decimal import ExactDecimal
from handbook.db.user_models import UserBase
from handbook.givehold import compiled, evaluator, inputs
from handbook.givehold.form import DoseForm
from handbook.givehold.label import LabelRulesFile
from handbook.givehold.protocol import ProtocolFile
from handbook.givehold.stored import stored_give_hold
from handbook.paths import content_dir
from handbook.render import environment, number

# ---------------------------------------------------------------- no float column


def _float_columns(metadata: MetaData) -> list[str]:
    """Every column whose type stores a binary or engine-decided number (Float, REAL, Numeric on SQLite)."""
    found = []
    for table in metadata.tables.values():
        for column in table.columns:
            kind: TypeEngine[Any] = column.type
            if isinstance(kind, Numeric) or kind.python_type is float:  # Float is a Numeric
                found.append(f"{table.name}.{column.name}")
    return found


def test_the_scan_finds_a_float_column() -> None:
    metadata = MetaData()
    Table("probe", metadata, Column("percent", Float), Column("rate", Numeric(6, 2)))
    assert _float_columns(metadata) == ["probe.percent", "probe.rate"]


@pytest.mark.parametrize("metadata", [m.ContentBase.metadata, UserBase.metadata], ids=["content", "user"])
def test_no_table_has_a_float_column(metadata: MetaData) -> None:
    assert _float_columns(metadata) == []


@pytest.mark.parametrize(
    ("model", "column"),
    [
        (m.LabelDoseRule, "threshold_value"),
        (m.LabelDoseRule, "threshold_upper"),
        (m.PracticeCriterion, "threshold_value"),
        (m.PracticeCriterion, "threshold_upper"),
        (m.LabelIncidence, "percent"),
        (m.RegimenNumber, "value"),
        (m.PreparationNumber, "value"),
    ],
)
def test_clinical_number_columns_are_exact_decimals(model: type[m.ContentBase], column: str) -> None:
    assert isinstance(model.__table__.c[column].type, ExactDecimal)


# ---------------------------------------------------------------- no float field in a content file's model


def _float_fields(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> list[str]:
    """Dotted paths of every field (through nested models) whose annotation lets a float in."""
    seen = set() if seen is None else seen
    if model in seen:
        return []
    seen.add(model)
    found = []
    for name, field in model.model_fields.items():
        for part in _flatten(field.annotation):
            if part is float:
                found.append(f"{model.__name__}.{name}")
            elif isinstance(part, type) and issubclass(part, BaseModel):
                found.extend(_float_fields(part, seen))
    return found


def _flatten(annotation: object) -> list[object]:
    origin = typing.get_origin(annotation)
    if origin is None:
        return [annotation]
    if origin is typing.Annotated:
        return _flatten(typing.get_args(annotation)[0])
    parts: list[object] = [] if origin in (typing.Union, types.UnionType) else [origin]
    for arg in typing.get_args(annotation):
        parts.extend(_flatten(arg))
    return parts


def test_the_scan_finds_a_float_field() -> None:
    class Inner(BaseModel):
        rate: list[float | None]

    class Outer(BaseModel):
        name: str
        inner: dict[str, Inner] | None

    assert _float_fields(Outer) == ["Inner.rate"]


@pytest.mark.parametrize(
    "model",
    [schema.Monograph, schema.SourcesFile, SynonymsFile, ProtocolFile, LabelRulesFile, DoseForm],
    ids=lambda model: model.__name__,
)
def test_no_content_model_has_a_float_field(model: type[BaseModel]) -> None:
    assert _float_fields(model) == []


def _float_attributes(module: types.ModuleType) -> list[str]:
    """``Class.field`` for every dataclass field of ``module`` whose type lets a float in."""
    found = []
    for name, value in list(vars(module).items()):
        if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__:
            hints = typing.get_type_hints(value, globalns=vars(module))
            found += [
                f"{name}.{field.name}" for field in dataclasses.fields(value) if float in _flatten(hints[field.name])
            ]
    return found


def test_the_scan_finds_a_float_attribute() -> None:
    probe = types.ModuleType("probe")
    probe.Decimal = Decimal  # type: ignore[attr-defined]

    @dataclasses.dataclass
    class Band:
        low: Decimal
        high: float | None

    Band.__module__ = probe.__name__
    probe.Band = Band  # type: ignore[attr-defined]
    assert _float_attributes(probe) == ["Band.high"]


@pytest.mark.parametrize(
    "module", [compiled, inputs, spec, evaluator, first_view], ids=lambda module: module.__name__.rsplit(".", 1)[-1]
)
def test_the_plain_data_the_app_decides_with_has_no_float(module: types.ModuleType) -> None:
    # The window's give/hold rules, typed values and checklist thresholds, as the app holds them after loading.
    assert _float_attributes(module) == []


def test_a_float_threshold_is_refused_by_the_models() -> None:
    # A number that reached the model as a float has already lost its digits: refused, with a reason.
    with pytest.raises(ValidationError, match="binary float"):
        schema.Threshold(parameter="sbp", label="SBP", unit="mmHg", comparator="<", value=89.9)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="binary float"):
        ProtocolFile.model_validate(
            {
                "id": "p",
                "title": "P",
                "short_name": "P",
                "sources": ["s"],
                "status": "published-example",
                "criteria": [
                    {
                        "id": "c",
                        "level": "relative",
                        "system": "S",
                        "text": "T",
                        "when": {"input": "sbp", "below": 89.9},
                    }
                ],
            }
        )


def test_yaml_numbers_load_as_the_decimal_written() -> None:
    data = load_yaml("a: 89.9\nb: 2.95\nc: 90\nd: 0.037\ne: 2.0\n")
    assert data == {"a": Decimal("89.9"), "b": Decimal("2.95"), "c": 90, "d": Decimal("0.037"), "e": Decimal("2.0")}
    assert all(not isinstance(value, float) for value in data.values())
    with pytest.raises(yaml.YAMLError, match="plain decimal"):
        load_yaml("a: .inf\n")


# ---------------------------------------------------------------- file → database → screen, same digits


def _written(text: str) -> str:
    """A number as the file writes it, shown without a trailing fractional zero (3.0 reads as 30: ISMP)."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def _as_written(path: Path) -> Any:
    """The file with every scalar as its written text (the base loader makes no numbers at all)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def test_thresholds_and_incidences_show_the_digits_of_the_file(data_dir: Path) -> None:
    raw = _as_written(content_dir() / "drugs" / "proleukin.yaml")
    written_rules = {r["id"]: r["threshold"] for r in raw["label_dose_rules"] if "threshold" in r}
    written_criteria = {c["id"]: c["threshold"] for c in raw["practice_criteria"] if "threshold" in c}
    written_incidences = {
        (e["id"], i["term"]): i["percent"] for e in raw["side_effects"] for i in e.get("label_incidence", [])
    }
    assert written_rules
    assert written_criteria
    assert written_incidences
    store = open_content(data_dir)
    with store.session() as session:
        shown: dict[str, str] = {}
        for table, written in ((m.LabelDoseRule, written_rules), (m.PracticeCriterion, written_criteria)):
            for row in session.scalars(select(table)):
                if row.slug not in written:
                    continue
                threshold = Threshold.from_columns(row)
                assert threshold is not None
                file_value = _written(written[row.slug]["value"])
                assert number(row.threshold_value) == file_value
                assert f" {file_value} " in threshold.describe() + " "
                if "upper" in written[row.slug]:
                    assert number(row.threshold_upper) == _written(written[row.slug]["upper"])
                shown[row.slug] = threshold.describe()
        assert set(shown) == set(written_rules) | set(written_criteria)
        percent = environment().filters["number"]
        for effect in store.drug(session).side_effects:
            for incidence in effect.incidences:
                assert percent(incidence.percent) == _written(written_incidences[(effect.slug, incidence.term)])
    store.dispose()


def test_protocol_bounds_show_the_digits_of_the_file(data_dir: Path) -> None:
    # Protocol file -> content database (the compiled give/hold documents) -> the band a nurse reads.
    store = open_content(data_dir)
    with store.session() as session:
        stored = stored_give_hold(store.drug(session))
        checked = 0
        for protocol_id, protocol in stored.shipped.items():
            raw = _as_written(content_dir() / "protocols" / f"{protocol_id}.yaml")
            for criterion, written in zip(protocol.criteria, raw["criteria"], strict=True):
                assert criterion.id == written["id"]
                for bound in ("at_least", "above", "below", "at_most"):
                    if bound in written["when"]:
                        value = getattr(criterion.when, bound)
                        assert isinstance(value, Decimal), (criterion.id, bound)
                        assert number(value) == _written(written["when"][bound]), (criterion.id, bound)
                        assert f"{_written(written['when'][bound])} " in criterion.when.describe() + " "
                        checked += 1
    store.dispose()
    assert checked > 20
