"""Loading the per-dose check's files: the form, the label rules and the protocols (shipped and the ward's own).

Shipped protocols live in ``resources/content/protocols/``; a ward's own protocol is one more file of the same
schema in the ``protocols`` folder beside IT's ``ward.ini`` (see :mod:`handbook.ward_settings`). Every file is
validated on load: unknown findings, inputs or source ids, overlapping bands or a missing approval are refused
with a one-line :class:`ProtocolError`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from handbook.givehold.form import DoseForm
from handbook.givehold.label import LabelRules, LabelRulesFile, link_label_rules, parse_drug_rules
from handbook.givehold.protocol import ProtocolFile
from handbook.paths import content_dir
from handbook.ward_settings import load_ward_settings, ward_config_path

GIVEHOLD_DIR = "givehold"
PROTOCOLS_DIR = "protocols"
FORM_FILE = "dose-check.yaml"
LABEL_FILE = "label-rules.yaml"
DRUG_FILE = "drugs/proleukin.yaml"


class ProtocolError(Exception):
    """A protocol (or the form, or the label rules) is unknown, unreadable or does not match its schema."""


try:  # the C loader when PyYAML has it: the drug file is large
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.load(stream, Loader=_Loader)
    except OSError as error:
        raise ProtocolError(f"{path}: cannot be read ({error.strerror or error})") from None
    except yaml.YAMLError as error:
        raise ProtocolError(f"{path}: not valid YAML ({' '.join(str(error).split())})") from None


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def shipped_protocols_dir(root: Path | None = None) -> Path:
    return (root or content_dir()) / PROTOCOLS_DIR


def ward_protocols_dir() -> Path:
    """Where IT puts a ward's own protocol file: a ``protocols`` folder beside ``ward.ini``."""
    return ward_config_path().parent / PROTOCOLS_DIR


@dataclass(frozen=True)
class Catalog:
    """The form, the label rules and the known source ids: what every protocol is checked against."""

    form: DoseForm
    label: LabelRules
    source_ids: frozenset[str]
    content_version: str
    retreatment: tuple[tuple[str, tuple[str, ...]], ...]  # (statement, source ids) from the drug file
    source_names: Mapping[str, str]  # id → "Dutcher 2014 (Journal for ImmunoTherapy of Cancer 2014;2:26, 2014)"

    def check_protocol(self, protocol: ProtocolFile, where: str) -> ProtocolFile:
        known = set(self.form.finding_ids())
        for criterion in protocol.criteria:
            unknown = [f for f in criterion.when.findings if f not in known]
            if unknown:
                raise ProtocolError(f"{where}: criterion {criterion.id} names unknown findings: {', '.join(unknown)}")
        cited = set(protocol.sources) | {s for c in protocol.criteria for s in c.sources}
        missing = sorted(cited - self.source_ids)
        if missing:
            raise ProtocolError(f"{where}: source ids not in sources.yaml: {', '.join(missing)}")
        return protocol


@functools.lru_cache(maxsize=4)
def load_catalog(root: Path | None = None) -> Catalog:
    base = root or content_dir()
    try:
        form = DoseForm.model_validate(_read_yaml(base / GIVEHOLD_DIR / FORM_FILE))
        links = LabelRulesFile.model_validate(_read_yaml(base / GIVEHOLD_DIR / LABEL_FILE))
        drug = _read_yaml(base / DRUG_FILE)
        label = link_label_rules(links, parse_drug_rules(drug.get("label_dose_rules") if drug else None))
    except ValidationError as error:
        raise ProtocolError(f"the dose-check files do not match their schema: {_first_error(error)}") from None
    except ValueError as error:
        raise ProtocolError(str(error)) from None
    sources = _read_yaml(base / "sources.yaml") or {}
    rows = sources.get("sources", [])
    source_ids = frozenset(str(s.get("id")) for s in rows)
    names = {str(s.get("id")): f"{s.get('short', '')} ({s.get('publisher', '')}, {s.get('date', '')})" for s in rows}
    known = set(form.finding_ids())
    for rule in label.rules:
        unknown = [f for f in rule.when.findings if f not in known]
        if unknown:
            raise ProtocolError(f"label rule {rule.id} names unknown findings: {', '.join(unknown)}")
    retreatment = tuple(
        (" ".join(str(row.get("text", "")).split()), tuple(row.get("sources", [])))
        for row in (drug.get("overview") or {}).get("retreatment", [])
    )
    return Catalog(form, label, source_ids, str(drug.get("content_version", "")), retreatment, names)


def read_protocol_file(path: Path, catalog: Catalog | None = None) -> ProtocolFile:
    """One protocol file, validated against the schema and the catalog."""
    raw = _read_yaml(path)
    try:
        protocol = ProtocolFile.model_validate(raw)
    except ValidationError as error:
        raise ProtocolError(f"{path.name}: {_first_error(error)}") from None
    if protocol.id != path.stem:
        raise ProtocolError(f"{path.name}: its id is {protocol.id!r}; the file must be named {protocol.id}.yaml")
    return (catalog or load_catalog()).check_protocol(protocol, path.name)


def protocol_paths(root: Path | None = None) -> dict[str, Path]:
    """Every protocol id → its file: the shipped ones, then the ward's own (which may not reuse a shipped id)."""
    paths = {p.stem: p for p in sorted(shipped_protocols_dir(root).glob("*.yaml"))}
    ward = ward_protocols_dir()
    if ward.is_dir():
        for path in sorted(ward.glob("*.yaml")):
            if path.stem in paths:
                raise ProtocolError(f"{path}: the id {path.stem!r} is a shipped protocol; give the ward's own a new id")
            paths[path.stem] = path
    return paths


def load_protocol(protocol_id: str, root: Path | None = None) -> ProtocolFile:
    paths = protocol_paths(root)
    if protocol_id not in paths:
        raise ProtocolError(f"unknown protocol {protocol_id!r} (known: {', '.join(paths)})")
    return read_protocol_file(paths[protocol_id], load_catalog(root))


def all_protocols(root: Path | None = None) -> list[ProtocolFile]:
    catalog = load_catalog(root)
    return [read_protocol_file(path, catalog) for path in protocol_paths(root).values()]


def active_protocol_id() -> str:
    """The ward's choice (``HANDBOOK_PROTOCOL`` over ``ward.ini`` over the default)."""
    return load_ward_settings().protocol_id


def active_protocol(root: Path | None = None) -> ProtocolFile:
    return load_protocol(active_protocol_id(), root)
